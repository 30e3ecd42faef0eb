using System.Text.RegularExpressions;

namespace OpenData.Etl.Schema;

/// <summary>
/// A fast path for the schema patterns most specifications use: a plain sequence of characters and character classes,
/// each repeated a fixed or bounded number of times (<c>^MBN-[0-9]{4}-[1-9][0-9]*$</c>, <c>^[0-9]{6}-[0-9X]{4}$</c>).
/// When every repeat of varying length is followed by characters it cannot take, taking as many as it can is the
/// only way to match, so one pass from left to right gives the regular expression's answer with no backtracking and
/// no automaton: a few nanoseconds a value where the regex engine took about a hundred (in the full pipeline's
/// reading thread, 0.3 s per million rows for three patterns). Anything else (alternation, groups, lookarounds,
/// <c>.</c>, <c>\w</c>, lazy repeats, options) is left to <see cref="Regex"/>; a property test holds the two together.
/// </summary>
internal sealed class SimplePattern
{
    private const int MaxAtoms = 64;
    private readonly Atom[] _atoms;

    private SimplePattern(Atom[] atoms) => _atoms = atoms;

    /// <summary>
    /// The fast path for <paramref name="regex"/>, which <see cref="TableSchemaLoader"/> wraps as <c>^(?:pattern)$</c>; null when the
    /// pattern is not of that simple kind.
    /// </summary>
    public static SimplePattern? TryCreate(Regex regex)
    {
        const RegexOptions harmless = RegexOptions.CultureInvariant | RegexOptions.NonBacktracking | RegexOptions.Compiled;
        if ((regex.Options & ~harmless) != 0) return null;
        var text = regex.ToString();
        if (!text.StartsWith(TableSchemaLoader.WholeValueStart, StringComparison.Ordinal) || !text.EndsWith(TableSchemaLoader.WholeValueEnd, StringComparison.Ordinal)) return null;
        var pattern = text[TableSchemaLoader.WholeValueStart.Length..^TableSchemaLoader.WholeValueEnd.Length];
        // Anchors of the pattern's own at either end mean what the wrapper's do.
        if (pattern.StartsWith('^')) pattern = pattern[1..];
        if (pattern.EndsWith('$') && !IsEscaped(pattern, pattern.Length - 1)) pattern = pattern[..^1];
        var atoms = new List<Atom>();
        var at = 0;
        while (at < pattern.Length)
        {
            if (atoms.Count == MaxAtoms || ReadSet(pattern, ref at) is not { } set || !ReadRepeat(pattern, ref at, out var min, out var max)) return null;
            atoms.Add(new Atom(set, min, max));
        }
        return Deterministic(atoms) ? new SimplePattern([.. atoms]) : null;
    }

    /// <summary>What <see cref="Regex.IsMatch(ReadOnlySpan{char})"/> answers for the whole-value pattern.</summary>
    public bool IsMatch(ReadOnlySpan<char> text)
    {
        var at = 0;
        foreach (var atom in _atoms)
        {
            var taken = 0;
            while (taken < atom.Max && at < text.Length && atom.Set.Contains(text[at]))
            {
                at++;
                taken++;
            }
            if (taken < atom.Min) return false;
        }
        // '$' matches at the end and also before a final line feed.
        return at == text.Length || (at == text.Length - 1 && text[at] == '\n');
    }

    /// <summary>
    /// True when no repeat of varying length can take a character that the atoms after it, up to and including the
    /// next one that must take a character, could take.
    /// </summary>
    private static bool Deterministic(List<Atom> atoms)
    {
        for (var i = 0; i < atoms.Count; i++)
        {
            if (atoms[i].Min == atoms[i].Max) continue;
            for (var j = i + 1; j < atoms.Count; j++)
            {
                if (!CharSet.Disjoint(atoms[i].Set, atoms[j].Set)) return false;
                if (atoms[j].Min > 0) break;
            }
        }
        return true;
    }

    private static bool IsEscaped(string pattern, int index)
    {
        var backslashes = 0;
        while (index - backslashes - 1 >= 0 && pattern[index - backslashes - 1] == '\\') backslashes++;
        return backslashes % 2 == 1;
    }

    private static CharSet? ReadSet(string pattern, ref int at)
    {
        var c = pattern[at++];
        switch (c)
        {
            case '\\':
                if (at == pattern.Length) return null;
                var escaped = pattern[at++];
                if (escaped == 'd') return CharSet.Digits();
                return IsEscapableLiteral(escaped) ? CharSet.Of(escaped) : null;
            case '[':
                return ReadClass(pattern, ref at);
            case '.' or '(' or ')' or '|' or '*' or '+' or '?' or '{' or '}' or '^' or '$' or ']' or '#' or ' ':
                return null; // left to the regex engine (a space or '#' only to stay clear of pattern-whitespace mode)
            default:
                return CharSet.Of(c);
        }
    }

