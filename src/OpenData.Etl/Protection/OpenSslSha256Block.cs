using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace OpenData.Etl.Protection;

/// <summary>
/// OpenSSL's SHA-256 block function (<c>SHA256_Transform</c> in libcrypto 3), which runs on the processor's SHA
/// extensions where it has them. Keyed pseudonyms cost two compressions each, and in managed code those were the
/// single largest step of a pseudonymising run. The library is the one .NET itself uses for cryptography on Linux.
/// Used only if it loads and gives FIPS 180-4's result for a test block; elsewhere (Windows, macOS, a system
/// without OpenSSL 3) <see cref="Sha256State"/> compresses in managed code, to the same bytes.
/// </summary>
internal static class OpenSslSha256Block
{
    public static readonly bool IsAvailable = Probe();

    /// <summary>Folds one 64-byte block into <paramref name="state"/>. Only when <see cref="IsAvailable"/>.</summary>
    public static void Compress(ref Sha256State state, ReadOnlySpan<byte> block)
    {
        // SHA256_CTX begins with the eight chaining words; SHA256_Transform reads and writes those alone.
        var context = new Context();
        Unsafe.As<Context, Sha256State>(ref context) = state;
        Transform(ref context, in MemoryMarshal.GetReference(block[..Sha256State.BlockSize]));
        state = Unsafe.As<Context, Sha256State>(ref context);
    }

    private static bool Probe()
    {
        // The padded one-block message "abc" (FIPS 180-4, B.1), compressed both ways.
        Span<byte> block = stackalloc byte[Sha256State.BlockSize];
        block.Clear();
        "abc"u8.CopyTo(block);
        block[3] = 0x80;
        BinaryPrimitives.WriteUInt64BigEndian(block[^8..], 3 * 8);
        var managed = Sha256State.Initial;
        managed.CompressManaged(block);
        Span<byte> expected = stackalloc byte[Sha256State.DigestSize];
        managed.WriteDigest(expected);
        try
        {
            var native = Sha256State.Initial;
            Compress(ref native, block);
            Span<byte> actual = stackalloc byte[Sha256State.DigestSize];
            native.WriteDigest(actual);
            return actual.SequenceEqual(expected);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            return false;
        }
    }

    /// <summary>The size of OpenSSL's SHA256_CTX: h[8], Nl, Nh, data[16], num, md_len, all 32-bit.</summary>
    [InlineArray(28)]
    private struct Context
    {
        private uint _word;
    }

#pragma warning disable SYSLIB1054 // LibraryImport's generated code is unsafe, which this project does not allow; the signature is blittable
    // Suppressing the GC transition is what makes a call per block pay: the function is short, never blocks and
    // never calls back.
    [DllImport("libcrypto.so.3", EntryPoint = "SHA256_Transform", ExactSpelling = true)]
    [SuppressGCTransition]
    private static extern void Transform(ref Context context, in byte block);
#pragma warning restore SYSLIB1054
}
