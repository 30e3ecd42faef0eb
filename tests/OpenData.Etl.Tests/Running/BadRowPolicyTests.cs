using OpenData.Etl.Diagnostics;
using OpenData.Etl.Tests.Support;

namespace OpenData.Etl.Tests.Running;

/// <summary>'on-bad-row: skip' leaves bad rows out, reports them, reconciles the counts and has a ceiling.</summary>
public sealed class BadRowPolicyTests
{
    private const string Secret = "HEMLIG-4711";

    private static string WritePipeline(TempDir dir, string options)
    {
        File.WriteAllText(dir.File("schema.json"), """
            { "fields": [ { "name": "id", "type": "integer" }, { "name": "kod", "type": "integer" } ] }
            """);
        var lines = new List<string> { "Id;Kod" };
        for (var i = 1; i <= 10; i++) lines.Add(i switch { 4 => $"4;{Secret}", 7 => "sju;7", _ => $"{i};{i * 10}" });
        File.WriteAllText(dir.File("export.csv"), string.Join("\n", lines) + "\n");
        File.WriteAllText(dir.File("p.yaml"), $$"""
            source: { path: export.csv{{options}} }
            columns: { Id: public, Kod: { class: internal } }
            specification: { uri: "https://example.se/spec/1.0", schema: schema.json }
            mapping: { fields: { id: Id, kod: Kod } }
            outputs: { dir: out, formats: [csv] }
            """);
        return dir.File("p.yaml");
    }

    [Fact]
    public async Task Skipped_rows_are_reported_by_row_and_rule_and_the_counts_reconcile()
    {
        using var dir = new TempDir();
        var result = await Odetl.RunAsync("run", WritePipeline(dir, ", on-bad-row: skip"));

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("10 rows read, 8 written, 2 rejected", result.Stderr, StringComparison.Ordinal);
        Assert.Contains($"export.csv(5): warning {Codes.TypeMismatch}: field 'kod' (from Kod) (value withheld", result.Stderr, StringComparison.Ordinal);
        Assert.Contains($"export.csv(8): warning {Codes.TypeMismatch}: field 'id' (from Id) found 'sju'", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(Codes.RowRejected, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, result.All, StringComparison.Ordinal);
        var published = File.ReadAllLines(dir.File("out", "p.csv"));
        Assert.Equal(9, published.Length);
        Assert.DoesNotContain(published, l => l.StartsWith("4,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bad_rows_fail_the_run_by_default()
    {
        using var dir = new TempDir();
        var result = await Odetl.RunAsync("run", WritePipeline(dir, ""));
        Assert.Equal(ExitCodes.DataError, result.ExitCode);
        Assert.Contains($"export.csv(5): error {Codes.TypeMismatch}", result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("out")));
    }

    [Theory]
    [InlineData("10%", false)]
    [InlineData("20%", true)]
    [InlineData("1", false)]
    [InlineData("2", true)]
    public async Task Max_rejected_turns_too_many_skips_into_a_failure(string limit, bool publishes)
    {
        using var dir = new TempDir();
        var result = await Odetl.RunAsync("run", WritePipeline(dir, $", on-bad-row: skip, max-rejected: \"{limit}\""));
        if (publishes)
        {
            Assert.True(result.ExitCode == 0, result.All);
            Assert.True(File.Exists(dir.File("out", "p.csv")));
        }
        else
        {
            Assert.Equal(ExitCodes.DataError, result.ExitCode);
            Assert.Contains($"error {Codes.TooManyRejected}: 2 of 10 rows were rejected, more than 'max-rejected: {limit}'", result.Stderr, StringComparison.Ordinal);
            Assert.False(Directory.Exists(dir.File("out")));
        }
    }

    [Theory]
    [InlineData(", max-rejected: 5", "only applies with 'on-bad-row: skip'")]
    [InlineData(", on-bad-row: skip, max-rejected: lots", "must be a number of rows")]
    [InlineData(", on-bad-row: ignore", "must be one of fail, skip")]
    public async Task Bad_row_settings_are_checked(string options, string expected)
    {
        using var dir = new TempDir();
        var result = await Odetl.RunAsync("run", WritePipeline(dir, options));
        Assert.Equal(ExitCodes.ConfigurationError, result.ExitCode);
        Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
    }
}
