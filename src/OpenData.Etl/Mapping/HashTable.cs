using OpenData.Etl.Data;

namespace OpenData.Etl.Mapping;

/// <summary>
/// A fixed-size open-addressing table of non-zero 128-bit hashes (zero marks an empty slot): linear probing,
/// 16 bytes a slot and no per-entry overhead. The slot comes from the hash's lowest bits, which are already
/// uniform.
/// </summary>
internal sealed class HashTable(int slots)
{
    private readonly UInt128[] _slots = TouchedArray.Of<UInt128>(slots);
    private readonly int _limit = (int)((long)slots * 7 / 10);
    private int _count;

    public long Bytes => _slots.LongLength * 16;

    /// <summary>True when <paramref name="hash"/> is in the table; otherwise <paramref name="slot"/> is where it would go.</summary>
    public bool Find(UInt128 hash, out int slot)
    {
        var mask = _slots.Length - 1;
        slot = (int)(ulong)hash & mask;
        while (_slots[slot] != UInt128.Zero)
        {
            if (_slots[slot] == hash) return true;
            slot = (slot + 1) & mask;
        }
        return false;
    }

    /// <summary>Reads the slot a search for <paramref name="hash"/> starts at, to bring it into the cache ahead of <see cref="Find"/>.</summary>
    public ulong Touch(UInt128 hash) => (ulong)_slots[(int)(ulong)hash & (_slots.Length - 1)];

    /// <summary>
    /// Stores a hash where <see cref="Find"/> said it goes; false once the table is 70 % full. Linear probing
    /// over uniform hashes then needs about six slots (two cache lines) to find that a key is absent, and
    /// fuller tables get slower quickly.
    /// </summary>
    public bool Insert(int slot, UInt128 hash)
    {
        _slots[slot] = hash;
        return ++_count < _limit;
    }

    /// <summary>Stores a hash known to be absent, for keys moved from another table.</summary>
    public void Place(UInt128 hash)
    {
        Find(hash, out var slot);
        Insert(slot, hash);
    }

    /// <summary>Copies the keys to the front of <paramref name="target"/> (unordered) and empties the table; returns how many.</summary>
    public int MoveKeysTo(Span<UInt128> target)
    {
        var keys = 0;
        foreach (var key in _slots)
        {
            if (key != UInt128.Zero) target[keys++] = key;
        }
        Clear();
        return keys;
    }

    /// <summary>The keys in ascending order, compacted and sorted in place; <see cref="Clear"/> must follow before the next <see cref="Find"/>.</summary>
    public ReadOnlySpan<UInt128> SortKeys()
    {
        var keys = 0;
        for (var i = 0; i < _slots.Length; i++)
        {
            if (_slots[i] != UInt128.Zero) _slots[keys++] = _slots[i];
        }
        var sorted = _slots.AsSpan(0, keys);
        sorted.Sort();
        return sorted;
    }

    /// <summary>Empties the table and keeps its array: after a spill it fills up again without allocating.</summary>
    public void Clear()
    {
        Array.Clear(_slots);
        _count = 0;
    }
}
