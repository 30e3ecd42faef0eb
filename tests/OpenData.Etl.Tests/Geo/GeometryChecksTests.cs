using System.Globalization;
using System.Text;
using System.Text.Json;
using OpenData.Etl.Diagnostics;
using OpenData.Etl.Tests.Support;

namespace OpenData.Etl.Tests.Geo;

public sealed class GeometryChecksTests
{
    /// <summary>The example export as records (fields), so tests can change cells and write it back.</summary>
    private static List<string[]> Records() => CsvText.Parse(File.ReadAllText(Repo.LivsmedelExport, PipelineFiles.Windows1252), ';');

    private static string WriteRecords(TempDir dir, List<string[]> records)
    {
        static string Field(string f) => f.IndexOfAny([';', '"', '\r', '\n']) >= 0 ? $"\"{f.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : f;
        var text = string.Join("\r\n", records.Select(r => string.Join(';', r.Select(Field)))) + "\r\n";
        var path = dir.File("export.csv");
        File.WriteAllText(path, text, PipelineFiles.Windows1252);
        return path;
    }

    /// <summary>The export with the first data row's (line 2) cells in <paramref name="column"/> replaced.</summary>
    private static string ExportWithFirstRow(TempDir dir, params (string Column, string Value)[] cells)
    {
        var records = Records();
        foreach (var (column, value) in cells) records[1][Array.IndexOf(records[0], column)] = value;
        return WriteRecords(dir, records);
    }

    private static string Geo(TempDir dir, string export, Func<string, string>? edit = null) => PipelineFiles.WriteGeoPipeline(dir, export, edit);

