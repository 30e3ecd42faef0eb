using System.Globalization;
using OpenData.Etl.Mapping;
using OpenData.Etl.Pipelines;

namespace OpenData.Etl.Protection;

/// <summary>
/// A protection applied to every value of one source column before mapping sees it. Writes its result
/// into <paramref name="output"/> (grown as needed); false when the value cannot be protected (a data error).
/// </summary>
internal interface IColumnTransform
{
    /// <summary>The rule in words, for "breaks X" messages.</summary>
    string Description { get; }

    /// <summary>Whether values that mean "missing" are given to the transform too, rather than passed through.</summary>
    bool AppliesToMissing => false;

    bool TryApply(ReadOnlySpan<char> value, ref char[] output, out int length);
}

internal sealed class PseudonymiseTransform(Pseudonymiser pseudonymiser) : IColumnTransform
{
    public string Description => "pseudonymise";

    public bool TryApply(ReadOnlySpan<char> value, ref char[] output, out int length)
    {
        MaskTransform.EnsureCapacity(ref output, Pseudonymiser.Length);
        pseudonymiser.Pseudonymise(value, output);
        length = Pseudonymiser.Length;
        return true;
    }
}

internal sealed class MaskTransform(MaskOptions options) : IColumnTransform
{
    public string Description => "mask";

    public bool TryApply(ReadOnlySpan<char> value, ref char[] output, out int length)
    {
        value = value.Trim();
        EnsureCapacity(ref output, value.Length);
        value.CopyTo(output);
        length = value.Length;
        if (options.Only == "personnummer" && !IsIdentityNumber(value)) return true;
        // Keep separators so "921115-1234" becomes "921115-XXXX": the shape stays readable.
        for (var i = options.KeepStart; i < value.Length - options.KeepEnd; i++)
        {
            if (char.IsLetterOrDigit(value[i])) output[i] = options.Character;
        }
        return true;
    }

    private static bool IsIdentityNumber(ReadOnlySpan<char> value)
    {
        Span<char> digits = stackalloc char[12];
        var n = 0;
        foreach (var c in value)
        {
            if (char.IsAsciiDigit(c)) { if (n == 12) return false; digits[n++] = c; }
            else if (c is not ('-' or '+')) return false;
        }
        return IdentityNumber.Classify(digits[..n]) != PersonalDataKind.None;
    }

    internal static void EnsureCapacity(ref char[] buffer, int length)
    {
        if (buffer.Length < length) buffer = new char[Math.Max(length, buffer.Length * 2)];
    }
}

/// <summary>Numbers into bands: [0, 18, 65] gives "0-17", "18-64", "65-" (and "-1" style labels below the first bound).</summary>
internal sealed class BandTransform(IReadOnlyList<decimal> bands, char decimalSeparator) : IColumnTransform
{
    // A handful of labels, made once: every value gets one of them.
    private readonly string[] _labels = [.. Enumerable.Range(0, bands.Count + 1).Select(i => Label(bands, i == 0 ? bands[0] - 1 : bands[i - 1]))];

    public string Description => "generalise into bands " + string.Join(", ", bands.Select(b => b.ToString(CultureInfo.InvariantCulture)));

    public bool TryApply(ReadOnlySpan<char> value, ref char[] output, out int length)
    {
        length = 0;
        if (!ValueParsers.TryParseDecimal(value, decimalSeparator, out var number)) return false;
        var band = 0;
        while (band < bands.Count && number >= bands[band]) band++;
        return Write(_labels[band], ref output, out length);
    }

    public static string Label(IReadOnlyList<decimal> bands, decimal value)
    {
        var integral = bands.All(b => b == decimal.Truncate(b));
        string Upper(decimal next) => integral ? (next - 1).ToString(CultureInfo.InvariantCulture) : "<" + next.ToString(CultureInfo.InvariantCulture);
        if (value < bands[0]) return "-" + Upper(bands[0]);
        for (var i = 0; i < bands.Count - 1; i++)
        {
            if (value < bands[i + 1]) return $"{bands[i].ToString(CultureInfo.InvariantCulture)}-{Upper(bands[i + 1])}";
        }
        return bands[^1].ToString(CultureInfo.InvariantCulture) + "-";
    }

