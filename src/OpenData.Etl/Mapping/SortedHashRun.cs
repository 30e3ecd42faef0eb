using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace OpenData.Etl.Mapping;

/// <summary>
/// One batch of hashes spilled to disk in ascending order (16 bytes each, native byte order, read back only by
/// this process). In memory it keeps what makes a lookup cheap: a Bloom filter, so nearly every absent key is
/// answered without touching the disk, and the first key of every 4 KiB block, so a key that may be present
/// costs one read of one block.
/// </summary>
internal sealed class SortedHashRun
{
    /// <summary>Keys in one block: 4 KiB, one page, so a lookup reads a single page.</summary>
    public const int KeysPerBlock = 4096 / 16;

    private readonly long _offset;
    private readonly int _count;
    private readonly UInt128[] _firstKeys;
    private readonly BlockedBloomFilter _filter;
    private UInt128 _lastKey;
    private int _appended;

    /// <param name="offset">Where in the spill file the run starts.</param>
    /// <param name="count">How many keys <see cref="Append"/> will be given.</param>
    public SortedHashRun(long offset, int count)
    {
        _offset = offset;
        _count = count;
        _firstKeys = new UInt128[(count + KeysPerBlock - 1) / KeysPerBlock];
        _filter = new BlockedBloomFilter(count);
    }

    /// <summary>Takes the next keys as they are written to the file: ascending, each above the keys appended before.</summary>
    public void Append(ReadOnlySpan<UInt128> sorted)
    {
        foreach (var key in sorted)
        {
            if (_appended % KeysPerBlock == 0) _firstKeys[_appended / KeysPerBlock] = key;
            _filter.Add(key);
            _lastKey = key;
            _appended++;
        }
    }

    /// <summary>Bytes held in memory for this run (the keys themselves are on disk).</summary>
    public long Bytes => _filter.Bytes + _firstKeys.LongLength * 16;

    /// <param name="file">The spill file the run was written to.</param>
    /// <param name="block">A scratch buffer of <see cref="KeysPerBlock"/> keys.</param>
    public bool Contains(UInt128 hash, SafeFileHandle file, Span<UInt128> block)
    {
        Debug.Assert(_appended == _count, "a run is looked up only after all its keys were appended");
        if (!_filter.MightContain(hash) || hash < _firstKeys[0] || hash > _lastKey) return false;

        var found = Array.BinarySearch(_firstKeys, hash);
        if (found >= 0) return true;
        // Not a block's first key: it can only be in the block before the first one that starts above it.
        var index = ~found - 1;
        var start = index * KeysPerBlock;
        var keys = block[..Math.Min(KeysPerBlock, _count - start)];
        ReadExactly(file, MemoryMarshal.AsBytes(keys), _offset + (long)start * 16);
        return keys.BinarySearch(hash) >= 0;
    }

    /// <summary>
    /// A plain positioned read rather than a memory map: mapped pages would count in the process's resident
    /// memory, which is what spilling is meant to keep flat. The kernel's page cache still serves hot blocks.
    /// </summary>
    private static void ReadExactly(SafeFileHandle file, Span<byte> buffer, long offset)
    {
        while (!buffer.IsEmpty)
        {
            var read = RandomAccess.Read(file, buffer, offset);
            if (read == 0) throw new EndOfStreamException("the uniqueness check's spill file is shorter than what was written to it");
            buffer = buffer[read..];
            offset += read;
        }
    }
}
