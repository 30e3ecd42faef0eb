using System.Text.Json;
using OpenData.Etl.Data;
using OpenData.Etl.Mapping;

namespace OpenData.Etl.Sinks;

/// <summary>
/// A JSON array of objects with typed values (numbers as numbers, booleans as booleans, lists as arrays), streamed so
/// no document is ever held in memory. Objects are put together in a <see cref="JsonByteWriter"/> from the row URI
/// and the members encoded for the batch, giving the bytes a <see cref="Utf8JsonWriter"/> gave them.
/// </summary>
internal sealed class JsonSink : IRowSink
{
    private const int FlushAt = 1 << 16;

    private readonly Stream _stream;
    private readonly JsonByteWriter _out = new(FlushAt * 2);
    private readonly JsonMembers _members;
    private readonly byte[] _uri = [];
    private readonly bool _hasUri;
    private bool _any;

    /// <param name="members">The rows' fields, encoded once for this writer and the GeoJSON one.</param>
    /// <param name="fieldOffset">1 when column 0 is the row URI (written first, under its column name), else 0.</param>
    public JsonSink(Stream stream, IReadOnlyList<string> header, JsonMembers members, int fieldOffset)
    {
        _stream = stream;
        _members = members;
        _hasUri = fieldOffset == 1;
        if (_hasUri) _uri = [(byte)'"', .. JsonEncodedText.Encode(header[0], JsonOptions.Sink.Encoder).EncodedUtf8Bytes, (byte)'"', (byte)':'];
        _out.WriteRaw("["u8);
    }

    public async ValueTask WriteAsync(ColumnBatch batch, CancellationToken cancellationToken)
    {
        var members = await _members.EncodedAsync(batch).ConfigureAwait(false);
        for (var row = 0; row < batch.Count; row++)
        {
            _out.WriteRaw(_any ? ",{"u8 : "{"u8);
            _any = true;
            if (_hasUri)
            {
                _out.WriteRaw(_uri);
                _out.WriteValue(batch.Columns[0], row);
                if (!_members.IsEmpty) _out.WriteRaw(","u8);
            }
            if (!_members.IsEmpty) _out.WriteRaw(members.Of(row));
            _out.WriteRaw("}"u8);
            if (_out.Length >= FlushAt) await FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        _out.WriteRaw("]\n"u8);
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
