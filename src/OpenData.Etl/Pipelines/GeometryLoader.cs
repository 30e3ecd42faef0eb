using System.Globalization;
using OpenData.Etl.Diagnostics;
using OpenData.Etl.Geo;
using YamlDotNet.RepresentationModel;

namespace OpenData.Etl.Pipelines;

/// <summary>
/// Reads the 'geometry' section. Columns are named by what they mean (easting/northing or
/// longitude/latitude), never x/y, because swapped axes are the most common defect in published geodata.
/// </summary>
internal static class GeometryLoader
{
    private static readonly string[] Keys = ["easting", "northing", "longitude", "latitude", "wkt", "crs", "missing"];
    private static readonly string[] MissingChoices = ["null", "reject"];

    public static GeometrySpec? Read(YamlNodeReader r, YamlNode? node)
    {
        if (node is null) return null;
        var map = r.Mapping(node, "geometry", allowed: null);
        if (map is null) return null;

        var ok = true;
        foreach (var key in map.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (Keys.Contains(name)) continue;
            ok = false;
            if (name is "x" or "y" or "X" or "Y" or "lon" or "lat" or "east" or "north")
                r.Error(Codes.UnknownKey, $"'geometry.{name}' is ambiguous; name the columns by meaning: 'easting' and 'northing' for a projected CRS such as EPSG:3006, or 'longitude' and 'latitude' for EPSG:4326.", key);
            else
                r.Error(Codes.UnknownKey, $"unknown key '{name}' in 'geometry'.{DidYouMean.Hint(name, Keys)} Allowed: {string.Join(", ", Keys)}.", key);
        }

        string? Column(string key) => r.String(map, key, "geometry") is { } text && text.Trim().Length > 0 ? text.Trim() : null;
        var easting = Column("easting");
        var northing = Column("northing");
        var longitude = Column("longitude");
        var latitude = Column("latitude");
        var wkt = Column("wkt");

        var crsNode = r.Required(map, "crs", "geometry", node);
        var epsg = ReadCrs(r, crsNode);
        ok &= epsg is not null;

        var missing = r.Choice(YamlNodeReader.Get(map, "missing"), "geometry.missing", MissingChoices) switch
        {
            "reject" => MissingGeometry.Reject,
            _ => MissingGeometry.Null,
        };

        var pairs = (easting ?? northing) is not null ? 1 : 0;
        pairs += (longitude ?? latitude) is not null ? 1 : 0;
        pairs += wkt is not null ? 1 : 0;
        if (pairs != 1)
        {
            r.Error(Codes.GeometryInvalid, "'geometry' needs exactly one of: 'easting' and 'northing', 'longitude' and 'latitude', or 'wkt'.", node);
            return null;
        }

        GeometryInput input;
        IReadOnlyList<string> columns;
        if (wkt is not null)
        {
            (input, columns) = (GeometryInput.Wkt, [wkt]);
        }
        else if ((easting ?? northing) is not null)
        {
            if (easting is null || northing is null)
            {
                r.Error(Codes.GeometryInvalid, $"'geometry' has '{(easting is null ? "northing" : "easting")}' but no '{(easting is null ? "easting" : "northing")}'; name both columns.", node);
                return null;
            }
            (input, columns) = (GeometryInput.EastingNorthing, [easting, northing]);
        }
        else
        {
            if (longitude is null || latitude is null)
            {
                r.Error(Codes.GeometryInvalid, $"'geometry' has '{(longitude is null ? "latitude" : "longitude")}' but no '{(longitude is null ? "longitude" : "latitude")}'; name both columns.", node);
                return null;
            }
            (input, columns) = (GeometryInput.LongitudeLatitude, [longitude, latitude]);
        }

        if (epsg is { } code && input != GeometryInput.Wkt)
        {
            var geographic = SwedishCrs.Get(code).IsGeographic;
            if (geographic && input == GeometryInput.EastingNorthing)
            {
                r.Error(Codes.GeometryInvalid, $"EPSG:{code} is geographic (degrees): name the columns 'longitude' and 'latitude', not 'easting' and 'northing'.", node);
                ok = false;
            }
            if (!geographic && input == GeometryInput.LongitudeLatitude)
            {
                r.Error(Codes.GeometryInvalid, $"EPSG:{code} is projected (metres): name the columns 'easting' and 'northing', not 'longitude' and 'latitude'.", node);
                ok = false;
            }
        }
        return ok ? new GeometrySpec(input, columns, epsg!.Value, missing, r.At(node)) : null;
    }

    private static int? ReadCrs(YamlNodeReader r, YamlNode? node)
    {
        var text = r.Scalar(node, "geometry.crs");
        if (text is null) return null;
        var trimmed = text.Trim();
        if (trimmed.StartsWith("EPSG:", StringComparison.OrdinalIgnoreCase)
            && int.TryParse(trimmed.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var code)
            && SwedishCrs.IsSupported(code))
            return code;
        r.Error(Codes.UnsupportedCrs, $"'geometry.crs' must be one of {SwedishCrs.SupportedText}, found '{text}'.", node!);
        return null;
    }
}
