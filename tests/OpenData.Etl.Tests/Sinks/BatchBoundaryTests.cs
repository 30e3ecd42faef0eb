using OpenData.Etl.Pipelines;
using OpenData.Etl.Running;
using OpenData.Etl.Tests.Support;

namespace OpenData.Etl.Tests.Sinks;

/// <summary>Values must not bleed from one batch into the next when a later row is missing them.</summary>
public sealed class BatchBoundaryTests
{
    [Fact]
    public async Task Missing_values_in_a_later_batch_stay_missing_in_every_format()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("schema.json"), """
            { "fields": [ { "name": "id", "type": "integer" }, { "name": "namn", "type": "string" },
                          { "name": "koder", "type": "array" } ] }
            """);
        File.WriteAllText(dir.File("export.csv"), "Id;Namn;Koder\n1;Ett;A|B\n2;Två;C\n3;;\n4;Fyra;\n5;;D\n");
        File.WriteAllText(dir.File("p.yaml"), """
            source: { path: export.csv }
            columns: { Id: public, Namn: public, Koder: public }
            specification: { uri: "https://example.se/spec/1.0", schema: schema.json }
            mapping: { fields: { id: Id, namn: Namn, koder: { from: Koder, split: "|" } } }
            outputs: { dir: out }
            """);

        await new PipelineRunner { BatchSize = 2 }.RunAsync(PipelineLoader.Load(dir.File("p.yaml")));

        var rows = DuckDb.Rows($"SELECT id, namn, len(koder) FROM read_parquet('{dir.File("out", "p.parquet")}') ORDER BY id");
        Assert.Equal([1L, "Ett", 2L], rows[0]);
        Assert.Equal([3L, null, null], rows[2]);
        Assert.Equal([4L, "Fyra", null], rows[3]);
        Assert.Equal([5L, null, 1L], rows[4]);
        var csv = CsvText.Parse(File.ReadAllText(dir.File("out", "p.csv")), ',');
        Assert.Equal(["3", "", ""], csv[3]);
    }
}
