using System.Globalization;
using OpenData.Etl.Diagnostics;

namespace OpenData.Etl.Geo;

/// <summary>
/// Sanity checks on a point in its source CRS, before any reprojection, aimed at the real mistakes in
/// Swedish exports: easting and northing swapped, a point outside Sweden for the declared CRS (a wrong CRS
/// or zone), and SWEREF 99 TM eastings outside the range the projection has in Sweden.
/// </summary>
public sealed class CoordinateChecks
{
    /// <summary>Sweden onshore and offshore (EPSG area 1225), WGS 84 degrees.</summary>
    public const double West = 10.03, South = 54.96, East = 24.17, North = 69.07;

    /// <summary>SWEREF 99 TM eastings in Sweden lie inside this range (metres).</summary>
    public const double TmEastingMin = 200_000, TmEastingMax = 1_000_000;

    private double _minX, _minY, _maxX, _maxY; // set while the constructor samples Sweden's edges

    public CoordinateChecks(ToWgs84 transform)
    {
        Crs = transform.Crs;
        (_minX, _minY, _maxX, _maxY) = (double.MaxValue, double.MaxValue, double.MinValue, double.MinValue);
        // Sweden's box in the source CRS: its edges, sampled densely, projected (a TM extreme lies on the edge).
        const int steps = 64;
        for (var i = 0; i <= steps; i++)
        {
            var lon = West + (East - West) * i / steps;
            var lat = South + (North - South) * i / steps;
            Include(transform.FromWgs84(lon, South));
            Include(transform.FromWgs84(lon, North));
            Include(transform.FromWgs84(West, lat));
            Include(transform.FromWgs84(East, lat));
        }
    }

    public SwedishCrs Crs { get; }

    /// <summary>Sweden's extent in the source CRS, as (minX, minY, maxX, maxY).</summary>
    public (double MinX, double MinY, double MaxX, double MaxY) Extent => (_minX, _minY, _maxX, _maxY);

    private void Include((double X, double Y) p)
    {
        if (!double.IsFinite(p.X) || !double.IsFinite(p.Y)) return;
        (_minX, _maxX) = (Math.Min(_minX, p.X), Math.Max(_maxX, p.X));
        (_minY, _maxY) = (Math.Min(_minY, p.Y), Math.Max(_maxY, p.Y));
    }

    public bool InSweden(double x, double y) => x >= _minX && x <= _maxX && y >= _minY && y <= _maxY;

    /// <summary>
    /// The first problem with the point (x = easting or longitude, y = northing or latitude) as a diagnostic code
    /// and a kind, or null. Messages are worded by the caller, which knows the column names.
    /// </summary>
    public (string Code, CoordinateProblem Problem)? Check(double x, double y)
    {
        var inside = InSweden(x, y);
        if (!inside && InSweden(y, x)) return (Codes.AxesSwapped, CoordinateProblem.Swapped);
        if (Crs.Epsg == 3006 && x is < TmEastingMin or > TmEastingMax) return (Codes.EastingOutOfRange, CoordinateProblem.TmEastingRange);
        if (!inside) return (Codes.OutsideExtent, CoordinateProblem.OutsideSweden);
        return null;
    }

    public string DescribeExtent()
    {
        string N(double v) => Crs.IsGeographic ? v.ToString("0.##", CultureInfo.InvariantCulture) : v.ToString("#,0", CultureInfo.InvariantCulture).Replace(',', ' ');
        return Crs.IsGeographic
            ? $"longitude {N(_minX)}–{N(_maxX)}, latitude {N(_minY)}–{N(_maxY)}"
            : $"easting {N(_minX)}–{N(_maxX)}, northing {N(_minY)}–{N(_maxY)}";
    }
}

public enum CoordinateProblem { Swapped, TmEastingRange, OutsideSweden }
