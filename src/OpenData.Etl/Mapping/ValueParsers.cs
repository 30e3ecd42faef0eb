using System.Globalization;

namespace OpenData.Etl.Mapping;

/// <summary>
/// Span-based parsers for the number and date forms found in Swedish exports ("1 234,50", "2024-03-05 09:30").
/// None of them allocates.
/// </summary>
public static class ValueParsers
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private static readonly string[] LocalDateTimeFormats =
    [
        "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ss.FFFFFFF",
    ];

    /// <summary>Space-like thousands separators seen in exports: space, no-break space, narrow no-break space.</summary>
    private static bool IsGroupSeparator(char c) => c is ' ' or '\u00A0' or '\u202F';

    /// <summary>Copies the number into <paramref name="buffer"/> without group separators and with '.' as decimal point.</summary>
    private static bool Normalise(ReadOnlySpan<char> text, char decimalSeparator, Span<char> buffer, out int length)
    {
        length = 0;
        text = Blank.Trim(text);
        if (text.IsEmpty || text.Length > buffer.Length) return false;
        foreach (var c in text)
        {
            if (IsGroupSeparator(c)) continue;
            if (c == decimalSeparator) buffer[length++] = '.';
            // The other separator is ambiguous (thousands or decimals?), so it is refused rather than guessed.
            else if (c is '.' or ',') return false;
            else buffer[length++] = c == '\u2212' ? '-' : c; // Unicode minus from word processors
        }
        return length > 0;
    }

    public static bool TryParseInteger(ReadOnlySpan<char> text, out long value)
    {
        if (PlainNumber.TryRead(text, '\0', out var plain) && plain.Scale == 0 && plain.Digits <= 18)
        {
            value = plain.Negative ? -(long)plain.Mantissa : (long)plain.Mantissa;
            return true;
        }
        return TryParseIntegerGeneral(text, out value);
    }

    public static bool TryParseDouble(ReadOnlySpan<char> text, char decimalSeparator, out double value)
    {
        // Up to 15 digits and 22 decimals, mantissa and power of ten are exact doubles and their quotient is
        // correctly rounded (IEEE 754), which is what double.Parse gives too (Clinger's fast path).
        if (PlainNumber.TryRead(text, decimalSeparator, out var plain) && plain.Digits <= 15 && plain.Scale <= 22)
        {
            var magnitude = plain.Mantissa / PowersOfTen[plain.Scale];
            value = plain.Negative ? -magnitude : magnitude;
            return true;
        }
        return TryParseDoubleGeneral(text, decimalSeparator, out value);
    }

    public static bool TryParseDecimal(ReadOnlySpan<char> text, char decimalSeparator, out decimal value)
    {
        if (PlainNumber.TryRead(text, decimalSeparator, out var plain) && plain.Digits <= 18)
        {
            // decimal.Parse keeps the written scale ("12,50" is 12.50), and so does this.
            value = new decimal((int)plain.Mantissa, (int)(plain.Mantissa >> 32), 0, plain.Negative, (byte)plain.Scale);
            return true;
        }
        return TryParseDecimalGeneral(text, decimalSeparator, out value);
    }

    internal static bool TryParseIntegerGeneral(ReadOnlySpan<char> text, out long value)
    {
        Span<char> buffer = stackalloc char[64];
        value = 0;
        return Normalise(text, '\0', buffer, out var n) && long.TryParse(buffer[..n], NumberStyles.AllowLeadingSign, Invariant, out value);
    }

    internal static bool TryParseDoubleGeneral(ReadOnlySpan<char> text, char decimalSeparator, out double value)
    {
        Span<char> buffer = stackalloc char[128];
        value = 0;
        return Normalise(text, decimalSeparator, buffer, out var n)
            && double.TryParse(buffer[..n], NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, Invariant, out value)
            && double.IsFinite(value);
    }

    internal static bool TryParseDecimalGeneral(ReadOnlySpan<char> text, char decimalSeparator, out decimal value)
    {
        Span<char> buffer = stackalloc char[128];
        value = 0;
        return Normalise(text, decimalSeparator, buffer, out var n)
            && decimal.TryParse(buffer[..n], NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, Invariant, out value);
    }

    private static readonly double[] PowersOfTen = [.. Enumerable.Range(0, 23).Select(i => Math.Pow(10, i))];

    /// <summary>
    /// The common shape of numbers in exports, read without the general parsers (profiled as the costliest
    /// conversion): an optional sign, digits with optional space-like group separators, and at most one decimal
    /// separator. Anything else (exponents, the other separator, empty) is left to the general path, so this
    /// decides only values the general path accepts, with the same result (a property test holds them together).
    /// </summary>
    private readonly record struct PlainNumber(ulong Mantissa, int Digits, int Scale, bool Negative)
    {
        public static bool TryRead(ReadOnlySpan<char> text, char decimalSeparator, out PlainNumber number)
        {
            number = default;
            text = Blank.Trim(text);
            var i = 0;
            var negative = false;
            if (i < text.Length && text[i] is '-' or '\u2212' or '+')
            {
                negative = text[i] != '+';
                i++;
            }
            ulong mantissa = 0;
            int digits = 0, scale = 0;
            var point = false;
            for (; i < text.Length; i++)
            {
                var c = text[i];
                if (char.IsAsciiDigit(c))
                {
                    if (++digits > 18) return false;
                    mantissa = mantissa * 10 + (uint)(c - '0');
                    if (point) scale++;
                }
                else if (c == decimalSeparator && decimalSeparator != '\0' && !point) point = true;
                else if (!IsGroupSeparator(c)) return false;
            }
            // "-0" is left to the general parsers, which decide the sign of zero.
            if (digits == 0 || (negative && mantissa == 0)) return false;
            number = new PlainNumber(mantissa, digits, scale, negative);
            return true;
        }
    }

    public static bool TryParseBoolean(ReadOnlySpan<char> text, out bool value)
    {
        // Table Schema's default trueValues/falseValues; Swedish words go through a value map.
        text = Blank.Trim(text);
        if (text is "true" or "True" or "TRUE" or "1") { value = true; return true; }
        if (text is "false" or "False" or "FALSE" or "0") { value = false; return true; }
        value = false;
        return false;
    }

    public static bool TryParseDate(ReadOnlySpan<char> text, string? format, out DateOnly value)
    {
        text = Blank.Trim(text);
        // ISO dates are by far the most common; the general parser costs microseconds a value (profiled).
        if (format is null or "yyyy-MM-dd" && text.Length == 10) return TryParseIsoDate(text, out value);
        return DateOnly.TryParseExact(text, format ?? "yyyy-MM-dd", Invariant, DateTimeStyles.None, out value);
    }

    /// <summary>Exactly yyyy-MM-dd with a real calendar date; the same answers as DateOnly.TryParseExact with that format.</summary>
    private static bool TryParseIsoDate(ReadOnlySpan<char> text, out DateOnly value)
    {
        value = default;
        if (text.Length != 10 || text[4] != '-' || text[7] != '-') return false;
        if (!TryDigits(text[..4], out var year) || !TryDigits(text[5..7], out var month) || !TryDigits(text[8..10], out var day)) return false;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
        value = new DateOnly(year, month, day);
        return true;
    }

    /// <summary>yyyy-MM-dd HH:mm[:ss] or with a 'T': the forms case systems write, without the general parser.</summary>
    private static bool TryParseIsoLocal(ReadOnlySpan<char> text, out DateTime value)
    {
        value = default;
        if (text.Length is not (16 or 19) || text[10] is not (' ' or 'T') || text[13] != ':') return false;
        if (!TryParseIsoDate(text[..10], out var date)) return false;
        if (!TryDigits(text[11..13], out var hour) || !TryDigits(text[14..16], out var minute) || hour > 23 || minute > 59) return false;
        var second = 0;
        if (text.Length == 19 && (text[16] != ':' || !TryDigits(text[17..19], out second) || second > 59)) return false;
        value = new DateTime(date, new TimeOnly(hour, minute, second), DateTimeKind.Unspecified);
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c)) return false;
            value = value * 10 + (c - '0');
        }
        return true;
    }

    public static bool TryParseYear(ReadOnlySpan<char> text, out int value) =>
        int.TryParse(text.Trim(), NumberStyles.None, Invariant, out value) && value is >= 1000 and <= 9999;

    /// <summary>
    /// A timestamp with its offset. Text without an offset is local time in <paramref name="zone"/>;
    /// a local time that does not exist (the hour skipped in spring) is refused, not guessed.
    /// </summary>
    public static bool TryParseDateTime(ReadOnlySpan<char> text, string? format, TimeZoneInfo zone, out DateTimeOffset value)
    {
        text = Blank.Trim(text);
        value = default;
        if (format is null && HasOffset(text))
            return DateTimeOffset.TryParse(text, Invariant, DateTimeStyles.None, out value);
        if (format is not null && format.AsSpan().IndexOfAny('z', 'K') >= 0)
            return DateTimeOffset.TryParseExact(text, format, Invariant, DateTimeStyles.None, out value);

        var parsed = format is null
            ? TryParseIsoLocal(text, out var local) || DateTime.TryParseExact(text, LocalDateTimeFormats, Invariant, DateTimeStyles.None, out local)
            : DateTime.TryParseExact(text, format, Invariant, DateTimeStyles.None, out local);
        if (!parsed || zone.IsInvalidTime(local)) return false;
        value = new DateTimeOffset(local, zone.GetUtcOffset(local));
        return true;
    }

    private static bool HasOffset(ReadOnlySpan<char> text)
    {
        if (text.Length < 11) return false;
        if (text[^1] is 'Z' or 'z') return true;
        // "+01:00", "-0500" after the time part (a date's own '-' sits in the first 10 characters).
        var sign = text[10..].LastIndexOfAny('+', '-');
        return sign >= 0 && text.Length - (10 + sign) is 5 or 6;
    }
}
