using OpenData.Etl.Data;
using OpenData.Etl.Running;
using OpenData.Etl.Schema;

namespace OpenData.Etl.Tests.Running;

/// <summary>The two-thread hand-over between reading and writing: order, reuse, and failures on either side.</summary>
public sealed class BatchFlowTests
{
    private static ColumnBatch NewBatch() => new([new ValueColumn<long>("n", FieldType.Integer, 4)], 4);

    /// <summary>Fills batches with consecutive numbers until <paramref name="total"/> values have been produced.</summary>
    private static Func<ColumnBatch, bool> Counter(int total)
    {
        var next = 0;
        return batch =>
        {
            batch.Count = 0;
            var values = (ValueColumn<long>)batch.Columns[0];
            while (batch.Count < batch.Capacity && next < total) values.Set(batch.Count++, next++);
            return batch.Count > 0;
        };
    }

    [Fact]
    public async Task Batches_reach_the_writer_in_the_order_they_were_filled_using_only_three_batch_objects()
    {
        var seen = new List<long>();
        var created = 0;
        var distinct = new HashSet<ColumnBatch>(ReferenceEqualityComparer.Instance);
        await BatchFlow.RunAsync(() => { created++; return NewBatch(); }, Counter(1_001), () => true, async (batch, _) =>
        {
            await Task.Yield();
            distinct.Add(batch);
            seen.AddRange(((ValueColumn<long>)batch.Columns[0]).Values.Take(batch.Count));
        }, CancellationToken.None);

        Assert.Equal(Enumerable.Range(0, 1_001).Select(i => (long)i), seen);
        Assert.Equal(BatchFlow.Batches, created);
        Assert.True(distinct.Count <= BatchFlow.Batches);
    }

    [Fact]
    public async Task Batches_the_reader_holds_back_are_never_written()
    {
        var written = 0;
        var filled = 0;
        await BatchFlow.RunAsync(NewBatch, b => Counter(40)(b) && ++filled <= 10, () => filled <= 3, (batch, _) =>
        {
            written++;
            return ValueTask.CompletedTask;
        }, CancellationToken.None);
        Assert.Equal(3, written);
    }

    [Fact]
    public async Task A_failing_writer_stops_the_reader_and_its_exception_surfaces()
    {
        var fills = 0;
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => BatchFlow.RunAsync(NewBatch, b => { fills++; return Counter(4)(b); },
            () => true, (_, _) => throw new InvalidOperationException("disk full"), CancellationToken.None));
        Assert.Equal("disk full", error.Message);
        Assert.True(fills <= BatchFlow.Batches + 1, $"the reader went on filling {fills} batches after the writer failed");
    }

    [Fact]
    public async Task A_failing_reader_surfaces_its_own_exception_rather_than_a_closed_channel()
    {
        var error = await Assert.ThrowsAsync<FormatException>(() => BatchFlow.RunAsync(NewBatch, _ => throw new FormatException("bad row"),
            () => true, (_, _) => ValueTask.CompletedTask, CancellationToken.None));
        Assert.Equal("bad row", error.Message);
    }
}
