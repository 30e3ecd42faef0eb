using OpenData.Etl.Data;
using OpenData.Etl.Running;
using OpenData.Etl.Schema;

namespace OpenData.Etl.Tests.Running;

/// <summary>The hand-over between the reading thread and the writers: order, reuse, pace, and failures on either side.</summary>
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

    private static Func<ColumnBatch, CancellationToken, ValueTask> Collect(List<long> seen, int delayEvery = 0) => async (batch, token) =>
    {
        // A slow writer now and then: a batch must not be filled again while any writer still reads it.
        if (delayEvery > 0 && seen.Count % (delayEvery * 4) == 0) await Task.Delay(1, token);
        else await Task.Yield();
        seen.AddRange(((ValueColumn<long>)batch.Columns[0]).Values.Take(batch.Count));
    };

    private static readonly Func<ColumnBatch, bool> Dispatch = _ => true;

    [Fact]
    public async Task Every_writer_gets_every_batch_in_the_order_it_was_filled_from_a_fixed_set_of_batch_objects()
    {
        List<long> fast = [], slow = [], dispatched = [];
        var created = 0;
        var distinct = new HashSet<ColumnBatch>(ReferenceEqualityComparer.Instance);
        await BatchFlow.RunAsync(() => { created++; return NewBatch(); }, Counter(1_001), () => true,
            batch =>
            {
                distinct.Add(batch);
                dispatched.AddRange(((ValueColumn<long>)batch.Columns[0]).Values.Take(batch.Count));
                return true;
            },
            [Collect(fast), Collect(slow, delayEvery: 5)], CancellationToken.None);

        var expected = Enumerable.Range(0, 1_001).Select(i => (long)i).ToList();
        Assert.Equal(expected, dispatched);
        Assert.Equal(expected, fast);
        Assert.Equal(expected, slow);
        Assert.Equal(BatchFlow.Batches, created);
        Assert.True(distinct.Count <= BatchFlow.Batches);
    }

    [Fact]
    public async Task A_quick_writer_goes_on_to_the_next_batch_while_a_slow_one_is_still_on_the_last()
    {
        // The slow writer finishes its first batch only once the quick one has written the second: writers held to
        // one batch at a time would wait for each other here for ever (the timeout fails the test instead).
        var quickOnSecond = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var quickBatches = 0;
        var slowBatches = 0;
        await BatchFlow.RunAsync(NewBatch, Counter(12), () => true, Dispatch,
        [
            (_, _) =>
            {
                if (++quickBatches == 2) quickOnSecond.SetResult();
                return ValueTask.CompletedTask;
            },
            async (_, token) =>
            {
                if (++slowBatches == 1) await quickOnSecond.Task.WaitAsync(TimeSpan.FromSeconds(10), token);
            },
        ], CancellationToken.None);
        Assert.Equal((3, 3), (quickBatches, slowBatches));
    }

    [Fact]
    public async Task Batches_kept_from_the_writers_are_not_written_and_still_come_back()
    {
        var written = 0;
        var dispatched = 0;
        await BatchFlow.RunAsync(NewBatch, Counter(400), () => true, _ => ++dispatched % 2 == 0, [(_, _) =>
        {
            written++;
            return ValueTask.CompletedTask;
        }], CancellationToken.None);
        Assert.Equal((100, 50), (dispatched, written));
    }

    [Fact]
    public async Task Batches_the_reader_holds_back_are_never_written()
    {
        var written = 0;
        var filled = 0;
        await BatchFlow.RunAsync(NewBatch, b => Counter(40)(b) && ++filled <= 10, () => filled <= 3, Dispatch, [(batch, _) =>
        {
            written++;
            return ValueTask.CompletedTask;
        }], CancellationToken.None);
        Assert.Equal(3, written);
    }

    [Fact]
    public async Task A_failing_writer_stops_the_reader_and_the_other_writers_and_its_exception_surfaces()
    {
        var fills = 0;
        var othersWritten = 0;
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => BatchFlow.RunAsync(NewBatch, b => { fills++; return Counter(4_000)(b); },
            () => true, Dispatch,
            [
                async (_, token) => { othersWritten++; await Task.Delay(1, token); },
                (_, _) => throw new InvalidOperationException("disk full"),
            ], CancellationToken.None));
        Assert.Equal("disk full", error.Message);
        Assert.True(fills <= BatchFlow.Batches + 1, $"the reader went on filling {fills} batches after the writer failed");
        Assert.True(othersWritten <= BatchFlow.Batches, $"the other writer went on with {othersWritten} batches after the failure");
    }

    [Fact]
    public async Task A_failing_reader_surfaces_its_own_exception_rather_than_a_closed_channel()
    {
        var error = await Assert.ThrowsAsync<FormatException>(() => BatchFlow.RunAsync(NewBatch, _ => throw new FormatException("bad row"),
            () => true, Dispatch, [(_, _) => ValueTask.CompletedTask], CancellationToken.None));
        Assert.Equal("bad row", error.Message);
    }
}
