using System.Text;
using System.Text.RegularExpressions;
using OpenData.Etl.Schema;

namespace OpenData.Etl.Tests.Schema;

/// <summary>
/// The one-pass matcher must give the regular expression's answer for every pattern it takes, and take the patterns
/// specifications use. Random patterns over a small alphabet meet random texts built from the same characters (and a
/// few others: a line feed, a non-ASCII digit, a letter with an accent), so that near misses are common.
/// </summary>
public sealed class SimplePatternTests
{
    private static Regex Schema(string pattern) =>
        new(TableSchemaLoader.WholeValueStart + pattern + TableSchemaLoader.WholeValueEnd, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);

    [Theory]
    [InlineData("^MBN-[0-9]{4}-[1-9][0-9]*$")]
    [InlineData("^[0-9]{6}-[0-9X]{4}$")]
    [InlineData("^[0-9]{4}$")]
    [InlineData("[0-9]{3}-?[0-9]{2}")]
    [InlineData(@"\d{4}")]
    [InlineData("[A-Z]{2}[0-9]+")]
    [InlineData("SE[0-9]{10}01")]
    public void Patterns_specifications_use_take_the_fast_path(string pattern) =>
        Assert.NotNull(SimplePattern.TryCreate(Schema(pattern)));

    [Theory]
    [InlineData("a|b")]
    [InlineData("(ab)+")]
    [InlineData("a.c")]
    [InlineData(@"\w+")]
    [InlineData("a*?b")]
    [InlineData("[a-z]*[a-z]")]
    [InlineData("[0-9]*0")]
    [InlineData(@"\d+1")]
    [InlineData("[a-z-[aeiou]]")]
    [InlineData("[0-9]{2} [0-9]{2}")]
    public void Patterns_that_would_need_backtracking_or_more_syntax_are_left_to_the_regex_engine(string pattern) =>
        Assert.Null(SimplePattern.TryCreate(Schema(pattern)));

    [Fact]
    public void Every_pattern_taken_answers_as_the_regex_does()
    {
        var random = new Random(20261129);
        string[] atoms = ["a", "b", "-", "X", "1", "0", @"\-", @"\.", "[0-9]", "[a-c]", "[^a]", "[1-9X]", @"\d", "[b-]", "[é]", @"[\d]"];
        string[] repeats = ["", "", "", "*", "+", "?", "{2}", "{0,2}", "{1,}", "{3}"];
        const string alphabet = "ab-X10.9é٣\n;";
        var (taken, compared) = (0, 0);
        for (var p = 0; p < 3_000; p++)
        {
            var pattern = new StringBuilder(random.Next(2) == 0 ? "^" : "");
            for (var n = random.Next(1, 5); n > 0; n--) pattern.Append(atoms[random.Next(atoms.Length)]).Append(repeats[random.Next(repeats.Length)]);
            if (random.Next(2) == 0) pattern.Append('$');
            var regex = Schema(pattern.ToString());
            if (SimplePattern.TryCreate(regex) is not { } fast) continue;
            taken++;
            for (var t = 0; t < 60; t++)
            {
                var text = new string([.. Enumerable.Range(0, random.Next(0, 9)).Select(_ => alphabet[random.Next(alphabet.Length)])]);
                Assert.True(regex.IsMatch(text) == fast.IsMatch(text), $"pattern {pattern} on \"{text}\": the regex says {regex.IsMatch(text)}");
                compared++;
            }
            // Texts the pattern matches, when the regex engine can find one quickly: near misses around them too.
            foreach (var text in Samples(pattern.ToString(), random))
            {
                Assert.True(regex.IsMatch(text) == fast.IsMatch(text), $"pattern {pattern} on \"{text}\": the regex says {regex.IsMatch(text)}");
                compared++;
            }
        }
        Assert.True(taken > 500, $"only {taken} of 3,000 random patterns took the fast path");
        Assert.True(compared > 30_000);
    }

    /// <summary>Texts built atom by atom from characters each atom takes, with one character dropped, doubled or appended.</summary>
    private static IEnumerable<string> Samples(string pattern, Random random)
    {
        var regex = new Regex(@"(\\.|\[[^\]]*\]|[^\\\[\]{}*+?^$])(\{\d*,?\d*\}|[*+?])?");
        var text = new StringBuilder();
        foreach (Match atom in regex.Matches(pattern))
        {
            var set = new Regex($"^{atom.Groups[1].Value}$");
            var candidates = "ab-X10.9é٣;".Where(c => set.IsMatch(c.ToString())).ToArray();
            if (candidates.Length == 0) continue;
            for (var n = random.Next(0, 4); n > 0; n--) text.Append(candidates[random.Next(candidates.Length)]);
        }
        var s = text.ToString();
        yield return s;
        yield return s + "\n";
        yield return s + "\n\n";
        if (s.Length > 0)
        {
            yield return s[1..];
            yield return s[..^1];
            yield return s + s[^1];
            yield return s[0] + s;
        }
    }
}
