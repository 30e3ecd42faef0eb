using OpenData.Etl.Mapping;

namespace OpenData.Etl.Tests.Mapping;

public sealed class ValueParsersTests
{
    private static readonly TimeZoneInfo Stockholm = TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm");

    [Theory]
    [InlineData("12 345,50", ',', 12345.50)]
    [InlineData("1\u00A0234,5", ',', 1234.5)]
    [InlineData("1\u202F000", ',', 1000)]
    [InlineData("-3,25", ',', -3.25)]
    [InlineData("\u22123,25", ',', -3.25)]
    [InlineData("3.25", '.', 3.25)]
    [InlineData(" 7 ", '.', 7)]
    public void Should_parse_Swedish_and_plain_numbers(string text, char decimalSeparator, double expected)
    {
        Assert.True(ValueParsers.TryParseDouble(text, decimalSeparator, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("1.234,50", ',')] // '.' as thousands separator is ambiguous and refused
    [InlineData("1,5", '.')]
    [InlineData("", ',')]
    [InlineData("abc", ',')]
    [InlineData("NaN", '.')]
    public void Should_refuse_ambiguous_or_non_numbers(string text, char decimalSeparator)
    {
        Assert.False(ValueParsers.TryParseDouble(text, decimalSeparator, out _));
    }

    [Theory]
    [InlineData("12 345", 12345)]
    [InlineData("-4", -4)]
    public void Should_parse_integers_with_group_spaces(string text, long expected)
    {
        Assert.True(ValueParsers.TryParseInteger(text, out var value));
        Assert.Equal(expected, value);
    }

    [Fact]
    public void Should_refuse_decimals_as_integers() => Assert.False(ValueParsers.TryParseInteger("1,5", out _));

    [Theory]
    [InlineData("2024-01-15 09:30", "2024-01-15T09:30:00+01:00")]
    [InlineData("2024-07-15 09:30", "2024-07-15T09:30:00+02:00")]
    [InlineData("2024-07-15T09:30:00Z", "2024-07-15T09:30:00+00:00")]
    [InlineData("2020-03-19T16:31:34+01:00", "2020-03-19T16:31:34+01:00")]
    public void Should_give_local_times_the_Stockholm_offset_of_their_date(string text, string expected)
    {
        Assert.True(ValueParsers.TryParseDateTime(text, null, Stockholm, out var value));
        Assert.Equal(expected, value.ToString(ValueText.DateTimeFormat, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Should_refuse_a_local_time_skipped_by_daylight_saving()
    {
        Assert.False(ValueParsers.TryParseDateTime("2024-03-31 02:30", null, Stockholm, out _));
    }

    [Fact]
    public void Should_parse_dates_with_a_declared_format()
    {
        Assert.True(ValueParsers.TryParseDate("05/03/2024", "dd/MM/yyyy", out var date));
        Assert.Equal(new DateOnly(2024, 3, 5), date);
        Assert.False(ValueParsers.TryParseDate("2024-02-30", null, out _));
    }

    [Fact]
    public void Should_parse_an_explicit_format_with_an_offset()
    {
        Assert.True(ValueParsers.TryParseDateTime("05.03.2024 09:30 +02:00", "dd.MM.yyyy HH:mm zzz", Stockholm, out var value));
        Assert.Equal(TimeSpan.FromHours(2), value.Offset);
    }
}
