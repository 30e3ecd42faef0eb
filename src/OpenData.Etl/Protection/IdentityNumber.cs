namespace OpenData.Etl.Protection;

/// <summary>
/// Swedish personal identity numbers (personnummer) and coordination numbers (samordningsnummer):
/// YYMMDD-NNNC or YYYYMMDDNNNC, C a Luhn check digit over the last ten digits, the day plus 60 for a
/// samordningsnummer. Organisation numbers of sole traders are personnummer and match too.
/// </summary>
public static class IdentityNumber
{
    /// <summary>Which kind the digits are (10 or 12 digits, no separators), or None.</summary>
    public static PersonalDataKind Classify(ReadOnlySpan<char> digits)
    {
        if (digits.Length is not (10 or 12)) return PersonalDataKind.None;
        if (digits.Length == 12 && !(digits[..2] is "18" or "19" or "20")) return PersonalDataKind.None;
        var ten = digits[^10..];
        var month = (ten[2] - '0') * 10 + (ten[3] - '0');
        var day = (ten[4] - '0') * 10 + (ten[5] - '0');
        if (month is < 1 or > 12) return PersonalDataKind.None;
        var coordination = day > 60;
        if (coordination) day -= 60;
        if (day < 1 || day > DaysIn(month, digits.Length == 12 ? Year4(digits) : 2000 + Year2(ten))) return PersonalDataKind.None;
        if (!LuhnValid(ten)) return PersonalDataKind.None;
        return coordination ? PersonalDataKind.Samordningsnummer : PersonalDataKind.Personnummer;
    }

    /// <summary>The Luhn check over ten digits, weights 2,1,2,1... from the left.</summary>
    public static bool LuhnValid(ReadOnlySpan<char> ten)
    {
        var sum = 0;
        for (var i = 0; i < 10; i++)
        {
            var v = (ten[i] - '0') * (i % 2 == 0 ? 2 : 1);
            sum += v > 9 ? v - 9 : v;
        }
        return sum % 10 == 0;
    }

    /// <summary>Birth date of a valid number; the century of a 10-digit number follows its separator ('+' means 100 years or older).</summary>
    public static bool TryGetBirthDate(ReadOnlySpan<char> text, DateOnly referenceDate, out DateOnly birthDate, out int sexDigit)
    {
        birthDate = default;
        sexDigit = 0;
        Span<char> digits = stackalloc char[12];
        var n = 0;
        var plus = false;
        foreach (var c in text.Trim())
        {
            if (char.IsAsciiDigit(c)) { if (n == 12) return false; digits[n++] = c; }
            else if (c == '+') plus = true;
            else if (c != '-') return false;
        }
        var number = digits[..n];
        if (Classify(number) == PersonalDataKind.None) return false;
        var ten = number[^10..];
        var month = (ten[2] - '0') * 10 + (ten[3] - '0');
        var day = (ten[4] - '0') * 10 + (ten[5] - '0');
        if (day > 60) day -= 60;
        int year;
        if (n == 12) year = Year4(number);
        else
        {
            // The latest year ending in these two digits that is not in the future; '+' adds a century.
            var yy = Year2(ten);
            year = referenceDate.Year - ((referenceDate.Year - yy) % 100 + 100) % 100;
            if (new DateOnly(year, month, Math.Min(day, DateTime.DaysInMonth(year, month))) > referenceDate) year -= 100;
            if (plus) year -= 100;
        }
        if (day > DateTime.DaysInMonth(year, month)) return false;
        birthDate = new DateOnly(year, month, day);
        sexDigit = ten[8] - '0';
        return true;
    }

    private static int Year2(ReadOnlySpan<char> ten) => (ten[0] - '0') * 10 + (ten[1] - '0');

    // Digits only (the callers have checked): arithmetic, not int.Parse, since every published value with twelve digits comes here.
    private static int Year4(ReadOnlySpan<char> twelve) => (twelve[0] - '0') * 1000 + (twelve[1] - '0') * 100 + (twelve[2] - '0') * 10 + (twelve[3] - '0');

    private static int DaysIn(int month, int year) => DateTime.DaysInMonth(year, month);
}
