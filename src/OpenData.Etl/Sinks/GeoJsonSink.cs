using System.Text.Json;
using OpenData.Etl.Data;
using OpenData.Etl.Geo;
using OpenData.Etl.Mapping;

namespace OpenData.Etl.Sinks;

/// <summary>
/// An RFC 7946 FeatureCollection: one Feature per row with a Point in WGS 84 <c>[longitude, latitude]</c>
/// (7 decimals at most) or a null geometry, the row URI as <c>id</c> and the specification fields as typed
/// properties, as in the JSON output. Streamed: memory stays flat at any row count. The collection's <c>bbox</c> is
/// written after the features, when it is known.
/// </summary>
/// <remarks>
/// Features are put together from fixed pieces of text and the values, in a <see cref="JsonByteWriter"/>, giving the
/// bytes a <see cref="Utf8JsonWriter"/> gave them (the golden files hold them): it took eleven calls per feature,
/// each checking the writer's state and copying through its buffer.
/// </remarks>
internal sealed class GeoJsonSink : IRowSink
{
    private const int FlushAt = 1 << 16;

    private readonly Stream _stream;
    private readonly JsonByteWriter _out = new(FlushAt * 2);
    private readonly JsonMembers _members;
    private readonly int _fieldOffset;
    private readonly GeoBoundsBuilder _bounds = new();
    private bool _any;

    /// <param name="members">The rows' fields, encoded once for this writer and the JSON one.</param>
    /// <param name="fieldOffset">1 when column 0 is the row URI (written as the feature id), else 0.</param>
    public GeoJsonSink(Stream stream, JsonMembers members, int fieldOffset)
    {
        _stream = stream;
        _members = members;
        _fieldOffset = fieldOffset;
        _out.WriteRaw("""{"type":"FeatureCollection","features":["""u8);
    }

    public async ValueTask WriteAsync(ColumnBatch batch, CancellationToken cancellationToken)
    {
        var points = batch.Geometry ?? throw new InvalidOperationException("GeoJSON needs a batch with geometry.");
        var columns = batch.Columns;
        var members = await _members.EncodedAsync(batch).ConfigureAwait(false);
        for (var row = 0; row < batch.Count; row++)
        {
            _out.WriteRaw(_any ? ",{\"type\":\"Feature\""u8 : "{\"type\":\"Feature\""u8);
            _any = true;
            if (_fieldOffset == 1 && !columns[0].IsNull[row])
            {
                _out.WriteRaw(""","id":"""u8);
                _out.WriteString(((StringColumn)columns[0]).TextOf(row));
            }

            if (points.IsNull[row])
            {
                _out.WriteRaw(""","geometry":null"""u8);
            }
            else
            {
                var (lon, lat) = (points.Longitude[row], points.Latitude[row]);
                _bounds.Add(lon, lat);
                _out.WriteRaw(""","geometry":{"type":"Point","coordinates":["""u8);
                _out.WriteNumber(lon);
                _out.WriteRaw(","u8);
                _out.WriteNumber(lat);
                _out.WriteRaw("]}"u8);
            }

            _out.WriteRaw(""","properties":{"""u8);
            if (!_members.IsEmpty) _out.WriteRaw(members.Of(row));
            _out.WriteRaw("}}"u8);
            if (_out.Length >= FlushAt) await FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        _out.WriteRaw("]"u8);
        if (_bounds.ToBounds() is { } box)
        {
            // Written as the writer writes a double (the shortest text that reads back the same), as before.
            _out.WriteRaw(""","bbox":["""u8);
            _out.WriteNumberAsWriter(box.West);
            _out.WriteRaw(","u8);
            _out.WriteNumberAsWriter(box.South);
            _out.WriteRaw(","u8);
            _out.WriteNumberAsWriter(box.East);
            _out.WriteRaw(","u8);
            _out.WriteNumberAsWriter(box.North);
            _out.WriteRaw("]"u8);
        }
        _out.WriteRaw("}\n"u8);
        await FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        await _stream.WriteAsync(_out.WrittenMemory, cancellationToken).ConfigureAwait(false);
        _out.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        _out.Dispose();
        await _stream.DisposeAsync().ConfigureAwait(false);
    }
}
