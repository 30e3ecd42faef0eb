using System.Globalization;
using OpenData.Etl.Mapping;

namespace OpenData.Etl.Tests.Mapping;

/// <summary>The hand-written date spelling must be exactly what the general formatter gives for the canonical pattern.</summary>
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
}
