using System.Text.Json;
using OpenData.Etl.Data;
using OpenData.Etl.Geo;
using OpenData.Etl.Mapping;

namespace OpenData.Etl.Sinks;

/// <summary>
/// An RFC 7946 FeatureCollection: one Feature per row with a Point in WGS 84 <c>[longitude, latitude]</c>
/// (7 decimals at most) or a null geometry, the row URI as <c>id</c> and the specification fields as typed
/// properties, as in the JSON output. Streamed with <see cref="Utf8JsonWriter"/>: memory stays flat at any row count.
/// The collection's <c>bbox</c> is written after the features, when it is known.
/// </summary>
internal sealed class GeoJsonSink : IRowSink
{
    private static readonly JsonEncodedText Type = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText Feature = JsonEncodedText.Encode("Feature");
    private static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText GeometryName = JsonEncodedText.Encode("geometry");
    private static readonly JsonEncodedText Point = JsonEncodedText.Encode("Point");
    private static readonly JsonEncodedText Coordinates = JsonEncodedText.Encode("coordinates");
    private static readonly JsonEncodedText Properties = JsonEncodedText.Encode("properties");

    private readonly Stream _stream;
    private readonly Utf8JsonWriter _json;
    private readonly JsonMembers _members;
    private readonly int _fieldOffset;
    private readonly GeoBoundsBuilder _bounds = new();

    /// <param name="members">The rows' fields, encoded once for this writer and the JSON one.</param>
    /// <param name="fieldOffset">1 when column 0 is the row URI (written as the feature id), else 0.</param>
    public GeoJsonSink(Stream stream, JsonMembers members, int fieldOffset)
    {
        _stream = stream;
        _members = members;
        _fieldOffset = fieldOffset;
        _json = new Utf8JsonWriter(stream, JsonOptions.Sink);
        _json.WriteStartObject();
        _json.WriteString(Type, "FeatureCollection");
        _json.WriteStartArray("features");
    }

    public async ValueTask WriteAsync(ColumnBatch batch, CancellationToken cancellationToken)
    {
        var points = batch.Geometry ?? throw new InvalidOperationException("GeoJSON needs a batch with geometry.");
        var columns = batch.Columns;
        var members = await _members.EncodedAsync(batch).ConfigureAwait(false);
        for (var row = 0; row < batch.Count; row++)
        {
            _json.WriteStartObject();
            _json.WriteString(Type, Feature);
            if (_fieldOffset == 1 && !columns[0].IsNull[row])
                _json.WriteString(Id, ((StringColumn)columns[0]).TextOf(row));

            if (points.IsNull[row])
            {
                _json.WriteNull(GeometryName);
            }
            else
            {
                var (lon, lat) = (points.Longitude[row], points.Latitude[row]);
                _bounds.Add(lon, lat);
                _json.WriteStartObject(GeometryName);
                _json.WriteString(Type, Point);
                _json.WriteStartArray(Coordinates);
                JsonValues.WriteNumber(_json, lon);
                JsonValues.WriteNumber(_json, lat);
                _json.WriteEndArray();
                _json.WriteEndObject();
            }

            _json.WriteStartObject(Properties);
            if (!_members.IsEmpty) _json.WriteRawValue(members.Of(row), skipInputValidation: true);
            _json.WriteEndObject();
            _json.WriteEndObject();
            if (_json.BytesPending > 1 << 16) await _json.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        _json.WriteEndArray();
        if (_bounds.ToBounds() is { } box)
        {
            _json.WriteStartArray("bbox");
            _json.WriteNumberValue(box.West);
            _json.WriteNumberValue(box.South);
            _json.WriteNumberValue(box.East);
            _json.WriteNumberValue(box.North);
            _json.WriteEndArray();
        }
        _json.WriteEndObject();
        await _json.FlushAsync(cancellationToken).ConfigureAwait(false);
        await _stream.WriteAsync("\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _json.DisposeAsync().ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
    }
}
