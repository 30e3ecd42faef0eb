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

public sealed class IsoFastPathTests
{
    private static readonly TimeZoneInfo Stockholm = TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm");

    /// <summary>The hand-written ISO parsers must answer exactly as .NET's general parser does, valid or not.</summary>
    [Fact]
    public void Should_agree_with_the_general_parser_on_random_dates_and_times()
    {
        var rnd = new Random(20261128);
        string[] shapes = ["{0:0000}-{1:00}-{2:00}", "{0:0000}-{1:00}-{2:00} {3:00}:{4:00}", "{0:0000}-{1:00}-{2:00}T{3:00}:{4:00}:{5:00}"];
        for (var i = 0; i < 20_000; i++)
        {
            var text = string.Format(System.Globalization.CultureInfo.InvariantCulture, shapes[i % 3],
                rnd.Next(0, 10000), rnd.Next(0, 14), rnd.Next(0, 33), rnd.Next(0, 26), rnd.Next(0, 62), rnd.Next(0, 62));
            if (i % 3 == 0)
            {
                var expected = DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var d1);
                Assert.Equal(expected, ValueParsers.TryParseDate(text, null, out var d2));
                if (expected) Assert.Equal(d1, d2);
            }
            else
            {
                var expected = DateTime.TryParseExact(text, ["yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm:ss"], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var t1)
                    && !Stockholm.IsInvalidTime(t1);
                Assert.Equal(expected, ValueParsers.TryParseDateTime(text, null, Stockholm, out var t2));
                if (expected) Assert.Equal(t1, t2.DateTime);
            }
        }
    }
}

public sealed class NumberFastPathTests
{
    /// <summary>The hand-written number reader must answer exactly as the general parsers do, valid or not.</summary>
    [Fact]
    public void Should_agree_with_the_general_parsers_on_random_numbers_and_near_misses()
    {
        var rnd = new Random(20261128);
        const string alphabet = "0123456789012345678901234567890123456789 ,.-+\u00A0\u2212e";
        var sv = System.Globalization.CultureInfo.GetCultureInfo("sv-SE");
        for (var i = 0; i < 60_000; i++)
        {
            var text = (i % 3) switch
            {
                0 => new string([.. Enumerable.Range(0, rnd.Next(0, 24)).Select(_ => alphabet[rnd.Next(alphabet.Length)])]),
                1 => (rnd.NextDouble() * Math.Pow(10, rnd.Next(-3, 17)) * (rnd.Next(2) == 0 ? -1 : 1)).ToString("N" + rnd.Next(0, 8), sv),
                _ => (rnd.NextInt64() >> rnd.Next(0, 63)).ToString(System.Globalization.CultureInfo.InvariantCulture) + (rnd.Next(2) == 0 ? "" : "," + rnd.Next(0, 100000)),
            };
            foreach (var separator in new[] { ',', '.' })
            {
                var expectedDouble = ValueParsers.TryParseDoubleGeneral(text, separator, out var d1);
                Assert.True(expectedDouble == ValueParsers.TryParseDouble(text, separator, out var d2), $"double '{text}' ({separator})");
                if (expectedDouble) Assert.True(d1.Equals(d2), $"double '{text}' ({separator}): {d1:R} != {d2:R}");

                var expectedDecimal = ValueParsers.TryParseDecimalGeneral(text, separator, out var m1);
                Assert.True(expectedDecimal == ValueParsers.TryParseDecimal(text, separator, out var m2), $"decimal '{text}' ({separator})");
                // Same value and same scale: the scale shows in the published text ("12.50").
                if (expectedDecimal) Assert.Equal(m1.ToString(System.Globalization.CultureInfo.InvariantCulture), m2.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            var expectedLong = ValueParsers.TryParseIntegerGeneral(text, out var l1);
            Assert.True(expectedLong == ValueParsers.TryParseInteger(text, out var l2), $"integer '{text}'");
            if (expectedLong) Assert.Equal(l1, l2);
        }
    }
}
