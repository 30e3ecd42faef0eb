namespace OpenData.Etl.Aggregation;

/// <summary>How many cells a protection run looked at and suppressed.</summary>
public sealed record SuppressionFigures(int Cells, int Primary, int Secondary);

/// <summary>
/// Small-cell protection of a <see cref="CellTable"/>. Primary suppression: counts from 1 to min-count − 1,
/// and sums failing the (n,k) dominance rule. Secondary suppression, so that no suppressed cell can be
/// recomputed from the published cells and the margins:
/// <list type="number">
/// <item>Lines: every row, column or slice along one dimension (its margin included) is an equation
/// "interior cells sum to the margin". A line with exactly one suppressed cell would give it away, so the
/// smallest other cell of that line is suppressed too; repeated until no line changes.</item>
/// <item>Boxes: two suppressed cells per line is not enough (a suppressed cell can still be a "bridge"
/// between two otherwise closed patterns). Each suppressed cell must be a corner of a box: one other
/// coordinate per dimension such that all 2^d corners are suppressed. Adding +1/−1 alternately around the
/// box keeps every line equation true, so the cell's value is not determined. A cell without such a box
/// gets one, completed with the cheapest coordinates.</item>
/// </list>
/// Both steps repeat until neither changes anything. Cells are visited in index order and ties go to the
/// lower index, so the same table always gives the same pattern. Zero cells (combinations that do not
/// occur) are public knowledge and are only suppressed when a box needs them.
/// </summary>
internal static class CellSuppressor
{
    /// <summary>Combinations tried when looking for an existing box around a cell; beyond it a new box is completed (safe, at worst more suppression).</summary>
    private const int MaxBoxSearch = 256;

    public static SuppressionFigures Protect(CellTable table, int minCount, DominanceRule? dominance)
    {
        var primary = Primary(table, minCount, dominance);
        if (primary > 0)
        {
            while (Lines(table) | Boxes(table)) { }
        }
        var secondary = table.Status.Count(s => s == CellStatus.Secondary);
        return new SuppressionFigures(table.CellCount, primary, secondary);
    }

    private static int Primary(CellTable table, int minCount, DominanceRule? dominance)
    {
        var primary = 0;
        for (var cell = 0; cell < table.CellCount; cell++)
        {
            var n = table.Count[cell];
            if (n == 0) continue;
            var confidential = n < minCount;
            if (!confidential && dominance is not null)
            {
                foreach (var s in table.Stats)
                {
                    if (s.TopN == 0 || s.Sum[cell] <= 0) continue;
                    // More than k % of the cell's sum from its n largest contributions.
                    confidential |= s.TopSum(cell) * 100 > dominance.K * s.Sum[cell];
                }
            }
            if (confidential)
            {
                table.Status[cell] = CellStatus.Primary;
                primary++;
            }
        }
        return primary;
    }

    /// <summary>Cost of suppressing a cell: nothing when it already is, its count otherwise; zero cells last.</summary>
    private static long Cost(CellTable table, int cell) =>
        table.Status[cell] != CellStatus.Published ? 0 : table.Count[cell] == 0 ? long.MaxValue / 4 : table.Count[cell];

    private static bool Lines(CellTable table)
    {
        var any = false;
        bool changed;
        do
        {
            changed = false;
            for (var d = 0; d < table.Dimensions; d++)
            {
                var stride = table.Strides[d];
                var size = table.Sizes[d];
                for (var start = 0; start < table.CellCount; start++)
                {
                    if (start / stride % size != 0) continue;
                    var suppressed = 0;
                    for (var j = 0; j < size && suppressed < 2; j++)
                    {
                        if (table.Status[start + j * stride] != CellStatus.Published) suppressed++;
                    }
                    if (suppressed != 1) continue;
                    var best = -1;
                    for (var j = 0; j < size; j++)
                    {
                        var cell = start + j * stride;
                        if (table.Status[cell] == CellStatus.Published && (best < 0 || Cost(table, cell) < Cost(table, best))) best = cell;
                    }
                    if (best < 0) continue; // a dimension with no category besides the margin cannot occur: the margin is a cell too
                    table.Status[best] = CellStatus.Secondary;
                    changed = any = true;
                }
            }
        }
        while (changed);
        return any;
    }

    private static bool Boxes(CellTable table)
    {
        var any = false;
        var dims = table.Dimensions;
        var candidates = new List<int>[dims];
        for (var d = 0; d < dims; d++) candidates[d] = [];
        var choice = new int[dims];
        for (var cell = 0; cell < table.CellCount; cell++)
        {
            if (table.Status[cell] == CellStatus.Published) continue;
            if (HasBox(table, cell, candidates, choice)) continue;
            // Complete the cheapest box: per dimension, the other coordinate whose neighbour costs least.
            for (var d = 0; d < dims; d++)
            {
                var own = table.Coordinate(cell, d);
                var best = -1;
                for (var j = 0; j < table.Sizes[d]; j++)
                {
                    if (j == own) continue;
                    if (best < 0 || Cost(table, table.With(cell, d, j)) < Cost(table, table.With(cell, d, best))) best = j;
                }
                choice[d] = best;
            }
            foreach (var corner in Corners(table, cell, choice))
            {
                if (table.Status[corner] == CellStatus.Published)
                {
                    table.Status[corner] = CellStatus.Secondary;
                    any = true;
                }
            }
        }
        return any;
    }

    private static bool HasBox(CellTable table, int cell, List<int>[] candidates, int[] choice)
    {
        var dims = table.Dimensions;
        long combinations = 1;
        for (var d = 0; d < dims; d++)
        {
            candidates[d].Clear();
            var own = table.Coordinate(cell, d);
            for (var j = 0; j < table.Sizes[d]; j++)
            {
                if (j != own && table.Status[table.With(cell, d, j)] != CellStatus.Published) candidates[d].Add(j);
            }
            if (candidates[d].Count == 0) return false;
            combinations *= candidates[d].Count;
        }
        var tries = (int)Math.Min(combinations, MaxBoxSearch);
        for (var t = 0; t < tries; t++)
        {
            var rest = t;
            for (var d = 0; d < dims; d++)
            {
                choice[d] = candidates[d][rest % candidates[d].Count];
                rest /= candidates[d].Count;
            }
            var all = true;
            foreach (var corner in Corners(table, cell, choice))
            {
                if (table.Status[corner] == CellStatus.Published) { all = false; break; }
            }
            if (all) return true;
        }
        return false;
    }

    /// <summary>The 2^d cells that take, per dimension, either the cell's own coordinate or <paramref name="choice"/>.</summary>
    private static IEnumerable<int> Corners(CellTable table, int cell, int[] choice)
    {
        var dims = table.Dimensions;
        for (var mask = 0; mask < 1 << dims; mask++)
        {
            var corner = cell;
            for (var d = 0; d < dims; d++)
            {
                if ((mask & (1 << d)) != 0) corner = table.With(corner, d, choice[d]);
            }
            yield return corner;
        }
    }
}
