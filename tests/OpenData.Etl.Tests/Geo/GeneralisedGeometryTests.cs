using System.Globalization;
using System.Text.Json;
using OpenData.Etl.Tests.Support;

namespace OpenData.Etl.Tests.Geo;

/// <summary>Grid generalisation happens before reprojection, so no GeoJSON point is more precise than its cell.</summary>
public sealed class GeneralisedGeometryTests
{
    [Fact]
    public async Task GeoJSON_points_are_the_reprojected_centres_of_the_1000_m_cells_holding_the_originals()
    {
        using var dir = new TempDir();
        var pipeline = PipelineFiles.WriteGeoPipeline(dir, Repo.LivsmedelExport, y => y
            .Replace("Nord_SWEREF99TM:    { class: public }", "Nord_SWEREF99TM:    { class: public, action: generalise, grid: 1000 }", StringComparison.Ordinal)
            .Replace("Ost_SWEREF99TM:     { class: public }", "Ost_SWEREF99TM:     { class: public, action: generalise, grid: 1000 }", StringComparison.Ordinal));

        var result = await Odetl.RunAsync("run", pipeline, "-q");
        Assert.True(result.ExitCode == 0, result.All);

        var rows = CsvText.Parse(File.ReadAllText(Repo.LivsmedelExport, PipelineFiles.Windows1252), ';');
        var header = rows[0].ToList();
        double D(string[] r, string column) => double.Parse(r[header.IndexOf(column)].Replace(',', '.'), CultureInfo.InvariantCulture);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Directory.GetFiles(dir.File("out"), "*.geojson").Single()));
        var features = doc.RootElement.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(rows.Count - 1, features.Count);

        var pointsByCell = new Dictionary<(double, double), (double, double)>();
        var moved = 0;
        for (var i = 0; i < features.Count; i++)
        {
            var c = features[i].GetProperty("geometry").GetProperty("coordinates");
            var (lon, lat) = (c[0].GetDouble(), c[1].GetDouble());
            var original = (Lon: D(rows[i + 1], "Long_WGS84"), Lat: D(rows[i + 1], "Lat_WGS84"));
            var metres = Metres(original.Lon, original.Lat, lon, lat);
            Assert.True(metres <= 710, $"feature {i}: {metres:F0} m from its original, more than half a cell's diagonal");
            if (metres > 1) moved++;

            var cell = (Math.Floor(D(rows[i + 1], "Ost_SWEREF99TM") / 1000), Math.Floor(D(rows[i + 1], "Nord_SWEREF99TM") / 1000));
            if (pointsByCell.TryGetValue(cell, out var seen)) Assert.Equal(seen, (lon, lat)); // one point per cell
            else pointsByCell[cell] = (lon, lat);
        }
        Assert.True(moved > features.Count / 2, "the points were not generalised");
        Assert.True(pointsByCell.Count < features.Count, "no two rows share a cell, so the check proved nothing");
    }

    /// <summary>Distance on a local flat approximation; good to a few metres over a kilometre.</summary>
    private static double Metres(double lon1, double lat1, double lon2, double lat2)
    {
        var dy = (lat2 - lat1) * 111_320;
        var dx = (lon2 - lon1) * 111_320 * Math.Cos(lat1 * Math.PI / 180);
        return Math.Sqrt(dx * dx + dy * dy);
    }
}
