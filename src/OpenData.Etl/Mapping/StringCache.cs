using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace OpenData.Etl.Mapping;

/// <summary>
/// One string for the repeats of a short value of a column. Exports repeat a few values over and over (kinds of
/// premises, municipality codes, officers' names); without this each repeat is a new string that lives as long as
/// its batch. A direct-mapped table: a value's hash picks one slot, a hit returns the string there and a miss
/// takes the slot over. That is cheaper per value than a hash set, every value of the column goes through it, and
/// a value that loses its slot to another only costs a new string. Columns of unique values (case numbers,
/// pseudonyms) seldom hit, and the cache steps aside for them.
/// </summary>
internal sealed class StringCache
{
    private const int MaxLength = 48;
    private const int Slots = 4_096;
    private const int Window = 4 * Slots; // lookups between decisions to step aside
    private readonly string?[] _slots = new string?[Slots];
    private int _lookups;
    private int _hits;
    private bool _off;

    public string Get(ReadOnlySpan<char> text)
    {
        if (_off || text.Length > MaxLength) return text.ToString();
        var slot = (int)XxHash3.HashToUInt64(MemoryMarshal.AsBytes(text)) & (Slots - 1);
        if (++_lookups % Window == 0 && _hits < _lookups / 2) _off = true; // mostly unique values: hashing them only costs time
        if (_slots[slot] is { } known && text.SequenceEqual(known))
        {
            _hits++;
            return known;
        }
        return _slots[slot] = text.ToString();
    }
}
