namespace OpenData.Etl.Sources;

/// <summary>
/// Picks the delimiter from the header line: the candidate that occurs most often outside quotes.
/// Header names rarely contain delimiters, while data lines of Swedish exports are full of decimal commas.
/// </summary>
public static class DelimiterDetector
{
    private static readonly char[] Candidates = [';', ',', '\t', '|'];

    /// <summary>
    /// The detected delimiter, or null when candidates tie. A header without any candidate is a
    /// single-column file, for which the delimiter does not matter; ',' is returned.
    /// </summary>
    public static char? Detect(string headerLine)
    {
        Span<int> counts = stackalloc int[Candidates.Length];
        var quoted = false;
        foreach (var c in headerLine)
        {
            if (c == '"') quoted = !quoted;
            else if (!quoted && Array.IndexOf(Candidates, c) is var i and >= 0) counts[i]++;
        }

        var best = -1;
        var tie = false;
        for (var i = 0; i < counts.Length; i++)
        {
            if (counts[i] == 0) continue;
            if (best < 0 || counts[i] > counts[best]) (best, tie) = (i, false);
            else if (counts[i] == counts[best]) tie = true;
        }
        if (best < 0) return ',';
        return tie ? null : Candidates[best];
    }
}
