using System.Text.Json;
using OpenData.Etl.Data;
using OpenData.Etl.Pipelines;
using OpenData.Etl.Running;
using OpenData.Etl.Schema;
using OpenData.Etl.Tests.Support;

namespace OpenData.Etl.Tests.Data;

/// <summary>
/// Text columns keep their characters in one array that the batch reuses when it is filled again, and the Parquet
/// writer keeps a row group's in a chunked arena: values longer than the array or a chunk, the array growing under
/// rows already set, rows filled again after a rejected row, missing values and a refilled batch must all read back
/// as they went in, and every writer must see them so.
/// </summary>
public sealed class StringColumnTests
{
    private static string Text(int batch, int row) => new((char)('a' + (batch + row) % 26), (batch * 7 + row * 131) % 3_000);

    [Fact]
    public void Values_read_back_as_set_while_the_array_grows_and_after_the_batch_is_reset()
    {
        const int rows = 40; // an array of 1,024 characters at first; values up to 3,000
        var column = new StringColumn("t", FieldType.String, rows);
        for (var batch = 0; batch < 3; batch++)
        {
            column.Reset();
            for (var row = 0; row < rows; row++)
            {
                if (row % 9 == 4) column.Set(row, "a rejected row's value, filled again below");
                if (row % 5 == 3) column.SetNull(row);
                else column.Set(row, Text(batch, row));
            }
            for (var row = 0; row < rows; row++)
            {
                Assert.Equal(row % 5 == 3, column.IsNull[row]);
                Assert.Equal(row % 5 == 3 ? "" : Text(batch, row), column.TextOf(row).ToString());
            }
        }
    }

    [Fact]
    public void Arena_slices_keep_their_text_across_chunks_until_the_arena_is_cleared()
    {
        var arena = new TextArena(1_024);
        for (var round = 0; round < 3; round++)
        {
            var slices = Enumerable.Range(0, 40).Select(row => arena.Copy(Text(round, row))).ToList();
            Assert.Equal(Enumerable.Range(0, 40).Select(row => Text(round, row)), slices.Select(s => s.ToString()));
            arena.Clear();
        }
    }

    [Fact]
    public async Task Every_format_and_the_row_uri_get_each_rows_own_text_from_reused_batches()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("schema.json"), """
            { "fields": [ { "name": "id", "type": "string" }, { "name": "namn", "type": "string" } ], "primaryKey": "id" }
            """);
        string[] names = ["Café \"Ärtan\"; Malmö", "", "Rad\r\nbrytning, komma", "🍕 Pizzeria", "Kort", "Långt " + new string('x', 5_000)];
        var csv = "Id;Namn\n" + string.Concat(names.Select((n, i) => $"å{i};\"{n.Replace("\"", "\"\"")}\"\n"));
        File.WriteAllText(dir.File("export.csv"), csv);
        File.WriteAllText(dir.File("p.yaml"), """
            source: { path: export.csv, delimiter: ";", on-bad-row: skip, max-rejected: 1 }
            columns: { Id: public, Namn: public }
            specification: { uri: "https://example.se/spec/1.0", schema: schema.json }
            mapping:
              row-uri: "https://example.se/id/{namn}/{id}"
              fields: { id: Id, namn: Namn }
            outputs: { dir: out, formats: [csv, json, parquet] }
            """);

        // The row with an empty name has no URI: with bad rows skipped, the others are written in batches of two.
        await new PipelineRunner { FlowBatchSize = 2 }.RunAsync(PipelineLoader.Load(dir.File("p.yaml")));

        var written = names.Select((n, i) => (Id: $"å{i}", Name: n)).Where(r => r.Name != "").ToList();
        using var json = JsonDocument.Parse(File.ReadAllBytes(dir.File("out", "p.json")));
        Assert.Equal(
            written.Select(r => ((string?)$"https://example.se/id/{Uri.EscapeDataString(r.Name)}/{Uri.EscapeDataString(r.Id)}", (string?)r.Id, (string?)r.Name)),
            json.RootElement.EnumerateArray().Select(e => (e.GetProperty("uri").GetString(), e.GetProperty("id").GetString(), e.GetProperty("namn").GetString())));
        Assert.Equal(
            written.Select(r => (object?)$"https://example.se/id/{Uri.EscapeDataString(r.Name)}/{Uri.EscapeDataString(r.Id)}|{r.Id}|{r.Name}"),
            DuckDb.Rows($"SELECT uri || '|' || id || '|' || namn FROM read_parquet('{dir.File("out", "p.parquet")}')").Select(row => row[0]));
        var expectedCsv = "uri,id,namn\r\n" + string.Concat(written.Select(r =>
            $"https://example.se/id/{Uri.EscapeDataString(r.Name)}/{Uri.EscapeDataString(r.Id)},{r.Id},{Quoted(r.Name)}\r\n"));
        Assert.Equal(expectedCsv, File.ReadAllText(dir.File("out", "p.csv")));
    }

    private static string Quoted(string value) =>
        value.IndexOfAny([',', '"', '\r', '\n']) < 0 ? value : $"\"{value.Replace("\"", "\"\"")}\"";
}
