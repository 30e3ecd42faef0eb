using OpenData.Etl.Schema;

namespace OpenData.Etl.Data;

/// <summary>
/// One typed column of a batch. Values live in plain arrays (no boxing), with a null mask,
/// so writers can hand whole columns to Parquet and format CSV/JSON without per-value objects.
/// </summary>
public abstract class Column(string name, FieldType type, int capacity)
{
    public string Name { get; } = name;

    public FieldType Type { get; } = type;

    /// <summary>True where the row has no value.</summary>
    public bool[] IsNull { get; } = new bool[capacity];

    /// <summary>Marks the row missing; reference columns also drop the value a previous batch left there.</summary>
    public virtual void SetNull(int row) => IsNull[row] = true;

    /// <summary>Called before the batch is filled again: storage the rows shared may be reused.</summary>
    public virtual void Reset()
    {
    }

    /// <summary>
    /// Moves row <paramref name="from"/>'s value to the earlier row <paramref name="to"/>, when rows between leave the
    /// batch; moves come in row order, so every row before <paramref name="to"/> is already in place.
    /// </summary>
    public abstract void MoveRow(int from, int to);
}

/// <summary>A column of unmanaged values: integers, numbers, booleans, dates, timestamps, years.</summary>
public sealed class ValueColumn<T>(string name, FieldType type, int capacity) : Column(name, type, capacity)
    where T : struct
{
    public T[] Values { get; } = new T[capacity];

    /// <summary>Decimal places every value has, for decimal columns (Parquet DECIMAL(18, scale)).</summary>
    public int Scale { get; init; }

    public void Set(int row, T value)
    {
        Values[row] = value;
        IsNull[row] = false;
    }

    public override void MoveRow(int from, int to) => (Values[to], IsNull[to]) = (Values[from], IsNull[from]);
}

/// <summary>
/// Text, with the characters of every row in one array that the next batch reuses, and each row's value as an offset
/// and a length into it. A string per value made every value an object for the collector to copy while its batch
/// was in flight, and most of the run's garbage; offsets rather than memory slices keep references out of the
/// per-row arrays and make <see cref="TextOf"/> a plain slice of one array, read several times per value.
/// </summary>
public sealed class StringColumn(string name, FieldType type, int capacity) : Column(name, type, capacity)
{
    private readonly int[] _starts = new int[capacity];
    private readonly int[] _lengths = new int[capacity];
    // Grows by doubling while the first batches find the column's size, then stays: a copy only while growing, and
    // the rows' offsets stay valid across it.
    private char[] _chars = new char[Math.Clamp(capacity * 8, 1 << 10, 1 << 18)];
    private int _used;

    /// <summary>The text of <paramref name="row"/>; empty for a missing value. Valid until the batch is filled again.</summary>
    public ReadOnlySpan<char> TextOf(int row) => _chars.AsSpan(_starts[row], _lengths[row]);

    public override void SetNull(int row)
    {
        IsNull[row] = true;
        _lengths[row] = 0;
    }

    public void Set(int row, ReadOnlySpan<char> text)
    {
        if (_chars.Length - _used < text.Length) Grow(text.Length);
        text.CopyTo(_chars.AsSpan(_used));
        _starts[row] = _used;
        _lengths[row] = text.Length;
        _used += text.Length;
        IsNull[row] = false;
    }

    public override void Reset() => _used = 0;

    public override void MoveRow(int from, int to) =>
        (_starts[to], _lengths[to], IsNull[to]) = (_starts[from], _lengths[from], IsNull[from]);

    private void Grow(int more)
    {
        var chars = new char[Math.Max(_chars.Length * 2, _used + more)];
        _chars.AsSpan(0, _used).CopyTo(chars);
        _chars = chars;
    }
}

/// <summary>Table Schema <c>array</c> values of text (e.g. activity codes split from one cell).</summary>
public sealed class ListColumn(string name, int capacity) : Column(name, FieldType.Array, capacity)
{
    public string[]?[] Values { get; } = new string[]?[capacity];

    public override void SetNull(int row)
    {
        IsNull[row] = true;
        Values[row] = null;
    }

    public void Set(int row, string[] items)
    {
        Values[row] = items;
        IsNull[row] = false;
    }

    public override void MoveRow(int from, int to) => (Values[to], IsNull[to]) = (Values[from], IsNull[from]);
}

/// <summary>
/// Table Schema <c>array</c> values of numbers (e.g. a coordinate pair), written as JSON numbers and a Parquet
/// list of doubles. The items of every row share one array, so a row costs no object of its own.
/// Rows are filled in order from 0 (a rejected row is filled again at the same index): a row's items start
/// where the previous row's end.
/// </summary>
public sealed class NumberListColumn(string name, int capacity) : Column(name, FieldType.Array, capacity)
{
    private readonly int[] _ends = new int[capacity];
    private double[] _items = new double[capacity * 2];

    /// <summary>The items of <paramref name="row"/>; empty for a missing value.</summary>
    public ReadOnlySpan<double> ItemsOf(int row) => _items.AsSpan(StartOf(row), _ends[row] - StartOf(row));

    public override void SetNull(int row)
    {
        IsNull[row] = true;
        _ends[row] = StartOf(row);
    }

    public void Set(int row, ReadOnlySpan<double> items)
    {
        var start = StartOf(row);
        if (_items.Length < start + items.Length) Array.Resize(ref _items, Math.Max(_items.Length * 2, start + items.Length));
        items.CopyTo(_items.AsSpan(start));
        _ends[row] = start + items.Length;
        IsNull[row] = false;
    }

    /// <summary>
    /// The items move down to follow row <paramref name="to"/> - 1's. Row <paramref name="from"/>'s items still start
    /// where row <paramref name="from"/> - 1's ended: no earlier move wrote that end, as every target lies before.
    /// </summary>
    public override void MoveRow(int from, int to)
    {
        var items = ItemsOf(from);
        var start = StartOf(to);
        items.CopyTo(_items.AsSpan(start));
        _ends[to] = start + items.Length;
        IsNull[to] = IsNull[from];
    }

    private int StartOf(int row) => row == 0 ? 0 : _ends[row - 1];
}

/// <summary>A slice of rows passed between reader, steps and writers, column by column.</summary>
public sealed class ColumnBatch(IReadOnlyList<Column> columns, int capacity)
{
    public IReadOnlyList<Column> Columns { get; } = columns;

    public int Capacity { get; } = capacity;

    /// <summary>Rows filled so far.</summary>
    public int Count { get; set; }

    /// <summary>Each row's point in WGS 84 when the pipeline has a 'geometry' section; null otherwise.</summary>
    public PointColumn? Geometry { get; init; }

    /// <summary>The source line each row came from, for messages.</summary>
    public int[] SourceLines { get; } = new int[capacity];

    /// <summary>Moves row <paramref name="from"/> to the earlier row <paramref name="to"/> in every column (see <see cref="Column.MoveRow"/>).</summary>
    public void MoveRow(int from, int to)
    {
        foreach (var column in Columns) column.MoveRow(from, to);
        SourceLines[to] = SourceLines[from];
    }

    /// <summary>Empties the batch to be filled again.</summary>
    public void Reset()
    {
        Count = 0;
        foreach (var column in Columns) column.Reset();
    }
}
