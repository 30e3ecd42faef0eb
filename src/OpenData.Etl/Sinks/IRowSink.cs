using OpenData.Etl.Data;

namespace OpenData.Etl.Sinks;

/// <summary>An output format writer. Every sink receives the same batches from one pass over the source.</summary>
internal interface IRowSink : IAsyncDisposable
{
    ValueTask WriteAsync(ColumnBatch batch, CancellationToken cancellationToken);

    /// <summary>Flushes the footer; the file is complete only after this returns.</summary>
    ValueTask CompleteAsync(CancellationToken cancellationToken);
}
