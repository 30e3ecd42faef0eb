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
    private readonly JsonEncodedText[] _names;

    public JsonSink(Stream stream, IReadOnlyList<string> header)
    {
        _stream = stream;
        _json = new Utf8JsonWriter(stream, JsonOptions.Sink);
        _names = [.. header.Select(h => JsonEncodedText.Encode(h, JsonOptions.Writer.Encoder))];
        _json.WriteStartArray();
    }

    public async ValueTask WriteAsync(ColumnBatch batch, CancellationToken cancellationToken)
    {
        for (var row = 0; row < batch.Count; row++)
        {
            _json.WriteStartObject();
            for (var c = 0; c < batch.Columns.Count; c++)
            {
                _json.WritePropertyName(_names[c]);
                JsonValues.Write(_json, batch.Columns[c], row);
            }
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
