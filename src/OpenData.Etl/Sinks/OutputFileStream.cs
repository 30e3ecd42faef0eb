using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

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
/// the run. In direct mode each full buffer is hashed on the task that writes it, beside the writer that goes on
/// filling the next, which then hands its batch back sooner; through the page cache the bytes are hashed inline. SHA-1 is computed only when asked for: at about a
/// gigabyte a second it costs as much CPU as a third of the GeoJSON encoding. A file that is seeked in (no writer
/// here does) has no digest, and is read back instead.
/// </para>
/// <para>
/// Direct I/O: written front to back, the file goes past the page cache where Linux allows it
/// (<see cref="DirectFileWriter"/>, which says why); a seek turns it into an ordinary buffered file from there on.
/// </para>
/// </summary>
internal sealed class OutputFileStream : Stream
{
    // A wrapper, not a FileStream subclass: FileStream routes some writes of a subclass back through its other
    // virtual Write overloads, which would hash those bytes twice.
    private const int BufferSize = 1 << 16;
    private const long WritebackStride = 8 << 20; // bytes between early writebacks (EarlyWriteback)
    private readonly SafeFileHandle _handle;
    private readonly OutputHashes _hashes;
    // Direct I/O (DirectFileWriter) while the file is written front to back where the file system allows it; a
    // FileStream through the page cache otherwise, and from the first seek on.
    private DirectFileWriter? _direct;
    private FileStream? _file;
    private long _writtenBackFrom; // where the next early writeback starts
    private bool _sequential = true;
    private bool _finished;

    /// <param name="withSha1">Also compute SHA-1 (for the DCAT-AP-SE checksum).</param>
    /// <param name="direct">Try direct I/O (tests turn it off to exercise the page-cache path).</param>
    public OutputFileStream(string path, bool withSha1, bool direct = true)
    {
        _handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        _hashes = new OutputHashes(withSha1);
        _direct = direct ? DirectFileWriter.TryStart(_handle, _hashes) : null;
        if (_direct is null) _file = new FileStream(_handle, FileAccess.Write, BufferSize);
    }

    /// <summary>Size and digests of everything written, once the stream is disposed; null if it was not written front to back.</summary>
    public OutputDigests? Digests { get; private set; }

    /// <summary>Whether the file is being written past the page cache (see <see cref="DirectFileWriter"/>).</summary>
    internal bool IsDirect => _direct is { IsDirect: true };

    public override bool CanRead => false;

    public override bool CanSeek => true;

    public override bool CanWrite => !_finished;

    public override long Length => _direct?.Position ?? _file!.Length;

    public override long Position
    {
        get => _direct?.Position ?? _file!.Position;
        set
        {
            if (value == Position) return;
            _sequential = false;
            Buffered().Position = value;
        }
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_direct is not null)
        {
            _direct.Write(buffer); // which hashes the bytes as it writes them out
            return;
        }
        _hashes.Append(buffer);
        _file!.Write(buffer);
        if (_hashes.Bytes - _writtenBackFrom >= WritebackStride)
        {
            EarlyWriteback.Start(_handle, _writtenBackFrom);
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

    /// <summary>
    /// Hands the buffered bytes on, except in direct mode: there only whole buffers can be written until the end,
    /// and nothing waits for an output before it is complete (publishing forces every file to disk itself).
    /// </summary>
    public override void Flush() => _file?.Flush();

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
        return Buffered().Seek(offset, origin);
    }

    public override void SetLength(long value)
    {
        _sequential = false;
        Buffered().SetLength(value);
    }

    /// <summary>The file as a FileStream at the end of what was written, leaving direct I/O for good.</summary>
    private FileStream Buffered()
    {
        if (_direct is { } direct)
        {
            direct.Finish();
            _direct = null;
            _file = new FileStream(_handle, FileAccess.Write, BufferSize) { Position = direct.Position };
        }
        return _file!;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_finished)
        {
            _finished = true;
            try
            {
                _direct?.Finish();
                _file?.Flush();
                if (_sequential && _hashes.Bytes == Length) Digests = _hashes.Finish();
            }
            finally
            {
                _file?.Dispose();
                _handle.Dispose();
                _hashes.Dispose();
            }
        }
        base.Dispose(disposing);
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
