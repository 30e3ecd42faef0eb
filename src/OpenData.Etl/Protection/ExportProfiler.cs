using OpenData.Etl.Mapping;
using OpenData.Etl.Pipelines;
using OpenData.Etl.Schema;
using OpenData.Etl.Sources;

namespace OpenData.Etl.Protection;

/// <summary>What the profiler learnt about one source column. Holds counts only, never values.</summary>
public sealed record ColumnProfile(
    string Name,
    long Values,
    long Empty,
    int Distinct,
    bool DistinctCapped,
    IReadOnlyDictionary<PersonalDataKind, long> Kinds,
    double AverageLength,
    FieldType InferredType,
    DataClass SuggestedClass,
    string SuggestedAction,
    string Evidence)
{
    public double Share(PersonalDataKind kind) => Values - Empty == 0 ? 0 : Kinds.GetValueOrDefault(kind) / (double)(Values - Empty);
}

public sealed record ExportProfile(string DisplayName, SourceFileFacts Facts, char Delimiter, char DecimalSeparator, long Rows, IReadOnlyList<ColumnProfile> Columns);

/// <summary>
/// Profiles a source export for <c>odetl scan</c>: per column the kinds of personal data found, how
/// many values and distinct values, a type guess and a suggested classification. One streaming pass.
/// </summary>
public static class ExportProfiler
{
    private const int DistinctCap = 10_000;
    private static readonly System.Buffers.SearchValues<char> NumberCharacters = System.Buffers.SearchValues.Create("0123456789 \u00A0,.-");

    /// <summary>Header words that point at people, whatever the values look like.</summary>
    private static readonly string[] PersonalHeaderWords =
        ["handlaggare", "handläggare", "namn", "name", "kontakt", "person", "pnr", "personnummer", "epost", "e-post", "email", "mail", "telefon", "tel", "mobil", "adress", "gatuadress", "address"];

    public static ExportProfile Profile(string path, string displayName, SourceSpec spec)
    {
        var facts = SourceFileInspector.Inspect(path, displayName, spec.Encoding);
        using var source = CsvSource.Open(path, displayName, spec, facts);
        var n = source.Header.Count;
        var stats = Enumerable.Range(0, n).Select(_ => new Stats()).ToArray();
        long rows = 0;
        while (source.Read())
        {
            if (source.Problem is not null) continue;
            rows++;
            for (var c = 0; c < n; c++) stats[c].Add(source[c]);
        }

        var commaDecimals = stats.Sum(s => s.CommaNumbers);
        var pointDecimals = stats.Sum(s => s.PointNumbers);
        var decimalSeparator = commaDecimals > pointDecimals ? ',' : '.';
        var columns = source.Header.Select((name, c) => Suggest(name, stats[c], decimalSeparator)).ToList();
        return new ExportProfile(displayName, facts, spec.Delimiter ?? DelimiterOf(path, facts, spec), decimalSeparator, rows, columns);
    }

