using OpenData.Etl.Diagnostics;
using OpenData.Etl.Mapping;
using OpenData.Etl.Sources;

namespace OpenData.Etl.Aggregation;

/// <summary>A record the aggregation could not use, reported at its source line; values are never quoted.</summary>
internal sealed record AggregationProblem(int Line, RecordProblem Problem);

/// <summary>
/// Reads every (protected) source record once and accumulates it into its cell. Only observed cells are
/// held while reading (memory grows with cells, not rows); the dense table with margins is built at the end.
/// </summary>
internal sealed class Aggregator
{
    /// <summary>The dense table, margins included, is refused above this many cells.</summary>
    public const int MaxCells = 50_000_000;

    /// <summary>Problems beyond this many are counted by the mapper's error limit anyway; keeping more wastes memory.</summary>
    private const int MaxProblems = 1_000;

    private readonly AggregateSpec _spec;
    private readonly int[] _groupIndexes;
    private readonly int[] _statColumnIndexes;
    private readonly string[] _statColumnNames;
    private readonly MissingMarkers _missing;
    private readonly char _decimalSeparator;

    private readonly IReadOnlyList<Dictionary<string, string>?> _parents;

    public Aggregator(AggregateSpec spec, IReadOnlyList<string> header, IEnumerable<string> missingValues, char decimalSeparator, IReadOnlyList<Dictionary<string, string>?> parents)
    {
        _parents = parents;
        _spec = spec;
        _groupIndexes = [.. spec.GroupBy.Select(g => IndexOf(header, g))];
        _statColumnNames = [.. StatColumns(spec)];
        _statColumnIndexes = [.. _statColumnNames.Select(c => IndexOf(header, c))];
        _missing = new MissingMarkers(missingValues);
        _decimalSeparator = decimalSeparator;
    }

    /// <summary>The numeric columns measures read, in first-use order; index i is <c>CellTable.Stats[i]</c>.</summary>
    public static IEnumerable<string> StatColumns(AggregateSpec spec) =>
        spec.Measures.Where(m => m.Column is not null).Select(m => m.Column!).Distinct(StringComparer.Ordinal);

    public IReadOnlyList<string> StatColumnNames => _statColumnNames;

    public List<AggregationProblem> Problems { get; } = [];

    public int ProblemCount { get; private set; }

    public long RowsRead { get; private set; }

    public CellTable Aggregate(ITabularSource source)
    {
        var dims = _groupIndexes.Length;
        var categories = new Dictionary<string, int>[dims];
        var lookups = new Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>>[dims];
        for (var d = 0; d < dims; d++)
        {
            categories[d] = new Dictionary<string, int>(StringComparer.Ordinal);
            lookups[d] = categories[d].GetAlternateLookup<ReadOnlySpan<char>>();
        }
        var cells = new Dictionary<int[], int>(new KeyComparer());
        var key = new int[dims];
        var capacity = 1024;
        var count = new long[capacity];
        var topN = _spec.Dominance?.N ?? 0;
        var stats = _statColumnNames.Select(c => Stats(c, topN)).ToArray();
        foreach (var s in stats) s.Resize(capacity);
        var values = new decimal[_statColumnIndexes.Length];
        var present = new bool[_statColumnIndexes.Length];

        while (source.Read())
        {
            RowsRead++;
            if (source.Problem is { } problem)
            {
                Report(source.LineNumber, problem);
                if (problem.StopsReading) break;
                continue;
            }
            var ok = true;
            for (var d = 0; d < dims; d++)
            {
                var text = Field(source, _groupIndexes[d]).Trim();
                if (_missing.Matches(text)) text = [];
                if (text.SequenceEqual(_spec.TotalLabel))
                {
                    Report(source.LineNumber, new RecordProblem(Codes.TotalLabelClash,
                        $"group-by column '{_spec.GroupBy[d]}' has a value equal to the total label '{_spec.TotalLabel}'; set 'aggregate.total-label' to a text no category uses.", false));
                    ok = false;
                    break;
                }
                if (!lookups[d].TryGetValue(text, out var index))
                {
                    index = categories[d].Count;
                    lookups[d][text] = index;
                }
                key[d] = index;
            }
            for (var m = 0; ok && m < _statColumnIndexes.Length; m++)
            {
                var text = Field(source, _statColumnIndexes[m]);
                present[m] = !_missing.Matches(text);
                if (present[m] && !ValueParsers.TryParseDecimal(text, _decimalSeparator, out values[m]))
                {
                    // Not quoted: measure columns are often internal.
                    Report(source.LineNumber, new RecordProblem(Codes.MeasureNotNumeric, $"column '{_statColumnNames[m]}' feeds a measure but its value is not a number (value withheld).", false));
                    ok = false;
                }
            }
            if (!ok) continue;

            if (!cells.TryGetValue(key, out var cell))
            {
                cell = cells.Count;
                cells.Add((int[])key.Clone(), cell);
                if (cell == capacity)
                {
                    capacity *= 2;
                    Array.Resize(ref count, capacity);
                    foreach (var s in stats) s.Resize(capacity);
                }
            }
            count[cell]++;
            for (var m = 0; m < stats.Length; m++)
            {
                if (present[m]) stats[m].Add(cell, values[m]);
            }
        }
        return ToDense(categories, cells, count, stats, topN);
    }

