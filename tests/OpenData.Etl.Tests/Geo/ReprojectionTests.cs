using System.Globalization;
using OpenData.Etl.Geo;
using OpenData.Etl.Tests.Support;

namespace OpenData.Etl.Tests.Geo;

public sealed class ReprojectionTests
{
    /// <summary>1e-7 degrees: about 1.1 cm in latitude, less in longitude at Swedish latitudes.</summary>
    private const double Tolerance = 1e-7;

    private sealed record ReferencePoint(int Epsg, string Place, double Easting, double Northing, double Longitude, double Latitude);

    private static List<ReferencePoint> ReferencePoints() =>
        [.. File.ReadLines(Repo.PathOf("tests", "OpenData.Etl.Tests", "Geo", "reference-points.csv")).Skip(1).Select(line =>
        {
            var p = line.Split(',');
            double D(int i) => double.Parse(p[i], CultureInfo.InvariantCulture);
            return new ReferencePoint(int.Parse(p[0], CultureInfo.InvariantCulture), p[1], D(2), D(3), D(4), D(5));
        })];

    [Fact]
    public void The_reference_file_covers_SWEREF_99_TM_a_local_zone_and_RT90_across_Sweden()
    {
        var byCrs = ReferencePoints().GroupBy(p => p.Epsg).ToDictionary(g => g.Key, g => g.ToList());
        Assert.True(byCrs[3006].Count >= 15);
        Assert.True(byCrs[3008].Count >= 10);
        Assert.True(byCrs[3021].Count >= 15);
        Assert.Equal(Enumerable.Range(3006, 13).Append(3021), byCrs.Keys.Order());
        // From Smygehuk to Treriksröset and from Strömstad to Haparanda: the far corners are where series drift.
        Assert.True(byCrs[3006].Max(p => p.Longitude) > 24 && byCrs[3006].Max(p => p.Latitude) > 69);
    }

    [Fact]
    public void Every_point_reprojects_within_a_centimetre_of_PROJ_one_by_one_and_as_a_batch()
    {
        var failures = new List<string>();
        foreach (var group in ReferencePoints().GroupBy(p => p.Epsg))
        {
            var transform = new ToWgs84(SwedishCrs.Get(group.Key));
            var points = group.ToList();
            // The run reprojects whole batches in place; ProjNET's array path is checked as well as its point path.
            var xs = points.Select(p => p.Easting).ToArray();
            var ys = points.Select(p => p.Northing).ToArray();
            transform.Transform(xs, ys);
            for (var i = 0; i < points.Count; i++)
            {
                var p = points[i];
                var (lon, lat) = transform.Transform(p.Easting, p.Northing);
                Check(p, "point", lon, lat);
                Check(p, "batch", xs[i], ys[i]);
            }
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));

        void Check(ReferencePoint p, string how, double lon, double lat)
        {
            if (Math.Abs(lon - p.Longitude) > Tolerance || Math.Abs(lat - p.Latitude) > Tolerance)
                failures.Add($"EPSG:{p.Epsg} {p.Place} ({how}): got {lon:F9} {lat:F9}, PROJ {p.Longitude:F9} {p.Latitude:F9}");
        }
    }

    [Fact]
    public void Errors_stay_far_below_the_tolerance_for_SWEREF_99()
    {
        // SWEREF 99 needs only the inverse projection, so anything beyond rounding noise would be a formula error.
        foreach (var p in ReferencePoints().Where(p => p.Epsg != 3021))
        {
            var (lon, lat) = new ToWgs84(SwedishCrs.Get(p.Epsg)).Transform(p.Easting, p.Northing);
            Assert.InRange(Math.Abs(lon - p.Longitude), 0, 1e-8);
            Assert.InRange(Math.Abs(lat - p.Latitude), 0, 1e-8);
        }
    }

    /// <summary>
    /// The way back (used only to find Sweden's extent in the source CRS) is exact for SWEREF 99; for RT90,
    /// ProjNET inverts the 7-parameter shift approximately, which costs centimetres, harmless for an extent.
    /// </summary>
    [Theory]
    [InlineData(3006, 0.002)]
    [InlineData(3008, 0.002)]
    [InlineData(3021, 0.05)]
    public void Forward_and_back_returns_to_the_same_point(int epsg, double metres)
    {
        var transform = new ToWgs84(SwedishCrs.Get(epsg));
        foreach (var p in ReferencePoints().Where(p => p.Epsg == epsg))
        {
            var (x, y) = transform.FromWgs84(p.Longitude, p.Latitude);
            Assert.InRange(x - p.Easting, -metres, metres);
            Assert.InRange(y - p.Northing, -metres, metres);
        }
    }

    [Fact]
    public void WGS_84_input_is_passed_through_unchanged()
    {
        Assert.Equal((13.0038, 55.605), new ToWgs84(SwedishCrs.Get(4326)).Transform(13.0038, 55.605));
    }
}
