namespace OpenData.Etl.Sinks;

/// <summary>
/// An output file whose asynchronous writes run synchronously on the caller's thread. On Linux, .NET turns
/// every asynchronous write to a regular file into a thread-pool work item; with JSON flushed every 64 KiB
/// that is thousands of hops per file, each waiting for a free core on a busy server. Local disk writes
/// into the page cache are short, so doing them inline is faster and keeps the writer on one thread.
/// </summary>
internal sealed class OutputFileStream(string path) : FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16)
{
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Write(buffer, offset, count);
        return Task.CompletedTask;
    }

    public override Task FlushAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Flush();
        return Task.CompletedTask;
    }
}
