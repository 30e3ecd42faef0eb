using OpenData.Etl.Aggregation;
using static OpenData.Etl.Tests.Aggregation.AggregationHarness;

namespace OpenData.Etl.Tests.Aggregation;

public sealed class SuppressionPropertyTests
{
    public static TheoryData<int> Seeds()
    {
        var data = new TheoryData<int>();
        for (var batch = 0; batch < 10; batch++) data.Add(batch);
        return data;
    }

    /// <summary>20 random tables per seed batch, 200 in all: 2-D and 3-D, skewed towards small counts, thresholds 3, 5 and 10.</summary>
    [Theory]
    [MemberData(nameof(Seeds))]
    public void No_suppressed_cell_of_a_random_table_can_be_recomputed_from_the_published_cells_and_margins(int batch)
    {
        var secondary = 0;
        for (var t = 0; t < 20; t++)
        {
            var seed = batch * 1000 + t;
            var random = new Random(seed);
            var dims = random.Next(2, 4);
            var sizes = Enumerable.Range(0, dims).Select(_ => random.Next(1, dims == 2 ? 7 : 5)).ToArray();
            var minCount = new[] { 3, 5, 10 }[random.Next(3)];
            var counts = RandomCounts(random, sizes);
            var rows = RowsFor(counts);
            var published = Publish(Spec(dims, minCount), rows, out var figures);
            secondary += figures.Secondary;

            var context = $"seed {seed}, sizes {string.Join("x", sizes)}, min-count {minCount}";
            var determined = DisclosureChecker.DeterminedCells(published.ToDictionary(p => p.Key, p => p.Value.Count), dims, Total);
            Assert.True(determined.Count == 0, $"{context}: recomputable {string.Join("; ", determined.Select(d => string.Join("/", d)))}");
            AssertCountsAndMargins(published, counts, dims, minCount, context);
        }
        Assert.True(secondary > 20, "the random tables should need secondary suppression, or the check proves little");
    }

    /// <summary>100 random tables with a two-level hierarchy on the first dimension: leaves add up to parents, parents to the total.</summary>
    [Theory]
    [MemberData(nameof(Seeds))]
    public void No_suppressed_cell_of_a_random_hierarchical_table_can_be_recomputed_across_levels(int batch)
    {
        for (var t = 0; t < 10; t++)
        {
            var seed = 50_000 + batch * 1000 + t;
            var random = new Random(seed);
            var dims = random.Next(2, 4);
            var sizes = Enumerable.Range(0, dims).Select(d => d == 0 ? random.Next(2, 8) : random.Next(1, 4)).ToArray();
            var parentCount = random.Next(1, 4);
            var parentOf = Enumerable.Range(0, sizes[0]).ToDictionary(i => $"a{i}", _ => $"p{random.Next(parentCount)}");
            var minCount = new[] { 3, 5 }[random.Next(2)];
            var counts = RandomCounts(random, sizes);
            var published = Publish(Spec(dims, minCount), RowsFor(counts), out _, parentOf);

            var context = $"seed {seed}, sizes {string.Join("x", sizes)}, {parentCount} parents, min-count {minCount}";
            var hierarchy = new Dictionary<int, Dictionary<string, string>> { [0] = parentOf.ToDictionary(p => p.Key, p => "P:" + p.Value) };
            var determined = DisclosureChecker.DeterminedCells(published.ToDictionary(p => p.Key, p => p.Value.Count), dims, Total, hierarchy);
            Assert.True(determined.Count == 0, $"{context}: recomputable {string.Join("; ", determined.Select(d => string.Join("/", d)))}");
            foreach (var (key, (count, _)) in published)
            {
                var labels = key.Split('\u001f');
                bool Matches(string[] cell) => cell.Select((l, d) => labels[d] == Total || labels[d] == l || (d == 0 && labels[0] == "P:" + parentOf[l])).All(x => x);
                if (count is { } n) Assert.True(n >= minCount && n == counts.Where(c => Matches(c.Key)).Sum(c => c.Value), $"{context}: {key} published {n}");
            }
        }
    }

    [Fact]
    public void Same_rows_in_another_order_give_the_identical_suppression_pattern()
    {
        for (var seed = 0; seed < 20; seed++)
        {
            var random = new Random(seed);
            var counts = RandomCounts(random, [5, 4, 3]);
            var rows = RowsFor(counts);
            var first = Publish(Spec(3, 5), rows, out var figures);
            var shuffled = rows.OrderBy(_ => random.Next()).ToList();
            var second = Publish(Spec(3, 5), shuffled, out var again);

            Assert.Equal(first.OrderBy(p => p.Key, StringComparer.Ordinal), second.OrderBy(p => p.Key, StringComparer.Ordinal));
            Assert.Equal(figures, again);
        }
    }

    [Fact]
    public void A_table_without_small_cells_is_published_whole()
    {
        var counts = new Dictionary<string[], int> { [["a", "x"]] = 7, [["a", "y"]] = 9, [["b", "x"]] = 12, [["b", "y"]] = 5 };
        var published = Publish(Spec(2, 5), RowsFor(counts), out var figures);

        Assert.Equal(9, published.Count); // 4 cells, 2 + 2 margins, grand total
        Assert.All(published.Values, v => Assert.NotNull(v.Count));
        Assert.Equal(new SuppressionFigures(9, 0, 0), figures);
        Assert.Equal(33, published[DisclosureChecker.Key([Total, Total])].Count);
    }

    internal static Dictionary<string[], int> RandomCounts(Random random, int[] sizes)
    {
        var counts = new Dictionary<string[], int>();
        IEnumerable<string[]> tuples = [[]];
        for (var d = 0; d < sizes.Length; d++)
        {
            var dim = d;
            tuples = tuples.SelectMany(t => Enumerable.Range(0, sizes[dim]).Select(i => (string[])[.. t, $"{(char)('a' + dim)}{i}"]));
        }
        foreach (var tuple in tuples)
        {
            // Mostly moderate counts, a fair share of small ones (primary) and some empty combinations.
            var roll = random.NextDouble();
            var n = roll < 0.15 ? 0 : roll < 0.4 ? random.Next(1, 5) : random.Next(5, 40);
            if (n > 0) counts[tuple] = n;
        }
        if (counts.Count == 0) counts[[.. sizes.Select((_, d) => $"{(char)('a' + d)}0")]] = 1;
        return counts;
    }

    /// <summary>Every published count is at least the threshold; every published value, margins included, is the true total of the data.</summary>
    internal static void AssertCountsAndMargins(Dictionary<string, (long? Count, string Status)> published, Dictionary<string[], int> counts, int dims, int minCount, string context)
    {
        foreach (var (key, (count, status)) in published)
        {
            var labels = key.Split('\u001f');
            long truth = counts.Where(c => c.Key.Select((l, d) => labels[d] == Total || labels[d] == l).All(x => x)).Sum(c => c.Value);
            if (count is { } n)
            {
                Assert.True(n >= minCount, $"{context}: {key} published {n} below {minCount}");
                Assert.True(n == truth, $"{context}: {key} published {n}, data says {truth}");
                Assert.Equal("", status);
            }
            else
            {
                Assert.True(status is "primary" or "secondary", $"{context}: {key} null without status");
                Assert.True(status != "primary" || truth < minCount, $"{context}: {key} primary though {truth} pupils");
            }
        }
        // Every small non-empty cell is suppressed, never left out.
        foreach (var (labels, n) in counts.Where(c => c.Value < minCount))
            Assert.Null(published[DisclosureChecker.Key(labels)].Count);
    }
}
