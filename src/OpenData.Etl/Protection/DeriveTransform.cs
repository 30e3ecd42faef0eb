using System.Globalization;
using OpenData.Etl.Pipelines;

namespace OpenData.Etl.Protection;

/// <summary>
/// Values derived from a personnummer before it is dropped: birth year, age and age band at a fixed
/// reference date (so a rerun next month gives the same file), and legal sex (the ninth digit: odd for male).
/// </summary>
internal sealed class DeriveTransform(DeriveRule rule) : IColumnTransform
{
    /// <summary>
    /// The flag of the marker the value is or starts with (".." alone, "~100"), the longest marker first;
    /// empty (published as missing) when the value carries none.
    /// </summary>
    private string MarkerFlag(ReadOnlySpan<char> value)
    {
        foreach (var (marker, flag) in rule.Markers!.OrderByDescending(m => m.Key.Length).ThenBy(m => m.Key, StringComparer.Ordinal))
        {
            if (value.SequenceEqual(marker)) return flag;
            if (value.StartsWith(marker, StringComparison.Ordinal) && value.Length > marker.Length && char.IsAsciiDigit(value[marker.Length])) return flag;
        }
        return "";
    }

    public string Description => rule.Value == "marker" ? "derive a marker flag" : $"derive {rule.Value} from a personnummer";

    /// <summary>A marker flag is derived from exactly the values that mean "missing", so it sees them too.</summary>
    public bool AppliesToMissing => rule.Value == "marker";

    public bool TryApply(ReadOnlySpan<char> value, ref char[] output, out int length)
    {
        length = 0;
        if (rule.Value == "marker") return BandTransform.Write(MarkerFlag(value.Trim()), ref output, out length);
        // The loader requires a reference date for everything but legal sex, which does not depend on it.
        var reference = rule.ReferenceDate ?? new DateOnly(2000, 1, 1);
        if (!IdentityNumber.TryGetBirthDate(value, reference, out var birth, out var sexDigit)) return false;
        var age = reference.Year - birth.Year - (reference < birth.AddYears(reference.Year - birth.Year) ? 1 : 0);
        var text = rule.Value switch
        {
            "birth-year" => birth.Year.ToString(CultureInfo.InvariantCulture),
            "age" => age.ToString(CultureInfo.InvariantCulture),
            "age-band" => BandTransform.Label(rule.Bands!, age),
            _ => sexDigit % 2 == 1 ? "male" : "female",
        };
        return BandTransform.Write(text, ref output, out length);
    }
}
