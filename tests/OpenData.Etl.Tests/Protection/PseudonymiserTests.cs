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
}
