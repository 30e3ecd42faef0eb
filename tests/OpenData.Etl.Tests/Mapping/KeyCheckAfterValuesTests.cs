using System.Globalization;
using System.Text.Json;
using OpenData.Etl.Diagnostics;
using OpenData.Etl.Geo;
using OpenData.Etl.Mapping;
using OpenData.Etl.Pipelines;
using OpenData.Etl.Running;
using OpenData.Etl.Tests.Support;

namespace OpenData.Etl.Tests.Mapping;

/// <summary>
/// Keys and row URIs are checked after a batch's values, and the rows they reject leave the batch: every column,
/// the points and the source lines must close up behind them, a batch of nothing but repeats must not end the
/// reading, and the errors must still read in line order.
/// </summary>
public sealed class KeyCheckAfterValuesTests
{
    // Line numbers in the export (the header is line 1); "-" repeats an earlier key, n = -1 breaks the constraint.
    private static readonly (int Line, string Id, string Name, int N)[] Rows =
    [
        (2, "a1", "Anna", 1), (3, "a2", "Björn", 2), (4, "a3", "Cecilia", 3),
        (5, "a1", "-", 4), (6, "a2", "-", 5), (7, "a3", "-", 6), // a whole batch of repeats
        (8, "a4", "Dag", -1), (9, "a4", "Dag", 7), (10, "a4", "-", 8), (11, "a5", "Eva", 9), (12, "a6", "Frida", 10), // a5 moves up
    ];

    private static (double East, double North) Point(int line) => (500_000 + 100 * line, 6_500_000 + 100 * line);

    private static string WritePipeline(TempDir dir, string nameOnLine11 = "Eva")
    {
        File.WriteAllText(dir.File("schema.json"), """
            { "fields": [
                { "name": "id", "type": "string" },
                { "name": "namn", "type": "string" },
                { "name": "n", "type": "integer", "constraints": { "minimum": 0 } },
                { "name": "plats", "type": "array" } ],
              "primaryKey": "id" }
            """);
        File.WriteAllText(dir.File("export.csv"), "Id;Namn;N;E;N2\n" + string.Concat(Rows.Select(r =>
            FormattableString.Invariant($"{r.Id};{(r.Line == 11 ? nameOnLine11 : r.Name)};{r.N};{Point(r.Line).East};{Point(r.Line).North}\n"))));
        File.WriteAllText(dir.File("p.yaml"), """
            source: { path: export.csv, delimiter: ";", on-bad-row: skip }
            columns: { Id: public, Namn: public, N: public, E: public, N2: public }
            geometry: { easting: E, northing: N2, crs: EPSG:3006 }
            specification: { uri: "https://example.se/spec/1.0", schema: schema.json }
            mapping:
              row-uri: "https://example.se/id/{id}"
              fields: { id: Id, namn: Namn, n: N, plats: { from: [N2, E], items: number } }
            outputs: { dir: out, formats: [csv, geojson] }
            """);
        return dir.File("p.yaml");
    }

    [Fact]
    public async Task Rejected_rows_leave_no_gap_in_any_column_and_errors_come_in_line_order()
    {
        using var dir = new TempDir();
        var pipeline = WritePipeline(dir);
        var log = new StringWriter();

        await new PipelineRunner(log) { FlowBatchSize = 3 }.RunAsync(PipelineLoader.Load(pipeline));

        int[] published = [2, 3, 4, 9, 11, 12];
        var expected = published.Select(line => Rows.Single(r => r.Line == line && r.N >= 0 && r.Name != "-")).ToList();
        Assert.Equal(
            ["uri,id,namn,n,plats", .. expected.Select(r => FormattableString.Invariant(
                $"https://example.se/id/{r.Id},{r.Id},{r.Name},{r.N},\"[{Point(r.Line).North},{Point(r.Line).East}]\""))],
            File.ReadAllLines(dir.File("out", "p.csv")));

        var toWgs84 = new ToWgs84(SwedishCrs.Get(3006));
        using var geojson = JsonDocument.Parse(File.ReadAllBytes(dir.File("out", "p.geojson")));
        var features = geojson.RootElement.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(expected.Select(r => r.Id), features.Select(f => f.GetProperty("properties").GetProperty("id").GetString()));
        foreach (var (row, feature) in expected.Zip(features))
        {
            var (lon, lat) = toWgs84.Transform(Point(row.Line).East, Point(row.Line).North);
            var coordinates = feature.GetProperty("geometry").GetProperty("coordinates");
            Assert.Equal(Math.Round(lon, 7), coordinates[0].GetDouble());
            Assert.Equal(Math.Round(lat, 7), coordinates[1].GetDouble());
        }

        var warnedLines = log.ToString().Split('\n')
            .Where(l => l.Contains("export.csv(", StringComparison.Ordinal) && l.Contains("warning", StringComparison.Ordinal))
            .Select(l => int.Parse(l[(l.IndexOf("export.csv(", StringComparison.Ordinal) + 11)..l.IndexOf(')', StringComparison.Ordinal)], CultureInfo.InvariantCulture))
            .ToList();
        // A repeated key also repeats the row URI made from it: two errors on each such line.
        Assert.Equal([5, 5, 6, 6, 7, 7, 8, 10, 10], warnedLines);
    }

    [Fact]
    public async Task A_row_that_moved_up_is_still_reported_by_its_own_line()
    {
        using var dir = new TempDir();
        // Line 11's row moves into the place of line 10's repeated key; the personal-data scan runs after that.
        var pipeline = WritePipeline(dir, nameOnLine11: $"Eva {TestPersonnummer.All[0]}");

        var failure = await Assert.ThrowsAsync<EtlException>(() => new PipelineRunner { FlowBatchSize = 3 }.RunAsync(PipelineLoader.Load(pipeline)));

        var found = Assert.Single(failure.Diagnostics, d => d.Code == Codes.PersonalDataFound);
        Assert.Equal(11, found.Location!.Line);
    }

    [Fact]
    public void Errors_added_out_of_line_order_are_kept_in_line_order_and_the_first_fifty_lines_win()
    {
        var errors = new DataErrors("export.csv");
        // Each batch of ten reports its value errors (odd lines) before its key errors (even lines).
        for (var batch = 0; batch < 8; batch++)
        {
            for (var line = batch * 10 + 1; line < batch * 10 + 10; line += 2) errors.Add("V", line, $"value {line}");
            for (var line = batch * 10; line < batch * 10 + 10; line += 2) errors.Add("K", line, $"key {line}");
            errors.Add("K", batch * 10, $"key {batch * 10}, second error of the line");
        }

        Assert.Equal(88, errors.Count);
        var expected = Enumerable.Range(0, 80).SelectMany(line => line % 10 == 0
                ? new[] { $"key {line}", $"key {line}, second error of the line" }
                : [line % 2 == 0 ? $"key {line}" : $"value {line}"])
            .Take(DataErrors.MaxReported);
        Assert.Equal(expected, errors.Reported.Select(d => d.Message));
    }
}
