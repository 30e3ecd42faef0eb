using System.Buffers.Binary;
using System.Text.Json;
using OpenData.Etl.Tests.Support;

namespace OpenData.Etl.Tests.Geo;

/// <summary>
/// The GeoParquet output read by DuckDB. DuckDB's spatial extension is downloaded at run time, which CI
/// cannot do, so the WKB bytes DuckDB returns are decoded here by hand (a 2D point is 21 bytes).
/// </summary>
public sealed class GeoParquetTests : IAsyncLifetime
{
    private readonly TempDir _dir = new();

    private string Parquet => _dir.File("livsmedelsanlaggningar-geo.parquet");

    public async Task InitializeAsync()
    {
        var result = await Odetl.RunAsync("run", Repo.GeoPipeline, "-o", _dir.Path, "-q");
        Assert.True(result.ExitCode == 0, result.All);
    }

    public Task DisposeAsync()
    {
        _dir.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Makes DuckDB hand over the column's own bytes instead of its GEOMETRY value.</summary>
    private const string RawGeometry = "SET enable_geoparquet_conversion = false";

    private static (double X, double Y) DecodePoint(byte[] wkb)
    {
        Assert.True(wkb.Length == 21, Convert.ToHexString(wkb));
        Assert.Equal(21, wkb.Length);
        var little = wkb[0] == 1;
        uint U32(int at) => little ? BinaryPrimitives.ReadUInt32LittleEndian(wkb.AsSpan(at)) : BinaryPrimitives.ReadUInt32BigEndian(wkb.AsSpan(at));
        double F64(int at) => little ? BinaryPrimitives.ReadDoubleLittleEndian(wkb.AsSpan(at)) : BinaryPrimitives.ReadDoubleBigEndian(wkb.AsSpan(at));
        Assert.True(U32(1) == 1, $"not a WKB point: {Convert.ToHexString(wkb)}");
        return (F64(5), F64(13));
    }

    private static byte[] Bytes(object value) => value as byte[] ?? throw new InvalidOperationException($"unexpected BLOB type {value.GetType()}");

    [Fact]
    public void DuckDB_reads_a_WKB_column_that_decodes_to_the_GeoJSON_points()
    {
        // DuckDB reads the 'geo' metadata itself and types the column as GEOMETRY; the bytes are WKB underneath.
        Assert.StartsWith("GEOMETRY", DuckDb.ColumnTypes(Parquet)["geometry"], StringComparison.Ordinal);
        var rows = DuckDb.Rows($"SELECT uri, geometry FROM read_parquet('{Parquet}')", RawGeometry);

        using var geo = JsonDocument.Parse(File.ReadAllBytes(_dir.File("livsmedelsanlaggningar-geo.geojson")));
        var features = geo.RootElement.GetProperty("features").EnumerateArray().ToDictionary(
            f => f.GetProperty("id").GetString()!,
            f => f.GetProperty("geometry").GetProperty("coordinates").EnumerateArray().Select(c => c.GetDouble()).ToArray());

        Assert.Equal(features.Count, rows.Count);
        foreach (var row in rows)
        {
            var (x, y) = DecodePoint(Bytes(row[1]!));
            var expected = features[(string)row[0]!];
            Assert.Equal(expected[0], x);
            Assert.Equal(expected[1], y);
        }
    }

    [Fact]
    public void The_geo_metadata_is_GeoParquet_naming_the_column_WKB_and_WGS_84()
    {
        var kv = DuckDb.Rows($"SELECT decode(key), decode(value) FROM parquet_kv_metadata('{Parquet}')");
        var geoValue = kv.Single(r => (string)r[0]! == "geo")[1] as string;
        Assert.NotNull(geoValue);

        using var doc = JsonDocument.Parse(geoValue);
        var root = doc.RootElement;
        Assert.Equal("1.1.0", root.GetProperty("version").GetString());
        Assert.Equal("geometry", root.GetProperty("primary_column").GetString());
        var column = root.GetProperty("columns").GetProperty("geometry");
        Assert.Equal("WKB", column.GetProperty("encoding").GetString());
        Assert.Equal(["Point"], column.GetProperty("geometry_types").EnumerateArray().Select(t => t.GetString()));
        var crs = column.GetProperty("crs");
        Assert.Equal("OGC", crs.GetProperty("id").GetProperty("authority").GetString());
        Assert.Equal("CRS84", crs.GetProperty("id").GetProperty("code").GetString());
        Assert.Equal("Lon", crs.GetProperty("coordinate_system").GetProperty("axis")[0].GetProperty("abbreviation").GetString());

        var points = DuckDb.Rows($"SELECT geometry FROM read_parquet('{Parquet}')", RawGeometry).Select(r => DecodePoint(Bytes(r[0]!))).ToList();
        var bbox = column.GetProperty("bbox").EnumerateArray().Select(v => v.GetDouble()).ToList();
        Assert.Equal([points.Min(p => p.X), points.Min(p => p.Y), points.Max(p => p.X), points.Max(p => p.Y)], bbox);
    }
}
