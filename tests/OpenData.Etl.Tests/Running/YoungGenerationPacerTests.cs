using OpenData.Etl.Running;

namespace OpenData.Etl.Tests.Running;

/// <summary>The pacer that bounds the young generation between batches, whatever budget the host's cache size gives it.</summary>
public sealed class YoungGenerationPacerTests
{
    [Fact]
    public void Collects_once_the_budget_is_allocated()
    {
        var pacer = new YoungGenerationPacer(budget: 1 << 20);
        var before = GC.CollectionCount(0);

        GC.KeepAlive(new byte[2 << 20]);
        pacer.Tick();

        Assert.Equal(1, pacer.Collections);
        Assert.True(GC.CollectionCount(0) > before);
    }

    [Fact]
    public void Leaves_the_collector_alone_while_the_budget_lasts()
    {
        var pacer = new YoungGenerationPacer(budget: 1L << 40);

        GC.KeepAlive(new byte[2 << 20]);
        pacer.Tick();

        Assert.Equal(0, pacer.Collections);
    }
}
