using System.Security.Cryptography;
using System.Text;
using OpenData.Etl.Protection;

namespace OpenData.Etl.Tests.Protection;

public sealed class PseudonymiserTests
{
    private static readonly byte[] Key = Encoding.UTF8.GetBytes("an-example-key-of-sufficient-length-0001");
    private static readonly byte[] OtherKey = Encoding.UTF8.GetBytes("an-example-key-of-sufficient-length-0002");

    private static string Of(byte[] key, string domain, string value)
    {
        var output = new char[Pseudonymiser.Length];
        new Pseudonymiser(key, domain).Pseudonymise(value, output);
        return new string(output);
    }

    [Fact]
    public void Should_give_the_same_pseudonym_for_the_same_key_domain_and_value()
    {
        Assert.Equal(Of(Key, "livsmedel", "K-2024-0001"), Of(Key, "livsmedel", "K-2024-0001"));
        Assert.Equal(Of(Key, "livsmedel", "K-2024-0001"), Of(Key, "livsmedel", "  K-2024-0001 "));
    }

    [Fact]
    public void Should_give_unrelated_pseudonyms_for_another_key_domain_or_value()
    {
        var reference = Of(Key, "livsmedel", "K-2024-0001");
        Assert.NotEqual(reference, Of(OtherKey, "livsmedel", "K-2024-0001"));
        Assert.NotEqual(reference, Of(Key, "bygglov", "K-2024-0001"));
        Assert.NotEqual(reference, Of(Key, "livsmedel", "K-2024-0002"));
    }

    [Fact]
    public void Should_write_readable_fixed_length_pseudonyms()
    {
        var values = Enumerable.Range(0, 1000).Select(i => Of(Key, "d", $"value {i}")).ToList();
        Assert.All(values, v => Assert.Matches("^[a-z2-7]{16}$", v));
        Assert.Equal(values.Count, values.Distinct().Count());
    }

    [Fact]
    public void Should_name_the_key_by_a_digest_that_does_not_contain_it()
    {
        var id = Pseudonymiser.IdOf(Key);
        Assert.Matches("^k-[0-9a-f]{12}$", id);
        Assert.NotEqual(id, Pseudonymiser.IdOf(OtherKey));
        Assert.DoesNotContain(Convert.ToHexStringLower(Key[..6]), id, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("livsmedel", "K-2024-0001", "k36vfdmc6ub3luki")]
    [InlineData("livsmedel", "20140101-2396", "qgqpiyvzgrnazxys")]
    public void Should_keep_the_pseudonyms_it_gave_before(string domain, string value, string pseudonym)
    {
        Assert.Equal(pseudonym, Of(Key, domain, value));
    }

    [Fact]
    public void Should_keep_the_pseudonym_for_a_key_longer_than_a_block_and_a_non_ascii_value()
    {
        Assert.Equal("oxa72envprtpwefx", Of(Encoding.UTF8.GetBytes(new string('k', 100)), "skolmat", "Åsa Öberg 😀"));
    }

    [Fact]
    public void Should_equal_base32_of_the_framework_HMAC_of_domain_and_value()
    {
        var random = new Random(20260516);
        // Domains that make the prefix ("odetl/pseudonym/v1\0" + domain + "\0") end before, at and after a block edge.
        string[] domains = ["livsmedel", "", "skolmat-åäö", new string('d', 44), new string('d', 45), new string('d', 108), "d😀"];
        string[] fixedValues = ["20140101-2396", "201401022387", "  20140103-2394 ", "", "Åsa Öberg", "😀𝄞", "a\uD800b", new string('ö', 600)];
        foreach (var keyLength in new[] { 32, 40, 63, 64, 65, 100, 200 })
        {
            var key = Encoding.UTF8.GetBytes(RandomText(random, keyLength, asciiOnly: true));
            foreach (var domain in domains)
            {
                var pseudonymiser = new Pseudonymiser(key, domain);
                var values = fixedValues.Concat(Enumerable.Range(0, 130).Select(length => RandomText(random, length, asciiOnly: false)));
                foreach (var value in values)
                {
                    var output = new char[Pseudonymiser.Length];
                    pseudonymiser.Pseudonymise(value, output);
                    Assert.Equal(Reference(key, domain, value), new string(output));
                }
            }
        }
    }

    private static string Reference(byte[] key, string domain, string value)
    {
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"odetl/pseudonym/v1\0{domain}\0{value.Trim()}"));
        // RFC 4648 base32 of the first 80 bits, in lower case, read bit by bit.
        var text = new StringBuilder();
        for (var bit = 0; bit < 80; bit += 5)
        {
            var index = 0;
            for (var j = bit; j < bit + 5; j++)
                index = (index << 1) | ((mac[j / 8] >> (7 - j % 8)) & 1);
            text.Append("abcdefghijklmnopqrstuvwxyz234567"[index]);
        }

        return text.ToString();
    }

    /// <summary>Text of about <paramref name="length"/> chars; beyond ASCII it mixes 2- and 3-byte UTF-8 and surrogate pairs.</summary>
    private static string RandomText(Random random, int length, bool asciiOnly)
    {
        const string ascii = "abcdefghijklmnopqrstuvwxyz0123456789-ABC XYZ";
        string[] wide = ["å", "ä", "ö", "Å", "é", "€", "😀", "𝄞"];
        var text = new StringBuilder();
        while (text.Length < length)
        {
            if (asciiOnly || random.Next(4) > 0)
                text.Append(ascii[random.Next(ascii.Length)]);
            else
                text.Append(wide[random.Next(wide.Length)]);
        }

        return text.ToString();
    }
}
