using System.Text.Json;
using OpenData.Etl.Pipelines;
using OpenData.Etl.Running;
using OpenData.Etl.Tests.Support;

namespace OpenData.Etl.Tests.Sinks;

/// <summary>
/// The JSON and GeoJSON writers share one encoding of each row's fields. Across batch boundaries, with and without
/// a row URI, and for either format alone, every row must still be the object a parser reads back in full.
/// </summary>
public sealed class JsonMembersTests
{
    private const string Export = "Id;Namn;Belopp;E;N\n1;Ett;1,50;680114;7253155\n2;;2;405166;6697540\n3;\"Tre \"\"citat\"\"\";;500000;6500000\n4;Fyra;-0,05;;\n5;Fem;10;700000;7000000\n";

    [Theory]
    [InlineData(true, "json, geojson")]
    [InlineData(false, "json, geojson")]
    [InlineData(true, "json")]
    [InlineData(false, "geojson")]
    public async Task Every_row_holds_its_own_fields_whatever_batch_it_is_in(bool rowUri, string formats)
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("schema.json"), """
            { "fields": [ { "name": "id", "type": "integer" }, { "name": "namn", "type": "string" }, { "name": "belopp", "type": "number" } ] }
            """);
        File.WriteAllText(dir.File("export.csv"), Export);
        File.WriteAllText(dir.File("p.yaml"), $$"""
            source: { path: export.csv, delimiter: ";", decimal: "," }
            columns: { Id: public, Namn: public, Belopp: public, E: public, N: public }
            geometry: { easting: E, northing: N, crs: "EPSG:3006", missing: "null" }
            specification: { uri: "https://example.se/spec/1.0", schema: schema.json }
            mapping:
              {{(rowUri ? "row-uri: https://example.se/rad/{id}" : "")}}
              fields: { id: Id, namn: Namn, belopp: { from: Belopp, decimals: 2 } }
            outputs: { dir: out, formats: [{{formats}}] }
            """);

        await new PipelineRunner { FlowBatchSize = 2 }.RunAsync(PipelineLoader.Load(dir.File("p.yaml")));

        string[] expected =
        [
            """{"id":1,"namn":"Ett","belopp":1.50}""",
            """{"id":2,"namn":null,"belopp":2.00}""",
            """{"id":3,"namn":"Tre \"citat\"","belopp":null}""",
            """{"id":4,"namn":"Fyra","belopp":-0.05}""",
            """{"id":5,"namn":"Fem","belopp":10.00}""",
        ];
        if (formats.Contains("json,") || formats == "json")
        {
            using var json = JsonDocument.Parse(File.ReadAllBytes(dir.File("out", "p.json")));
            var rows = json.RootElement.EnumerateArray().ToList();
            Assert.Equal(expected.Length, rows.Count);
            for (var i = 0; i < rows.Count; i++)
            {
                var uri = rowUri ? $$"""{"uri":"https://example.se/rad/{{i + 1}}",""" : "{";
                Assert.Equal(uri + expected[i][1..], rows[i].GetRawText());
            }
        }
        if (formats.Contains("geojson"))
        {
            using var geo = JsonDocument.Parse(File.ReadAllBytes(dir.File("out", "p.geojson")));
            var features = geo.RootElement.GetProperty("features").EnumerateArray().ToList();
            Assert.Equal(expected, features.Select(f => f.GetProperty("properties").GetRawText()));
            Assert.Equal(rowUri, features[0].TryGetProperty("id", out _));
        }
    }
}
