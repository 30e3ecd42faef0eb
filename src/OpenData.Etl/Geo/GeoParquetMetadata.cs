using System.Text;
using System.Text.Json;

namespace OpenData.Etl.Geo;

/// <summary>
/// The GeoParquet 1.1 <c>geo</c> file metadata that lets QGIS, DuckDB and GeoPandas read the WKB column as
/// geometry: the column, its encoding, geometry types, CRS (written out, though OGC:CRS84 is also the default)
/// and bounding box.
/// </summary>
public static class GeoParquetMetadata
{
    public const string Key = "geo";

    /// <summary>OGC:CRS84 (WGS 84, longitude first) as PROJJSON, as PROJ 9.1 prints it with <c>projinfo OGC:CRS84 -o PROJJSON</c>.</summary>
    public const string Crs84ProjJson = @"{""$schema"":""https://proj.org/schemas/v0.5/projjson.schema.json"",""type"":""GeographicCRS"",""name"":""WGS 84 (CRS84)"",""datum_ensemble"":{""name"":""World Geodetic System 1984 ensemble"",""members"":[{""name"":""World Geodetic System 1984 (Transit)"",""id"":{""authority"":""EPSG"",""code"":1166}},{""name"":""World Geodetic System 1984 (G730)"",""id"":{""authority"":""EPSG"",""code"":1152}},{""name"":""World Geodetic System 1984 (G873)"",""id"":{""authority"":""EPSG"",""code"":1153}},{""name"":""World Geodetic System 1984 (G1150)"",""id"":{""authority"":""EPSG"",""code"":1154}},{""name"":""World Geodetic System 1984 (G1674)"",""id"":{""authority"":""EPSG"",""code"":1155}},{""name"":""World Geodetic System 1984 (G1762)"",""id"":{""authority"":""EPSG"",""code"":1156}},{""name"":""World Geodetic System 1984 (G2139)"",""id"":{""authority"":""EPSG"",""code"":1309}}],""ellipsoid"":{""name"":""WGS 84"",""semi_major_axis"":6378137,""inverse_flattening"":298.257223563},""accuracy"":""2.0"",""id"":{""authority"":""EPSG"",""code"":6326}},""coordinate_system"":{""subtype"":""ellipsoidal"",""axis"":[{""name"":""Geodetic longitude"",""abbreviation"":""Lon"",""direction"":""east"",""unit"":""degree""},{""name"":""Geodetic latitude"",""abbreviation"":""Lat"",""direction"":""north"",""unit"":""degree""}]},""scope"":""Not known."",""area"":""World."",""bbox"":{""south_latitude"":-90,""west_longitude"":-180,""north_latitude"":90,""east_longitude"":180},""id"":{""authority"":""OGC"",""code"":""CRS84""}}";

    public static string Build(string column, GeoBounds? bounds)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("version", "1.1.0");
            json.WriteString("primary_column", column);
            json.WriteStartObject("columns");
            json.WriteStartObject(column);
            json.WriteString("encoding", "WKB");
            json.WriteStartArray("geometry_types");
            json.WriteStringValue("Point");
            json.WriteEndArray();
            json.WritePropertyName("crs");
            json.WriteRawValue(Crs84ProjJson);
            if (bounds is not null)
            {
                json.WriteStartArray("bbox");
                json.WriteNumberValue(bounds.West);
                json.WriteNumberValue(bounds.South);
                json.WriteNumberValue(bounds.East);
                json.WriteNumberValue(bounds.North);
                json.WriteEndArray();
            }
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
