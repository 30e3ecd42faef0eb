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

    public string Description { get; } = description;

    /// <summary>Column indexes of the key's parts in the batch.</summary>
    public IReadOnlyList<int> Columns { get; } = columnIndexes;

    /// <summary>False when the key was seen before. Rows whose key has an empty part are not tracked.</summary>
    public bool TryAdd(ColumnBatch batch, int row)
    {
        // A key of one part, the usual case, is hashed as it is: no separator and no copy, as a composite key needs.
        if (columnIndexes is [var only])
            return batch.Columns[only].IsNull[row] || TryAdd(ValueText.TextOf(batch.Columns[only], row));

        _buffer.Clear();
        foreach (var index in columnIndexes)
        {
            if (batch.Columns[index].IsNull[row]) return true;
            _buffer.Append(ValueText.TextOf(batch.Columns[index], row)).Append('\u001F');
        }
        return TryAdd(_buffer);
    }

    /// <summary>Same hash as the chunked form: XxHash128 over the same bytes, without copying them first.</summary>
    public bool TryAdd(ReadOnlySpan<char> value) => _seen.Add(XxHash128.HashToUInt128(MemoryMarshal.AsBytes(value)));

    private bool TryAdd(StringBuilder text)
    {
        _hash.Reset();
        foreach (var chunk in text.GetChunks()) _hash.Append(MemoryMarshal.AsBytes(chunk.Span));
        return _seen.Add(_hash.GetCurrentHashAsUInt128());
    }

    /// <summary>Deletes the spill file, if any, and drops the table.</summary>
    public void Dispose() => _seen.Dispose();
}