    /// <summary>A class such as <c>[0-9X]</c> or <c>[^;]</c>, after its '['.</summary>
    private static CharSet? ReadClass(string pattern, ref int at)
    {
        var set = new CharSet();
        if (at < pattern.Length && pattern[at] == '^')
        {
            set.Negated = true;
            at++;
        }
        var first = true;
        while (true)
        {
            if (at == pattern.Length) return null;
            var c = pattern[at++];
            if (c == ']' && !first) return set;
            first = false;
            if (c == '[' || c == ']') return null; // subtraction, or a ']' first: left to the regex engine
            if (c == '\\')
            {
                if (at == pattern.Length) return null;
                c = pattern[at++];
                if (c == 'd')
                {
                    set.AddDigits();
                    continue;
                }
                if (!IsEscapableLiteral(c)) return null;
            }
            // A range: "a-z"; a '-' first or last is itself.
            if (at + 1 < pattern.Length && pattern[at] == '-' && pattern[at + 1] != ']')
            {
                var high = pattern[at + 1];
                if (high is '\\' or '[' || high < c) return null;
                at += 2;
                set.AddRange(c, high);
            }
            else
            {
                set.AddRange(c, c);
            }
        }
    }

    private static bool IsEscapableLiteral(char c) => c is '.' or '-' or '\\' or '/' or '$' or '^' or '[' or ']' or '(' or ')' or '{' or '}' or '*' or '+' or '?' or '|' or ':' or '#' or ' ';

    /// <summary>An optional quantifier: <c>*</c>, <c>+</c>, <c>?</c>, <c>{n}</c>, <c>{n,}</c> or <c>{n,m}</c>; false for one left to the regex engine.</summary>
    private static bool ReadRepeat(string pattern, ref int at, out int min, out int max)
    {
        (min, max) = (1, 1);
        if (at == pattern.Length) return true;
        switch (pattern[at])
        {
            case '*': (min, max) = (0, int.MaxValue); at++; break;
            case '+': (min, max) = (1, int.MaxValue); at++; break;
            case '?': (min, max) = (0, 1); at++; break;
            case '{':
                var close = pattern.IndexOf('}', at);
                if (close < 0) return false;
                var body = pattern.AsSpan(at + 1, close - at - 1);
                var comma = body.IndexOf(',');
                if (comma < 0)
                {
                    if (!TryCount(body, out min)) return false;
                    max = min;
                }
                else
                {
                    if (!TryCount(body[..comma], out min)) return false;
                    if (comma == body.Length - 1) max = int.MaxValue;
                    else if (!TryCount(body[(comma + 1)..], out max) || max < min) return false;
                }
                at = close + 1;
                break;
            default:
                return true;
        }
        // A lazy or doubled quantifier is left to the regex engine.
        return at == pattern.Length || pattern[at] is not ('?' or '*' or '+' or '{');
    }

    private static bool TryCount(ReadOnlySpan<char> digits, out int count)
    {
        count = 0;
        if (digits.IsEmpty || digits.Length > 6) return false;
        foreach (var d in digits)
        {
            if (d is < '0' or > '9') return false;
            count = count * 10 + (d - '0');
        }
        return true;
    }

    private readonly record struct Atom(CharSet Set, int Min, int Max);

    /// <summary>Characters as ranges of UTF-16 code units, with .NET's <c>\d</c> (every Unicode decimal digit).</summary>
    private sealed class CharSet
    {
        private readonly bool[] _ascii = new bool[128];
        private readonly List<(char Low, char High)> _ranges = [];
        private bool _digits;

        public bool Negated { get; set; }

        public static CharSet Of(char c)
        {
            var set = new CharSet();
            set.AddRange(c, c);
            return set;
        }

        public static CharSet Digits()
        {
            var set = new CharSet();
            set.AddDigits();
            return set;
        }

        public void AddDigits()
        {
            _digits = true;
            AddRange('0', '9');
        }

        public void AddRange(char low, char high)
        {
            for (var c = low; c <= high && c < 128; c++) _ascii[c] = true;
            if (high >= 128) _ranges.Add(((char)Math.Max(low, (char)128), high));
        }

        public bool Contains(char c)
        {
            var inSet = c < 128 ? _ascii[c] : (_digits && char.IsDigit(c)) || InRanges(c);
            return inSet != Negated;
        }

        private bool InRanges(char c)
        {
            foreach (var (low, high) in _ranges)
                if (c >= low && c <= high) return true;
            return false;
        }

        /// <summary>
        /// Whether no character is in both; proven only for sets without negation or Unicode digits, others count as
        /// overlapping (and leave the pattern to the regex engine).
        /// </summary>
        public static bool Disjoint(CharSet a, CharSet b)
        {
            if (a.Negated || b.Negated || a._digits || b._digits) return false;
            for (var c = 0; c < 128; c++)
                if (a._ascii[c] && b._ascii[c]) return false;
            foreach (var (low, high) in a._ranges)
                foreach (var (otherLow, otherHigh) in b._ranges)
                    if (low <= otherHigh && otherLow <= high) return false;
            return true;
        }
    }
}
