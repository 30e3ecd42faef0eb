using System.Globalization;
using System.Numerics;
using OpenData.Etl.Data;

namespace OpenData.Etl.Mapping;

/// <summary>
/// The one canonical text form of each typed value, shared by the CSV writer, enum checks and row URIs
/// so that the same value is spelt the same everywhere and output is byte-stable.
/// </summary>
public static class ValueText
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public const string DateFormat = "yyyy-MM-dd";

    public const string DateTimeFormat = "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz";

    /// <summary>Canonical text of the value at <paramref name="row"/>, or null for a missing value.</summary>
    public static string? Format(Column column, int row)
    {
        if (column.IsNull[row]) return null;
        return column switch
        {
            StringColumn s => s.TextOf(row).ToString(),
            ValueColumn<long> c => c.Values[row].ToString(Invariant),
            ValueColumn<double> c => Format(c.Values[row]),
            ValueColumn<decimal> c => c.Values[row].ToString(Invariant),
            ValueColumn<bool> c => c.Values[row] ? "true" : "false",
            ValueColumn<DateOnly> c => new string(SpellDate(c.Values[row], stackalloc char[10])),
            ValueColumn<DateTimeOffset> c => c.Values[row].ToString(DateTimeFormat, Invariant),
            ValueColumn<int> c => c.Values[row].ToString(Invariant),
            ListColumn l => FormatList(l.Values[row]!),
            NumberListColumn l => FormatNumbers(l.ItemsOf(row)),
            _ => throw new NotSupportedException(column.GetType().Name),
        };
    }

    /// <summary>
    /// <see cref="Format(Column, int)"/> for a value known to be present, without a string where the column holds
    /// text already.
    /// </summary>
    public static ReadOnlySpan<char> TextOf(Column column, int row) =>
        column is StringColumn s ? s.TextOf(row) : Format(column, row);

    /// <summary>Shortest text that reads back as the same double ("R" semantics, invariant).</summary>
    public static string Format(double value) => value.ToString(Invariant);

    /// <summary>
    /// The canonical text of a number, date or timestamp (as <see cref="Format(Column, int)"/> spells it with
    /// <paramref name="format"/>) in <paramref name="buffer"/> (64 characters suffice), without a string per value.
    /// </summary>
    public static ReadOnlySpan<char> Spell<T>(T value, Span<char> buffer, string? format = null) where T : ISpanFormattable
    {
        // The type tests are resolved when the method is compiled for each type, and the casts box nothing.
        if (typeof(T) == typeof(double) && format is null)
        {
            var number = (double)(object)value;
            if (IsSmallWholeNumber(number)) return Spell((long)number, buffer);
            if (IsOnSevenDecimalGrid(number, out var tenMillionths))
                return SpellFixedPoint((ulong)Math.Abs(tenMillionths), 7, number < 0, trimZeros: true, buffer);
        }
        if (typeof(T) == typeof(decimal) && format is null)
        {
            // Decimal's general format is its 96-bit integer with the point 'scale' digits from the right, trailing
            // zeros kept (12.50); spelt here when the integer fits in 64 bits. Zero is left out, as it may be -0.
            Span<int> bits = stackalloc int[4];
            decimal.GetBits((decimal)(object)value, bits);
            var magnitude = ((ulong)(uint)bits[1] << 32) | (uint)bits[0];
            if (bits[2] == 0 && magnitude != 0)
                return SpellFixedPoint(magnitude, (bits[3] >> 16) & 0xFF, bits[3] < 0, trimZeros: false, buffer);
        }
        value.TryFormat(buffer, out var written, format, Invariant);
        return buffer[..written];
    }

    /// <summary>
    /// A double between 10^-3 and 10^5 in magnitude that is the double nearest to a decimal of at most seven
    /// decimals (WGS 84 coordinates are rounded so; amounts with few decimals are such numbers).
    /// <paramref name="tenMillionths"/> is that decimal times 10^7. The division by the exact 10^7 is correctly
    /// rounded, so equality proves the nearness; the decimal then has at most twelve significant digits, and no
    /// other decimal of as few digits lies within the double's rounding interval, so the shortest round-trip
    /// text is that decimal with its trailing zeros dropped. In this range .NET writes no exponent.
    /// </summary>
    private static bool IsOnSevenDecimalGrid(double value, out long tenMillionths)
    {
        tenMillionths = 0;
        var magnitude = Math.Abs(value);
        if (!(magnitude >= 1e-3 && magnitude < 1e5)) return false; // NaN too
        var scaled = Math.Round(value * 1e7);
        tenMillionths = (long)scaled;
        return scaled / 1e7 == value;
    }

    /// <summary>
    /// <paramref name="magnitude"/>'s digits with a point <paramref name="scale"/> digits from the right, at least
    /// one digit before it (0.05), and a minus sign if <paramref name="negative"/>; with
    /// <paramref name="trimZeros"/>, trailing zeros after the point are dropped, and the point if nothing follows.
    /// </summary>
    private static ReadOnlySpan<char> SpellFixedPoint(ulong magnitude, int scale, bool negative, bool trimZeros, Span<char> buffer)
    {
        if (trimZeros)
            for (; scale > 0 && magnitude % 10 == 0; scale--) magnitude /= 10;

        // Written from the right, straight into the buffer: the fraction's digits (zeros once the magnitude runs out),
        // the point, the whole part (a lone 0 when the magnitude had no more digits than the scale), the sign.
        var whole = Math.Max(CountDigits(magnitude) - scale, 1);
        var length = (negative ? 1 : 0) + whole + (scale > 0 ? scale + 1 : 0);
        var at = length;
        for (var i = 0; i < scale; i++)
        {
            buffer[--at] = (char)('0' + magnitude % 10);
            magnitude /= 10;
        }
        if (scale > 0) buffer[--at] = '.';
        do
        {
            buffer[--at] = (char)('0' + magnitude % 10);
            magnitude /= 10;
        }
        while (magnitude != 0);
        if (negative) buffer[--at] = '-';
        return buffer[..length];
    }

    private static readonly ulong[] PowersOfTen = [.. Enumerable.Range(0, 20).Select(e => (ulong)Math.Pow(10, e))];

    /// <summary>Decimal digits of <paramref name="value"/> (1 for 0): log10 estimated from log2, then corrected by one power of ten.</summary>
    private static int CountDigits(ulong value)
    {
        var estimate = (BitOperations.Log2(value | 1) + 1) * 1233 >> 12; // 1233 / 4096 ≈ log10(2)
        return Math.Max(estimate + 1 - (value < PowersOfTen[estimate] ? 1 : 0), 1);
    }

    /// <summary>
    /// A double that is a whole number below 10^15 in magnitude, other than zero: its shortest text is the integer's
    /// (7253150, -12), which is spelt many times faster than through the shortest-round-trip search (grid
    /// coordinates are such numbers). The bound is well inside the range where .NET writes no exponent (below
    /// 10^17) and where doubles hold every whole number (2^53); zero is left out, as it may be -0.
    /// </summary>
    private static bool IsSmallWholeNumber(double value) => value != 0 && Math.Abs(value) < 1e15 && value == Math.Floor(value);

    /// <summary>
    /// A date as <see cref="DateFormat"/> spells it (years padded to four digits) in <paramref name="buffer"/> (10
    /// characters), written digit by digit: the general formatter reads the pattern again for every value.
    /// </summary>
    public static ReadOnlySpan<char> SpellDate(DateOnly date, Span<char> buffer)
    {
        date.Deconstruct(out var year, out var month, out var day);
        WriteDigits(buffer[..4], year);
        buffer[4] = '-';
        WriteDigits(buffer[5..7], month);
        buffer[7] = '-';
        WriteDigits(buffer[8..10], day);
        return buffer[..10];
    }

    private static void WriteDigits(Span<char> target, int value)
    {
        for (var i = target.Length - 1; i >= 0; i--, value /= 10) target[i] = (char)('0' + value % 10);
    }

    /// <summary>A list as JSON text, the form Swedish specifications use inside CSV cells (["A01","J02"]).</summary>
    public static string FormatList(string[] items)
    {
        using var buffer = new MemoryStream();
        using (var json = new System.Text.Json.Utf8JsonWriter(buffer, JsonOptions.Writer))
        {
            json.WriteStartArray();
            foreach (var item in items) json.WriteStringValue(item);
            json.WriteEndArray();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Numbers as a JSON array of their canonical text, no spaces: [1.5,2].</summary>
    public static string FormatNumbers(ReadOnlySpan<double> items)
    {
        var text = new System.Text.StringBuilder("[");
        for (var i = 0; i < items.Length; i++)
        {
            if (i > 0) text.Append(',');
            text.Append(Format(items[i]));
        }
        return text.Append(']').ToString();
    }
}
