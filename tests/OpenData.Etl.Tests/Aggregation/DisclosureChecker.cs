using System.Numerics;

namespace OpenData.Etl.Tests.Aggregation;

/// <summary>
/// Independent of the engine's suppression code: takes a published table (label tuples with a value, null
/// when suppressed; combinations that are not published count as a known zero) and decides, by exact
/// linear algebra over the rationals, which suppressed cells an attacker can recompute from the
/// published cells and the margins.
/// <para>
/// Equations: for every dimension and every choice of the other coordinates (totals included), the
/// interior cells sum to the margin cell. Known values move to the right-hand side; the unknowns are the
/// suppressed cells. A suppressed cell's value is determined exactly when its unit vector lies in the row
/// space of the coefficient matrix over the unknowns (then some combination of equations isolates it);
/// otherwise a non-zero vector of the null space moves it while keeping every equation true.
/// </para>
/// </summary>
internal static class DisclosureChecker
{
    /// <summary>The suppressed cells whose value follows from the published ones; empty when the table is safe.</summary>
    /// <param name="parentOf">Per hierarchical dimension, each leaf label's parent label: leaves add up to their parent, parents to the total.</param>
    public static List<string[]> DeterminedCells(IReadOnlyDictionary<string, long?> published, int dimensions, string totalLabel, IReadOnlyDictionary<int, Dictionary<string, string>>? parentOf = null)
    {
        var rows = published.Keys.Select(k => k.Split('\u001f')).ToList();
        var interior = Enumerable.Range(0, dimensions)
            .Select(d => rows.Select(r => r[d]).Where(l => l != totalLabel).Distinct().Order(StringComparer.Ordinal).ToList()).ToList();
        var full = interior.Select(l => l.Append(totalLabel).ToList()).ToList();
        // Each equation along a dimension: (labels that add up, the label of their total).
        var groups = new List<(List<string> Members, string Total)>[dimensions];
        for (var d = 0; d < dimensions; d++)
        {
            if (parentOf?.GetValueOrDefault(d) is { } parents)
            {
                var leaves = interior[d].Where(parents.ContainsKey).ToList();
                var levels = interior[d].Where(l => !parents.ContainsKey(l)).ToList();
                groups[d] = [.. levels.Select(p => (leaves.Where(l => parents[l] == p).ToList(), p)), (levels, totalLabel)];
            }
            else
            {
                groups[d] = [(interior[d], totalLabel)];
            }
        }

        var unknowns = published.Where(p => p.Value is null).Select(p => p.Key).Order(StringComparer.Ordinal).ToList();
        var column = unknowns.Select((k, i) => (k, i)).ToDictionary(x => x.k, x => x.i);
        var matrix = new List<Rational[]>();
        foreach (var cell in AllTuples(full))
        {
            for (var d = 0; d < dimensions; d++)
            {
                foreach (var (members, total) in groups[d])
                {
                    if (cell[d] != total) continue;
                    // One equation per line: the members along d add up to the total (coefficient -1).
                    var row = new Rational[unknowns.Count];
                    var any = false;
                    foreach (var label in members.Append(total))
                    {
                        var member = (string[])cell.Clone();
                        member[d] = label;
                        if (column.TryGetValue(Key(member), out var u))
                        {
                            row[u] += label == total ? -Rational.One : Rational.One;
                            any = true;
                        }
                    }
                    if (any) matrix.Add(row);
                }
            }
        }
        var basis = RowReduce(matrix, unknowns.Count);
        var determined = new List<string[]>();
        for (var u = 0; u < unknowns.Count; u++)
        {
            var v = new Rational[unknowns.Count];
            v[u] = Rational.One;
            foreach (var (pivot, row) in basis)
            {
                if (v[pivot].IsZero) continue;
                var factor = v[pivot];
                for (var j = 0; j < v.Length; j++) v[j] -= factor * row[j];
            }
            if (v.All(x => x.IsZero)) determined.Add(unknowns[u].Split('\u001f'));
        }
        return determined;
    }

    public static string Key(IEnumerable<string> labels) => string.Join('\u001f', labels);

    private static IEnumerable<string[]> AllTuples(List<List<string>> labels)
    {
        IEnumerable<string[]> tuples = [[]];
        foreach (var dimension in labels) tuples = tuples.SelectMany(t => dimension.Select(l => (string[])[.. t, l]));
        return tuples;
    }

    /// <summary>Reduced row echelon form: each (pivot column, row) has 1 at its pivot and 0 at every other row's pivot.</summary>
    private static List<(int Pivot, Rational[] Row)> RowReduce(List<Rational[]> rows, int columns)
    {
        var basis = new List<(int, Rational[])>();
        var pending = rows.Select(r => (Rational[])r.Clone()).ToList();
        for (var c = 0; c < columns; c++)
        {
            var index = pending.FindIndex(r => !r[c].IsZero);
            if (index < 0) continue;
            var pivotRow = pending[index];
            pending.RemoveAt(index);
            var inverse = Rational.One / pivotRow[c];
            for (var j = 0; j < columns; j++) pivotRow[j] *= inverse;
            foreach (var other in pending.Concat(basis.Select(b => b.Item2)))
            {
                if (other[c].IsZero) continue;
                var factor = other[c];
                for (var j = 0; j < columns; j++) other[j] -= factor * pivotRow[j];
            }
            basis.Add((c, pivotRow));
        }
        return basis;
    }

    /// <summary>An exact fraction; default is zero.</summary>
    internal readonly record struct Rational
    {
        private readonly BigInteger _numerator;
        private readonly BigInteger _denominatorMinusOne; // so that default(Rational) is 0/1

        private Rational(BigInteger numerator, BigInteger denominator)
        {
            if (denominator.Sign < 0) (numerator, denominator) = (-numerator, -denominator);
            var gcd = BigInteger.GreatestCommonDivisor(numerator, denominator);
            if (!gcd.IsZero && !gcd.IsOne) (numerator, denominator) = (numerator / gcd, denominator / gcd);
            _numerator = numerator;
            _denominatorMinusOne = denominator - 1;
        }

        public static Rational One => new(1, 1);

        private BigInteger Denominator => _denominatorMinusOne + 1;

        public bool IsZero => _numerator.IsZero;

        public static Rational operator +(Rational a, Rational b) => new(a._numerator * b.Denominator + b._numerator * a.Denominator, a.Denominator * b.Denominator);

        public static Rational operator -(Rational a) => new(-a._numerator, a.Denominator);

        public static Rational operator -(Rational a, Rational b) => a + -b;

        public static Rational operator *(Rational a, Rational b) => new(a._numerator * b._numerator, a.Denominator * b.Denominator);

        public static Rational operator /(Rational a, Rational b) => new(a._numerator * b.Denominator, a.Denominator * b._numerator);
    }
}
