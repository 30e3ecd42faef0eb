using OpenData.Etl.Diagnostics;
using OpenData.Etl.Tests.Support;

namespace OpenData.Etl.Tests.Cli;

public sealed class PreviewTests
{
    private const string Marker = "PLANTED-7c1e";

    /// <summary>Every non-public column of the example gets a marker; the inspection ids one per row, as they must stay unique.</summary>
    private static readonly string[] NonPublic = ["InspektionsID", "Gatuadress", "Kommentar", "Avgift", "Handlaggare", "KontaktPnr"];

    private static string ExportWithMarkers(TempDir dir)
    {
        var lines = PipelineFiles.ExportLines();
        var header = lines[0].Split(';');
        Assert.All(NonPublic, c => Assert.Contains(c, header));
        for (var i = 1; i < lines.Count; i++)
        {
            if (!lines[i].StartsWith("K-2024-", StringComparison.Ordinal)) continue; // continuation lines of quoted comments
            var fields = lines[i].Split(';');
            if (fields.Length != header.Length) continue;
            foreach (var column in NonPublic) fields[Array.IndexOf(header, column)] = $"{Marker}-{column}-{i}";
            lines[i] = string.Join(';', fields);
        }
        return PipelineFiles.WriteExport(dir, lines);
    }

    [Fact]
    public async Task Preview_shows_published_rows_and_no_value_of_a_non_public_column()
    {
        using var dir = new TempDir();
        var pipeline = PipelineFiles.WriteExamplePipeline(dir, ExportWithMarkers(dir));

        var result = await Odetl.RunAsync("preview", pipeline, "--rows", "5");

        Assert.True(result.ExitCode == ExitCodes.Success, result.All);
        Assert.DoesNotContain(Marker, result.All, StringComparison.Ordinal);
        Assert.Contains("Kaffebaren Tröskeln", result.Stdout, StringComparison.Ordinal); // a public value of the first row
        Assert.Contains("row 5", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("row 6", result.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"InspektionsID\s+internal\s+pseudonymise\s+pseudonymise\s+5", result.Stdout);
        Assert.Contains("5 values pseudonymised", result.Stdout, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("out")), "preview must write nothing");
    }

    [Fact]
    public async Task Preview_of_raw_example_values_never_shows_the_dropped_columns()
    {
        using var dir = new TempDir();
        var result = await Odetl.RunAsync("preview", Repo.LivsmedelPipeline, "--rows", "3");

        Assert.True(result.ExitCode == ExitCodes.Success, result.All);
        // The first rows' inspector names and contact personnummer, as in the export.
        foreach (var raw in new[] { "Karin Lindqvist", "20230930-2384", "Norra Grängesbergsgatan", "K-2024-0001", "Kyltemperaturer" })
            Assert.DoesNotContain(raw, result.All, StringComparison.Ordinal);
        Assert.Contains("3 rows shown of 3 read", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preview_refuses_a_row_count_outside_one_to_a_hundred()
    {
        var result = await Odetl.RunAsync("preview", Repo.LivsmedelPipeline, "--rows", "0");
        Assert.Equal(ExitCodes.ConfigurationError, result.ExitCode);
        Assert.Contains("ODE1102", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preview_of_an_unclassified_column_fails_closed_before_reading_a_row()
    {
        using var dir = new TempDir();
        var pipeline = PipelineFiles.WriteExamplePipeline(dir, Repo.LivsmedelExport,
            yaml => yaml.Replace("  KontaktPnr:         { class: personal, action: drop }   # contact person's personnummer\n", "", StringComparison.Ordinal));

        var result = await Odetl.RunAsync("preview", pipeline);

        Assert.Equal(ExitCodes.ConfigurationError, result.ExitCode);
        Assert.Contains("ODE0201", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("20230930-2384", result.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preview_of_geodata_shows_each_published_point_in_WGS_84()
    {
        var result = await Odetl.RunAsync("preview", Repo.GeoPipeline, "--rows", "2");

        Assert.True(result.ExitCode == ExitCodes.Success, result.All);
        Assert.Matches(@"geometry\s+Ost_SWEREF99TM, Nord_SWEREF99TM\s+public\s+keep\s+POINT \(13\.\d+ 55\.\d+\)", result.Stdout);
    }
}
