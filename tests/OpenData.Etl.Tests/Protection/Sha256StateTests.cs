using System.Buffers.Binary;
using OpenData.Etl.Protection;

namespace OpenData.Etl.Tests.Protection;

public sealed class Sha256StateTests
{
    // NIST's FIPS 180-4 examples (one block, two blocks) and the empty message.
    [Theory]
    [InlineData("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")]
    [InlineData("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    public void Should_give_the_FIPS_180_4_digests_once_the_caller_pads(string message, string digest)
    {
        var bytes = System.Text.Encoding.ASCII.GetBytes(message);
        var padded = new byte[(bytes.Length + 9 + 63) / 64 * 64];
        bytes.CopyTo(padded, 0);
        padded[bytes.Length] = 0x80;
        BinaryPrimitives.WriteUInt64BigEndian(padded.AsSpan(padded.Length - 8), (ulong)bytes.Length * 8);

        var state = Sha256State.Initial;
        for (var i = 0; i < padded.Length; i += 64)
            state.Compress(padded.AsSpan(i));
        var actual = new byte[32];
        state.WriteDigest(actual);

        Assert.Equal(digest, Convert.ToHexStringLower(actual));
    }
}
