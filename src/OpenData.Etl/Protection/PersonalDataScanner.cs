using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace OpenData.Etl.Protection;

/// <summary>
/// Finds personal data in a value about to be published, also inside free text: personnummer and
/// samordningsnummer (10 or 12 digits, with or without '-'/'+', valid date, Luhn), e-mail addresses and
/// Swedish phone numbers. A hand-written scan rather than regular expressions: it runs on every published value.
/// </summary>
public static class PersonalDataScanner
{
    public static PersonalDataKind Scan(ReadOnlySpan<char> text)
    {
        var found = PersonalDataKind.None;
        if (text.Contains('@')) found |= FindEmail(text);
        if (HasDigits(text, 7)) found |= FindNumbers(text);
        return found;
    }

    /// <summary>
    /// Whether <paramref name="text"/> has at least <paramref name="count"/> ASCII digits: most published values
    /// have few, and this is the only test they meet. Digits are counted sixteen, then eight characters at a time (a search
    /// for the next digit per digit cost more than the scan that follows it, on values full of digits). In the .NET
    /// build it is compiled optimised at once: ReadyToRun code leaves out 256-bit vectors, and a run would spend its
    /// first second in the unoptimised first tier. The native build targets x86-64-v3, which has them.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static bool HasDigits(ReadOnlySpan<char> text, int count)
    {
        var units = MemoryMarshal.Cast<char, ushort>(text);
        var seen = 0;
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var zero = Vector256.Create((ushort)'0');
            var ten = Vector256.Create((ushort)10);
            for (; i + Vector256<ushort>.Count <= units.Length; i += Vector256<ushort>.Count)
            {
                // Below '0' wraps round to a large number, so one unsigned comparison tests the range.
                var digits = Vector256.LessThan(Vector256.Create(units.Slice(i, Vector256<ushort>.Count)) - zero, ten);
                seen += BitOperations.PopCount(digits.ExtractMostSignificantBits());
                if (seen >= count) return true;
            }
        }
        // Most values are shorter than sixteen characters (identity numbers, codes, names): eight at a time, then one.
        if (Vector128.IsHardwareAccelerated && i + Vector128<ushort>.Count <= units.Length)
        {
            var digits = Vector128.LessThan(Vector128.Create(units.Slice(i, Vector128<ushort>.Count)) - Vector128.Create((ushort)'0'), Vector128.Create((ushort)10));
            seen += BitOperations.PopCount(digits.ExtractMostSignificantBits());
            if (seen >= count) return true;
            i += Vector128<ushort>.Count;
        }
        for (; i < units.Length; i++)
            if (char.IsAsciiDigit((char)units[i]) && ++seen >= count) return true;
        return false;
    }

    /// <summary>Identity numbers and phone numbers: digit groups joined by the separators people type.</summary>
    private static PersonalDataKind FindNumbers(ReadOnlySpan<char> text)
    {
        var found = PersonalDataKind.None;
        Span<char> digits = stackalloc char[16];
        var i = text.IndexOfAny(DigitsOrPlus);
        while (i >= 0)
        {
            if (i == 0 || !(char.IsAsciiDigit(text[i - 1]) || char.IsAsciiLetter(text[i - 1]))) // the start of a number
            {
                found |= IdentityAt(text[i..], digits);
                found |= PhoneAt(text, i, digits);
            }
            // Positions inside a run of digits follow a digit, so none of them starts a number.
            var end = char.IsAsciiDigit(text[i]) ? text[(i + 1)..].IndexOfAnyExceptInRange('0', '9') : 0;
            if (end < 0) break;
            i += 1 + end;
            var next = text[i..].IndexOfAny(DigitsOrPlus);
            i = next < 0 ? -1 : i + next;
        }
        return found;
    }

    /// <summary>YYMMDD[-+]NNNN or YYYYMMDD[-+]NNNN at the start of <paramref name="text"/>, ending at a non-digit.</summary>
    private static PersonalDataKind IdentityAt(ReadOnlySpan<char> text, Span<char> digits)
    {
        var n = 0;
        var i = 0;
        var separators = 0;
        while (i < text.Length && n <= 12)
        {
            var c = text[i];
            if (char.IsAsciiDigit(c)) digits[n++] = c;
            else if ((c is '-' or '+') && (n is 6 or 8) && separators == 0 && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])) separators++;
            else break;
            i++;
        }
        if (n is not (10 or 12)) return PersonalDataKind.None;
        if (i < text.Length && char.IsAsciiDigit(text[i])) return PersonalDataKind.None;
        // With a separator the date part is 6 or 8 digits followed by exactly four.
        return IdentityNumber.Classify(digits[..n]);
    }

    /// <summary>
    /// A Swedish phone number starting at <paramref name="start"/>: +46/0046 or a trunk 0 followed by a
    /// non-zero digit, then 7 to 9 further digits in groups separated by spaces, hyphens or parentheses.
    /// </summary>
    private static PersonalDataKind PhoneAt(ReadOnlySpan<char> text, int start, Span<char> digits)
    {
        var rest = text[start..];
        int i;
        if (rest.StartsWith("+46")) i = 3;
        else if (rest.StartsWith("0046")) i = 4;
        else if (rest.Length > 1 && rest[0] == '0' && rest[1] is >= '1' and <= '9') i = 1;
        else return PersonalDataKind.None;

        if (i > 1)
        {
            // International form: "+46 70...", "+46 (0)70...", "0046-70...".
            while (i < rest.Length && rest[i] is ' ' or '-' or '\u00A0') i++;
            if (rest[i..].StartsWith("(0)")) i += 3;
        }

        var n = 0;
        while (i < rest.Length)
        {
            var c = rest[i];
            if (char.IsAsciiDigit(c))
            {
                if (++n > 9) return PersonalDataKind.None;
            }
            else if (c is ' ' or '-' or '(' or ')' or '\u00A0')
            {
                if (i + 1 >= rest.Length || !(char.IsAsciiDigit(rest[i + 1]) || rest[i + 1] is '(' or ' ')) break;
            }
            else break;
            i++;
        }
        // Local numbers have 7 to 9 digits after the trunk prefix (e.g. 08-123 456 78, 070-123 45 67).
        if (n is < 7 or > 9) return PersonalDataKind.None;
        if (i < rest.Length && (char.IsAsciiLetterOrDigit(rest[i]) || rest[i] is ',' or '.') && i + 1 < rest.Length && char.IsAsciiDigit(rest[i + 1])) return PersonalDataKind.None;
        return PersonalDataKind.Phone;
    }

    private static readonly System.Buffers.SearchValues<char> DigitsOrPlus = System.Buffers.SearchValues.Create("0123456789+");

    private static readonly System.Buffers.SearchValues<char> AsciiLetters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");

    /// <summary>local@domain.tld: a local part, a dotted domain and a top-level domain of two or more letters.</summary>
    private static PersonalDataKind FindEmail(ReadOnlySpan<char> text)
    {
        for (var at = text.IndexOf('@'); at >= 0; at = NextAt(text, at))
        {
            if (at == 0 || !IsLocalChar(text[at - 1])) continue;
            var end = at + 1;
            while (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] is '-' or '.')) end++;
            while (end > at + 1 && text[end - 1] == '.') end--; // a full stop ending the sentence
            var domain = text[(at + 1)..end];
            var lastDot = domain.LastIndexOf('.');
            if (lastDot <= 0) continue;
            var tld = domain[(lastDot + 1)..];
            if (tld.Length >= 2 && !tld.ContainsAnyExcept(AsciiLetters)) return PersonalDataKind.Email;
        }
        return PersonalDataKind.None;
    }

    private static int NextAt(ReadOnlySpan<char> text, int at) => at + 1 < text.Length && text[(at + 1)..].IndexOf('@') is var i and >= 0 ? at + 1 + i : -1;

    private static bool IsLocalChar(char c) => char.IsLetterOrDigit(c) || c is '.' or '_' or '%' or '+' or '-';
}
