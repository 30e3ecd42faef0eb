using System.Text.RegularExpressions;
using OpenData.Etl.Diagnostics;
using OpenData.Etl.Tests.Support;

namespace OpenData.Etl.Tests.Protection;

public sealed class ScanCommandTests
{
    [Fact]
    public async Task Scan_profiles_every_column_without_printing_values()
    {
        var result = await Odetl.RunAsync("scan", Repo.LivsmedelExport);

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        var lines = result.Stdout.Split('\n');
        Assert.Matches(@"^KontaktPnr\s+string\s+0 %\s+60\s+personnummer 100 %\s+personal/drop", lines.Single(l => l.StartsWith("KontaktPnr", StringComparison.Ordinal)));
        Assert.Contains("personal/mask", lines.Single(l => l.StartsWith("Organisationsnummer", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("personal/drop", lines.Single(l => l.StartsWith("Handlaggare", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("internal/drop", lines.Single(l => l.StartsWith("Kommentar", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Matches(@"^Kontrolltid_tim\s+integer", lines.Single(l => l.StartsWith("Kontrolltid_tim", StringComparison.Ordinal)));
        Assert.Matches(@"^Postnummer\s+string", lines.Single(l => l.StartsWith("Postnummer", StringComparison.Ordinal)));
        foreach (var pnr in TestPersonnummer.All) Assert.DoesNotContain(pnr[2..], result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Lindqvist", result.Stdout, StringComparison.Ordinal); // an inspector's surname in the export
    }

    [Fact]
    public async Task Init_writes_a_pipeline_that_refuses_to_run_until_reviewed_and_then_runs()
    {
        using var dir = new TempDir();
        var pipeline = dir.File("livsmedel.yaml");
        var scan = await Odetl.RunAsync("scan", Repo.LivsmedelExport, "--init", pipeline);
        Assert.True(scan.ExitCode == 0, scan.All);
        Assert.True(File.Exists(dir.File("livsmedel.schema.json")));

        var unreviewed = await Odetl.RunAsync("run", pipeline);
        Assert.Equal(ExitCodes.ConfigurationError, unreviewed.ExitCode);
        Assert.Equal(PipelineFiles.ExportLines()[0].Split(';').Length, Regex.Count(unreviewed.Stderr, "error ODE0207"));

        // The reviewer accepts every suggestion: the flagged columns stay dropped or masked.
        File.WriteAllText(pipeline, Regex.Replace(File.ReadAllText(pipeline), @", review: ""[^""]*"" \}", " }"));
        var reviewed = await Odetl.RunAsync("run", pipeline);

        Assert.True(reviewed.ExitCode == 0, reviewed.All);
        var csv = File.ReadAllText(dir.File("out", "livsmedel", "livsmedel.csv"));
        Assert.DoesNotContain("KontaktPnr", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("Handlaggare", csv, StringComparison.Ordinal);
        Assert.Contains("XXXX", csv, StringComparison.Ordinal);
    }
}
