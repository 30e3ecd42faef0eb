using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace OpenData.Etl.Sinks;

/// <summary>
/// Writes a new file front to back with direct I/O (Linux <c>O_DIRECT</c>): from an aligned buffer straight to the
/// disk, past the page cache.
/// <para>
/// Why: a buffered write copies every byte into page-cache pages the kernel takes fresh for each file, and on a
/// virtual machine that hands its free memory back to the host, every such page is a fault in the host first. The
/// full pipeline's gigabyte of output cost 1.5 to 3 s of kernel CPU that way (<c>perf</c>: 17 % of the run in
/// <c>copy_folio_from_iter_atomic</c>; <c>dd</c> of 1 GB: 1.7–3.0 s of system time buffered, 0.1 s direct). The
/// outputs are written once and published, so nothing is lost by not caching them.
/// </para>
/// <para>
/// Direct I/O wants buffer addresses, sizes and file offsets in whole blocks: the buffer is 4 KiB-aligned, every
/// write but the last is a whole buffer, and the last whole blocks go direct and the tail after them through the
/// page cache. Where the file system refuses <c>O_DIRECT</c>, or a direct write fails, the file is written through
/// the page cache as usual, from the same buffer: the bytes on disk are the same either way.
/// </para>
/// </summary>
internal sealed class DirectFileWriter
{
    private const int Alignment = 4096; // covers 512-byte and 4 KiB logical blocks
    private const int BufferBytes = 1 << 20;
    private readonly SafeFileHandle _handle;
    private readonly OutputHashes? _hashes;
    private Memory<byte> _buffer = AlignedBuffer(); // being filled
    private Memory<byte> _spare = AlignedBuffer(); // being written, or free
    private Task _writing = Task.CompletedTask;
    private long _fileOffset;
    private int _filled;
    private bool _direct = true;

    private DirectFileWriter(SafeFileHandle handle, OutputHashes? hashes) => (_handle, _hashes) = (handle, hashes);

    private static Memory<byte> AlignedBuffer()
    {
        // On the pinned heap the array never moves, so an aligned start within it stays aligned.
        var array = GC.AllocateUninitializedArray<byte>(BufferBytes + Alignment, pinned: true);
        var address = (long)Marshal.UnsafeAddrOfPinnedArrayElement(array, 0);
        return array.AsMemory((int)((Alignment - (address & (Alignment - 1))) & (Alignment - 1)), BufferBytes);
    }

    /// <summary>Bytes written so far (the file's length once <see cref="Finish"/> has run).</summary>
    public long Position => _fileOffset + _filled;

    /// <summary>Whether the file's blocks still go past the page cache (false after a fallback, and after <see cref="Finish"/>).</summary>
    public bool IsDirect => _direct;

    /// <summary>
    /// Switches <paramref name="handle"/> (a new, empty file open for writing) to direct I/O; null where that cannot
    /// be done (not Linux, an unknown flag value, a file system without it), and the handle is left as it was.
    /// </summary>
    /// <param name="hashes">
    /// Takes every byte, in order, just before it is written: a full buffer on the write-behind task, so that hashing
    /// it (two digests at 1.5 GB/s) does not lengthen the thread that makes the bytes.
    /// </param>
    public static DirectFileWriter? TryStart(SafeFileHandle handle, OutputHashes? hashes = null) =>
        DirectIo.TrySet(handle, on: true) ? new DirectFileWriter(handle, hashes) : null;

    public void Write(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            var n = Math.Min(bytes.Length, BufferBytes - _filled);
            bytes[..n].CopyTo(_buffer.Span[_filled..]);
            _filled += n;
            bytes = bytes[n..];
            if (_filled == BufferBytes) StartWriting();
        }
    }

    /// <summary>
    /// Writes what is still buffered: its whole blocks direct, the tail through the page cache. The handle is left
    /// without <c>O_DIRECT</c>, positioned nowhere in particular: callers that go on writing pass offsets.
    /// </summary>
    public void Finish()
    {
        _writing.GetAwaiter().GetResult(); // also when nothing is left to write: the last full buffer may be in flight
        var tail = _filled % Alignment;
        if (_filled - tail > 0) WriteOut(_filled - tail);
        if (_direct && !DirectIo.TrySet(_handle, on: false))
            throw new IOException("cannot switch the output file back from direct to buffered writing for its last bytes");
        _direct = false;
        if (_filled > 0) WriteOut(_filled);
    }

    /// <summary>
    /// Hands the full buffer to a write of its own and goes on filling the other: a direct write waits for the disk,
    /// which the thread that makes the bytes need not do. One write per file is in flight at a time, in order.
    /// </summary>
    private void StartWriting()
    {
        _writing.GetAwaiter().GetResult();
        var (full, offset) = (_buffer, _fileOffset);
        (_buffer, _spare) = (_spare, _buffer);
        _fileOffset += BufferBytes;
        _filled = 0;
        _writing = Task.Run(() =>
        {
            _hashes?.Append(full.Span);
            WriteAt(full, offset);
        });
    }

    /// <summary>Writes the first <paramref name="count"/> buffered bytes at the file offset, once the write in flight is done, and keeps the rest.</summary>
    private void WriteOut(int count)
    {
        _writing.GetAwaiter().GetResult();
        _hashes?.Append(_buffer.Span[..count]);
        WriteAt(_buffer[..count], _fileOffset);
        _fileOffset += count;
        _buffer.Span[count.._filled].CopyTo(_buffer.Span);
        _filled -= count;
    }

    private void WriteAt(ReadOnlyMemory<byte> block, long offset)
    {
        try
        {
            RandomAccess.Write(_handle, block.Span, offset);
        }
        catch (IOException) when (_direct && DirectIo.TrySet(_handle, on: false))
        {
            // Alignment the device does not accept, or a file system that took the flag but not the write: the same
            // bytes at the same offset, buffered, and buffered from now on. A second failure is a real one.
            _direct = false;
            RandomAccess.Write(_handle, block.Span, offset);
        }
    }

    /// <summary>The <c>O_DIRECT</c> status flag, set and cleared with <c>fcntl</c>.</summary>
    private static class DirectIo
    {
        private const int GetStatusFlags = 3; // F_GETFL
        private const int SetStatusFlags = 4; // F_SETFL

        // O_DIRECT is not the same number on every architecture; elsewhere the files are written as usual.
        private static readonly int Flag = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 or Architecture.X86 => 0x4000,
            Architecture.Arm64 or Architecture.Arm => 0x10000,
            _ => 0,
        };

        public static bool TrySet(SafeFileHandle handle, bool on)
        {
            if (!OperatingSystem.IsLinux() || Flag == 0) return false;
            try
            {
                var flags = Fcntl(handle, GetStatusFlags, 0);
                return flags >= 0 && Fcntl(handle, SetStatusFlags, on ? flags | Flag : flags & ~Flag) == 0;
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                return false;
            }
        }

#pragma warning disable SYSLIB1054 // LibraryImport generates unsafe code, which this project does not allow; two calls per file
        [DllImport("libc", EntryPoint = "fcntl")]
        private static extern int Fcntl(SafeFileHandle fd, int command, int argument);
#pragma warning restore SYSLIB1054
    }
}
