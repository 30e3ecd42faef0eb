using System.Globalization;
using OpenData.Etl.Mapping;

namespace OpenData.Etl.Tests.Mapping;

/// <summary>Hand-written spellings (dates, whole numbers) must be exactly what the general formatter gives.</summary>
public sealed class ValueTextTests
{
    [Fact]
    public void Dates_are_spelt_as_the_general_formatter_spells_them_from_year_1_to_9999()
    {
        Span<char> buffer = stackalloc char[10];
        var mismatches = new List<string>();
        // Every third day covers every day of the month and every month over the years, both ends included.
        for (var day = DateOnly.MinValue.DayNumber; day <= DateOnly.MaxValue.DayNumber; day = day == DateOnly.MaxValue.DayNumber ? day + 1 : Math.Min(day + 3, DateOnly.MaxValue.DayNumber))
        {
            var date = DateOnly.FromDayNumber(day);
            var expected = date.ToString(ValueText.DateFormat, CultureInfo.InvariantCulture);
            if (!ValueText.SpellDate(date, buffer).SequenceEqual(expected)) mismatches.Add(expected);
        }
        Assert.Empty(mismatches);
    }
    [Fact]
    public void Numbers_are_spelt_as_the_general_formatter_spells_them_whole_or_not()
    {
        // Whole numbers below 10^15 take a shorter path; the text must not change at its edges or beyond them.
        var random = new Random(1015);
        var values = new List<double> { 0.0, -0.0, 1, -1, 7253150, 680150, 999_999_999_999_999, -999_999_999_999_999, 1e15, -1e15, 1e15 + 2, 1e16, 1e17, 1.2345678901234568E+17, -1e17, 1e300,
            0.5, -0.5, 123.25, 6580123.5, 999_999_999_999_999.5 / 10, double.Epsilon, double.MaxValue, double.MinValue, double.NaN,
            double.PositiveInfinity, double.NegativeInfinity };
        for (var digits = 1; digits <= 16; digits++)
            for (var i = 0; i < 500; i++)
            {
                var whole = Math.Floor(random.NextDouble() * Math.Pow(10, digits)) * (i % 2 == 0 ? 1 : -1);
                values.Add(whole);
                values.Add(whole + random.NextDouble());
                values.Add(whole / 100);
            }
        AssertSpeltAsTheGeneralFormatterDoes(values);
    }

    [Fact]
    public void Numbers_of_up_to_seven_decimals_are_spelt_as_the_general_formatter_spells_them()
    {
        // Coordinates rounded to 7 decimals and amounts of 0-7 decimals take the fixed-point path between 10^-3
        // and 10^5; at and beyond both edges, and off the grid, the general formatter must still agree.
        var random = new Random(20261128);
        var values = new List<double> { 1e-3, -1e-3, 0.0009999999, 0.001000001, 1e5, -1e5, 99999.9999999, -99999.9999999, 0.1 + 0.2, 1.0 / 3, 2.5e-4, 1e-7, 17.0000001 };
        for (var i = 0; i < 200_000; i++)
        {
            var decimals = i % 8;
            var magnitude = Math.Pow(10, random.Next(-4, 6));
            var value = Math.Round((random.NextDouble() * 2 - 1) * magnitude, decimals);
            values.Add(value);
            values.Add(Math.Round(value * 1e7) / 1e7);
            values.Add(BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(value) + 1)); // the next double: off the grid
        }
        AssertSpeltAsTheGeneralFormatterDoes(values);
    }

    [Fact]
    public void Decimals_are_spelt_as_the_general_formatter_spells_them_scale_kept()
    {
        var random = new Random(2811);
        var values = new List<decimal> { 0m, -0m, 0.00m, 1m, -1m, 12.50m, 0.05m, -0.0000000000000000000000000001m, decimal.MaxValue, decimal.MinValue, ulong.MaxValue, -(decimal)ulong.MaxValue, (decimal)ulong.MaxValue + 1 };
        // Either side of every power of ten a 64-bit magnitude reaches, where the count of digits changes.
        for (var e = 0; e <= 19; e++)
        {
            var power = (ulong)Math.Pow(10, e);
            foreach (var magnitude in new[] { power - 1, power, power + 1 })
                for (byte scale = 0; scale <= 28; scale += 3)
                    values.Add(new decimal((int)magnitude, (int)(magnitude >> 32), 0, e % 2 == 1, scale));
        }
        for (var i = 0; i < 100_000; i++)
        {
            var mantissa = (ulong)random.NextInt64() >> random.Next(0, 64);
            var high = i % 10 == 0 ? random.Next() : 0; // now and then past 64 bits: the general path
            values.Add(new decimal((int)mantissa, (int)(mantissa >> 32), high, i % 2 == 1, (byte)random.Next(0, 29)));
        }
        AssertSpeltAsTheGeneralFormatterDoes(values);
    }

    private static void AssertSpeltAsTheGeneralFormatterDoes<T>(IEnumerable<T> values) where T : ISpanFormattable
    {
        Span<char> buffer = stackalloc char[64];
        var mismatches = new List<string>();
        foreach (var value in values)
        {
            var expected = value.ToString(null, CultureInfo.InvariantCulture);
            if (!ValueText.Spell(value, buffer).SequenceEqual(expected)) mismatches.Add(expected);
        }

        Assert.Empty(mismatches);
    }
}
