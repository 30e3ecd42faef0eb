using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using OpenData.Etl.Diagnostics;
using OpenData.Etl.Running;

namespace OpenData.Etl.Mapping;

/// <summary>
/// A set of 128-bit hashes whose memory stops growing with the number of keys, so a uniqueness check over
/// ten million rows needs about what one over one million does.
/// <para>
/// New keys go into in-memory <see cref="HashTable"/>s up to a cap. When they are full their keys are sorted
/// and appended to a spill file as a <see cref="SortedHashRun"/>, and the tables start empty again. A key is
/// new when neither the tables nor any run holds it, so <see cref="Add"/> answers at once for every key, as
/// a hash set does. Per spilled key about 1.3 bytes stay in memory (Bloom filter and block index).
/// </para>
/// <para>
/// The in-memory part starts as one table of 8,192 slots (128 KiB) and grows by splitting every table in
/// two by the next top bit of the hash: each old table keeps its array and gets a new sibling. Unlike a
/// table that doubles, growing never holds an old and a new array at once (48 MB at the default cap) nor
/// leaves discarded arrays to the collector, so the resident set rises no further than the tables in use.
/// Since the top bits order the keys, the tables sorted one after another also give each run in order.
/// </para>
/// </summary>
internal sealed class SpillingHashSet : IDisposable
{
    /// <summary>2^21 slots, 32 MB: about 1.4 million keys before the first spill.</summary>
    public const int DefaultMaxSlots = 1 << 21;

    /// <summary>
    /// 128 KiB a table: above the 85,000 bytes from which .NET puts an array on the large-object heap, where
    /// it is never moved, so a table is written into memory once.
    /// </summary>
    private const int TableSlots = 8192;

    private readonly int _tableSlots;
    private readonly int _maxTables;
    private readonly string _spillDirectory;
    private readonly List<SortedHashRun> _runs = [];
    private readonly UInt128[] _block = new UInt128[SortedHashRun.KeysPerBlock];
    // Managed arrays rather than native memory: the project allows no unsafe code, the tables hold no
    // references (the collector never scans them), and their pages count in the resident set either way.
    private HashTable[] _tables;
    private UInt128[]? _scratch;
    // Zero marks an empty slot, so the one key equal to zero is remembered here instead of in a table.
    private bool _zeroSeen;
    private int _count;
    private SafeFileHandle? _spillFile;
    private long _spillLength;
    private bool _disposed;
    private ulong _warmed;

    /// <param name="spillDirectory">Where the spill file goes if the tables fill up (created only then, deleted on dispose).</param>
    /// <param name="maxSlots">The in-memory cap in slots, a power of two; tests use a tiny one to force spilling.</param>
    public SpillingHashSet(string spillDirectory, int maxSlots = DefaultMaxSlots)
    {
        if (maxSlots < 8 || !int.IsPow2(maxSlots)) throw new ArgumentOutOfRangeException(nameof(maxSlots), maxSlots, "must be a power of two of at least 8");
        _spillDirectory = spillDirectory;
        _tableSlots = Math.Min(maxSlots, TableSlots);
        _maxTables = maxSlots / _tableSlots;
        _tables = [new HashTable(_tableSlots)];
    }

    /// <summary>Sorted runs written to disk so far.</summary>
    public int RunCount => _runs.Count;

    /// <summary>The path of the spill file, or null before the first spill.</summary>
    public string? SpillPath { get; private set; }

    /// <summary>Bytes held in memory: the tables plus each run's filter and index.</summary>
    public long Bytes => _tables.Sum(t => t.Bytes) + _runs.Sum(r => r.Bytes);

    /// <summary>False when <paramref name="hash"/> was added before; otherwise remembers it.</summary>
    public bool Add(UInt128 hash)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (hash == UInt128.Zero)
        {
            if (_zeroSeen) return false;
            _zeroSeen = true;
            return true;
        }

