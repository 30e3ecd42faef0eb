namespace OpenData.Etl.Geo;

/// <summary>A WGS 84 bounding box in degrees, in the RFC 7946 and GeoParquet order (west, south, east, north).</summary>
public sealed record GeoBounds(double West, double South, double East, double North)
{
    /// <summary>
    /// The box as a WKT polygon in longitude/latitude order, the default CRS of geo:wktLiteral (CRS84),
    /// for DCAT-AP-SE's dcat:bbox.
    /// </summary>
    public string ToWkt() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"POLYGON(({West} {South}, {East} {South}, {East} {North}, {West} {North}, {West} {South}))");
}

/// <summary>Grows a bounding box point by point.</summary>
public sealed class GeoBoundsBuilder
{
    private double _west = double.PositiveInfinity, _south = double.PositiveInfinity;
    private double _east = double.NegativeInfinity, _north = double.NegativeInfinity;

    public long Points { get; private set; }

    public void Add(double longitude, double latitude)
    {
        Points++;
        if (longitude < _west) _west = longitude;
        if (longitude > _east) _east = longitude;
        if (latitude < _south) _south = latitude;
        if (latitude > _north) _north = latitude;
    }

    /// <summary>The box, or null when no point was added.</summary>
    public GeoBounds? ToBounds() => Points == 0 ? null : new GeoBounds(_west, _south, _east, _north);
}