    private static char DelimiterOf(string path, SourceFileFacts facts, SourceSpec spec)
    {
        using var text = new StreamReader(path, facts.Encoding);
        for (var i = 0; i < spec.HeaderRow - 1; i++) text.ReadLine();
        return DelimiterDetector.Detect(text.ReadLine() ?? "") ?? ';';
    }

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);

    private static ColumnProfile Suggest(string name, Stats s, char decimalSeparator)
    {
        var type = s.InferType(decimalSeparator);
        var nonEmpty = s.Values - s.Empty;
        double Share(PersonalDataKind k) => nonEmpty == 0 ? 0 : s.Kinds.GetValueOrDefault(k) / (double)nonEmpty;
        var identity = Share(PersonalDataKind.Personnummer) + Share(PersonalDataKind.Samordningsnummer);
        var header = name.ToLowerInvariant();
        var headerHint = PersonalHeaderWords.FirstOrDefault(w => header.Contains(w, StringComparison.Ordinal));

        (DataClass Class, string Action, string Evidence) suggestion = (identity, s) switch
        {
            ( > 0.9, _) => (DataClass.Personal, "drop", Invariant($"{identity:P0} of values are personnummer/samordningsnummer (derive birth year or age first if needed)")),
            ( > 0, _) => (DataClass.Personal, "mask", Invariant($"{identity:P0} of values are personnummer, e.g. sole traders' organisation numbers; masked when they are")),
            _ when Share(PersonalDataKind.Email) > 0 || Share(PersonalDataKind.Phone) > 0 =>
                (DataClass.Personal, "drop", Invariant($"contains e-mail addresses ({Share(PersonalDataKind.Email):P0}) or phone numbers ({Share(PersonalDataKind.Phone):P0})")),
            _ when headerHint is not null => (DataClass.Personal, "drop", $"the column name suggests data about people ('{headerHint}')"),
            _ when type == FieldType.String && s.AverageLength > 30 => (DataClass.Internal, "drop", Invariant($"free text (average {s.AverageLength:F0} characters) may name people")),
            _ => (DataClass.Public, "keep", "no personal data found"),
        };
        return new ColumnProfile(name, s.Values, s.Empty, s.DistinctCount, s.DistinctCapped, s.Kinds, s.AverageLength, type, suggestion.Class, suggestion.Action, suggestion.Evidence);
    }

    /// <summary>Counts for one column. Distinct values are counted by hash up to a cap, so memory stays bounded.</summary>
    private sealed class Stats
    {
        private readonly HashSet<int> _distinct = [];
        private long _totalLength;
        private long _integers, _commaNumbers, _pointNumbers, _dates, _dateTimes, _booleans, _identifiers;

        public long Values { get; private set; }
        public long Empty { get; private set; }
        public Dictionary<PersonalDataKind, long> Kinds { get; } = [];
        public long CommaNumbers => _commaNumbers;
        public long PointNumbers => _pointNumbers;
        public int DistinctCount => _distinct.Count;
        public bool DistinctCapped => _distinct.Count >= DistinctCap;
        public double AverageLength => Values - Empty == 0 ? 0 : _totalLength / (double)(Values - Empty);

        public void Add(ReadOnlySpan<char> value)
        {
            Values++;
            value = value.Trim();
            if (value.IsEmpty) { Empty++; return; }
            _totalLength += value.Length;
            if (_distinct.Count < DistinctCap) _distinct.Add(string.GetHashCode(value, StringComparison.Ordinal));
            foreach (var kind in PersonalDataKinds.Each(PersonalDataScanner.Scan(value))) Kinds[kind] = Kinds.GetValueOrDefault(kind) + 1;
            if (LooksLikeIdentifier(value)) _identifiers++;
            else if (ValueParsers.TryParseInteger(value, out _)) _integers++;
            else if (ValueParsers.TryParseDouble(value, ',', out _)) _commaNumbers++;
            else if (ValueParsers.TryParseDouble(value, '.', out _)) _pointNumbers++;
            else if (ValueParsers.TryParseDate(value, null, out _)) _dates++;
            else if (ValueParsers.TryParseDateTime(value, null, TimeZoneInfo.Utc, out _)) _dateTimes++;
            else if (ValueParsers.TryParseBoolean(value, out _)) _booleans++;
        }

        /// <summary>
        /// Digits that are codes, not quantities: a leading zero ("0764") or groups that are not thousands
        /// ("211 22"). Typing them as numbers would lose what makes them identifiers.
        /// </summary>
        private static bool LooksLikeIdentifier(ReadOnlySpan<char> value)
        {
            if (value.ContainsAnyExcept(NumberCharacters)) return false;
            if (value.Length > 1 && value[0] == '0' && char.IsAsciiDigit(value[1])) return true;
            var space = value.IndexOfAny(' ', '\u00A0');
            if (space < 0) return false;
            foreach (var range in value[(space + 1)..].SplitAny(" \u00A0"))
            {
                var group = value[(space + 1)..][range];
                var digits = group.IndexOfAny(',', '.') is var d and >= 0 ? group[..d] : group;
                if (digits.Length != 3) return true;
            }
            return false;
        }

        /// <summary>The narrowest type every non-empty value fits; string when in doubt.</summary>
        public FieldType InferType(char decimalSeparator)
        {
            var n = Values - Empty;
            if (n == 0) return FieldType.String;
            var numbers = _integers + (decimalSeparator == ',' ? _commaNumbers : _pointNumbers);
            // Leading zeros (postcodes, kommunkoder, identity numbers) are identifiers, not quantities.
            if (Kinds.Count > 0 || _identifiers > 0) return FieldType.String;
            if (_integers == n) return FieldType.Integer;
            if (numbers == n) return FieldType.Number;
            if (_dates == n) return FieldType.Date;
            if (_dateTimes == n) return FieldType.DateTime;
            if (_booleans == n) return FieldType.Boolean;
            return FieldType.String;
        }
    }
}
