using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using OpenData.Etl.Pipelines;
using OpenData.Etl.Running;
using OpenData.Etl.Tests.Support;

namespace OpenData.Etl.Tests.Geo;

/// <summary>The shipped geodata pipeline, run once, read back by GDAL and by an independent JSON parse.</summary>
public sealed partial class GeoJsonOutputTests : IAsyncLifetime
{
    private readonly TempDir _dir = new();
    private RunResult _result = null!;

    private string GeoJson => _dir.File("livsmedelsanlaggningar-geo.geojson");

    public async Task InitializeAsync()
    {
        var pipeline = PipelineLoader.Load(Repo.GeoPipeline);
        pipeline = pipeline with { Outputs = pipeline.Outputs with { Directory = _dir.Path } };
        _result = await new PipelineRunner().RunAsync(pipeline);
    }

    public Task DisposeAsync()
    {
        _dir.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>The export's own WGS 84 columns (the positions its SWEREF 99 TM columns were projected from).</summary>
    private static List<(string Id, double Longitude, double Latitude)> SourcePositions()
    {
        var rows = CsvText.Parse(File.ReadAllText(Repo.LivsmedelExport, PipelineFiles.Windows1252), ';');
        var header = rows[0].ToList();
        int Col(string name) => header.IndexOf(name);
        double D(string text) => double.Parse(text.Replace(',', '.'), CultureInfo.InvariantCulture);
        return [.. rows.Skip(1).Select(r => (r[Col("InspektionsID")], D(r[Col("Long_WGS84")]), D(r[Col("Lat_WGS84")])))];
    }

    [Fact]
    public void Ogrinfo_opens_the_GeoJSON_and_reports_every_feature_and_the_extent_of_the_source_points()
    {
        var positions = SourcePositions();
        var summary = Ogr.Summary(GeoJson);

        Assert.Equal(positions.Count, summary.FeatureCount);
        Assert.Contains("Geometry: Point", summary.Text, StringComparison.Ordinal);
        // ogrinfo prints 6 decimals; the source positions have 6 and the SWEREF 99 TM columns keep millimetres.
        Assert.Equal(positions.Min(p => p.Longitude), summary.MinX, 2e-6);
        Assert.Equal(positions.Min(p => p.Latitude), summary.MinY, 2e-6);
        Assert.Equal(positions.Max(p => p.Longitude), summary.MaxX, 2e-6);
        Assert.Equal(positions.Max(p => p.Latitude), summary.MaxY, 2e-6);
    }

    [Fact]
    public void Each_feature_is_a_longitude_latitude_point_of_its_row_with_the_row_URI_as_id()
    {
        var expected = SourcePositions().ToDictionary(p => p.Id);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(GeoJson));
        Assert.Equal("FeatureCollection", doc.RootElement.GetProperty("type").GetString());
        var features = doc.RootElement.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(expected.Count, features.Count);
        foreach (var feature in features)
        {
            Assert.Equal("Feature", feature.GetProperty("type").GetString());
            var id = feature.GetProperty("id").GetString()!;
            var local = feature.GetProperty("properties").GetProperty("inspection.idLocal").GetString()!;
            Assert.Equal($"https://data.malmo.example.se/livsmedel/inspektion/{local}", id);
            var geometry = feature.GetProperty("geometry");
            Assert.Equal("Point", geometry.GetProperty("type").GetString());
            var coordinates = geometry.GetProperty("coordinates").EnumerateArray().Select(c => c.GetDouble()).ToList();
            Assert.Equal(2, coordinates.Count);
            Assert.Equal(expected[local].Longitude, coordinates[0], 1e-6);
            Assert.Equal(expected[local].Latitude, coordinates[1], 1e-6);
        }
    }

    [Fact]
    public void Coordinates_are_written_with_at_most_seven_decimals()
    {
        var text = File.ReadAllText(GeoJson);
        var matches = Coordinates().Matches(text);
        Assert.Equal(SourcePositions().Count, matches.Count);
        foreach (Match m in matches)
        {
            foreach (var number in new[] { m.Groups[1].Value, m.Groups[2].Value })
            {
                var dot = number.IndexOf('.', StringComparison.Ordinal);
                Assert.True(dot < 0 || number.Length - dot - 1 <= 7, $"'{number}' has more than 7 decimals");
            }
        }
    }

    [Fact]
    public void Properties_are_typed_exactly_as_in_the_JSON_output()
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(_dir.File("livsmedelsanlaggningar-geo.json")));
        using var geo = JsonDocument.Parse(File.ReadAllBytes(GeoJson));
        var rows = json.RootElement.EnumerateArray().ToList();
        var features = geo.RootElement.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(rows.Count, features.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.Equal(rows[i].GetProperty("uri").GetString(), features[i].GetProperty("id").GetString());
            var expected = rows[i].EnumerateObject().Where(p => p.Name != "uri").Select(p => (p.Name, p.Value.GetRawText())).ToList();
            var actual = features[i].GetProperty("properties").EnumerateObject().Select(p => (p.Name, p.Value.GetRawText())).ToList();
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void The_run_result_carries_the_bounding_box_written_in_the_GeoJSON()
    {
        using var geo = JsonDocument.Parse(File.ReadAllBytes(GeoJson));
        var bbox = geo.RootElement.GetProperty("bbox").EnumerateArray().Select(v => v.GetDouble()).ToList();
        var points = geo.RootElement.GetProperty("features").EnumerateArray()
            .Select(f => f.GetProperty("geometry").GetProperty("coordinates").EnumerateArray().Select(c => c.GetDouble()).ToList()).ToList();

        Assert.NotNull(_result.BoundingBox);
        Assert.Equal([_result.BoundingBox.West, _result.BoundingBox.South, _result.BoundingBox.East, _result.BoundingBox.North], bbox);
        Assert.Equal([points.Min(p => p[0]), points.Min(p => p[1]), points.Max(p => p[0]), points.Max(p => p[1])], bbox);
    }

    [Fact]
    public async Task The_command_line_reports_the_extent_of_the_published_points()
    {
        using var dir = new TempDir();
        var result = await Odetl.RunAsync("run", Repo.GeoPipeline, "-o", dir.Path);

        Assert.Equal(0, result.ExitCode);
        var box = _result.BoundingBox!;
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"WGS 84 extent {box.West},{box.South} to {box.East},{box.North}"), result.Stderr, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"""coordinates"":\[([-\d.Ee+]+),([-\d.Ee+]+)\]")]
    private static partial Regex Coordinates();
}
