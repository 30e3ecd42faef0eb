namespace OpenData.Etl.Sources;

internal static class HeaderLookup
{
    /// <summary>Position of a column in a header (exact, ordinal), or -1.</summary>
    public static int IndexOf(this IReadOnlyList<string> header, string name)
    {
        for (var i = 0; i < header.Count; i++)
        {
            if (header[i] == name) return i;
        }
        return -1;
    }
}
