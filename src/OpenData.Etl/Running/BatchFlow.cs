using System.Threading.Channels;
using OpenData.Etl.Data;

namespace OpenData.Etl.Running;

/// <summary>
/// Reading and mapping on one thread, writing on another, with a fixed set of batches circulating between
/// them: while the writers encode one batch the reader fills the next, so two cores are busy, and memory is
/// bounded by the number of batches whatever the row count. Batches are reused, never reallocated. Batches
/// reach the writer in the order they were filled, so output is identical to a single-threaded run. Between
/// batches a <see cref="YoungGenerationPacer"/> keeps the batches' garbage from piling up.
/// </summary>
internal static class BatchFlow
{
    /// <summary>Batches in circulation: one being filled, one waiting, one being written.</summary>
    public const int Batches = 3;

    /// <param name="create">Makes an empty batch (called <see cref="Batches"/> times).</param>
    /// <param name="fill">Fills a batch on the reading thread; false when the source is exhausted.</param>
    /// <param name="publish">Whether a filled batch goes to the writer (false after a bad row: nothing will be published).</param>
    /// <param name="write">Writes a batch on the writing thread.</param>
    public static async Task RunAsync(Func<ColumnBatch> create, Func<ColumnBatch, bool> fill, Func<bool> publish,
        Func<ColumnBatch, CancellationToken, ValueTask> write, CancellationToken cancellationToken)
    {
        var filled = Channel.CreateBounded<ColumnBatch>(new BoundedChannelOptions(Batches - 2) { SingleReader = true, SingleWriter = true });
        var empty = Channel.CreateUnbounded<ColumnBatch>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        for (var i = 0; i < Batches; i++) empty.Writer.TryWrite(create());

        // If the writer fails, the reader must not wait for a free batch forever.
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

        var pacer = new YoungGenerationPacer();
        try
        {
            await foreach (var batch in filled.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await write(batch, cancellationToken).ConfigureAwait(false);
                empty.Writer.TryWrite(batch);
                pacer.Tick();
            }
        }
        catch
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try { await reader.ConfigureAwait(false); } catch (OperationCanceledException) { }
            throw;
        }
        await reader.ConfigureAwait(false);
    }
}
