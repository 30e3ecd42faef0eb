using System.Security.Cryptography;
using OpenData.Etl.Protection;

namespace OpenData.Etl.Tests.Protection;

public sealed class PrefixedHmacSha256Tests
{
    // Prefix lengths around the block (64) and padding (55/56) edges, so prefix plus message crosses every edge.
    private static readonly int[] PrefixLengths = [0, 1, 19, 40, 55, 56, 63, 64, 65, 119, 120, 127, 128, 129];

    [Fact]
    public void Should_equal_the_framework_HMAC_for_keys_of_0_to_200_bytes_and_messages_of_0_to_300_bytes()
    {
        var random = new Random(20260515);
        for (var keyLength = 0; keyLength <= 200; keyLength++)
        {
            var key = Bytes(random, keyLength);
            var prefix = Bytes(random, PrefixLengths[keyLength % PrefixLengths.Length]);
            var hmac = new PrefixedHmacSha256(key, prefix);
            var actual = new byte[32];
            for (var messageLength = 0; messageLength <= 300; messageLength++)
            {
                var message = Bytes(random, messageLength);
                hmac.Compute(message, actual);
                byte[] data = [.. prefix, .. message];
                var expected = HMACSHA256.HashData(key, data);
                Assert.True(expected.AsSpan().SequenceEqual(actual),
                    $"key {keyLength} bytes, prefix {prefix.Length} bytes, message {messageLength} bytes");
            }
        }
    }

    [Fact]
    public void Should_give_the_same_HMAC_again_after_other_messages()
    {
        var hmac = new PrefixedHmacSha256("an-example-key-of-sufficient-length-0001"u8, "odetl/pseudonym/v1\0d\0"u8);
        var first = new byte[32];
        var again = new byte[32];
        hmac.Compute("K-2024-0001"u8, first);
        hmac.Compute(new byte[200], again);
        hmac.Compute("K-2024-0001"u8, again);
        Assert.Equal(first, again);
    }

    private static byte[] Bytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
