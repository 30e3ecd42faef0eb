using System.Collections.Concurrent;
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
    private readonly string[] _names;
    private readonly int _firstColumn;
    // One encoding per batch object: the writers take batches at their own pace, so while the JSON writer is still on
    // one batch the GeoJSON writer may be on the next, and both must find their batch's members. A batch object is
    // filled again only after every writer is done with it, and with it its encoding.
    private readonly ConcurrentDictionary<ColumnBatch, BatchMembers> _byBatch = new(ReferenceEqualityComparer.Instance);

    /// <param name="firstColumn">1 when column 0 is the row URI, which is not a member (each writer places it), else 0.</param>
    public JsonMembers(IReadOnlyList<Column> columns, int firstColumn)
    {
        _firstColumn = firstColumn;
        _names = [.. columns.Select(c => c.Name)];
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
        private readonly JsonMemberEncoder _encoder;
        private int[] _starts = [];
        private int[] _ends = [];
        private ColumnBatch? _batch;
        private Task<BatchMembers> _encoding = Task.FromResult<BatchMembers>(null!);

        public BatchMembers(JsonMembers owner)
        {
            _owner = owner;
            _encoder = new JsonMemberEncoder(owner._names);
        }

        public void Start(ColumnBatch batch)
        {
            _batch = batch;
            _encoding = Task.Run(() => { Encode(batch); return this; });
        }

        public Task<BatchMembers> EncodedAsync(ColumnBatch batch) =>
            ReferenceEquals(batch, _batch) ? _encoding : throw new InvalidOperationException("The batch's JSON members were not started.");

        /// <summary>The members of <paramref name="row"/>, comma-separated, without braces.</summary>
        public ReadOnlySpan<byte> Of(int row) => _encoder.Written[_starts[row].._ends[row]];

        private void Encode(ColumnBatch batch)
        {
            _encoder.Clear();
            if (_starts.Length < batch.Count) (_starts, _ends) = (new int[batch.Count], new int[batch.Count]);
            if (_owner.IsEmpty) return;

            for (var row = 0; row < batch.Count; row++)
            {
                _starts[row] = _encoder.Length;
                _encoder.WriteMembers(batch.Columns, _owner._firstColumn, row);
                _ends[row] = _encoder.Length;
            }
        }

        public void Dispose() => _encoder.Dispose();
    }
}
