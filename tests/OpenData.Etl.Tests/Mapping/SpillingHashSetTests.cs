using OpenData.Etl.Mapping;
using OpenData.Etl.Tests.Support;

namespace OpenData.Etl.Tests.Mapping;

/// <summary>
/// The uniqueness check's set answers exactly as a HashSet would, whether a key sits in an in-memory table or
/// in a run spilled to disk; tiny caps force the spilling that real registers reach at 1.4M rows.
/// </summary>
public sealed class SpillingHashSetTests
{
    private static UInt128 Key(Random random) => new((ulong)random.NextInt64(), (ulong)random.NextInt64());

    [Fact]
    public void A_repeated_key_is_found_in_the_table_without_spilling()
    {
        using var dir = new TempDir();
        using var set = new SpillingHashSet(dir.Path);
        var random = new Random(1);
        var keys = Enumerable.Range(0, 5_000).Select(_ => Key(random)).ToList();

        Assert.All(keys, k => Assert.True(set.Add(k)));
        Assert.All(keys, k => Assert.False(set.Add(k)));
        Assert.Equal(0, set.RunCount);
        Assert.Null(set.SpillPath);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void A_repeated_key_is_found_in_any_spilled_run()
    {
        using var dir = new TempDir();
        using var set = new SpillingHashSet(dir.Path, maxSlots: 64);
        var random = new Random(2);
        var keys = Enumerable.Range(0, 20_000).Select(_ => Key(random)).ToList();

        Assert.All(keys, k => Assert.True(set.Add(k)));
        Assert.True(set.RunCount > 100, $"{set.RunCount} runs");
        // Every key again, in another order: each lives in a different run (or still in the table).
        foreach (var k in keys.OrderBy(_ => random.Next())) Assert.False(set.Add(k));
        // Fresh keys are still new: a run's Bloom filter or block index never turns "maybe" into "seen".
        Assert.All(Enumerable.Range(0, 5_000).Select(_ => Key(random)), k => Assert.True(set.Add(k)));
    }

    [Theory]
    [InlineData(1024)]     // one table
    [InlineData(1 << 15)]  // split into four tables, sorted one after another into each run
    public void Answers_match_a_hash_set_on_a_stream_with_many_repeats(int maxSlots)
    {
        using var dir = new TempDir();
        using var set = new SpillingHashSet(dir.Path, maxSlots);
        var model = new HashSet<UInt128>();
        var random = new Random(3);
        // Keys from a pool, so repeats are frequent and fall into the tables, into runs and at block edges.
        var pool = Enumerable.Range(0, 60_000).Select(_ => Key(random)).Append(UInt128.One).Append(UInt128.MaxValue).ToArray();

        for (var i = 0; i < 150_000; i++)
        {
            var key = pool[random.Next(pool.Length)];
            Assert.Equal(model.Add(key), set.Add(key));
        }
        Assert.True(set.RunCount >= 3, $"{set.RunCount} runs");
    }

    [Theory]
    [InlineData(64, 100)]
    [InlineData(1 << 15, 12_000)] // four tables at most, but every key lands in the first: it splits in vain, then spills
    public void Keys_that_share_their_table_and_slot_are_told_apart(int maxSlots, int count)
    {
        using var dir = new TempDir();
        using var set = new SpillingHashSet(dir.Path, maxSlots);
        // Same low 64 bits (same slot, same bit positions in a Bloom block) and top bits, different high halves.
        var keys = Enumerable.Range(1, count).Select(i => new UInt128((ulong)i, 63)).ToList();

        Assert.All(keys, k => Assert.True(set.Add(k)));
        Assert.True(set.RunCount >= 2, $"{set.RunCount} runs");
        Assert.All(keys, k => Assert.False(set.Add(k)));
        Assert.True(set.Add(new UInt128((ulong)count + 1, 63)));
    }

    [Fact]
    public void The_zero_hash_is_a_key_like_any_other()
    {
        using var dir = new TempDir();
        using var set = new SpillingHashSet(dir.Path, maxSlots: 8);
        Assert.True(set.Add(UInt128.Zero));
        Assert.False(set.Add(UInt128.Zero));
        for (ulong i = 1; i <= 50; i++) Assert.True(set.Add(i));
        Assert.True(set.RunCount > 0);
        Assert.False(set.Add(UInt128.Zero));
    }

    [Fact]
    public void Disposing_deletes_the_spill_file()
    {
        using var dir = new TempDir();
        var set = new SpillingHashSet(dir.Path, maxSlots: 64);
        for (ulong i = 1; i <= 1_000; i++) set.Add(i * 0x9E3779B97F4A7C15UL);
        Assert.NotNull(set.SpillPath);
        Assert.Equal([set.SpillPath], Directory.GetFileSystemEntries(dir.Path));
        Assert.Equal(1_000 / 44 * 44 * 16, new FileInfo(set.SpillPath).Length);

        set.Dispose();
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
        Assert.Throws<ObjectDisposedException>(() => set.Add(1));
    }

    [Fact]
    public void Memory_held_stops_at_the_table_cap_plus_a_little_per_spilled_key()
    {
        using var dir = new TempDir();
        using var set = new SpillingHashSet(dir.Path, maxSlots: 1 << 15);
        var random = new Random(4);
        for (var i = 0; i < 200_000; i++) set.Add(Key(random));
        // 512 KiB of tables; filters and block indexes add about 1.3 bytes a spilled key (10 bits plus 16 bytes a 256 keys).
        Assert.InRange(set.Bytes - (1 << 15) * 16, 200_000, 200_000 * 3 / 2);
    }
}
