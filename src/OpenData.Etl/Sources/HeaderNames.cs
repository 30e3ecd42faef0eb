using System.Text;
using OpenData.Etl.Diagnostics;

namespace OpenData.Etl.Sources;

/// <summary>Header rules shared by every source: tidy names with a warning, refuse empty and repeated ones.</summary>
internal static class HeaderNames
{
    private const string Spaces = " \t\u00A0\u202F\u2007\uFEFF\u00AD";

    /// <summary>Trims ordinary and non-breaking spaces, turns inner non-breaking spaces into plain ones and drops soft hyphens.</summary>
    public static string Normalise(string raw)
    {
        var builder = new StringBuilder(raw.Length);
        foreach (var c in raw.Trim(Spaces.ToCharArray()))
        {
            if (c == '\u00AD' || c == '\uFEFF') continue;
            builder.Append(c is '\u00A0' or '\u202F' or '\u2007' or '\t' ? ' ' : c);
        }
        return builder.ToString();
    }

    /// <summary>
    /// Normalises <paramref name="raw"/> (trailing nameless columns are dropped), adds a warning per changed
    /// name, and throws when a name is empty or repeated. Header names are column names, never data values.
    /// </summary>
    public static List<string> Check(IReadOnlyList<string> raw, string displayName, int headerLine, List<Diagnostic> warnings)
    {
        var names = raw.Select(Normalise).ToList();
        while (names.Count > 0 && names[^1].Length == 0) names.RemoveAt(names.Count - 1);
        if (names.Count == 0)
            throw new EtlException(FailureKind.Data, Diagnostic.Error(Codes.EmptySource, $"the header row (row {headerLine}) holds no column names; is 'source.header-row' right?", new TextLocation(displayName, headerLine)));

        var errors = new List<Diagnostic>();
        for (var i = 0; i < names.Count; i++)
        {
            var at = new TextLocation(displayName, headerLine, i + 1);
            if (names[i].Length == 0)
                errors.Add(Diagnostic.Error(Codes.DuplicateHeader, $"column {i + 1} of the header has no name.", at));
            else if (names.IndexOf(names[i]) is var first && first < i)
                errors.Add(Diagnostic.Error(Codes.DuplicateHeader, $"the header names column '{names[i]}' twice (columns {first + 1} and {i + 1}).", at));
            else if (!string.Equals(names[i], raw[i], StringComparison.Ordinal))
                warnings.Add(Diagnostic.Warning(Codes.HeaderNormalised, $"header column {i + 1} is read as '{names[i]}': leading, trailing or non-breaking spaces (or soft hyphens) were removed.", at));
        }
        if (errors.Count > 0) throw new EtlException(FailureKind.Data, errors);
        return names;
    }
}
