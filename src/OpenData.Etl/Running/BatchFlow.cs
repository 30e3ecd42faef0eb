using System.Threading.Channels;
using OpenData.Etl.Data;

namespace OpenData.Etl.Running;

/// <summary>
/// Reading and mapping on one thread, each writer on a task of its own, with a fixed set of batches circulating
/// between them: while the writers encode one batch the reader fills the next, so both cores are busy, and memory
/// is bounded by the number of batches whatever the row count. Batches are reused, never reallocated.
/// <para>
/// Every writer takes the batches in the order they were filled, so output is identical to a single-threaded run,
/// but at its own pace: a batch goes back to the reader once the last writer is done with it. Held to one batch
/// at a time, the writers used to wait at the end of each batch for the slowest of them (GeoJSON, or Parquet when
/// a row group was due) with a core idle; now a quicker writer moves on to the next batch meanwhile.
/// </para>
/// Between batches a <see cref="YoungGenerationPacer"/> keeps the batches' garbage from piling up.
/// </summary>
internal static class BatchFlow
{
    /// <summary>Batches in circulation: one being filled, the others waiting for or being written by the writers.</summary>
    public const int Batches = 4;

    /// <param name="create">Makes an empty batch (called <see cref="Batches"/> times).</param>
    /// <param name="fill">Fills a batch on the reading thread; false when the source is exhausted.</param>
    /// <param name="publish">Whether a filled batch goes on (false after a bad row: nothing will be published).</param>
    /// <param name="dispatch">
    /// Called for each filled batch in order, on one thread, before any writer sees it; false keeps it from the writers.
    /// </param>
    /// <param name="writers">Each writes every dispatched batch, in order, on a task of its own.</param>
    public static async Task RunAsync(Func<ColumnBatch> create, Func<ColumnBatch, bool> fill, Func<bool> publish,
        Func<ColumnBatch, bool> dispatch, IReadOnlyList<Func<ColumnBatch, CancellationToken, ValueTask>> writers,
        CancellationToken cancellationToken)
    {
        var filled = Channel.CreateBounded<InFlight>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
        var empty = Channel.CreateUnbounded<InFlight>(new UnboundedChannelOptions { SingleReader = true });
        for (var i = 0; i < Batches; i++) empty.Writer.TryWrite(new InFlight(create()));

        // If a writer fails, the reader must not wait for a free batch forever, nor the other writers for the next one.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reader = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    var slot = await empty.Reader.ReadAsync(stop.Token).ConfigureAwait(false);
                    if (!fill(slot.Batch)) break;
                    stop.Token.ThrowIfCancellationRequested();
                    if (publish()) await filled.Writer.WriteAsync(slot, stop.Token).ConfigureAwait(false);
                    else empty.Writer.TryWrite(slot);
                }
                filled.Writer.Complete();
            }
            catch (Exception e)
            {
                filled.Writer.Complete(e);
                throw;
            }
        }, stop.Token);

        var queues = writers.Select(_ => Channel.CreateUnbounded<InFlight>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true })).ToArray();
        var writing = writers.Select((write, i) => Task.Run(async () =>
        {
            try
            {
                await foreach (var slot in queues[i].Reader.ReadAllAsync(stop.Token).ConfigureAwait(false))
                {
                    await write(slot.Batch, stop.Token).ConfigureAwait(false);
                    if (slot.Release()) empty.Writer.TryWrite(slot);
                }
            }
            catch
            {
                await stop.CancelAsync().ConfigureAwait(false);
                throw;
            }
        }, stop.Token)).ToArray();

        var pacer = new YoungGenerationPacer();
        try
        {
            await foreach (var slot in filled.Reader.ReadAllAsync(stop.Token).ConfigureAwait(false))
            {
                if (dispatch(slot.Batch) && queues.Length > 0)
                {
                    slot.Hold(queues.Length);
                    foreach (var queue in queues) queue.Writer.TryWrite(slot);
                }
                else
                {
                    empty.Writer.TryWrite(slot);
                }
                pacer.Tick();
            }
            foreach (var queue in queues) queue.Writer.Complete();
            await Task.WhenAll(writing).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll([reader, .. writing]).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            // The cancellation that stopped everyone else is not the story: the failure that caused it is.
            var cause = writing.Append(reader).Select(t => t.Exception?.InnerException).FirstOrDefault(x => x is not null and not OperationCanceledException);
            if (cause is not null && e is OperationCanceledException) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(cause);
            throw;
        }
        await reader.ConfigureAwait(false);
    }

    /// <summary>A batch and the number of writers still to write it.</summary>
    private sealed class InFlight(ColumnBatch batch)
    {
        private int _writers;

        public ColumnBatch Batch { get; } = batch;

        public void Hold(int writers) => _writers = writers;

        /// <summary>One writer is done with the batch; true when it was the last.</summary>
        public bool Release() => Interlocked.Decrement(ref _writers) == 0;
    }
}
