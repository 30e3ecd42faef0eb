using System.Threading.Channels;
using OpenData.Etl.Data;

namespace OpenData.Etl.Running;

/// <summary>
/// Reading and mapping on one thread, inspecting on a second and writing on a third, with a fixed set of
/// batches circulating between them: while the writers encode one batch the next is inspected and a third is
/// filled, so the cores stay busy, and memory is bounded by the number of batches whatever the row count.
/// Batches are reused, never reallocated. Batches reach the writer in the order they were filled, so output is
/// identical to a single-threaded run.
/// </summary>
internal static class BatchFlow
{
    /// <summary>Batches in circulation: one being filled, one being inspected, one being written, one waiting.</summary>
    public const int Batches = 4;

    /// <param name="create">Makes an empty batch (called <see cref="Batches"/> times).</param>
    /// <param name="fill">Fills a batch on the reading thread; false when the source is exhausted.</param>
    /// <param name="publish">Whether a filled batch goes on (false after a bad row: nothing will be published).</param>
    /// <param name="inspect">
    /// Looks at a filled batch before any writer does, on its own thread; false keeps the batch (and, by the
    /// caller's rule, every later one) from the writer. Calls are made one at a time, in fill order.
    /// </param>
    /// <param name="write">Writes a batch on the writing thread.</param>
    public static async Task RunAsync(Func<ColumnBatch> create, Func<ColumnBatch, bool> fill, Func<bool> publish,
        Func<ColumnBatch, bool> inspect, Func<ColumnBatch, CancellationToken, ValueTask> write, CancellationToken cancellationToken)
    {
        var filled = Channel.CreateBounded<ColumnBatch>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
        var inspected = Channel.CreateBounded<ColumnBatch>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
        var empty = Channel.CreateUnbounded<ColumnBatch>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });
        for (var i = 0; i < Batches; i++) empty.Writer.TryWrite(create());

        // If the writer fails, the other stages must not wait for a batch forever.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reader = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    var batch = await empty.Reader.ReadAsync(stop.Token).ConfigureAwait(false);
                    if (!fill(batch)) break;
                    stop.Token.ThrowIfCancellationRequested();
                    if (publish()) await filled.Writer.WriteAsync(batch, stop.Token).ConfigureAwait(false);
                    else empty.Writer.TryWrite(batch);
                }
                filled.Writer.Complete();
            }
            catch (Exception e)
            {
                filled.Writer.Complete(e);
                throw;
            }
        }, stop.Token);

        var inspector = Task.Run(async () =>
        {
            try
            {
                await foreach (var batch in filled.Reader.ReadAllAsync(stop.Token).ConfigureAwait(false))
                {
                    if (inspect(batch)) await inspected.Writer.WriteAsync(batch, stop.Token).ConfigureAwait(false);
                    else empty.Writer.TryWrite(batch);
                }
                inspected.Writer.Complete();
            }
            catch (Exception e)
            {
                inspected.Writer.Complete(e);
                throw;
            }
        }, stop.Token);

        try
        {
            await foreach (var batch in inspected.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await write(batch, cancellationToken).ConfigureAwait(false);
                empty.Writer.TryWrite(batch);
            }
        }
        catch
        {
            await stop.CancelAsync().ConfigureAwait(false);
            // A failing stage surfaces as itself: the reader's or the inspector's exception travels down the
            // channels and is rethrown here from its own task; a writer's failure cancels the others.
            try { await reader.ConfigureAwait(false); } catch (OperationCanceledException) { }
            try { await inspector.ConfigureAwait(false); } catch (OperationCanceledException) { }
            throw;
        }
        await reader.ConfigureAwait(false);
        await inspector.ConfigureAwait(false);
    }
}
