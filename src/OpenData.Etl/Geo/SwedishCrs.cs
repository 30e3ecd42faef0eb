using System.Globalization;
using ProjNet.CoordinateSystems;

namespace OpenData.Etl.Geo;

/// <summary>
/// The reference systems Swedish exports use, built in code from their defining parameters (nothing is
/// downloaded): SWEREF 99 TM (EPSG:3006), the twelve local SWEREF 99 zones (3007–3018), RT90 2.5 gon V (3021)
/// and WGS 84 (4326). Parameters are EPSG's, as PROJ 9 prints them with <c>projinfo EPSG:n -o PROJ</c>.
/// </summary>
public sealed class SwedishCrs
{
    private const string Grs80 = "SPHEROID[\"GRS 1980\",6378137,298.257222101]";
    private const string Bessel = "SPHEROID[\"Bessel 1841\",6377397.155,299.1528128]";

    /// <summary>
    /// EPSG:1895 (RT90 to WGS 84 (1)), the transformation PROJ applies; EPSG's own WKT for 3021 has no TOWGS84.
    /// Position-vector convention, as TOWGS84 is defined.
    /// </summary>
    public const string Rt90ToWgs84 = "TOWGS84[414.1,41.3,603.1,-0.855,2.141,-7.023,0]";

    private static readonly Dictionary<int, SwedishCrs> All = Build();

    private SwedishCrs(int epsg, string name, bool isGeographic, string? wkt)
    {
        Epsg = epsg;
        Name = name;
        IsGeographic = isGeographic;
        Wkt = wkt;
    }

    public int Epsg { get; }

    public string Name { get; }

    /// <summary>True for WGS 84 (degrees, longitude/latitude); false for the projected systems (metres, easting/northing).</summary>
    public bool IsGeographic { get; }

    /// <summary>WKT 1 of a projected system, with <see cref="KrugerTransverseMercator"/> as its projection; null for WGS 84.</summary>
    public string? Wkt { get; }

    /// <summary>True when the datum is SWEREF 99, which PROJ takes to WGS 84 by a null transformation.</summary>
    public bool IsSweref99 => Epsg is >= 3006 and <= 3018;

    public static bool IsSupported(int epsg) => All.ContainsKey(epsg);

    public static SwedishCrs Get(int epsg) => All[epsg];

    public static string SupportedText => "EPSG:3006 (SWEREF 99 TM), EPSG:3007–3018 (SWEREF 99 local zones), EPSG:3021 (RT90 2.5 gon V) and EPSG:4326 (WGS 84)";

    /// <summary>The system as a ProjNET coordinate system.</summary>
    internal CoordinateSystem Create()
    {
        if (Wkt is null) return GeographicCoordinateSystem.WGS84;
        KrugerTransverseMercator.EnsureRegistered();
        return new CoordinateSystemFactory().CreateFromWkt(Wkt);
    }

    private static Dictionary<int, SwedishCrs> Build()
    {
        var all = new Dictionary<int, SwedishCrs>
        {
            [3006] = Projected(3006, "SWEREF99 TM", Grs80, "TOWGS84[0,0,0,0,0,0,0]", "SWEREF99", 15, 0.9996, 500000),
            [3021] = Projected(3021, "RT90 2.5 gon V", Bessel, Rt90ToWgs84, "RT90", 15.8082777777778, 1, 1500000),
            [4326] = new SwedishCrs(4326, "WGS 84", isGeographic: true, wkt: null),
        };
        // The local zones: central meridians 12°00' to 23°15', scale 1, false easting 150 000 m.
        (int Epsg, string Name, double Meridian)[] zones =
        [
            (3007, "12 00", 12), (3008, "13 30", 13.5), (3009, "15 00", 15), (3010, "16 30", 16.5),
            (3011, "18 00", 18), (3012, "14 15", 14.25), (3013, "15 45", 15.75), (3014, "17 15", 17.25),
            (3015, "18 45", 18.75), (3016, "20 15", 20.25), (3017, "21 45", 21.75), (3018, "23 15", 23.25),
        ];
        foreach (var (epsg, name, meridian) in zones)
            all[epsg] = Projected(epsg, $"SWEREF99 {name}", Grs80, "TOWGS84[0,0,0,0,0,0,0]", "SWEREF99", meridian, 1, 150000);
        return all;
    }

    private static SwedishCrs Projected(int epsg, string name, string spheroid, string toWgs84, string datum, double meridian, double scale, double falseEasting)
    {
        string N(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        var wkt = $"PROJCS[\"{name}\",GEOGCS[\"{datum}\",DATUM[\"{datum}\",{spheroid},{toWgs84}],PRIMEM[\"Greenwich\",0],UNIT[\"degree\",0.0174532925199433]],"
            + $"PROJECTION[\"{KrugerTransverseMercator.ProjectionName}\"],PARAMETER[\"latitude_of_origin\",0],PARAMETER[\"central_meridian\",{N(meridian)}],"
            + $"PARAMETER[\"scale_factor\",{N(scale)}],PARAMETER[\"false_easting\",{N(falseEasting)}],PARAMETER[\"false_northing\",0],UNIT[\"metre\",1],"
            + $"AUTHORITY[\"EPSG\",\"{epsg}\"]]";
        return new SwedishCrs(epsg, name, isGeographic: false, wkt);
    }
}