    [Fact]
    public async Task Swapped_easting_and_northing_stop_the_run_naming_both_columns_and_suggesting_the_swap()
    {
        using var dir = new TempDir();
        var export = WriteRecords(dir, Records());
        var pipeline = Geo(dir, export, y => y
            .Replace("easting: Ost_SWEREF99TM", "easting: Nord_SWEREF99TM", StringComparison.Ordinal)
            .Replace("northing: Nord_SWEREF99TM", "northing: Ost_SWEREF99TM", StringComparison.Ordinal));

        var result = await Odetl.RunAsync("run", pipeline, "-q");

        Assert.Equal(ExitCodes.DataError, result.ExitCode);
        var first = result.Stderr.Split('\n')[0];
        Assert.Contains("export.csv(2): error ODE0713", first, StringComparison.Ordinal);
        Assert.Contains("easting from 'Nord_SWEREF99TM'", first, StringComparison.Ordinal);
        Assert.Contains("northing from 'Ost_SWEREF99TM'", first, StringComparison.Ordinal);
        Assert.Contains("swap them: 'easting: Ost_SWEREF99TM' and 'northing: Nord_SWEREF99TM'", first, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("out")));
    }

    [Fact]
    public async Task Swapped_longitude_and_latitude_are_caught_too()
    {
        using var dir = new TempDir();
        var export = WriteRecords(dir, Records());
        var pipeline = Geo(dir, export, y => y
            .Replace("easting: Ost_SWEREF99TM", "longitude: Lat_WGS84", StringComparison.Ordinal)
            .Replace("northing: Nord_SWEREF99TM", "latitude: Long_WGS84", StringComparison.Ordinal)
            .Replace("crs: EPSG:3006", "crs: EPSG:4326", StringComparison.Ordinal));

        var result = await Odetl.RunAsync("run", pipeline);

        Assert.Equal(ExitCodes.DataError, result.ExitCode);
        Assert.Contains("ODE0713", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("'longitude: Long_WGS84' and 'latitude: Lat_WGS84'", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_point_outside_Sweden_for_the_declared_CRS_is_an_error_naming_the_CRS()
    {
        using var dir = new TempDir();
        var export = WriteRecords(dir, Records());
        // SWEREF 99 TM coordinates declared as RT90: 1 100 km west of where RT90 eastings lie.
        var pipeline = Geo(dir, export, y => y.Replace("crs: EPSG:3006", "crs: EPSG:3021", StringComparison.Ordinal));

        var result = await Odetl.RunAsync("run", pipeline);

        Assert.Equal(ExitCodes.DataError, result.ExitCode);
        Assert.Contains("export.csv(2): error ODE0714", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("outside Sweden's extent for EPSG:3021 (RT90 2.5 gon V)", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("'Ost_SWEREF99TM'", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_SWEREF_99_TM_easting_below_200_000_is_refused_with_a_hint_at_local_zones()
    {
        using var dir = new TempDir();
        var export = ExportWithFirstRow(dir, ("Ost_SWEREF99TM", "150432,783"));

        var result = await Odetl.RunAsync("run", Geo(dir, export));

        Assert.Equal(ExitCodes.DataError, result.ExitCode);
        Assert.Contains("export.csv(2): error ODE0715: geometry: the easting 150432.783", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("200 000–1 000 000", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rows_without_coordinates_get_a_null_geometry_when_missing_is_null()
    {
        using var dir = new TempDir();
        var export = ExportWithFirstRow(dir, ("Ost_SWEREF99TM", ""), ("Nord_SWEREF99TM", "-"));
        var pipeline = Geo(dir, export, y => y.Replace("missing: reject", "missing: null", StringComparison.Ordinal));

        var result = await Odetl.RunAsync("run", pipeline, "-q");

        Assert.True(result.ExitCode == 0, result.All);
        using var geo = JsonDocument.Parse(File.ReadAllBytes(dir.File("out", "livsmedelsanlaggningar-geo.geojson")));
        var features = geo.RootElement.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(JsonValueKind.Null, features[0].GetProperty("geometry").ValueKind);
        Assert.Equal(JsonValueKind.Object, features[1].GetProperty("geometry").ValueKind);
        Assert.Equal(features.Count, Ogr.Summary(dir.File("out", "livsmedelsanlaggningar-geo.geojson")).FeatureCount);
        var nulls = DuckDb.Rows($"SELECT count(*) FROM read_parquet('{dir.File("out", "livsmedelsanlaggningar-geo.parquet")}') WHERE geometry IS NULL");
        Assert.Equal(1L, Convert.ToInt64(nulls[0][0], CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Rows_without_coordinates_are_rejected_when_missing_is_reject()
    {
        using var dir = new TempDir();
        var export = ExportWithFirstRow(dir, ("Ost_SWEREF99TM", ""), ("Nord_SWEREF99TM", ""));

        var result = await Odetl.RunAsync("run", Geo(dir, export));

        Assert.Equal(ExitCodes.DataError, result.ExitCode);
        Assert.Contains("export.csv(2): error ODE0712", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("'Ost_SWEREF99TM' or 'Nord_SWEREF99TM'", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "6161584,772", "'Nord_SWEREF99TM' has a value but 'Ost_SWEREF99TM' is empty")]
    [InlineData("375432.783", "6161584,772", "the easting in 'Ost_SWEREF99TM' found '375432.783', expected a number (decimal separator ',')")]
    public async Task Half_a_point_or_a_wrong_decimal_separator_is_a_row_error(string easting, string northing, string message)
    {
        using var dir = new TempDir();
        var export = ExportWithFirstRow(dir, ("Ost_SWEREF99TM", easting), ("Nord_SWEREF99TM", northing));

        // The specification's own SWEREF 99 coordinate field reads the same columns and would report first.
        var result = await Odetl.RunAsync("run", Geo(dir, export, y => y
            .Replace("missing: reject", "missing: null", StringComparison.Ordinal)
            .Replace("    facility.location.sweref99.coordinates: { from: [Nord_SWEREF99TM, Ost_SWEREF99TM], items: number }\n", "", StringComparison.Ordinal)));

        Assert.Equal(ExitCodes.DataError, result.ExitCode);
        Assert.Contains("export.csv(2): error ODE0711", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Longitude_and_latitude_in_WGS_84_are_published_as_they_are()
    {
        using var dir = new TempDir();
        var export = WriteRecords(dir, Records());
        var pipeline = Geo(dir, export, y => y
            .Replace("easting: Ost_SWEREF99TM", "longitude: Long_WGS84", StringComparison.Ordinal)
            .Replace("northing: Nord_SWEREF99TM", "latitude: Lat_WGS84", StringComparison.Ordinal)
            .Replace("crs: EPSG:3006", "crs: EPSG:4326", StringComparison.Ordinal));

        var result = await Odetl.RunAsync("run", pipeline, "-q");

        Assert.True(result.ExitCode == 0, result.All);
        var records = Records();
        int Col(string name) => Array.IndexOf(records[0], name);
        using var geo = JsonDocument.Parse(File.ReadAllBytes(dir.File("out", "livsmedelsanlaggningar-geo.geojson")));
        var features = geo.RootElement.GetProperty("features").EnumerateArray().ToList();
        for (var i = 0; i < features.Count; i++)
        {
            var coordinates = features[i].GetProperty("geometry").GetProperty("coordinates");
            Assert.Equal(records[i + 1][Col("Long_WGS84")].Replace(',', '.'), coordinates[0].GetRawText().PadRight(9, '0'));
            Assert.Equal(records[i + 1][Col("Lat_WGS84")].Replace(',', '.'), coordinates[1].GetRawText().PadRight(9, '0'));
        }
    }

    [Fact]
    public async Task A_WKT_column_gives_the_same_GeoJSON_as_easting_and_northing_columns()
    {
        using var dir = new TempDir();
        var records = Records();
        int Col(string name) => Array.IndexOf(records[0], name);
        var withWkt = records.Select((r, i) => i == 0
            ? [.. r, "Punkt"]
            : r.Append($"POINT ({r[Col("Ost_SWEREF99TM")].Replace(',', '.')} {r[Col("Nord_SWEREF99TM")].Replace(',', '.')})").ToArray()).ToList();
        var export = WriteRecords(dir, withWkt);
        var columnsPipeline = Geo(dir, export, y => y.Replace("  KontaktPnr:", "  Punkt: { class: public }\n  KontaktPnr:", StringComparison.Ordinal));
        var wktPipeline = PipelineFiles.WriteGeoPipeline(dir, export, y => y
            .Replace("  KontaktPnr:", "  Punkt: { class: public }\n  KontaktPnr:", StringComparison.Ordinal)
            .Replace("  easting: Ost_SWEREF99TM\n  northing: Nord_SWEREF99TM", "  wkt: Punkt", StringComparison.Ordinal)
            .Replace(dir.File("out"), dir.File("out-wkt"), StringComparison.Ordinal), "wkt.yaml");

        var columns = await Odetl.RunAsync("run", columnsPipeline, "-q");
        var wkt = await Odetl.RunAsync("run", wktPipeline, "-q");

        Assert.True(columns.ExitCode == 0, columns.All);
        Assert.True(wkt.ExitCode == 0, wkt.All);
        Assert.Contains("wkt: Punkt", File.ReadAllText(wktPipeline), StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(dir.File("out", "livsmedelsanlaggningar-geo.geojson")), File.ReadAllBytes(dir.File("out-wkt", "livsmedelsanlaggningar-geo.geojson")));
    }

    [Fact]
    public async Task A_WKT_that_is_not_a_point_is_a_row_error()
    {
        using var dir = new TempDir();
        var records = Records();
        var withWkt = records.Select((r, i) => i == 0 ? [.. r, "Punkt"] : r.Append(i == 1 ? "LINESTRING (375432 6161584, 375500 6161600)" : "POINT (375432.783 6161584.772)").ToArray()).ToList();
        var export = WriteRecords(dir, withWkt);
        var pipeline = Geo(dir, export, y => y
            .Replace("  KontaktPnr:", "  Punkt: { class: public }\n  KontaktPnr:", StringComparison.Ordinal)
            .Replace("  easting: Ost_SWEREF99TM\n  northing: Nord_SWEREF99TM", "  wkt: Punkt", StringComparison.Ordinal));

        var result = await Odetl.RunAsync("run", pipeline);

        Assert.Equal(ExitCodes.DataError, result.ExitCode);
        Assert.Contains("export.csv(2): error ODE0711: geometry: 'Punkt' holds a LineString; only points are supported.", result.Stderr, StringComparison.Ordinal);
    }
}
