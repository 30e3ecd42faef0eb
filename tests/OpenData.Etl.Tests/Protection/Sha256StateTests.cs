using System.Buffers.Binary;
using System.Runtime.InteropServices;
using OpenData.Etl.Protection;

namespace OpenData.Etl.Tests.Protection;

public sealed class Sha256StateTests
{
    // NIST's FIPS 180-4 examples (one block, two blocks) and the empty message, through OpenSSL's block function
    // (where it loads) and through the managed one.
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
        var managed = Sha256State.Initial;
        for (var i = 0; i < padded.Length; i += 64)
        {
            state.Compress(padded.AsSpan(i));
            managed.CompressManaged(padded.AsSpan(i));
        }

        Assert.Equal(digest, Hex(state));
        Assert.Equal(digest, Hex(managed));
    }

    [Fact]
    public void Should_compress_as_the_managed_function_does_when_OpenSSL_does_it()
    {
        // Chains of random blocks, so the states fed to OpenSSL are arbitrary ones, not only H(0).
        var random = new Random(20261128);
        var block = new byte[Sha256State.BlockSize];
        for (var chain = 0; chain < 200; chain++)
        {
            var native = Sha256State.Initial;
            var managed = Sha256State.Initial;
            for (var i = 0; i < 1 + chain % 5; i++)
            {
                random.NextBytes(block);
                native.Compress(block);
                managed.CompressManaged(block);
            }

            Assert.Equal(Hex(managed), Hex(native));
        }
    }

    [Fact]
    public void Should_use_OpenSSL_wherever_libcrypto_3_loads()
    {
        // The fast path must not fall back silently where it could run (this is how a broken probe would show).
        var loads = NativeLibrary.TryLoad("libcrypto.so.3", out var library)
            && NativeLibrary.TryGetExport(library, "SHA256_Transform", out _);

        Assert.Equal(loads, OpenSslSha256Block.IsAvailable);
    }

    private static string Hex(Sha256State state)
    {
        var digest = new byte[Sha256State.DigestSize];
        state.WriteDigest(digest);
        return Convert.ToHexStringLower(digest);
    }
}
