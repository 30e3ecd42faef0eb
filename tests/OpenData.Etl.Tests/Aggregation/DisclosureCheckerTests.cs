using static OpenData.Etl.Tests.Aggregation.AggregationHarness;

namespace OpenData.Etl.Tests.Aggregation;

/// <summary>The checker itself must be able to fail: hand-made patterns whose suppressed cells can be recomputed.</summary>
public sealed class DisclosureCheckerTests
{
    private static Dictionary<string, long?> Table(string[][] grid, string[] rows, string[] columns)
    {
        // grid includes the margin row and column last; "." is a suppressed cell, "-" an absent (zero) cell.
        var table = new Dictionary<string, long?>();
        var rowLabels = rows.Append(Total).ToArray();
        var columnLabels = columns.Append(Total).ToArray();
        for (var r = 0; r < rowLabels.Length; r++)
        {
            for (var c = 0; c < columnLabels.Length; c++)
            {
                if (grid[r][c] == "-") continue;
                table[DisclosureChecker.Key([rowLabels[r], columnLabels[c]])] = grid[r][c] == "." ? null : long.Parse(grid[r][c], System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        return table;
    }

    [Fact]
    public void A_single_suppressed_cell_in_a_row_is_recomputed_by_subtraction()
    {
        var table = Table([["3", "10", "13"], ["8", "9", "17"], ["11", "19", "30"]], ["a", "b"], ["x", "y"]);
        table[DisclosureChecker.Key(["a", "x"])] = null;

        var determined = DisclosureChecker.DeterminedCells(table, 2, Total);

        Assert.Equal(["a", "x"], Assert.Single(determined));
    }

    [Fact]
    public void A_bridge_between_two_closed_patterns_is_recomputed_though_every_line_has_two_suppressed_cells()
    {
        // Rows a,b and columns x,y form a closed rectangle; rows c,d and columns z,w another; cell (b,z)
        // links them. Every row and column holding a suppressed cell holds at least two, yet (b,z) follows
        // from the equations: the line rule alone does not prove safety.
        string[][] grid =
        [
            [".", ".", "6", "7", "20"],
            [".", ".", ".", "8", "31"],
            ["9", "6", ".", ".", "27"],
            ["7", "9", ".", ".", "25"],
            ["28", "27", "24", "24", "103"],
        ];
        var table = Table(grid, ["a", "b", "c", "d"], ["x", "y", "z", "w"]);

        var determined = DisclosureChecker.DeterminedCells(table, 2, Total);

        Assert.Contains(determined, d => d.SequenceEqual(["b", "z"]));
    }

    [Fact]
    public void A_closed_rectangle_of_suppressed_cells_is_not_determined()
    {
        var table = Table([[".", ".", "9", "20"], [".", ".", "7", "19"], ["8", "9", "6", "23"], ["20", "22", "22", "62"]], ["a", "b", "c"], ["x", "y", "z"]);

        Assert.Empty(DisclosureChecker.DeterminedCells(table, 2, Total));
    }

    [Fact]
    public void Publishing_one_interior_cell_of_a_fully_suppressed_2x2x2_table_gives_every_other_cell_away()
    {
        // A 2x2x2 table with every interior cell suppressed and every margin published: the 8 unknowns meet
        // 12 equations of rank 7, so each cell is still free. Publishing one interior cell determines the other 7.
        var table = new Dictionary<string, long?>();
        foreach (var a in new[] { "a0", "a1", Total })
        foreach (var b in new[] { "b0", "b1", Total })
        foreach (var c in new[] { "c0", "c1", Total })
        {
            var interior = a != Total && b != Total && c != Total;
            table[DisclosureChecker.Key([a, b, c])] = interior ? null : 10;
        }
        Assert.Empty(DisclosureChecker.DeterminedCells(table, 3, Total));

        table[DisclosureChecker.Key(["a0", "b0", "c0"])] = 2;
        Assert.Equal(7, DisclosureChecker.DeterminedCells(table, 3, Total).Count);
    }
}
