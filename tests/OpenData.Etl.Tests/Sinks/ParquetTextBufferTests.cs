using System.Text;
using OpenData.Etl.Pipelines;
using OpenData.Etl.Running;
using OpenData.Etl.Tests.Support;

namespace OpenData.Etl.Tests.Sinks;

/// <summary>
/// Parquet text columns are gathered in chunked arenas reused from one row group to the next, and lists in
/// reused arrays: texts longer than a chunk, chunks refilled by later row groups and lists of changing length
/// must still come out as they went in.
/// </summary>
public sealed class ParquetTextBufferTests
{
    [Fact]
    public async Task Long_and_short_texts_and_lists_survive_reused_buffers_across_row_groups()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("schema.json"), """
            { "fields": [ { "name": "id", "type": "integer" }, { "name": "namn", "type": "string" },
                          { "name": "koder", "type": "array" } ] }
            """);
        // Row groups of two rows. Arena chunks hold 2^18 characters unless a text needs more: the first row group
        // fills chunk 0 and opens chunk 1 at the usual size, the second needs chunk 1 larger than it is, and
        // later ones refill the chunks with texts of other lengths.
        string? Namn(int id) => id switch
        {
            1 or 2 => new string((char)('a' + id), 200_000) + "åäö",
            4 or 7 or 8 => new string((char)('a' + id), 300_000),
            5 => null,
            _ => $"Kort {id}",
        };
        var csv = new StringBuilder("Id;Namn;Koder\n");
        for (var id = 1; id <= 9; id++)
        {
            var koder = string.Join('|', Enumerable.Range(0, id % 4).Select(k => $"K{id}{k}"));
            csv.Append($"{id};{Namn(id)};{koder}\n");
        }
        File.WriteAllText(dir.File("export.csv"), csv.ToString());
        File.WriteAllText(dir.File("p.yaml"), """
            source: { path: export.csv }
            columns: { Id: public, Namn: public, Koder: public }
            specification: { uri: "https://example.se/spec/1.0", schema: schema.json }
            mapping: { fields: { id: Id, namn: Namn, koder: { from: Koder, split: "|" } } }
            outputs: { dir: out, formats: [parquet] }
            """);

        await new PipelineRunner { BatchSize = 2 }.RunAsync(PipelineLoader.Load(dir.File("p.yaml")));

        var rows = DuckDb.Rows($"SELECT id, namn, array_to_string(koder, '|') FROM read_parquet('{dir.File("out", "p.parquet")}') ORDER BY id");
        Assert.Equal(9, rows.Count);
        for (var id = 1; id <= 9; id++)
        {
            var row = rows[id - 1];
            Assert.Equal((long)id, row[0]);
            Assert.Equal(Namn(id), row[1]);
            object? koder = id % 4 == 0 ? null : string.Join('|', Enumerable.Range(0, id % 4).Select(k => $"K{id}{k}"));
            Assert.Equal(koder, row[2]);
        }
    }
}
