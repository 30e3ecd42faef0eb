using OpenData.Etl.Data;

namespace OpenData.Etl.Geo;

/// <summary>
/// Per batch: takes the rows' source coordinates (already parsed and checked by <see cref="GeometryBinding"/>),
/// reprojects them to WGS 84, keeps 7 decimals (about 1 cm) and stores them in the batch's <see cref="PointColumn"/>.
/// </summary>
internal sealed class GeometryStep(GeometryBinding binding, int capacity)
{
    /// <summary>Decimals kept in every output: 1e-7 degrees is about 1 cm, finer than any municipal register.</summary>
    public const int Decimals = 7;

    private const double Scale = 1e7;

    /// <summary>Source-CRS coordinates of the batch's rows, filled row by row before reprojection.</summary>
    public double[] SourceX { get; } = new double[capacity];

    public double[] SourceY { get; } = new double[capacity];

    public bool[] IsNull { get; } = new bool[capacity];

    public GeometryBinding Binding { get; } = binding;

    public GeoBoundsBuilder Bounds { get; } = new();

    public void SetPoint(int row, double x, double y)
    {
        SourceX[row] = x;
        SourceY[row] = y;
        IsNull[row] = false;
    }

    public void SetNull(int row)
    {
        SourceX[row] = SourceY[row] = 0;
        IsNull[row] = true;
    }

    /// <summary>Moves a row's source coordinates to an earlier row, when rows between leave the batch.</summary>
    public void MoveRow(int from, int to) =>
        (SourceX[to], SourceY[to], IsNull[to]) = (SourceX[from], SourceY[from], IsNull[from]);

    /// <summary>Turns the first <paramref name="count"/> rows' source coordinates into the batch's WGS 84 points.</summary>
    public void Complete(PointColumn points, int count)
    {
        // Grid generalisation has already happened: the source decorator (Protection/ProtectedSource) snaps the
        // easting/northing columns before this step reads them, so only cell centres are reprojected.
        SourceX.AsSpan(0, count).CopyTo(points.Longitude);
        SourceY.AsSpan(0, count).CopyTo(points.Latitude);
        IsNull.AsSpan(0, count).CopyTo(points.IsNull);
        Binding.Transform.Transform(points.Longitude.AsSpan(0, count), points.Latitude.AsSpan(0, count));
        for (var i = 0; i < count; i++)
        {
            if (points.IsNull[i]) continue;
            // Division by the exact power of ten gives the double nearest the 7-decimal value, so the shortest
            // round-trip text of every coordinate has at most 7 decimals.
            var lon = points.Longitude[i] = Math.Round(points.Longitude[i] * Scale) / Scale;
            var lat = points.Latitude[i] = Math.Round(points.Latitude[i] * Scale) / Scale;
            Bounds.Add(lon, lat);
        }
    }
}
