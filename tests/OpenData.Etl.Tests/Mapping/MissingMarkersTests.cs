using OpenData.Etl.Mapping;

namespace OpenData.Etl.Tests.Mapping;

public sealed class MissingMarkersTests
{
    private static readonly string Long = "ingen uppgift lämnad av den som fyllde i blanketten, se akten för mer"; // 69 characters

    [Theory]
    [InlineData("", true)]
    [InlineData("   ", true)]
    [InlineData("-", true)]
    [InlineData(" NULL ", true)]
    [InlineData("null", false)] // markers are matched exactly, case and all
    [InlineData("+", false)] // a marker's length, not a marker
    [InlineData("NUL", false)]
    [InlineData("0", false)]
    [InlineData("Hamburgerbar", false)]
    public void Should_match_markers_after_trimming_and_nothing_else(string text, bool missing) =>
        Assert.Equal(missing, new MissingMarkers(["", "-", "NULL", Long]).Matches(text));

    [Fact]
    public void Should_match_markers_of_64_characters_or_more()
    {
        Assert.True(Long.Length >= 64);
        var markers = new MissingMarkers(["", Long]);

        Assert.True(markers.Matches(" " + Long));
        Assert.False(markers.Matches(Long[..^1] + "x"));
        Assert.False(new MissingMarkers([""]).Matches(Long));
    }
}
