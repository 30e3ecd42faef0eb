using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using OpenData.Etl.Data;
using OpenData.Etl.Geo;
using Parquet;
using Parquet.Schema;

namespace OpenData.Etl.Sinks;

/// <summary>
/// The values of one Parquet column, gathered over several batches until a row group is full. Batches are small
/// and short-lived so that their objects die young; a row group is large so that the file compresses and reads
/// well. Buffers keep plain arrays and copy text into reusable chunks, so a row group holds no object per value,
/// and reuse them from one row group to the next, so that no large array is dropped per row group: the collector
/// frees those only with the oldest generation, and until then they count in the resident set.
/// </summary>
internal abstract class ParquetColumnBuffer
{
    /// <summary>Copies rows <paramref name="from"/>..+<paramref name="count"/> of <paramref name="column"/> to positions <paramref name="at"/>..</summary>
    public abstract void Append(Column column, int from, int count, int at);

    /// <summary>Writes the first <paramref name="rows"/> gathered values as the row group's column chunk, and forgets them.</summary>
    public abstract Task WriteAsync(ParquetRowGroupWriter group, int rows, CancellationToken cancellationToken);
}

/// <summary>
/// Which rows of a nullable column have a value, as the Dremel definition levels Parquet.Net writes (1 present, 0
/// missing), with the present values kept side by side. Handing Parquet.Net the levels and the present values
/// spares it a pass that works them out from nullable values and copies the present ones into arrays of its own,
/// and the file is the same (a test compares the two ways for every column type).
/// </summary>
internal sealed class DefinitionLevels(int capacity)
{
    private readonly int[] _levels = new int[capacity];

    /// <summary>Values present so far in the row group.</summary>
    public int Present { get; private set; }

    public ReadOnlyMemory<int> Written(int rows) => _levels.AsMemory(0, rows);

    /// <summary>Records whether row <paramref name="at"/> has a value; rows come in order from 0.</summary>
    public void Set(int at, bool present)
    {
        _levels[at] = present ? 1 : 0;
        if (present) Present++;
    }

    public void Clear() => Present = 0;
}

/// <summary>
/// Text, copied into a <see cref="TextArena"/> and kept as the memory slices Parquet.Net encodes strings from, so
/// the row group is handed over as it was gathered. Value by value: copying a batch's text for a column in one
/// piece left the arena's chunks partly empty and replaced them as batches grew, and at 10M rows the peak was
/// 20 MB higher and the run slower.
/// </summary>
internal sealed class StringBuffer(DataField field, int capacity) : ParquetColumnBuffer
{
    private readonly ReadOnlyMemory<char>[] _values = TouchedArray.Of<ReadOnlyMemory<char>>(capacity);
    private readonly DefinitionLevels _levels = new(capacity);
    private readonly TextArena _arena = new(1 << 18);

    public override void Append(Column column, int from, int count, int at)
    {
        var text = (StringColumn)column;
        for (var i = 0; i < count; i++)
        {
            var present = !text.IsNull[from + i];
            if (present) _values[_levels.Present] = _arena.Copy(text.TextOf(from + i));
            _levels.Set(at + i, present);
        }
    }

    public override async Task WriteAsync(ParquetRowGroupWriter group, int rows, CancellationToken cancellationToken)
    {
        await group.WriteAllPartsAsync<ReadOnlyMemory<char>>(field, _values.AsMemory(0, _levels.Present), _levels.Written(rows), null, cancellationToken).ConfigureAwait(false);
        _levels.Clear();
        _arena.Clear();
    }
}

/// <summary>Fixed-size values (numbers, booleans, dates, timestamps), converted to the type Parquet.Net writes.</summary>
internal sealed class ValueBuffer<T, TOut>(DataField field, int capacity, Func<T, TOut> convert) : ParquetColumnBuffer
    where T : struct where TOut : struct
{
    private readonly TOut[] _values = new TOut[capacity];
    private readonly DefinitionLevels _levels = new(capacity);

    public override void Append(Column column, int from, int count, int at)
    {
        var typed = (ValueColumn<T>)column;
        for (var i = 0; i < count; i++)
        {
            var present = !typed.IsNull[from + i];
            if (present) _values[_levels.Present] = convert(typed.Values[from + i]);
            _levels.Set(at + i, present);
        }
    }

    public override async Task WriteAsync(ParquetRowGroupWriter group, int rows, CancellationToken cancellationToken)
    {
        await group.WriteAllPartsAsync<TOut>(field, _values.AsMemory(0, _levels.Present), _levels.Written(rows), null, cancellationToken).ConfigureAwait(false);
        _levels.Clear();
    }
}

/// <summary>Lists, flattened to their items with Dremel levels (<see cref="ListLevels"/>).</summary>
internal sealed class ListBuffer(ListField field, int capacity) : ParquetColumnBuffer
{
    private readonly DataField _item = (DataField)field.Item;
    private readonly ListLevels _levels = new(capacity);
    private readonly GrowingArray<ReadOnlyMemory<char>> _strings = new(capacity * 2);
    private readonly GrowingArray<double> _numbers = new(capacity * 2);

