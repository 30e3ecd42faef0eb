namespace OpenData.Etl.Mapping;

/// <summary>
/// One string per distinct short value of a column. Exports repeat a few values over and over (kinds of
/// premises, municipality codes, officers' names); a batch holds 65,536 rows, so without this each repeat is a
/// new string that lives long enough to be promoted by the garbage collector. Columns of unique values (case
/// numbers, pseudonyms) fill the cache without hits, and it steps aside for them.
/// </summary>
internal sealed class StringCache
{
    private const int MaxLength = 48;
    private const int MaxEntries = 4_096;
    private readonly HashSet<string> _strings = new(StringComparer.Ordinal);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private int _lookups;
    private int _hits;
    private bool _off;

    public StringCache() => _lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();

    public string Get(ReadOnlySpan<char> text)
    {
        if (_off || text.Length > MaxLength) return text.ToString();
        _lookups++;
        if (_lookup.TryGetValue(text, out var known))
        {
            _hits++;
            return known;
        }
        var created = text.ToString();
        if (_strings.Count < MaxEntries) _strings.Add(created);
        else if (_hits < _lookups / 2) _off = true; // mostly unique values: hashing them only costs time
        return created;
    }
}
