namespace OpenData.Etl.Diagnostics;

/// <summary>Suggests the closest known name for a misspelt one (case-insensitive edit distance).</summary>
public static class DidYouMean
{
    public static string? Suggest(string given, IEnumerable<string> known)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in known)
        {
            var distance = Distance(given.ToUpperInvariant(), candidate.ToUpperInvariant());
            if (distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }

        // Beyond about a third of the word, a "suggestion" is noise.
        return best is not null && bestDistance <= Math.Max(2, given.Length / 3) ? best : null;
    }

    /// <summary>" Did you mean 'x'?" or the empty string.</summary>
    public static string Hint(string given, IEnumerable<string> known) =>
        Suggest(given, known) is { } s ? $" Did you mean '{s}'?" : "";

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