    public override void Append(Column column, int from, int count, int at)
    {
        for (var row = from; row < from + count; row++)
        {
            if (column is NumberListColumn numbers)
            {
                var items = numbers.ItemsOf(row);
                _levels.AddRow(numbers.IsNull[row] ? -1 : items.Length, _item.MaxDefinitionLevel);
                _numbers.AddRange(items);
            }
            else
            {
                var items = column.IsNull[row] ? null : ((ListColumn)column).Values[row];
                _levels.AddRow(items is null ? -1 : items.Length, _item.MaxDefinitionLevel);
                foreach (var text in items ?? []) _strings.Add(text.AsMemory());
            }
        }
    }

    public override async Task WriteAsync(ParquetRowGroupWriter group, int rows, CancellationToken cancellationToken)
    {
        var (definition, repetition) = (_levels.Definition.Written, _levels.Repetition.Written);
        if (_item.ClrType == typeof(double))
            await group.WriteAllPartsAsync(_item, _numbers.Written, definition, repetition, cancellationToken).ConfigureAwait(false);
        else
            await group.WriteAllPartsAsync(_item, _strings.Written, definition, repetition, cancellationToken).ConfigureAwait(false);
        _levels.Clear();
        _strings.Clear();
        _numbers.Clear();
    }

    /// <summary>
    /// Dremel levels of a list column: repetition 0 starts a row and 1 continues its list; definition 0 is a
    /// null list, 1 an empty list and the item's maximum a present item.
    /// </summary>
    private sealed class ListLevels(int rows)
    {
        public GrowingArray<int> Repetition { get; } = new(rows * 2);

        public GrowingArray<int> Definition { get; } = new(rows * 2);

        /// <param name="items">Items in the row's list, or -1 for a null list.</param>
        public void AddRow(int items, int maxDefinitionLevel)
        {
            if (items <= 0)
            {
                Repetition.Add(0);
                Definition.Add(items < 0 ? 0 : 1);
                return;
            }
            for (var j = 0; j < items; j++)
            {
                Repetition.Add(j == 0 ? 0 : 1);
                Definition.Add(maxDefinitionLevel);
            }
        }

        public void Clear()
        {
            Repetition.Clear();
            Definition.Clear();
        }
    }
}

/// <summary>
/// A list that hands its items to Parquet.Net as memory over its own array: a row group's items are written
/// without copying them into a new array each time (a large-object-heap array per row group and column).
/// </summary>
internal sealed class GrowingArray<T>(int capacity)
{
    private T[] _items = TouchedArray.Of<T>(capacity);
    private int _count;

    public ReadOnlyMemory<T> Written => _items.AsMemory(0, _count);

    public void Add(T item)
    {
        if (_count == _items.Length) Grow(1);
        _items[_count++] = item;
    }

    public void AddRange(ReadOnlySpan<T> items)
    {
        if (_count + items.Length > _items.Length) Grow(items.Length);
        items.CopyTo(_items.AsSpan(_count));
        _count += items.Length;
    }

    public void Clear()
    {
        // Items that hold references (text slices) must not keep the last row group's strings alive.
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>()) Array.Clear(_items, 0, _count);
        _count = 0;
    }

    private void Grow(int more)
    {
        var items = TouchedArray.Of<T>(Math.Max(_items.Length * 2, _count + more));
        _items.AsSpan(0, _count).CopyTo(items);
        _items = items;
    }
}

/// <summary>
/// GeoParquet points as ISO WKB, 21 bytes each: byte order 1 (little-endian), type 1 (Point), x, y; null for rows
/// without a point. Written into one byte array, not an array per point.
/// </summary>
internal sealed class WkbPointBuffer(DataField field, int capacity, GeoBoundsBuilder bounds)
{
    private const int PointBytes = 21;
    private readonly byte[] _bytes = new byte[capacity * PointBytes];
    private readonly ReadOnlyMemory<byte>[] _values = TouchedArray.Of<ReadOnlyMemory<byte>>(capacity);
    private readonly DefinitionLevels _levels = new(capacity);

    public void Append(PointColumn points, int from, int count, int at)
    {
        for (var i = 0; i < count; i++)
        {
            var row = from + i;
            var present = !points.IsNull[row];
            _levels.Set(at + i, present);
            if (!present) continue;
            bounds.Add(points.Longitude[row], points.Latitude[row]);
            var wkb = _bytes.AsMemory((at + i) * PointBytes, PointBytes);
            var span = wkb.Span;
            span[0] = 1;
            BinaryPrimitives.WriteUInt32LittleEndian(span[1..], 1);
            BinaryPrimitives.WriteDoubleLittleEndian(span[5..], points.Longitude[row]);
            BinaryPrimitives.WriteDoubleLittleEndian(span[13..], points.Latitude[row]);
            _values[_levels.Present - 1] = wkb;
        }
    }

    public async Task WriteAsync(ParquetRowGroupWriter group, int rows, CancellationToken cancellationToken)
    {
        await group.WriteAllPartsAsync<ReadOnlyMemory<byte>>(field, _values.AsMemory(0, _levels.Present), _levels.Written(rows), null, cancellationToken).ConfigureAwait(false);
        _levels.Clear();
    }
}
