namespace OpenData.Etl.Mapping;

/// <summary>
/// The texts that mean "no value" in a source ('missing': "", "-", "NULL"…), matched after trimming. Every field of
/// every row is looked up, so the lengths of the markers are checked first: most values have a length no marker
/// has, and those need no hashing.
/// </summary>
internal sealed class MissingMarkers
{
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _markers;
    private readonly ulong _shortLengths; // bit n: a marker of n characters
    private readonly bool _anyLong; // a marker of 64 characters or more

    public MissingMarkers(IEnumerable<string> markers)
    {
        var set = new HashSet<string>(markers, StringComparer.Ordinal);
        _markers = set.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var marker in set)
        {
            if (marker.Length < 64) _shortLengths |= 1UL << marker.Length;
            else _anyLong = true;
        }
    }

    public bool Matches(ReadOnlySpan<char> text)
    {
        var trimmed = Blank.Trim(text);
        var possible = trimmed.Length < 64 ? (_shortLengths & (1UL << trimmed.Length)) != 0 : _anyLong;
        return possible && _markers.Contains(trimmed);
    }
}
