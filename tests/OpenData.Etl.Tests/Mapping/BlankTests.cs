using OpenData.Etl.Mapping;

namespace OpenData.Etl.Tests.Mapping;

public sealed class BlankTests
{
    [Fact]
    public void Trims_exactly_as_the_framework_does_with_every_character_at_either_end()
    {
        for (var c = 0; c <= char.MaxValue; c++)
        {
            foreach (var text in new[] { $"{(char)c}", $"{(char)c}ab", $"ab{(char)c}", $"{(char)c}a{(char)c}", $" {(char)c}b" })
                Assert.True(text.AsSpan().Trim().SequenceEqual(Blank.Trim(text)), $"U+{c:X4} in \"{text}\"");
        }
        Assert.True(Blank.Trim("").IsEmpty);
        Assert.Equal("12 345,50", Blank.Trim("\u00A0 12 345,50\t\r\n").ToString());
    }
}
