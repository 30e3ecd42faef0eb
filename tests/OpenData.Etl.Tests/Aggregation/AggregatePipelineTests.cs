using System.Text.Json;
using OpenData.Etl.Diagnostics;
using OpenData.Etl.Tests.Support;

namespace OpenData.Etl.Tests.Aggregation;

/// <summary>The shipped aggregated-statistics example end to end, and the configuration it refuses.</summary>
public sealed class AggregatePipelineTests
{
    private static string ExamplePipeline => Repo.PathOf("pipelines", "elever-per-kommun.yaml");

    /// <summary>The example pipeline in a scratch folder, with absolute paths, optionally edited.</summary>
    private static string WritePipeline(TempDir dir, Func<string, string>? edit = null, string? export = null)
    {
        var yaml = File.ReadAllText(ExamplePipeline)
            .Replace("../testdata/elever/elever.csv", export ?? Repo.PathOf("testdata", "elever", "elever.csv"), StringComparison.Ordinal)
            .Replace("../specs/elever-per-kommun.schema.json", Repo.PathOf("specs", "elever-per-kommun.schema.json"), StringComparison.Ordinal)
            .Replace("../out/elever-per-kommun", dir.File("out"), StringComparison.Ordinal)
            .Replace("../testdata/referens/municipalities.csv", Repo.PathOf("testdata", "referens", "municipalities.csv"), StringComparison.Ordinal);
        if (edit is not null) yaml = edit(yaml);
        var path = dir.File("pipeline.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    [Fact]
    public async Task Example_publishes_suppressed_cells_as_null_with_a_status_and_as_the_marker_in_csv()
    {
        using var dir = new TempDir();
        var result = await Odetl.RunAsync("run", WritePipeline(dir));
        Assert.True(result.ExitCode == ExitCodes.Success, result.All);

        using var json = JsonDocument.Parse(File.ReadAllBytes(dir.File("out", "elever-per-kommun.json")));
        var rows = json.RootElement.EnumerateArray().ToList();
        var suppressed = rows.Where(r => r.GetProperty("status").ValueKind == JsonValueKind.String).ToList();
        Assert.Contains(suppressed, r => r.GetProperty("status").GetString() == "primary");
        Assert.Contains(suppressed, r => r.GetProperty("status").GetString() == "secondary");
        Assert.All(suppressed, r => Assert.Equal(JsonValueKind.Null, r.GetProperty("antalElever").ValueKind));
        Assert.All(suppressed, r => Assert.Equal(JsonValueKind.Null, r.GetProperty("medelpoang").ValueKind));
        Assert.All(rows.Except(suppressed), r => Assert.True(r.GetProperty("antalElever").GetInt64() >= 5));
        // The national total counts every pupil in the register, suppressed cells included.
        var register = File.ReadAllLines(Repo.PathOf("testdata", "elever", "elever.csv")).Length - 1;
        Assert.Equal(register, rows.Single(r => r.GetProperty("kommunkod").GetString() == "Totalt" && r.GetProperty("lanskod").GetString() == "Totalt"
            && r.GetProperty("huvudman").GetString() == "Totalt" && r.GetProperty("kon").GetString() == "Totalt").GetProperty("antalElever").GetInt64());

        // Landskrona has 3 pupils in independent schools: primary, and the CSV shows the marker.
        var csv = CsvText.Parse(File.ReadAllText(dir.File("out", "elever-per-kommun.csv")), ',');
        var landskrona = csv.Single(r => r[0] == "1282" && r[2] == "Enskild" && r[3] == "Totalt");
        Assert.Equal(["1282", "12", "Enskild", "Totalt", "..", "..", "primary"], landskrona);
        Assert.Equal(rows.Count, csv.Count - 1);

        var parquet = DuckDb.Rows($"SELECT count(*) FILTER (WHERE status IS NOT NULL), count(*) FILTER (WHERE antalElever IS NULL) FROM read_parquet('{dir.File("out", "elever-per-kommun.parquet")}')");
        Assert.Equal((long)suppressed.Count, Convert.ToInt64(parquet[0][0], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal((long)suppressed.Count, Convert.ToInt64(parquet[0][1], System.Globalization.CultureInfo.InvariantCulture));

        Assert.Matches(@"514 source rows aggregated into \d+ cells \(margins included\), \d+ primary and \d+ secondary suppressions", result.Stderr);
    }

    [Fact]
    public async Task The_published_example_table_leaves_no_suppressed_cell_recomputable()
    {
        using var dir = new TempDir();
        var result = await Odetl.RunAsync("run", WritePipeline(dir));
        Assert.True(result.ExitCode == ExitCodes.Success, result.All);

        // Read back from the published JSON, in the specification's words. A county's total row has
        // kommunkod Totalt and its lanskod; the checker sees it as one coordinate "län NN" of the kommun dimension.
        using var json = JsonDocument.Parse(File.ReadAllBytes(dir.File("out", "elever-per-kommun.json")));
        static string Place(JsonElement r) => r.GetProperty("kommunkod").GetString() is var k and not "Totalt" ? k!
            : r.GetProperty("lanskod").GetString() is var l and not "Totalt" ? "län " + l : "Totalt";
        var rows = json.RootElement.EnumerateArray().ToList();
        var table = rows.ToDictionary(
            r => DisclosureChecker.Key([Place(r), r.GetProperty("huvudman").GetString()!, r.GetProperty("kon").GetString()!]),
            r => r.GetProperty("antalElever").ValueKind == JsonValueKind.Null ? (long?)null : r.GetProperty("antalElever").GetInt64());
        var counties = rows.Where(r => r.GetProperty("kommunkod").GetString() != "Totalt")
            .Select(r => (r.GetProperty("kommunkod").GetString()!, "län " + r.GetProperty("lanskod").GetString())).Distinct()
            .ToDictionary(x => x.Item1, x => x.Item2);
        Assert.Equal(2, counties.Values.Distinct().Count()); // Skåne (12) and Västra Götaland (14)

        Assert.Empty(DisclosureChecker.DeterminedCells(table, 3, "Totalt", new Dictionary<int, Dictionary<string, string>> { [0] = counties }));
        Assert.Contains(table.Values, v => v is null);
    }

    [Fact]
    public async Task The_run_report_carries_the_suppression_figures()
    {
        using var dir = new TempDir();
        Assert.Equal(ExitCodes.Success, (await Odetl.RunAsync("run", WritePipeline(dir))).ExitCode);

        var report = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(dir.File("out", "run.json"))).RootElement;
        var figures = report.GetProperty("steps").GetProperty("disclosure-control");
        Assert.True(figures.GetProperty("cells").GetInt32() > 0);
        Assert.True(figures.GetProperty("primary-suppressions").GetInt32() > 0);
        Assert.True(figures.GetProperty("secondary-suppressions").GetInt32() > 0);
        Assert.Contains("secondary suppressions", File.ReadAllText(dir.File("out", "report.html")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_runs_publish_byte_identical_files()
    {
        using var dir = new TempDir();
        var pipeline = WritePipeline(dir);
        Assert.Equal(ExitCodes.Success, (await Odetl.RunAsync("run", pipeline)).ExitCode);
        var first = dir.Snapshot(dir.File("out"));
        Assert.Equal(ExitCodes.Success, (await Odetl.RunAsync("run", pipeline)).ExitCode);
        var second = dir.Snapshot(dir.File("out"));
        Assert.Equal(first.Keys.Order(), second.Keys.Order());
        // run.json carries the run's timings; everything else must match to the byte.
        foreach (var (file, bytes) in first.Where(f => Path.GetFileName(f.Key) != "run.json")) Assert.Equal(bytes, second[file]);
    }

    [Theory]
    [InlineData("  min-count: n5                   # no cell with 1-4 pupils is published (stated, never defaulted)\n", "", Codes.AggregateInvalid)]
    [InlineData("min-count: n5 ", "min-count: n4 ", Codes.AggregateInvalid)]
    [InlineData("group-by: [Kommunkod, Huvudman, Kon]", "group-by: [Kommunkod, Huvudman, Kön]", Codes.AggregateColumnInvalid)]
    [InlineData("    Kommunkod: { file:", "    Kommun: { file:", Codes.AggregateInvalid)]
    [InlineData("parent: county_code", "parent: lan_code", Codes.HierarchyInvalid)]
    [InlineData("group-by: [Kommunkod, Huvudman, Kon]", "group-by: [Kommunkod, Namn, Kon]", Codes.AggregateColumnInvalid)]
    [InlineData("    status:      status\n", "", Codes.StatusUnmapped)]
    [InlineData("medel: { mean: Betygspoang, decimals: 1 }", "medel: { mode: Betygspoang }", Codes.UnknownKey)]
    [InlineData("antal: count", "status: count", Codes.AggregateInvalid)]
    public async Task A_pipeline_that_does_not_state_its_protection_or_maps_it_wrongly_is_refused_before_reading_data(string find, string replace, string code)
    {
        using var dir = new TempDir();
        Assert.Contains(find, File.ReadAllText(ExamplePipeline), StringComparison.Ordinal); // the edit must apply
        var pipeline = WritePipeline(dir, y => y.Replace(find, replace, StringComparison.Ordinal));

        var result = await Odetl.RunAsync("run", pipeline);

        Assert.Equal(ExitCodes.ConfigurationError, result.ExitCode);
        Assert.Contains(code, result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("out")));
    }

    [Fact]
    public async Task A_kommun_code_missing_from_the_hierarchy_file_fails_the_run()
    {
        using var dir = new TempDir();
        var lines = File.ReadAllLines(Repo.PathOf("testdata", "elever", "elever.csv")).ToList();
        lines[3] = lines[3].Replace(";1280;", ";9999;", StringComparison.Ordinal);
        var export = dir.File("elever.csv");
        File.WriteAllLines(export, lines);

        var result = await Odetl.RunAsync("run", WritePipeline(dir, export: export));

        Assert.Equal(ExitCodes.DataError, result.ExitCode);
        Assert.Contains(Codes.HierarchyValueUnknown, result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("out")));
    }

    [Fact]
    public async Task A_measure_value_that_is_not_a_number_fails_the_run_without_quoting_it()
    {
        using var dir = new TempDir();
        var lines = File.ReadAllLines(Repo.PathOf("testdata", "elever", "elever.csv")).ToList();
        lines[7] = string.Join(';', lines[7].Split(';')[..5]) + ";hemlig-poäng";
        var export = dir.File("elever.csv");
        File.WriteAllLines(export, lines);

        var result = await Odetl.RunAsync("run", WritePipeline(dir, export: export));

        Assert.Equal(ExitCodes.DataError, result.ExitCode);
        Assert.Contains($"(8): error {Codes.MeasureNotNumeric}", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("hemlig", result.All, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("out")));
    }
}
