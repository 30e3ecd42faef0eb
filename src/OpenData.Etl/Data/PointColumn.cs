namespace OpenData.Etl.Data;

/// <summary>
/// Each row's point in WGS 84 as two plain arrays of degrees with a null mask, like the other columns: no
/// geometry object per row. Not a specification field, so CSV and JSON leave it out; GeoJSON and Parquet write it.
/// </summary>
public sealed class PointColumn(string name, int capacity)
{
    /// <summary>Output name: the Parquet column and the GeoParquet primary column.</summary>
    public string Name { get; } = name;

    public double[] Longitude { get; } = new double[capacity];

    public double[] Latitude { get; } = new double[capacity];

    /// <summary>True where the row has no point (missing coordinates with 'missing: null').</summary>
    public bool[] IsNull { get; } = new bool[capacity];
}
