using OpenData.Etl.Diagnostics;
using OpenData.Etl.Tests.Support;

namespace OpenData.Etl.Tests.Running;

public sealed class FailClosedTests
{
    [Fact]
    public async Task Deleting_a_column_classification_stops_the_run_naming_the_column_and_leaves_outputs_untouched()
    {
        using var dir = new TempDir();
        var export = PipelineFiles.WriteExport(dir, PipelineFiles.ExportLines());
        var good = PipelineFiles.WriteExamplePipeline(dir, export);
        Assert.Equal(0, (await Odetl.RunAsync("run", good, "-q")).ExitCode);
        var before = dir.Snapshot(dir.File("out"));
        var times = before.Keys.ToDictionary(f => f, File.GetLastWriteTimeUtc);

        var bad = PipelineFiles.WriteExamplePipeline(dir, export, yaml => RemoveLine(yaml, "  Riskklass:"), "bad.yaml");
        var result = await Odetl.RunAsync("run", bad);

        Assert.Equal(ExitCodes.ConfigurationError, result.ExitCode);
        Assert.Contains("ODE0201", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("'Riskklass'", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(before.Keys.Order(), dir.Snapshot(dir.File("out")).Keys.Order());
        foreach (var (file, bytes) in before)
        {
            Assert.Equal(bytes, File.ReadAllBytes(file));
            Assert.Equal(times[file], File.GetLastWriteTimeUtc(file));
        }
    }

    [Fact]
    public async Task A_missing_classification_on_a_first_run_creates_no_output_folder()
    {
        using var dir = new TempDir();
        var export = PipelineFiles.WriteExport(dir, PipelineFiles.ExportLines());
        var bad = PipelineFiles.WriteExamplePipeline(dir, export, yaml => RemoveLine(RemoveLine(yaml, "  Handlaggare:"), "  Postort:"));

        var result = await Odetl.RunAsync("run", bad);

        Assert.Equal(ExitCodes.ConfigurationError, result.ExitCode);
        Assert.Contains("'Handlaggare'", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("'Postort'", result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("out")));
    }

    [Fact]
    public async Task A_personal_column_left_on_keep_is_refused()
    {
        using var dir = new TempDir();
        var export = PipelineFiles.WriteExport(dir, PipelineFiles.ExportLines());
        var bad = PipelineFiles.WriteExamplePipeline(dir, export, yaml => yaml.Replace(
            "Handlaggare:        { class: personal, action: drop }", "Handlaggare:        { class: personal }", StringComparison.Ordinal));

        var result = await Odetl.RunAsync("run", bad);

        Assert.Equal(ExitCodes.ConfigurationError, result.ExitCode);
        Assert.Contains("ODE0203", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("Handlaggare", result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("out")));
    }

    [Fact]
    public async Task A_classified_column_absent_from_the_source_is_an_error_with_its_pipeline_line()
    {
        using var dir = new TempDir();
        var export = PipelineFiles.WriteExport(dir, PipelineFiles.ExportLines());
        var bad = PipelineFiles.WriteExamplePipeline(dir, export, yaml => yaml.Replace("columns:\n", "columns:\n  Fakturanummer: { class: internal, action: drop }\n", StringComparison.Ordinal));
        var line = File.ReadAllLines(bad).ToList().FindIndex(l => l.Contains("Fakturanummer", StringComparison.Ordinal)) + 1;

        var result = await Odetl.RunAsync("run", bad);

        Assert.Equal(ExitCodes.ConfigurationError, result.ExitCode);
        Assert.Contains($"pipeline.yaml({line},3): error ODE0202", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unbalanced_quote_at_row_57_names_the_file_and_row_and_publishes_nothing()
    {
        using var dir = new TempDir();
        var lines = PipelineFiles.ExportLines();
        Assert.StartsWith("K-2024-", lines[56], StringComparison.Ordinal); // line 57 starts a record
        var fields = lines[56].Split(';');
        fields[2] = "\"" + fields[2];
        lines[56] = string.Join(';', fields);
        var export = PipelineFiles.WriteExport(dir, lines);
        var pipeline = PipelineFiles.WriteExamplePipeline(dir, export);

        var result = await Odetl.RunAsync("run", pipeline);

        Assert.Equal(ExitCodes.DataError, result.ExitCode);
        Assert.Contains("export.csv(57): error ODE0304", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("row 57", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("'Anlaggning'", result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("out")));
        Assert.Empty(Directory.GetDirectories(dir.Path, ".*staging"));
    }

    [Fact]
    public async Task A_row_with_too_many_fields_is_reported_with_its_line()
    {
        using var dir = new TempDir();
        var lines = PipelineFiles.ExportLines();
        lines[9] += ";extra";
        var pipeline = PipelineFiles.WriteExamplePipeline(dir, PipelineFiles.WriteExport(dir, lines));

        var result = await Odetl.RunAsync("run", pipeline);

        Assert.Equal(ExitCodes.DataError, result.ExitCode);
        Assert.Contains("export.csv(10): error ODE0303", result.Stderr, StringComparison.Ordinal);
    }

    private static string RemoveLine(string yaml, string prefix) =>
        string.Join('\n', yaml.Split('\n').Where(l => !l.StartsWith(prefix, StringComparison.Ordinal)));
}