        var table = _tables[TableOf(hash, _tables.Length)];
        if (table.Find(hash, out var slot)) return false;
        if (_runs.Count > 0 && InRuns(hash)) return false;

        _count++;
        if (!table.Insert(slot, hash))
        {
            if (_tables.Length < _maxTables) Split();
            else Spill();
        }
        return true;
    }

    /// <summary>
    /// Brings into the cache the slots that adding <paramref name="hashes"/> will look at first. These reads do not
    /// depend on each other, so the processor has many of them waiting on memory at once; the same probes made one
    /// per row by <see cref="Add"/> met memory one at a time, about 0.2 µs each in a table of 32 MB.
    /// </summary>
    public void Warm(ReadOnlySpan<UInt128> hashes)
    {
        var tables = _tables;
        ulong seen = 0;
        foreach (var hash in hashes) seen |= tables[TableOf(hash, tables.Length)].Touch(hash);
        _warmed = seen; // kept, so that the reads are not left out as unused
    }

    /// <summary>The hash's top bits, so that table order is key order (multiply-shift: also right for a single table).</summary>
    private static int TableOf(UInt128 hash, int tables) => (int)Math.BigMul((ulong)(hash >> 64), (ulong)tables, out _);

    /// <summary>
    /// Called when one table is 70 % full. The others are nearly as full (the hashes spread evenly), so all of
    /// them split: table t becomes tables 2t (same array) and 2t + 1 (new), by the next top bit of each key.
    /// </summary>
    private void Split()
    {
        _scratch ??= new UInt128[_tableSlots];
        var split = new HashTable[_tables.Length * 2];
        for (var t = 0; t < _tables.Length; t++)
        {
            var keys = _tables[t].MoveKeysTo(_scratch);
            split[2 * t] = _tables[t];
            split[2 * t + 1] = new HashTable(_tableSlots);
            foreach (var key in _scratch.AsSpan(0, keys)) split[TableOf(key, split.Length)].Place(key);
        }
        _tables = split;
    }

    private bool InRuns(UInt128 hash)
    {
        try
        {
            foreach (var run in _runs)
            {
                if (run.Contains(hash, _spillFile!, _block)) return true;
            }
            return false;
        }
        catch (IOException e)
        {
            throw SpillFailed("cannot read", e);
        }
    }

    /// <summary>
    /// Called when one table is full and the cap allows no more. The others are nearly as full, so all of
    /// them go into one run: fewer runs make every later lookup cheaper.
    /// </summary>
    private void Spill()
    {
        var run = new SortedHashRun(_spillLength, _count);
        try
        {
            _spillFile ??= CreateSpillFile();
            foreach (var table in _tables)
            {
                var sorted = table.SortKeys();
                RandomAccess.Write(_spillFile, MemoryMarshal.AsBytes(sorted), _spillLength);
                _spillLength += (long)sorted.Length * 16;
                run.Append(sorted);
                table.Clear();
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw SpillFailed("cannot write", e);
        }
        _runs.Add(run);
        _count = 0;
    }

    private SafeFileHandle CreateSpillFile()
    {
        SpillPath = Path.Combine(_spillDirectory, $"unique-keys-{Guid.NewGuid():N}.tmp");
        // DeleteOnClose removes the file when the handle is closed, also when the handle is finalised after a
        // failure that skipped Dispose. RandomAccess tells the kernel not to read ahead around the 4 KiB lookups.
        return File.OpenHandle(SpillPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, FileOptions.DeleteOnClose | FileOptions.RandomAccess);
    }

    private EtlException SpillFailed(string verb, Exception e) =>
        new(FailureKind.Io, Diagnostic.Error(Codes.OutputFailed,
            $"{verb} the uniqueness check's spill file (sorted key hashes, 16 bytes a row): {e.Message}", new TextLocation(PathDisplay.For(SpillPath ?? _spillDirectory))));

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _spillFile?.Dispose();
        _runs.Clear();
        Array.Clear(_tables);
    }
}
