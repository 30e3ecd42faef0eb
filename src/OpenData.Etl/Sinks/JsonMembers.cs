using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Json;
using OpenData.Etl.Data;
using OpenData.Etl.Mapping;

namespace OpenData.Etl.Sinks;

/// <summary>
/// Each row's specification fields as JSON members (<c>"caseId":"MBN-1",…,"fee":12.5</c>), encoded once per batch.
/// The JSON and GeoJSON outputs publish the same members for a row, JSON after the row URI and GeoJSON as a
/// feature's properties; encoding values was the larger part of both writers' work, and where a run writes
/// both, one encoding now serves the two. Encoded on a task of its own, beside the other formats' writers.
/// </summary>
internal sealed class JsonMembers : IDisposable
{
    private readonly JsonEncodedText[] _names;
    private readonly int _firstColumn;
    // One encoding per batch object: the writers take batches at their own pace, so while the JSON writer is still on
    // one batch the GeoJSON writer may be on the next, and both must find their batch's members. A batch object is
    // filled again only after every writer is done with it, and with it its encoding.
    private readonly ConcurrentDictionary<ColumnBatch, BatchMembers> _byBatch = new(ReferenceEqualityComparer.Instance);

    /// <param name="firstColumn">1 when column 0 is the row URI, which is not a member (each writer places it), else 0.</param>
    public JsonMembers(IReadOnlyList<Column> columns, int firstColumn)
    {
        _firstColumn = firstColumn;
        _names = [.. columns.Select(c => JsonEncodedText.Encode(c.Name, JsonOptions.Writer.Encoder))];
    }

    /// <summary>Whether rows have no members at all (a specification of the row URI alone).</summary>
    public bool IsEmpty => _firstColumn >= _names.Length;

    /// <summary>
    /// Starts encoding <paramref name="batch"/>. Called once each time the batch is filled, before any writer sees it.
    /// </summary>
    public void Start(ColumnBatch batch) => _byBatch.GetOrAdd(batch, _ => new BatchMembers(this)).Start(batch);

    /// <summary>Completes with <paramref name="batch"/>'s members once they are encoded.</summary>
    public Task<BatchMembers> EncodedAsync(ColumnBatch batch) =>
        _byBatch.TryGetValue(batch, out var members) ? members.EncodedAsync(batch) : throw new InvalidOperationException("The batch's JSON members were not started.");

    public void Dispose()
    {
        foreach (var members in _byBatch.Values) members.Dispose();
    }

    /// <summary>The members of every row of one batch.</summary>
    internal sealed class BatchMembers : IDisposable
    {
        private readonly JsonMembers _owner;
        private readonly ArrayBufferWriter<byte> _buffer = new(1 << 20);
        private readonly Utf8JsonWriter _json;
        private int[] _starts = [];
        private int[] _ends = [];
        private ColumnBatch? _batch;
        private Task<BatchMembers> _encoding = Task.FromResult<BatchMembers>(null!);

        public BatchMembers(JsonMembers owner)
        {
            _owner = owner;
            _json = new Utf8JsonWriter(_buffer, JsonOptions.Sink);
        }

        public void Start(ColumnBatch batch)
        {
            _batch = batch;
            _encoding = Task.Run(() => { Encode(batch); return this; });
        }

        public Task<BatchMembers> EncodedAsync(ColumnBatch batch) =>
            ReferenceEquals(batch, _batch) ? _encoding : throw new InvalidOperationException("The batch's JSON members were not started.");

        /// <summary>The members of <paramref name="row"/>, comma-separated, without braces.</summary>
        public ReadOnlySpan<byte> Of(int row) => _buffer.WrittenSpan[_starts[row].._ends[row]];

        private void Encode(ColumnBatch batch)
        {
            _buffer.ResetWrittenCount();
            _json.Reset(_buffer);
            if (_starts.Length < batch.Count) (_starts, _ends) = (new int[batch.Count], new int[batch.Count]);
            if (_owner.IsEmpty) return;

            // One object holds the whole batch; a row's members run from its first member (after the separating comma
            // that every row but the first begins with) to the end of its last value.
            var (names, firstColumn, columns) = (_owner._names, _owner._firstColumn, batch.Columns);
            _json.WriteStartObject();
            for (var row = 0; row < batch.Count; row++)
            {
                _starts[row] = row == 0 ? Position : Position + 1;
                for (var c = firstColumn; c < columns.Count; c++)
                {
                    _json.WritePropertyName(names[c]);
                    JsonValues.Write(_json, columns[c], row);
                }
                _ends[row] = Position;
            }
            _json.Flush();
        }

        public void Dispose() => _json.Dispose();

        private int Position => (int)(_json.BytesCommitted + _json.BytesPending);
    }
}
