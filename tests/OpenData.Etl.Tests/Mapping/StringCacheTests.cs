using OpenData.Etl.Mapping;

namespace OpenData.Etl.Tests.Mapping;

public sealed class StringCacheTests
{
    [Fact]
    public void Repeats_of_a_value_share_one_string_and_every_value_comes_back_as_it_went_in()
    {
        var cache = new StringCache();
        var kinds = Enumerable.Range(0, 300).Select(i => $"Restaurang {i}").ToArray();
        var first = kinds.Select(k => cache.Get(k.AsSpan())).ToArray();

        // More values than slots, so that some take others' slots over: still each comes back equal to itself.
        for (var round = 0; round < 50; round++)
            for (var i = 0; i < kinds.Length; i++)
                Assert.Equal(kinds[i], cache.Get(kinds[i].AsSpan()));
        var shared = kinds.Count(k => ReferenceEquals(cache.Get(k.AsSpan()), cache.Get(k.AsSpan())));
        Assert.True(shared > 250, $"{shared} of 300 repeated values shared a string");
        Assert.Equal(kinds, first);
    }

    [Fact]
    public void A_column_of_unique_values_is_passed_through()
    {
        var cache = new StringCache();
        for (var i = 0; i < 100_000; i++)
            Assert.Equal($"2024-{i:D6}", cache.Get($"2024-{i:D6}".AsSpan()));
        // Once it has stepped aside, repeats are no longer shared either: the cache costs nothing more.
        Assert.False(ReferenceEquals(cache.Get("Kiosk".AsSpan()), cache.Get("Kiosk".AsSpan())));
    }

    [Fact]
    public void Long_values_are_not_cached()
    {
        var cache = new StringCache();
        var comment = new string('x', 49);

        Assert.False(ReferenceEquals(cache.Get(comment.AsSpan()), cache.Get(comment.AsSpan())));
        Assert.True(ReferenceEquals(cache.Get(comment.AsSpan(0, 48)), cache.Get(comment.AsSpan(0, 48))));
    }
}
