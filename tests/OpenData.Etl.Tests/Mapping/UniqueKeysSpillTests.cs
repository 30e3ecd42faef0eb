using System.Security.Cryptography;
using OpenData.Etl.Diagnostics;
using OpenData.Etl.Mapping;
using OpenData.Etl.Pipelines;
using OpenData.Etl.Reporting;
using OpenData.Etl.Running;
using OpenData.Etl.Tests.Support;

namespace OpenData.Etl.Tests.Mapping;

/// <summary>
/// A whole run whose uniqueness checks spill to disk every 44 keys reports the same repeats, rejects the
/// same rows and publishes the same bytes as one that keeps every key in memory, and leaves no spill file.
/// </summary>
public sealed class UniqueKeysSpillTests
{
    private const int TinyTable = 64;
    private const int Rows = 3_000;

    /// <summary>
    /// A primary key, a unique field and a row URI built from two other fields (so it has a set of its own), each
    /// with repeats of rows far back (in long-spilled runs) and just before (still in the table).
    /// </summary>
    private static string WritePipeline(TempDir dir, string onBadRow)
    {
        File.WriteAllText(dir.File("schema.json"), """
            {
              "fields": [
                { "name": "id", "type": "integer" },
                { "name": "kod", "type": "string", "constraints": { "unique": true } },
                { "name": "grupp", "type": "integer" },
                { "name": "nr", "type": "integer" }
              ],
              "primaryKey": ["id"]
            }
            """);
        var lines = new List<string> { "Id;Kod;Grupp;Nr" };
        for (var i = 0; i < Rows; i++)
        {
            var id = i % 97 == 96 ? i - 1_500 * (i / 1_500) - 1 : i;
            var kod = i % 89 == 88 ? $"K{i / 2}" : $"K{i}";
            var nr = i % 101 == 100 && i >= 700 ? (i - 700) / 7 : i / 7; // row i-700 has the same grupp and nr
            lines.Add($"{id};{kod};{i % 7};{nr}");
        }
        File.WriteAllText(dir.File("export.csv"), string.Join("\n", lines) + "\n");
        File.WriteAllText(dir.File("p.yaml"), $$"""
            source: { path: export.csv{{onBadRow}} }
            columns: { Id: public, Kod: public, Grupp: public, Nr: public }
            specification: { uri: "https://example.se/spec/1.0", schema: schema.json }
            mapping:
              row-uri: "https://example.se/id/{grupp}/{nr}"
              fields: { id: Id, kod: Kod, grupp: Grupp, nr: Nr }
            outputs: { dir: out, formats: [csv, json] }
            """);
        return dir.File("p.yaml");
    }

    private static async Task<(RunResult Result, string Log, List<string> Hashes, bool Spilled)> RunAsync(string onBadRow, int keyTableSlots)
    {
        using var dir = new TempDir();
        using var log = new StringWriter();
        var spilled = new SpillWatcher(dir.File(".out.staging"));
        var runner = new PipelineRunner(log) { BatchSize = 500, Time = new FixedTime(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero)), KeyTableSlots = keyTableSlots, Progress = spilled };
        var result = await runner.RunAsync(PipelineLoader.Load(WritePipeline(dir, onBadRow)));

        Assert.Empty(Directory.GetFiles(dir.Path, "unique-keys-*", SearchOption.AllDirectories));
        Assert.Equal(["p.csv", "p.json", RunReport.HtmlFileName, RunReport.JsonFileName], Directory.GetFiles(dir.File("out")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var hashes = result.Outputs.Select(o => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(o.Path)))).ToList();
        return (result, log.ToString().Replace(dir.Path, "DIR", StringComparison.Ordinal), hashes, spilled.Seen);
    }

    [Fact]
    public async Task Skipping_repeated_keys_gives_the_same_report_and_files_whether_keys_spill_or_not()
    {
        var inMemory = await RunAsync(", on-bad-row: skip", SpillingHashSet.DefaultMaxSlots);
        var spilling = await RunAsync(", on-bad-row: skip", TinyTable);

        Assert.False(inMemory.Spilled);
        Assert.True(spilling.Spilled, "the tiny table should have spilled into the staging folder");
        Assert.Equal(inMemory.Log, spilling.Log);
        Assert.Equal(inMemory.Hashes, spilling.Hashes);
        Assert.Equal(inMemory.Result.RowsRejected, spilling.Result.RowsRejected);
        Assert.Equal(30 + 17 + 23, spilling.Result.RowsRejected); // repeated ids, kods and URIs, never two on one row (counted by a model of the rows)
        foreach (var what in new[] { "primary key (id) repeats", "unique field 'kod' repeats", "the row URI repeats" })
            Assert.Contains($"warning {Codes.DuplicateKey}: {what}", spilling.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failing_on_repeated_keys_reports_the_same_rows_whether_keys_spill_or_not()
    {
        var inMemory = await RunFailingAsync(SpillingHashSet.DefaultMaxSlots);
        var spilling = await RunFailingAsync(TinyTable);
        Assert.Equal(inMemory, spilling);
        Assert.Contains($"export.csv(98): error {Codes.DuplicateKey}: primary key (id) repeats", spilling, StringComparison.Ordinal);
    }

    /// <summary>The failure's message with the scratch folder's path taken out.</summary>
    private static async Task<string> RunFailingAsync(int keyTableSlots)
    {
        using var dir = new TempDir();
        var failure = await Assert.ThrowsAsync<EtlException>(() =>
            new PipelineRunner { BatchSize = 500, KeyTableSlots = keyTableSlots }.RunAsync(PipelineLoader.Load(WritePipeline(dir, ""))));
        Assert.Empty(Directory.GetFiles(dir.Path, "unique-keys-*", SearchOption.AllDirectories));
        return failure.Message.Replace(dir.Path, "DIR", StringComparison.Ordinal);
    }

    /// <summary>Looks into the staging folder after each batch is written, when the reader has filled at least one batch.</summary>
    private sealed class SpillWatcher(string staging) : IProgress<RunProgress>
    {
        public bool Seen { get; private set; }

        public void Report(RunProgress value) => Seen |= Directory.GetFiles(staging, "unique-keys-*").Length > 0;
    }
}
