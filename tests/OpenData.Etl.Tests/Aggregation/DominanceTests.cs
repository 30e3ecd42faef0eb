using OpenData.Etl.Aggregation;
using static OpenData.Etl.Tests.Aggregation.AggregationHarness;

namespace OpenData.Etl.Tests.Aggregation;

public sealed class DominanceTests
{
    [Fact]
    public void A_cell_whose_largest_contributor_makes_up_more_than_k_percent_of_the_sum_is_primary()
    {
        // Cell (a,x): six contributions, one of 1000 against five of 10 (95 %): enough units, but dominated.
        var counts = new Dictionary<string[], int> { [["a", "x"]] = 6, [["a", "y"]] = 8, [["b", "x"]] = 9, [["b", "y"]] = 7 };
        var rows = RowsFor(counts, (labels, i) => labels is ["a", "x"] && i == 0 ? "1000" : "10");

        var dominated = Publish(Spec(2, 5, dominance: new DominanceRule(1, 80), sum: true), rows, out var figures);
        var plain = Publish(Spec(2, 5, sum: true), rows, out _);

        Assert.Equal((null, "primary"), dominated[DisclosureChecker.Key(["a", "x"])]);
        // The 1000 also dominates the margins of row a (1000 of 1130) and column x (1000 of 1140), not the grand total (1000 of 1290).
        Assert.Equal("primary", dominated[DisclosureChecker.Key(["a", Total])].Status);
        Assert.Equal("primary", dominated[DisclosureChecker.Key([Total, "x"])].Status);
        Assert.Equal(3, figures.Primary);
        Assert.Equal((6L, ""), plain[DisclosureChecker.Key(["a", "x"])]);
        Assert.Empty(DisclosureChecker.DeterminedCells(dominated.ToDictionary(p => p.Key, p => p.Value.Count), 2, Total));
    }

    [Fact]
    public void Two_largest_contributors_are_weighed_together_when_n_is_2()
    {
        var counts = new Dictionary<string[], int> { [["a", "x"]] = 6, [["a", "y"]] = 8, [["b", "x"]] = 9, [["b", "y"]] = 7 };
        // (a,x): 400 + 400 + 4 x 50 = 1000; the top two are 80 %, the top one 40 %.
        var rows = RowsFor(counts, (labels, i) => labels is ["a", "x"] ? (i < 2 ? "400" : "50") : "10");

        var n1 = Publish(Spec(2, 5, dominance: new DominanceRule(1, 75), sum: true), rows, out _);
        var n2 = Publish(Spec(2, 5, dominance: new DominanceRule(2, 75), sum: true), rows, out _);

        Assert.Equal("", n1[DisclosureChecker.Key(["a", "x"])].Status);
        Assert.Equal("primary", n2[DisclosureChecker.Key(["a", "x"])].Status);
    }
}
