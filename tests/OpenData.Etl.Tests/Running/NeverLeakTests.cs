using OpenData.Etl.Diagnostics;
using OpenData.Etl.Tests.Support;

namespace OpenData.Etl.Tests.Running;

/// <summary>Planted markers in non-public columns must surface in no output file, stream or message.</summary>
public sealed class NeverLeakTests
{
    private const string Marker = "MARKER-PERSONAL-7f3a9c";

    private static List<string> ExportWith(Func<string[], string[], string[]> change)
    {
        var lines = PipelineFiles.ExportLines();
        var header = lines[0].Split(';');
        for (var i = 1; i < lines.Count; i++)
        {
            if (!lines[i].StartsWith("K-2024-", StringComparison.Ordinal)) continue; // continuation lines of quoted comments
            var fields = lines[i].Split(';');
            if (fields.Length != header.Length) continue;
            lines[i] = string.Join(';', change(header, fields));
        }
        return lines;
    }

    private static string[] Set(string[] header, string[] fields, string column, string value)
    {
        fields[Array.IndexOf(header, column)] = value;
        return fields;
    }

    private static void AssertNowhere(TempDir dir, CliResult result)
    {
        Assert.DoesNotContain(Marker, result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(Marker, result.Stderr, StringComparison.Ordinal);
        var outputs = Directory.Exists(dir.File("out")) ? Directory.GetFiles(dir.File("out"), "*", SearchOption.AllDirectories) : [];
        foreach (var file in outputs)
        {
            var bytes = File.ReadAllBytes(file);
            Assert.True(bytes.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(Marker)) < 0, $"{file} contains the marker");
        }
    }

    [Fact]
    public async Task A_marker_in_a_dropped_personal_column_reaches_no_output_file_or_stream()
    {
        using var dir = new TempDir();
        var export = PipelineFiles.WriteExport(dir, ExportWith((h, f) => Set(h, f, "Handlaggare", Marker)));
        var pipeline = PipelineFiles.WriteExamplePipeline(dir, export);

        var result = await Odetl.RunAsync("run", pipeline);

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal(7, Directory.GetFiles(dir.File("out")).Length); // csv, json, parquet, the .rdf/.ttl metadata, run.json and report.html
        AssertNowhere(dir, result);
    }

    [Fact]
    public async Task A_bad_value_in_a_non_public_column_is_reported_without_the_value()
    {
        using var dir = new TempDir();
        // Inspection time made internal but published: its bad value must be withheld from the message.
        var export = PipelineFiles.WriteExport(dir, ExportWith((h, f) => f[0] == "K-2024-0007" ? Set(h, f, "Kontrolltid_tim", Marker) : f));
        var pipeline = PipelineFiles.WriteExamplePipeline(dir, export, yaml => yaml.Replace(
            "Kontrolltid_tim:    { class: public }", "Kontrolltid_tim:    { class: internal }", StringComparison.Ordinal));

        var result = await Odetl.RunAsync("run", pipeline);

        Assert.Equal(ExitCodes.DataError, result.ExitCode);
        Assert.Contains("ODE0501", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("facility.inspecTime", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("value withheld", result.Stderr, StringComparison.Ordinal);
        AssertNowhere(dir, result);
    }

    [Fact]
    public async Task A_bad_value_in_a_public_column_is_quoted_to_help_the_fix()
    {
        using var dir = new TempDir();
        var export = PipelineFiles.WriteExport(dir, ExportWith((h, f) => f[0] == "K-2024-0007" ? Set(h, f, "Kontrolltid_tim", "tolv") : f));
        var pipeline = PipelineFiles.WriteExamplePipeline(dir, export);

        var result = await Odetl.RunAsync("run", pipeline);

        Assert.Equal(ExitCodes.DataError, result.ExitCode);
        Assert.Contains("found 'tolv'", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Markers_in_personal_columns_of_malformed_rows_stay_out_of_messages()
    {
        using var dir = new TempDir();
        var lines = ExportWith((h, f) => Set(h, Set(h, f, "KontaktPnr", Marker), "Handlaggare", "\"" + Marker));
        var export = PipelineFiles.WriteExport(dir, lines);
        var pipeline = PipelineFiles.WriteExamplePipeline(dir, export);

        var result = await Odetl.RunAsync("run", pipeline);

        Assert.Equal(ExitCodes.DataError, result.ExitCode);
        Assert.Contains("ODE0304", result.Stderr, StringComparison.Ordinal);
        AssertNowhere(dir, result);
    }
}
