namespace OpenData.Etl.Aggregation;

public enum CellStatus : byte { Published, Primary, Secondary }

/// <summary>
/// The full cross-table of the group-by dimensions, margins included, as dense arrays: along dimension d
/// coordinates 0..n-1 are the categories in ordinal order and coordinate n is the margin (the total over d).
/// Cell indexes are row-major, so the cell order, and with it every output, is deterministic.
/// </summary>
internal sealed class CellTable
{
    public CellTable(IReadOnlyList<string[]> categories, long[] count, ColumnStats[] stats)
    {
        Categories = categories;
        Sizes = [.. categories.Select(c => c.Length + 1)];
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
    }

    /// <summary>Category labels per dimension, without the margin.</summary>
    public IReadOnlyList<string[]> Categories { get; }

    /// <summary>Categories plus one (the margin) per dimension.</summary>
    public int[] Sizes { get; }

    public int[] Strides { get; }

    public int Dimensions => Sizes.Length;

    public int CellCount { get; }

    public long[] Count { get; }

    public ColumnStats[] Stats { get; }

    public CellStatus[] Status { get; }

    public int Coordinate(int cell, int dimension) => cell / Strides[dimension] % Sizes[dimension];

    public bool IsMargin(int cell, int dimension) => Coordinate(cell, dimension) == Sizes[dimension] - 1;

    public bool IsInterior(int cell)
    {
        for (var d = 0; d < Sizes.Length; d++)
        {
            if (IsMargin(cell, d)) return false;
        }
        return true;
    }

    /// <summary>The same cell with its coordinate along <paramref name="dimension"/> replaced.</summary>
    public int With(int cell, int dimension, int coordinate) =>
        cell + (coordinate - Coordinate(cell, dimension)) * Strides[dimension];

    /// <summary>
    /// Fills every margin from the interior cells: adding dimension by dimension means cells that are
    /// margins in earlier dimensions are summed too, so every combination of totals is complete.
    /// </summary>
    public void ComputeMargins()
    {
        for (var d = 0; d < Sizes.Length; d++)
        {
            var margin = Sizes[d] - 1;
            for (var cell = 0; cell < CellCount; cell++)
            {
                if (Coordinate(cell, d) == margin) continue;
                var target = With(cell, d, margin);
                Count[target] += Count[cell];
                foreach (var s in Stats) s.Merge(s, cell, target);
            }
        }
    }
}
