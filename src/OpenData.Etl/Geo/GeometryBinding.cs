using System.Globalization;
using OpenData.Etl.Diagnostics;
using OpenData.Etl.Mapping;
using OpenData.Etl.Pipelines;
using NetTopologySuite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace OpenData.Etl.Geo;

/// <summary>
/// The 'geometry' section bound to the source header: which columns hold a row's coordinates, how they
/// parse, and the sanity checks on them. It yields coordinates in the SOURCE CRS; reprojection is a separate,
/// later step (<see cref="GeometryStep"/>), so that a protection step can change source coordinates in between.
/// </summary>
internal sealed class GeometryBinding
{
    private readonly WKTReader? _wkt;

    public GeometryBinding(GeometrySpec spec, int[] sourceIndexes, char decimalSeparator)
    {
        Spec = spec;
        SourceIndexes = sourceIndexes;
        DecimalSeparator = decimalSeparator;
        Transform = new ToWgs84(SwedishCrs.Get(spec.Epsg));
        Checks = new CoordinateChecks(Transform);
        if (spec.Input == GeometryInput.Wkt) _wkt = new WKTReader(new NtsGeometryServices(PrecisionModel.Floating.Value, spec.Epsg));
    }

    public GeometrySpec Spec { get; }

    /// <summary>Source column indexes in the order (easting, northing), (longitude, latitude) or (wkt).</summary>
    public int[] SourceIndexes { get; }

    public char DecimalSeparator { get; }

    public ToWgs84 Transform { get; }

    public CoordinateChecks Checks { get; }

    public SwedishCrs Crs => Transform.Crs;

    private string XName => Spec.Input == GeometryInput.LongitudeLatitude ? "longitude" : "easting";

    private string YName => Spec.Input == GeometryInput.LongitudeLatitude ? "latitude" : "northing";

    /// <summary>
    /// Parses the row's coordinates into (x, y) = (easting, northing) or (longitude, latitude) in the source CRS.
    /// Returns an error message naming the columns, or null. Geometry columns are public (checked at bind time),
    /// so their values may be quoted.
    /// </summary>
    public string? ReadCoordinates(ReadOnlySpan<char> first, ReadOnlySpan<char> second, out double x, out double y)
    {
        y = 0;
        if (_wkt is not null) return TryParseWkt(first, out x, out y);
        var okX = ValueParsers.TryParseDouble(first, DecimalSeparator, out x);
        var okY = ValueParsers.TryParseDouble(second, DecimalSeparator, out y);
        if (okX && okY) return null;
        var (column, text, axis) = okX ? (Spec.Columns[1], Shorten(second), YName) : (Spec.Columns[0], Shorten(first), XName);
        return $"geometry: the {axis} in '{column}' found '{text}', expected a number (decimal separator '{DecimalSeparator}').";
    }

    private string? TryParseWkt(ReadOnlySpan<char> text, out double x, out double y)
    {
        (x, y) = (0, 0);
        var column = Spec.Columns[0];
        Geometry geometry;
        try
        {
            geometry = _wkt!.Read(text.ToString());
        }
        catch (Exception e) when (e is ParseException or ArgumentException or FormatException)
        {
            return $"geometry: '{column}' found '{Shorten(text)}', expected WKT such as POINT ({(Crs.IsGeographic ? "13.0038 55.605" : "374244 6163927")}).";
        }
        if (geometry is not Point point || point.IsEmpty)
            return $"geometry: '{column}' holds a {geometry.GeometryType}{(geometry.IsEmpty ? " that is empty" : "")}; only points are supported.";
        (x, y) = (point.X, point.Y);
        if (!double.IsFinite(x) || !double.IsFinite(y))
            return $"geometry: '{column}' found '{Shorten(text)}', whose coordinates are not finite numbers.";
        return null;
    }

    /// <summary>The message for a failed sanity check, naming the columns and saying what to change.</summary>
    public string Describe(CoordinateProblem problem, double x, double y)
    {
        var crs = $"EPSG:{Crs.Epsg} ({Crs.Name})";
        var point = $"{XName} {Format(x)}, {YName} {Format(y)}";
        var source = Spec.Input == GeometryInput.Wkt
            ? $"'{Spec.Columns[0]}'"
            : $"{XName} from '{Spec.Columns[0]}', {YName} from '{Spec.Columns[1]}'";
        return problem switch
        {
            CoordinateProblem.Swapped when Spec.Input == GeometryInput.Wkt =>
                $"geometry: the point in {source} ({point}) lies outside Sweden for {crs} but inside with its coordinates swapped: the WKT looks written {YName} first. Write POINT ({XName} {YName}) in the export.",
            CoordinateProblem.Swapped =>
                $"geometry: the point ({point}; {source}) lies outside Sweden for {crs} but inside with the two swapped: the columns look swapped. In the pipeline, swap them: '{XName}: {Spec.Columns[1]}' and '{YName}: {Spec.Columns[0]}'.",
            CoordinateProblem.TmEastingRange =>
                $"geometry: the easting {Format(x)} ({source}) is outside 200 000–1 000 000, the range SWEREF 99 TM eastings have in Sweden; is the column in another CRS or zone (a local SWEREF 99 zone has eastings near 150 000)?",
            _ =>
                $"geometry: the point ({point}; {source}) lies outside Sweden's extent for {crs} ({Checks.DescribeExtent()}); check 'geometry.crs' and the columns.",
        };
    }

    private static string Format(double value) => value.ToString("0.#########", CultureInfo.InvariantCulture);

    private static string Shorten(ReadOnlySpan<char> value) =>
        value.Length <= 60 ? value.ToString() : string.Concat(value[..57], "...");
}
