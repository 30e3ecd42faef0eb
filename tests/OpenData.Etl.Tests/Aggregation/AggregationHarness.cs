using OpenData.Etl.Aggregation;
using OpenData.Etl.Sources;

namespace OpenData.Etl.Tests.Aggregation;

/// <summary>Runs the engine's aggregation stage on rows held in memory and collects what it would publish.</summary>
internal static class AggregationHarness
{
    public const string Total = "Totalt";

    public static AggregateSpec Spec(int dimensions, int minCount, bool totals = true, DominanceRule? dominance = null, bool sum = false) => new(
        [.. Enumerable.Range(0, dimensions).Select(d => $"d{d}")],
        [new MeasureSpec("antal", MeasureKind.Count, null, null, new("t")), .. sum ? [new MeasureSpec("summa", MeasureKind.Sum, "v", null, new("t"))] : Array.Empty<MeasureSpec>()],
        totals, Total, minCount, dominance, "status", "..", new("t"));

    /// <summary>Published rows: label tuple → (count or null, status text).</summary>
    /// <param name="parentOf">A hierarchy over the first dimension (leaf → parent); its parent rows come back as the label "P:parent".</param>
    public static Dictionary<string, (long? Count, string Status)> Publish(AggregateSpec spec, IEnumerable<string[]> rows, out SuppressionFigures figures, Dictionary<string, string>? parentOf = null)
    {
        var header = spec.GroupBy.Append("v").ToList();
        if (parentOf is not null) spec = spec with { Hierarchies = [new HierarchySpec("d0", "-", "-", "-", "parent", new("t"))] };
        Dictionary<string, string>?[] parents = [parentOf, .. Enumerable.Repeat<Dictionary<string, string>?>(null, spec.GroupBy.Count - 1)];
        using var source = new AggregatedSource(new MemorySource(header, rows), spec, [""], '.', parents);
        var result = new Dictionary<string, (long?, string)>(StringComparer.Ordinal);
        var dims = spec.GroupBy.Count;
        while (source.Read())
        {
            Assert.Null(source.Problem);
            var labels = Enumerable.Range(0, dims).Select(i => source[i].ToString()).ToArray();
            var offset = dims;
            if (parentOf is not null)
            {
                var parent = source[offset++].ToString();
                if (labels[0] == Total && parent != Total) labels[0] = "P:" + parent;
            }
            var count = source[offset].ToString();
            result.Add(DisclosureChecker.Key(labels), (count.Length == 0 ? null : long.Parse(count, System.Globalization.CultureInfo.InvariantCulture), source[source.FieldCount - 1].ToString()));
        }
        figures = source.Figures!;
        return result;
    }

    /// <summary>Rows for a table given as counts per interior cell (a row per unit, value 1 unless given).</summary>
    public static List<string[]> RowsFor(IReadOnlyDictionary<string[], int> counts, Func<string[], int, string>? value = null)
    {
        var rows = new List<string[]>();
        foreach (var (labels, n) in counts)
        {
            for (var i = 0; i < n; i++) rows.Add([.. labels, value?.Invoke(labels, i) ?? "1"]);
        }
        return rows;
    }

    private sealed class MemorySource(IReadOnlyList<string> header, IEnumerable<string[]> rows) : ITabularSource
    {
        private readonly IEnumerator<string[]> _rows = rows.GetEnumerator();
        private int _line = 1;

        public string DisplayName => "memory";

        public IReadOnlyList<string> Header => header;

        public bool Read()
        {
            _line++;
            return _rows.MoveNext();
        }

        public int LineNumber => _line;

        public int LineSpan => 1;

        public int FieldCount => header.Count;

        public ReadOnlySpan<char> this[int index] => _rows.Current[index];

        public RecordProblem? Problem => null;

        public void Dispose() => _rows.Dispose();
    }
}
