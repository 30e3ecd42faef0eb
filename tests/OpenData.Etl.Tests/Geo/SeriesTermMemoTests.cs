using OpenData.Etl.Geo;

namespace OpenData.Etl.Tests.Geo;

public sealed class SeriesTermMemoTests
{
    private static double[] Circular(double xi) =>
        [Math.Sin(2 * xi), Math.Sin(4 * xi), Math.Sin(6 * xi), Math.Sin(8 * xi), Math.Cos(2 * xi), Math.Cos(4 * xi), Math.Cos(6 * xi), Math.Cos(8 * xi)];

    private static double[] Hyperbolic(double eta) =>
        [Math.Cosh(2 * eta), Math.Cosh(4 * eta), Math.Cosh(6 * eta), Math.Cosh(8 * eta), Math.Sinh(2 * eta), Math.Sinh(4 * eta), Math.Sinh(6 * eta), Math.Sinh(8 * eta)];

    [Fact]
    public void Every_lookup_gives_the_bits_the_functions_give_also_after_other_values_took_the_slot()
    {
        var memo = new SeriesTermMemo();
        var random = new Random(20261129);
        // 40,000 grid values in 16,384 slots: many share a slot, and each comes back several times in random order.
        var northings = Enumerable.Range(0, 30_000).Select(i => (6_140_050 + 100.0 * i) / 6_366_000).ToArray();
        var eastings = Enumerable.Range(0, 10_000).Select(i => (-400_000 + 100.0 * i) / 6_366_000).ToArray();
        var mismatches = 0;
        for (var i = 0; i < 200_000; i++)
        {
            var xi = northings[random.Next(northings.Length)];
            var eta = eastings[random.Next(eastings.Length)];
            if (!memo.Circular(xi).SequenceEqual(Circular(xi))) mismatches++;
            if (!memo.Hyperbolic(eta).SequenceEqual(Hyperbolic(eta))) mismatches++;
        }
        Assert.Equal(0, mismatches);
    }

    [Theory]
    [InlineData(0L)] // 0.0: the bits an array starts with
    [InlineData(long.MinValue)] // -0.0
    [InlineData(unchecked((long)0xFFF8_0000_0000_0000UL))] // double.NaN
    [InlineData(0x7FF8_0000_0000_0BADL)] // the NaN whose bits mark an empty slot
    [InlineData(1L)] // the smallest subnormal
    public void Edge_values_are_not_mistaken_for_an_empty_slot(long bits)
    {
        var value = BitConverter.Int64BitsToDouble(bits);
        var memo = new SeriesTermMemo();
        for (var round = 0; round < 2; round++)
        {
            Assert.Equal(Circular(value), memo.Circular(value).ToArray());
            Assert.Equal(Hyperbolic(value), memo.Hyperbolic(value).ToArray());
        }
    }

    [Fact]
    public void Each_thread_has_its_own_memo()
    {
        var here = SeriesTermMemo.ForThisThread;
        SeriesTermMemo? there = null;
        var thread = new Thread(() => there = SeriesTermMemo.ForThisThread);
        thread.Start();
        thread.Join();
        Assert.Same(here, SeriesTermMemo.ForThisThread);
        Assert.NotNull(there);
        Assert.NotSame(here, there);
    }
}
