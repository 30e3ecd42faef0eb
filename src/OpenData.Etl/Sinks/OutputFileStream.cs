using System.Security.Cryptography;

namespace OpenData.Etl.Sinks;

/// <summary>
/// An output file that hashes what is written to it and whose asynchronous writes run synchronously on the
/// caller's thread.
/// <para>
/// Inline writes: on Linux, .NET turns every asynchronous write to a regular file into a thread-pool work item;
/// with JSON flushed every 64 KiB that is thousands of hops per file, each waiting for a free core on a busy
/// server. Local disk writes into the page cache are short, so doing them inline is faster.
/// </para>
/// <para>
/// Digests: the run report wants SHA-256 of every output, and a run that writes DCAT-AP-SE metadata also SHA-1 for
/// each distribution's checksum. Hashing the bytes on their way out spares reading a gigabyte of output back after
/// the run, and spreads the work over the writers' threads. SHA-1 is computed only when asked for: at about a
/// gigabyte a second it costs as much CPU as a third of the GeoJSON encoding. A file that is seeked in (no writer
/// here does) has no digest, and is read back instead.
/// </para>
/// </summary>
/// <param name="withSha1">Also compute SHA-1 (for the DCAT-AP-SE checksum).</param>
internal sealed class OutputFileStream(string path, bool withSha1) : Stream
{
    // A wrapper, not a FileStream subclass: FileStream routes some writes of a subclass back through its other
    // virtual Write overloads, which would hash those bytes twice.
    private const int BufferSize = 1 << 16;
    private const long WritebackStride = 8 << 20; // bytes between early writebacks (EarlyWriteback)
    private readonly FileStream _file = new(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize);
    private readonly OutputHashes _hashes = new(withSha1);
    private long _writtenBackFrom; // where the next early writeback starts
    private bool _sequential = true;
    private bool _finished;

    /// <summary>Size and digests of everything written, once the stream is disposed; null if it was not written front to back.</summary>
    public OutputDigests? Digests { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => _file.CanSeek;

    public override bool CanWrite => _file.CanWrite;

    public override long Length => _file.Length;

    public override long Position
    {
        get => _file.Position;
        set
        {
            if (value != _file.Position) _sequential = false;
            _file.Position = value;
        }
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Hash(buffer);
        _file.Write(buffer);
        if (_hashes.Bytes - _writtenBackFrom >= WritebackStride)
        {
            EarlyWriteback.Start(_file.SafeFileHandle, _writtenBackFrom);
            _writtenBackFrom = Math.Max(0, _hashes.Bytes - BufferSize); // the buffer's bytes may not have reached the kernel yet
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void WriteByte(byte value) => Write([value]);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override void Flush() => _file.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Flush();
        return Task.CompletedTask;
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin)
    {
        _sequential = false;
        return _file.Seek(offset, origin);
    }

    public override void SetLength(long value)
    {
        _sequential = false;
        _file.SetLength(value);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_finished)
        {
            _finished = true;
            try
            {
                _file.Flush();
                if (_sequential && _hashes.Bytes == _file.Length) Digests = _hashes.Finish();
            }
            finally
            {
                _file.Dispose();
                _hashes.Dispose();
            }
        }
        base.Dispose(disposing);
    }

    private void Hash(ReadOnlySpan<byte> bytes)
    {
        _hashes.Append(bytes);
    }
}

/// <summary>
/// An output file's size with its SHA-256 (run report, publish check) and, when asked for, SHA-1 (DCAT-AP-SE
/// checksum; null otherwise), both lower-case hex.
/// </summary>
internal sealed record OutputDigests(long Bytes, string Sha256, string? Sha1)
{
    /// <summary>Reads a file back to hash it, for a file that was not written front to back.</summary>
    public static OutputDigests Of(string path, bool withSha1)
    {
        using var stream = File.OpenRead(path);
        using var hashes = new OutputHashes(withSha1);
        var buffer = new byte[1 << 16];
        int n;
        while ((n = stream.Read(buffer)) > 0) hashes.Append(buffer.AsSpan(0, n));
        return hashes.Finish();
    }
}

/// <summary>An output's digests, taken as its bytes go by: SHA-256, and SHA-1 when asked for.</summary>
internal sealed class OutputHashes(bool withSha1) : IDisposable
{
    private readonly IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    // SHA-1 is what DCAT-AP-SE allows for spdx:checksum; it identifies content here, it does not protect it.
#pragma warning disable CA5350
    private readonly IncrementalHash? _sha1 = withSha1 ? IncrementalHash.CreateHash(HashAlgorithmName.SHA1) : null;
#pragma warning restore CA5350

    /// <summary>Bytes hashed so far.</summary>
    public long Bytes { get; private set; }

    public void Append(ReadOnlySpan<byte> bytes)
    {
        _sha256.AppendData(bytes);
        _sha1?.AppendData(bytes);
        Bytes += bytes.Length;
    }

    /// <summary>The digests of everything appended.</summary>
    public OutputDigests Finish() => new(Bytes, Hex(_sha256), _sha1 is null ? null : Hex(_sha1));

    public void Dispose()
    {
        _sha256.Dispose();
        _sha1?.Dispose();
    }

    private static string Hex(IncrementalHash hash) => Convert.ToHexStringLower(hash.GetHashAndReset());
}
