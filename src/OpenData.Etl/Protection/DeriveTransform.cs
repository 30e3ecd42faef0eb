using System.Globalization;
using OpenData.Etl.Pipelines;

namespace OpenData.Etl.Protection;

/// <summary>
/// Values derived from a personnummer before it is dropped: birth year, age and age band at a fixed
/// reference date (so a rerun next month gives the same file), and legal sex (the ninth digit: odd for male).
/// </summary>
internal sealed class DeriveTransform(DeriveRule rule) : IColumnTransform
{
    public string Description => $"derive {rule.Value} from a personnummer";

    public bool TryApply(ReadOnlySpan<char> value, ref char[] output, out int length)
    {
        length = 0;
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
