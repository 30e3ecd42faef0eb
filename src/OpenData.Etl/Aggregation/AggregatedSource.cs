using System.Globalization;
using OpenData.Etl.Sources;

namespace OpenData.Etl.Aggregation;

/// <summary>
/// The protected, aggregated table as a source for the mapping: columns are the group-by columns, the
/// measures and the status column. On the first <see cref="Read"/> it reads the whole inner (protected)
/// source, aggregates and suppresses; then it yields first every record the aggregation could not use
/// (as malformed records at their source lines, so the run fails with the usual row errors) and then one
/// record per published cell, margins after the categories of each dimension. Numbers use '.' and a
/// missing value is the empty text.
/// </summary>
internal sealed class AggregatedSource : ITabularSource
{
    private readonly ITabularSource _inner;
    private readonly AggregateSpec _spec;
    private readonly Aggregator _aggregator;
    private readonly string[] _values;
    private readonly int[] _statIndex;
    private readonly int[] _hierarchyDims;
    private CellTable? _table;
    private int[] _cells = [];
    private int _problem = -1;
    private int _position = -1;

    public AggregatedSource(ITabularSource inner, AggregateSpec spec, IEnumerable<string> missingValues, char decimalSeparator, IReadOnlyList<Dictionary<string, string>?>? parents = null)
    {
        _inner = inner;
        _spec = spec;
        _aggregator = new Aggregator(spec, inner.Header, missingValues, decimalSeparator, parents ?? new Dictionary<string, string>?[spec.GroupBy.Count]);
        _hierarchyDims = [.. spec.Hierarchies.Select(h => spec.GroupBy.ToList().IndexOf(h.GroupColumn))];
        Header = [.. spec.GroupBy, .. spec.Hierarchies.Select(h => h.OutputColumn), .. spec.Measures.Select(m => m.Name), spec.StatusColumn];
        _values = new string[Header.Count];
        var stats = _aggregator.StatColumnNames.ToList();
        _statIndex = [.. spec.Measures.Select(m => m.Column is null ? -1 : stats.IndexOf(m.Column))];
    }

    public string DisplayName => _inner.DisplayName;

    public IReadOnlyList<string> Header { get; }

    /// <summary>Set once the table has been aggregated and protected.</summary>
    public SuppressionFigures? Figures { get; private set; }

    /// <summary>Source records aggregated (including unusable ones).</summary>
    public long SourceRows => _aggregator.RowsRead;

    /// <summary>The protected table, for tests; null before the first <see cref="Read"/>.</summary>
    internal CellTable? Table => _table;

    public int LineNumber { get; private set; }

    public int LineSpan => 1;

    public int FieldCount => Header.Count;

    public RecordProblem? Problem { get; private set; }

    public ReadOnlySpan<char> this[int index] => _values[index];

    public bool Read()
    {
        if (_table is null) Build();
        if (++_problem < _aggregator.Problems.Count)
        {
            (LineNumber, Problem) = (_aggregator.Problems[_problem].Line, _aggregator.Problems[_problem].Problem);
            return true;
        }
        Problem = null;
        if (++_position >= _cells.Length) return false;
        LineNumber = _position + 1;
        Fill(_cells[_position]);
        return true;
    }

    private void Build()
    {
        _table = _aggregator.Aggregate(_inner);
        Figures = CellSuppressor.Protect(_table, _spec.MinCount, _spec.Dominance);
        var cells = new List<int>();
        for (var cell = 0; cell < _table.CellCount; cell++)
        {
            // A combination that does not occur is published by its absence (as zero) unless suppressed.
            if (_table.Count[cell] == 0 && _table.Status[cell] == CellStatus.Published) continue;
            if (!_spec.Totals && !_table.IsInterior(cell)) continue;
            cells.Add(cell);
        }
        _cells = [.. cells];
    }

    private void Fill(int cell)
    {
        var table = _table!;
        var i = 0;
        for (var d = 0; d < table.Dimensions; d++)
        {
            var c = table.Coordinate(cell, d);
            _values[i++] = c < table.Categories[d].Length ? table.Categories[d][c] : _spec.TotalLabel;
        }
        // The parent column: a leaf's parent, the parent itself on its total row, the total label on the grand total.
        foreach (var d in _hierarchyDims)
        {
            var c = table.Coordinate(cell, d);
            var h = table.Hierarchies[d]!;
            var leaves = table.Categories[d].Length;
            _values[i++] = c < leaves ? h.Parents[h.ParentOfLeaf[c]] : c < table.Sizes[d] - 1 ? h.Parents[c - leaves] : _spec.TotalLabel;
        }
        var status = table.Status[cell];
        for (var m = 0; m < _spec.Measures.Count; m++)
            _values[i++] = status == CellStatus.Published ? Format(table, cell, _spec.Measures[m], _statIndex[m]) : "";
        _values[i] = status switch { CellStatus.Primary => "primary", CellStatus.Secondary => "secondary", _ => "" };
    }

    private static string Format(CellTable table, int cell, MeasureSpec measure, int stat)
    {
        if (measure.Kind == MeasureKind.Count) return table.Count[cell].ToString(CultureInfo.InvariantCulture);
        var s = table.Stats[stat];
        if (s.N[cell] == 0) return "";
        var value = measure.Kind switch
        {
            MeasureKind.Sum => s.Sum[cell],
            MeasureKind.Min => s.Min[cell],
            MeasureKind.Max => s.Max[cell],
            MeasureKind.Mean => Round(s.Sum[cell] / s.N[cell], measure.Decimals),
            _ => Round(Median(s.Values![cell]!), measure.Decimals),
        };
        return value.ToString(CultureInfo.InvariantCulture);
    }

    private static decimal Round(decimal value, int? decimals) =>
        decimals is { } d ? Math.Round(value, d, MidpointRounding.AwayFromZero) : value;

    private static decimal Median(List<decimal> values)
    {
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    public void Dispose() => _inner.Dispose();
}
