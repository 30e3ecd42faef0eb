using System.Text.Json;
using OpenData.Etl.Data;
using OpenData.Etl.Mapping;

namespace OpenData.Etl.Sinks;

/// <summary>
/// A JSON array of objects with typed values (numbers as numbers, booleans as booleans, lists as arrays),
/// streamed with <see cref="Utf8JsonWriter"/> so no document is ever held in memory.
/// </summary>
internal sealed class JsonSink : IRowSink
{
    private readonly Stream _stream;
    private readonly Utf8JsonWriter _json;
    private readonly JsonMembers _members;
    private readonly JsonEncodedText _uri;
    private readonly bool _hasUri;

    /// <param name="members">The rows' fields, encoded once for this writer and the GeoJSON one.</param>
    /// <param name="fieldOffset">1 when column 0 is the row URI (written first, under its column name), else 0.</param>
    public JsonSink(Stream stream, IReadOnlyList<string> header, JsonMembers members, int fieldOffset)
    {
        _stream = stream;
        _members = members;
        _hasUri = fieldOffset == 1;
        if (_hasUri) _uri = JsonEncodedText.Encode(header[0], JsonOptions.Writer.Encoder);
        _json = new Utf8JsonWriter(stream, JsonOptions.Sink);
        _json.WriteStartArray();
    }

    public async ValueTask WriteAsync(ColumnBatch batch, CancellationToken cancellationToken)
    {
        var members = await _members.EncodedAsync(batch).ConfigureAwait(false);
        for (var row = 0; row < batch.Count; row++)
        {
            _json.WriteStartObject();
            if (_hasUri)
            {
                _json.WritePropertyName(_uri);
                JsonValues.Write(_json, batch.Columns[0], row);
            }
            // A raw value in an object is preceded by a comma when a member came before it, as the next member would be.
            if (!_members.IsEmpty) _json.WriteRawValue(members.Of(row), skipInputValidation: true);
            _json.WriteEndObject();
            if (_json.BytesPending > 1 << 16) await _json.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        _json.WriteEndArray();
        await _json.FlushAsync(cancellationToken).ConfigureAwait(false);
        await _stream.WriteAsync("\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _json.DisposeAsync().ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
    }
}
