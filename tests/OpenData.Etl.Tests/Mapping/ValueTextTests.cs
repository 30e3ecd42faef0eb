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
        Span<char> buffer = stackalloc char[64];
        var mismatches = new List<string>();
        foreach (var value in values)
            if (!ValueText.Spell(value, buffer).SequenceEqual(value.ToString(CultureInfo.InvariantCulture))) mismatches.Add(value.ToString("R", CultureInfo.InvariantCulture));

        Assert.Empty(mismatches);
    }
}
