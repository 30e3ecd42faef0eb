using System.Buffers.Binary;
using System.Security.Cryptography;

namespace OpenData.Etl.Protection;

/// <summary>
/// HMAC-SHA-256 (RFC 2104) of a constant prefix followed by a message. Everything that does not depend on the
/// message is compressed once here: the key's inner and outer pads and the prefix's whole blocks. A short message
/// then costs two compressions and no allocation; the framework's HMAC went through OpenSSL's per-call setup
/// and finalisation, the costliest step of a pseudonymising pipeline.
/// </summary>
internal sealed class PrefixedHmacSha256
{
    private const int BlockSize = Sha256State.BlockSize;
    private const int LengthOffset = BlockSize - sizeof(ulong);

    // Inner hash after key ^ ipad and the prefix's whole blocks; outer hash after key ^ opad.
    private readonly Sha256State _inner;
    private readonly Sha256State _outer;
    private readonly byte[] _prefixTail;
    private readonly long _innerLengthBeforeMessage;

    public PrefixedHmacSha256(ReadOnlySpan<byte> key, ReadOnlySpan<byte> prefix)
    {
        Span<byte> pad = stackalloc byte[BlockSize];
        pad.Clear();
        // RFC 2104: a key longer than a block is replaced by its hash; a shorter one is padded with zeros.
        if (key.Length > BlockSize)
            SHA256.HashData(key, pad);
        else
            key.CopyTo(pad);

        Xor(pad, 0x36);
        var inner = Sha256State.Initial;
        inner.Compress(pad);
        Xor(pad, 0x36 ^ 0x5c);
        var outer = Sha256State.Initial;
        outer.Compress(pad);
        CryptographicOperations.ZeroMemory(pad);

        var whole = prefix.Length - prefix.Length % BlockSize;
        for (var i = 0; i < whole; i += BlockSize)
            inner.Compress(prefix[i..]);
        _inner = inner;
        _outer = outer;
        _prefixTail = prefix[whole..].ToArray();
        _innerLengthBeforeMessage = BlockSize + prefix.Length;
    }

    /// <summary>Writes the 32-byte HMAC of the prefix followed by <paramref name="message"/>.</summary>
    public void Compute(ReadOnlySpan<byte> message, Span<byte> destination)
    {
        var bitLength = (ulong)(_innerLengthBeforeMessage + message.Length) * 8;
        var state = _inner;
        Span<byte> block = stackalloc byte[BlockSize];
        _prefixTail.CopyTo(block);
        var filled = _prefixTail.Length;
        while (filled + message.Length >= BlockSize)
        {
            var take = BlockSize - filled;
            message[..take].CopyTo(block[filled..]);
            state.Compress(block);
            message = message[take..];
            filled = 0;
        }

        message.CopyTo(block[filled..]);
        Finish(ref state, block, filled + message.Length, bitLength);

        // The outer message is key ^ opad (already compressed) and the inner digest: one padded block.
        state.WriteDigest(block);
        var outer = _outer;
        Finish(ref outer, block, Sha256State.DigestSize, (BlockSize + Sha256State.DigestSize) * 8);
        outer.WriteDigest(destination);
    }

    /// <summary>Appends SHA-256's padding after <paramref name="filled"/> bytes of <paramref name="block"/> and compresses the rest.</summary>
    private static void Finish(ref Sha256State state, Span<byte> block, int filled, ulong bitLength)
    {
        block[filled++] = 0x80;
        if (filled > LengthOffset)
        {
            block[filled..].Clear();
            state.Compress(block);
            filled = 0;
        }

        block[filled..LengthOffset].Clear();
        BinaryPrimitives.WriteUInt64BigEndian(block[LengthOffset..], bitLength);
        state.Compress(block);
    }

    private static void Xor(Span<byte> bytes, byte value)
    {
        for (var i = 0; i < bytes.Length; i++)
            bytes[i] ^= value;
    }
}
