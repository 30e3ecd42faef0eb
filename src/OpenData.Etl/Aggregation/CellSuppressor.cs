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
    /// <summary>Moves and combinations tried when looking for an existing box around a cell; beyond it a new box is completed (safe, at worst more suppression).</summary>
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
                foreach (var group in table.Groups[d])
                {
                    for (var start = 0; start < table.CellCount; start++)
                    {
                        // One line per combination of the other coordinates: start at coordinate 0 along d.
                        if (start / stride % size != 0) continue;
                        var margin = start + group.Margin * stride;
                        var suppressed = table.Status[margin] != CellStatus.Published ? 1 : 0;
                        foreach (var m in group.Members)
                        {
                            if (table.Status[start + m * stride] != CellStatus.Published && ++suppressed > 1) break;
                        }
                        if (suppressed != 1) continue;
                        var best = table.Status[margin] == CellStatus.Published ? margin : -1;
                        foreach (var m in group.Members)
                        {
                            var cell = start + m * stride;
                            if (table.Status[cell] == CellStatus.Published && (best < 0 || Cost(table, cell) < Cost(table, best) || (Cost(table, cell) == Cost(table, best) && cell < best))) best = cell;
                        }
                        if (best < 0) continue; // cannot happen: the line has at least two cells, one of them published
                        table.Status[best] = CellStatus.Secondary;
                        changed = any = true;
                    }
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
        var candidates = new List<int[]>[dims];
        for (var d = 0; d < dims; d++) candidates[d] = [];
        var choice = new int[dims][];
        for (var cell = 0; cell < table.CellCount; cell++)
        {
            if (table.Status[cell] == CellStatus.Published) continue;
            if (HasBox(table, cell, candidates, choice)) continue;
            // Complete the cheapest box: per dimension, the move whose cells along that dimension cost least.
            for (var d = 0; d < dims; d++)
            {
                long bestCost = long.MaxValue;
                var own = table.Coordinate(cell, d);
                if (table.Hierarchies[d] is null)
                {
                    for (var j = 0; j < table.Sizes[d]; j++)
                    {
                        if (j == own) continue;
                        var cost = Cost(table, table.With(cell, d, j));
                        if (cost < bestCost) (bestCost, choice[d]) = (cost, table.Single(d, j));
                    }
                    continue;
                }
                foreach (var move in Moves(table, d, own))
                {
                    long cost = 0;
                    foreach (var j in move) cost = Math.Min(long.MaxValue / 2, cost + Cost(table, table.With(cell, d, j)));
                    if (cost < bestCost) (bestCost, choice[d]) = (cost, move);
                }
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

    /// <summary>
    /// The ways to move coordinate <paramref name="own"/> of dimension <paramref name="d"/> while keeping every
    /// equation of d true: the other coordinates that change with it (each with a sign that need not be known
    /// here). Without hierarchy: any one other coordinate. With one (leaves k, parents P, total T): a sibling;
    /// k with its parent and T; or k, its parent, another parent and one of that parent's leaves.
    /// </summary>
    private static IEnumerable<int[]> Moves(CellTable table, int d, int own)
    {
        var leaves = table.Categories[d].Length;
        if (table.Hierarchies[d] is not { } h)
        {
            for (var j = 0; j < table.Sizes[d]; j++)
            {
                if (j != own) yield return table.Single(d, j);
            }
            yield break;
        }
        var total = table.Sizes[d] - 1;
        int[] Children(int parent) => [.. Enumerable.Range(0, leaves).Where(l => h.ParentOfLeaf[l] == parent)];
        if (own < leaves)
        {
            var parent = h.ParentOfLeaf[own];
            foreach (var sibling in Children(parent)) if (sibling != own) yield return [sibling];
            yield return [leaves + parent, total];
            for (var other = 0; other < h.Parents.Length; other++)
            {
                if (other == parent) continue;
                foreach (var leaf in Children(other)) yield return [leaves + parent, leaves + other, leaf];
            }
        }
        else if (own < total)
        {
            var parent = own - leaves;
            var children = Children(parent);
            foreach (var child in children) yield return [child, total];
            for (var other = 0; other < h.Parents.Length; other++)
            {
                if (other == parent) continue;
                foreach (var child in children)
                foreach (var leaf in Children(other)) yield return [child, leaves + other, leaf];
            }
        }
        else
        {
            for (var parent = 0; parent < h.Parents.Length; parent++)
                foreach (var child in Children(parent)) yield return [leaves + parent, child];
        }
    }

    private static bool HasBox(CellTable table, int cell, List<int[]>[] candidates, int[][] choice)
    {
        var dims = table.Dimensions;
        long combinations = 1;
        for (var d = 0; d < dims; d++)
        {
            candidates[d].Clear();
            var own = table.Coordinate(cell, d);
            if (table.Hierarchies[d] is null)
            {
                // The common case, kept free of iterators: the line of 10^6-cell tables is scanned for every suppressed cell.
                var stride = table.Strides[d];
                var start = cell - own * stride;
                for (var j = 0; j < table.Sizes[d] && candidates[d].Count < MaxBoxSearch; j++)
                {
                    if (j != own && table.Status[start + j * stride] != CellStatus.Published) candidates[d].Add(table.Single(d, j));
                }
            }
            else
            {
                foreach (var move in Moves(table, d, own))
                {
                    if (Suppressed(table, cell, d, move)) candidates[d].Add(move);
                    if (candidates[d].Count >= MaxBoxSearch) break;
                }
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

    private static bool Suppressed(CellTable table, int cell, int d, int[] move)
    {
        foreach (var j in move)
        {
            if (table.Status[table.With(cell, d, j)] == CellStatus.Published) return false;
        }
        return true;
    }

    /// <summary>The cells that take, per dimension, the cell's own coordinate or one of the coordinates of the chosen move.</summary>
    private static List<int> Corners(CellTable table, int cell, int[][] choice)
    {
        var corners = CornerBuffer ??= [];
        corners.Clear();
        corners.Add(cell);
        for (var d = 0; d < table.Dimensions; d++)
        {
            var n = corners.Count;
            foreach (var j in choice[d])
            {
                for (var i = 0; i < n; i++) corners.Add(table.With(corners[i], d, j));
            }
        }
        return corners;
    }

    [ThreadStatic]
    private static List<int>? CornerBuffer;
}