    internal static bool Write(string text, ref char[] output, out int length)
    {
        MaskTransform.EnsureCapacity(ref output, text.Length);
        text.CopyTo(output);
        length = text.Length;
        return true;
    }
}

/// <summary>Dates to year ("2024"), quarter ("2024-Q1") or month ("2024-03"); also takes date-times.</summary>
internal sealed class DatePeriodTransform(string to) : IColumnTransform
{
    public string Description => $"generalise to {to}";

    public bool TryApply(ReadOnlySpan<char> value, ref char[] output, out int length)
    {
        length = 0;
        value = value.Trim();
        if (value.Length < 10 || !DateOnly.TryParseExact(value[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return false;
        var text = to switch
        {
            "year" => date.Year.ToString(CultureInfo.InvariantCulture),
            "quarter" => $"{date.Year}-Q{(date.Month - 1) / 3 + 1}",
            _ => date.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        };
        return BandTransform.Write(text, ref output, out length);
    }
}

/// <summary>Free text to nothing: the value is removed and published as missing.</summary>
internal sealed class RemoveTransform : IColumnTransform
{
    public string Description => "generalise to nothing";

    public bool TryApply(ReadOnlySpan<char> value, ref char[] output, out int length)
    {
        length = 0;
        return true;
    }
}

/// <summary>
/// A projected coordinate (metres) snapped to the centre of its grid cell, so a published point never
/// shows more than which cell the original was in. Easting and northing are snapped independently.
/// </summary>
internal sealed class GridTransform(decimal grid, char decimalSeparator) : IColumnTransform
{
    private readonly decimal _half = grid / 2; // the centre's offset from the cell's edge, worked out once, not per value
    // grid · 10^s for each scale s (0 where it overflows); empty unless the grid is whole, and then [0] is the grid.
    private readonly long[] _divisors = Divisors(grid);

    public string Description => $"generalise to a grid of {grid.ToString(CultureInfo.InvariantCulture)} (the coordinate's units)";

    public bool TryApply(ReadOnlySpan<char> value, ref char[] output, out int length)
    {
        length = 0;
        if (!ValueParsers.TryParseDecimal(value, decimalSeparator, out var coordinate)) return false;
        var centre = Snap(coordinate);
        MaskTransform.EnsureCapacity(ref output, 64);
        length = ValueText.Spell(centre, output).Length;
        if (decimalSeparator != '.') output.AsSpan(0, length).Replace('.', decimalSeparator);
        return true;
    }

    /// <summary>The centre of the cell: floor(coordinate / grid) · grid + grid / 2.</summary>
    internal decimal Snap(decimal coordinate)
    {
        // A whole grid and a coordinate of up to 18 digits (m · 10^-s): the cell is the floor of the exact quotient
        // m / (grid · 10^s), found by integer division. Decimal division rounds to 28 digits, which could move a
        // quotient across a whole number only if m had 28 digits, so both give the same cell, and the same decimal
        // (a whole number of scale 0) once multiplied back; the integer way skips decimal division and rounding.
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(coordinate, bits);
        var scale = (bits[3] >> 16) & 0xFF;
        var magnitude = ((ulong)(uint)bits[1] << 32) | (uint)bits[0];
        if (bits[2] == 0 && magnitude <= 1_000_000_000_000_000_000 && scale < _divisors.Length && _divisors[scale] is var divisor and > 0)
        {
            var m = bits[3] < 0 ? -(long)magnitude : (long)magnitude;
            var cell = Math.DivRem(m, divisor, out var remainder);
            if (remainder < 0) cell--; // toward negative infinity, as decimal.Floor
            return (decimal)(cell * _divisors[0]) + _half;
        }
        return decimal.Floor(coordinate / grid) * grid + _half;
    }

    // Up to 10^18, so that a cell times the grid stays far inside a long.
    private static bool IsWhole(decimal value) => value > 0 && value <= 1_000_000_000_000_000_000 && value == decimal.Truncate(value) && value.Scale == 0;

    private static long[] Divisors(decimal grid)
    {
        if (!IsWhole(grid)) return [];
        var divisors = new long[19];
        var divisor = (long)grid;
        for (var s = 0; s < divisors.Length; s++)
        {
            divisors[s] = divisor;
            divisor = divisor is > 0 and <= long.MaxValue / 10 ? divisor * 10 : 0;
        }
        return divisors;
    }
}
