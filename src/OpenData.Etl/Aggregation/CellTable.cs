namespace OpenData.Etl.Aggregation;

public enum CellStatus : byte { Published, Primary, Secondary }

/// <summary>One level of a hierarchy along a dimension: the parent labels (ordinal order) and each leaf category's parent index.</summary>
internal sealed record HierarchyLevel(string[] Parents, int[] ParentOfLeaf);

/// <summary>
/// An equation along one dimension: the cells at <see cref="Members"/> add up to the cell at
/// <see cref="Margin"/>, whatever the other coordinates are.
/// </summary>
internal sealed record EquationGroup(int[] Members, int Margin);

/// <summary>
/// The full cross-table of the group-by dimensions, margins included, as dense arrays. Along dimension d
/// coordinates 0..n-1 are the categories (leaves) in ordinal order; with a hierarchy the parents follow
/// (each the total of its leaves); the last coordinate is the total over d. Cell indexes are row-major, so
/// the cell order, and with it every output, is deterministic.
/// </summary>
internal sealed class CellTable
{
    public CellTable(IReadOnlyList<string[]> categories, IReadOnlyList<HierarchyLevel?> hierarchies, long[] count, ColumnStats[] stats)
    {
        Categories = categories;
        Hierarchies = hierarchies;
        Sizes = [.. categories.Select((c, d) => c.Length + (hierarchies[d]?.Parents.Length ?? 0) + 1)];
        Strides = new int[Sizes.Length];
        var stride = 1;
        for (var d = Sizes.Length - 1; d >= 0; d--)
        {
            Strides[d] = stride;
            stride *= Sizes[d];
        }
        CellCount = stride;
        Count = count;
        Stats = stats;
        Status = new CellStatus[CellCount];
        Groups = [.. categories.Select((c, d) => GroupsOf(c.Length, hierarchies[d]))];
        _singles = [.. Sizes.Select(size => Enumerable.Range(0, size).Select(j => new[] { j }).ToArray())];
    }

    private readonly int[][][] _singles;

    /// <summary>The one-coordinate array {j} of dimension d, shared so that suppression does not allocate it per cell.</summary>
    public int[] Single(int d, int j) => _singles[d][j];

    /// <summary>Category (leaf) labels per dimension, without parents and margin.</summary>
    public IReadOnlyList<string[]> Categories { get; }

    public IReadOnlyList<HierarchyLevel?> Hierarchies { get; }

    /// <summary>Coordinates per dimension: leaves, parents, the total.</summary>
    public int[] Sizes { get; }

    public int[] Strides { get; }

    /// <summary>Per dimension, its equations in the order margins are computed (leaves into parents before parents into the total).</summary>
    public EquationGroup[][] Groups { get; }

    public int Dimensions => Sizes.Length;

    public int CellCount { get; }

    public long[] Count { get; }

    public ColumnStats[] Stats { get; }

    public CellStatus[] Status { get; }

    public int Coordinate(int cell, int dimension) => cell / Strides[dimension] % Sizes[dimension];

    /// <summary>A cell of categories only: no parent and no total in any dimension.</summary>
    public bool IsInterior(int cell)
    {
        for (var d = 0; d < Sizes.Length; d++)
        {
            if (Coordinate(cell, d) >= Categories[d].Length) return false;
        }
        return true;
    }

    /// <summary>The same cell with its coordinate along <paramref name="dimension"/> replaced.</summary>
    public int With(int cell, int dimension, int coordinate) =>
        cell + (coordinate - Coordinate(cell, dimension)) * Strides[dimension];

    /// <summary>
    /// Fills every margin from the interior cells: adding dimension by dimension (and within one, level by
    /// level) means cells that are margins in earlier dimensions are summed too, so every combination of totals is complete.
    /// </summary>
    public void ComputeMargins()
    {
        for (var d = 0; d < Sizes.Length; d++)
        {
            foreach (var group in Groups[d])
            {
                for (var cell = 0; cell < CellCount; cell++)
                {
                    if (Coordinate(cell, d) != group.Margin) continue;
                    foreach (var member in group.Members)
                    {
                        var from = With(cell, d, member);
                        Count[cell] += Count[from];
                        foreach (var s in Stats) s.Merge(s, from, cell);
                    }
                }
            }
        }
    }

    private static EquationGroup[] GroupsOf(int leaves, HierarchyLevel? hierarchy)
    {
        if (hierarchy is null) return [new EquationGroup([.. Enumerable.Range(0, leaves)], leaves)];
        var parents = hierarchy.Parents.Length;
        var groups = new List<EquationGroup>();
        for (var p = 0; p < parents; p++)
            groups.Add(new EquationGroup([.. Enumerable.Range(0, leaves).Where(l => hierarchy.ParentOfLeaf[l] == p)], leaves + p));
        groups.Add(new EquationGroup([.. Enumerable.Range(leaves, parents)], leaves + parents));
        return [.. groups];
    }
}