    private ColumnStats Stats(string column, int topN)
    {
        var dominance = _spec.Measures.Any(m => m.Column == column && m.Kind is MeasureKind.Sum or MeasureKind.Mean);
        return new ColumnStats(dominance ? topN : 0, _spec.Measures.Any(m => m.Column == column && m.Kind == MeasureKind.Median));
    }

    private CellTable ToDense(Dictionary<string, int>[] categories, Dictionary<int[], int> cells, long[] count, ColumnStats[] stats, int topN)
    {
        var dims = categories.Length;
        // Categories in ordinal order, so the same data gives the same table whatever the row order.
        var labels = new string[dims][];
        var remap = new int[dims][];
        long total = 1;
        for (var d = 0; d < dims; d++)
        {
            labels[d] = [.. categories[d].Keys.Order(StringComparer.Ordinal)];
            remap[d] = new int[labels[d].Length];
            for (var i = 0; i < labels[d].Length; i++) remap[d][categories[d][labels[d][i]]] = i;
            total *= labels[d].Length + 1;
        }
        if (total > MaxCells)
            throw new EtlException(FailureKind.Configuration, Diagnostic.Error(Codes.AggregateTooLarge,
                $"the aggregated table would have {total:N0} cells with margins ({string.Join(" x ", labels.Select((l, d) => $"{l.Length} {_spec.GroupBy[d]}"))}); at most {MaxCells:N0} are protected. Group by fewer or coarser columns.", _spec.Location));

        var hierarchies = new HierarchyLevel?[dims];
        total = 1;
        for (var d = 0; d < dims; d++)
        {
            hierarchies[d] = _parents[d] is { } parentOf ? Hierarchy(d, labels[d], parentOf) : null;
            total *= labels[d].Length + (hierarchies[d]?.Parents.Length ?? 0) + 1;
        }
        if (total > MaxCells)
            throw new EtlException(FailureKind.Configuration, Diagnostic.Error(Codes.AggregateTooLarge,
                $"the aggregated table would have {total:N0} cells with margins and parents; at most {MaxCells:N0} are protected. Group by fewer or coarser columns.", _spec.Location));
        var denseStats = _statColumnNames.Select(c => Stats(c, topN)).ToArray();
        foreach (var s in denseStats) s.Resize((int)total);
        var table = new CellTable(labels, hierarchies, new long[total], denseStats);
        foreach (var (key, cell) in cells)
        {
            var index = 0;
            for (var d = 0; d < dims; d++) index += remap[d][key[d]] * table.Strides[d];
            table.Count[index] = count[cell];
            for (var m = 0; m < stats.Length; m++) denseStats[m].Merge(stats[m], cell, index);
        }
        table.ComputeMargins();
        return table;
    }

    private HierarchyLevel Hierarchy(int d, string[] leaves, Dictionary<string, string> parentOf)
    {
        var unknown = leaves.Count(l => !parentOf.ContainsKey(l));
        if (unknown > 0)
            throw new EtlException(FailureKind.Data, Diagnostic.Error(Codes.HierarchyValueUnknown,
                $"{unknown} value(s) of group-by column '{_spec.GroupBy[d]}' are not in its hierarchy file, so they have no parent (values withheld).", _spec.Location));
        string[] parents = [.. leaves.Select(l => parentOf[l]).Distinct().Order(StringComparer.Ordinal)];
        var index = parents.Select((p, i) => (p, i)).ToDictionary(x => x.p, x => x.i, StringComparer.Ordinal);
        return new HierarchyLevel(parents, [.. leaves.Select(l => index[parentOf[l]])]);
    }

    private void Report(int line, RecordProblem problem)
    {
        ProblemCount++;
        if (Problems.Count < MaxProblems) Problems.Add(new AggregationProblem(line, problem));
    }

    private static ReadOnlySpan<char> Field(ITabularSource source, int index) => index < source.FieldCount ? source[index] : [];

    private static int IndexOf(IReadOnlyList<string> header, string name)
    {
        for (var i = 0; i < header.Count; i++)
        {
            if (header[i] == name) return i;
        }
        return -1;
    }

    private sealed class KeyComparer : IEqualityComparer<int[]>
    {
        public bool Equals(int[]? x, int[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(int[] obj)
        {
            var hash = new HashCode();
            foreach (var v in obj) hash.Add(v);
            return hash.ToHashCode();
        }
    }
}
