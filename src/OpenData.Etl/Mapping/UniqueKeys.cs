using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;
using OpenData.Etl.Data;

namespace OpenData.Etl.Mapping;

/// <summary>
/// Remembers keys seen so far as 128-bit hashes: 16 bytes a row whatever the key's length, and a
/// collision chance far below one in a billion billion at register sizes. The hashes live in a
/// <see cref="SpillingHashSet"/>, so memory stays flat however many rows the source has.
/// </summary>
/// <param name="spillDirectory">Where hashes go once the in-memory table is full (the run's staging folder).</param>
/// <param name="maxSlots">The in-memory table's cap; tests lower it to force spilling.</param>
internal sealed class UniqueKeys(string description, int[] columnIndexes, string spillDirectory, int maxSlots = SpillingHashSet.DefaultMaxSlots) : IDisposable
{
    private readonly SpillingHashSet _seen = new(spillDirectory, maxSlots);
    private readonly StringBuilder _buffer = new();
    // One hasher reset for every row: a new XxHash128 per row was the run's largest allocation (half a GB per 1M rows).
    private readonly XxHash128 _hash = new();
    private UInt128[] _prepared = [];
    private bool[] _tracked = [];

    public string Description { get; } = description;

    /// <summary>Column indexes of the key's parts in the batch.</summary>
    public IReadOnlyList<int> Columns { get; } = columnIndexes;

    /// <summary>
    /// Hashes the keys of rows <paramref name="from"/> to <paramref name="to"/> (exclusive) and brings the table slots
    /// they will probe into the cache, for <see cref="TryAddPrepared"/> to take them one by one afterwards.
    /// </summary>
    public void Prepare(ColumnBatch batch, int from, int to)
    {
        if (_prepared.Length < batch.Capacity) (_prepared, _tracked) = (new UInt128[batch.Capacity], new bool[batch.Capacity]);
        for (var row = from; row < to; row++) _tracked[row] = TryHash(batch, row, out _prepared[row]);
        _seen.Warm(_prepared.AsSpan(from, to - from));
    }

    /// <summary>False when the row's key was seen before; rows whose key has an empty part are not tracked. The row must have been hashed by <see cref="Prepare"/>.</summary>
    public bool TryAddPrepared(int row) => !_tracked[row] || _seen.Add(_prepared[row]);

    /// <summary>False for a key with an empty part, which is not tracked.</summary>
    private bool TryHash(ColumnBatch batch, int row, out UInt128 hash)
    {
        hash = default;
        // A key of one part, the usual case, is hashed as it is: no separator and no copy, as a composite key needs.
        if (columnIndexes is [var only])
        {
            if (batch.Columns[only].IsNull[row]) return false;
            hash = Hash(ValueText.TextOf(batch.Columns[only], row));
            return true;
        }

        _buffer.Clear();
        foreach (var index in columnIndexes)
        {
            if (batch.Columns[index].IsNull[row]) return false;
            _buffer.Append(ValueText.TextOf(batch.Columns[index], row)).Append('\u001F');
        }
        _hash.Reset();
        foreach (var chunk in _buffer.GetChunks()) _hash.Append(MemoryMarshal.AsBytes(chunk.Span));
        hash = _hash.GetCurrentHashAsUInt128();
        return true;
    }

    /// <summary>Same hash as the chunked form: XxHash128 over the same bytes, without copying them first.</summary>
    public bool TryAdd(ReadOnlySpan<char> value) => _seen.Add(Hash(value));

    private static UInt128 Hash(ReadOnlySpan<char> value) => XxHash128.HashToUInt128(MemoryMarshal.AsBytes(value));

    /// <summary>Deletes the spill file, if any, and drops the table.</summary>
    public void Dispose() => _seen.Dispose();
}
