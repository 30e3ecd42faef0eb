using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace OpenData.Etl.Protection;

/// <summary>
/// The eight chaining words of SHA-256 (FIPS 180-4) and its compression function, for callers that resume from a
/// state computed once (HMAC with the key's pads compressed in advance). Padding is the caller's. A struct, so that
/// resuming is a copy: call <see cref="Compress"/> on a local copy, never on a readonly field (that compresses a
/// hidden copy and loses the result).
/// </summary>
internal struct Sha256State
{
    public const int BlockSize = 64;
    public const int DigestSize = 32;

    private uint _h0, _h1, _h2, _h3, _h4, _h5, _h6, _h7;

    /// <summary>The initial hash value H(0).</summary>
    public static Sha256State Initial => new()
    {
        _h0 = 0x6a09e667, _h1 = 0xbb67ae85, _h2 = 0x3c6ef372, _h3 = 0xa54ff53a,
        _h4 = 0x510e527f, _h5 = 0x9b05688c, _h6 = 0x1f83d9ab, _h7 = 0x5be0cd19,
    };

    private static ReadOnlySpan<uint> K =>
    [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ];

    /// <summary>Folds one 64-byte block (the first 64 bytes of <paramref name="block"/>) into the state.</summary>
    public void Compress(ReadOnlySpan<byte> block)
    {
        if (OpenSslSha256Block.IsAvailable)
            OpenSslSha256Block.Compress(ref this, block);
        else
            CompressManaged(block);
    }

    /// <summary>FIPS 180-4's compression in managed code: where OpenSSL's is missing, and to check it.</summary>
    internal void CompressManaged(ReadOnlySpan<byte> block)
    {
        block = block[..BlockSize];
        // Written out 16 rounds at a time, the message schedule in 16 locals and the roles of a..h rotated
        // instead of their values moved: about a fifth faster than the textbook loop over a 64-word schedule.
        var w0 = BinaryPrimitives.ReadUInt32BigEndian(block[0..]);
        var w1 = BinaryPrimitives.ReadUInt32BigEndian(block[4..]);
        var w2 = BinaryPrimitives.ReadUInt32BigEndian(block[8..]);
        var w3 = BinaryPrimitives.ReadUInt32BigEndian(block[12..]);
        var w4 = BinaryPrimitives.ReadUInt32BigEndian(block[16..]);
        var w5 = BinaryPrimitives.ReadUInt32BigEndian(block[20..]);
        var w6 = BinaryPrimitives.ReadUInt32BigEndian(block[24..]);
        var w7 = BinaryPrimitives.ReadUInt32BigEndian(block[28..]);
        var w8 = BinaryPrimitives.ReadUInt32BigEndian(block[32..]);
        var w9 = BinaryPrimitives.ReadUInt32BigEndian(block[36..]);
        var w10 = BinaryPrimitives.ReadUInt32BigEndian(block[40..]);
        var w11 = BinaryPrimitives.ReadUInt32BigEndian(block[44..]);
        var w12 = BinaryPrimitives.ReadUInt32BigEndian(block[48..]);
        var w13 = BinaryPrimitives.ReadUInt32BigEndian(block[52..]);
        var w14 = BinaryPrimitives.ReadUInt32BigEndian(block[56..]);
        var w15 = BinaryPrimitives.ReadUInt32BigEndian(block[60..]);
        uint a = _h0, b = _h1, c = _h2, d = _h3, e = _h4, f = _h5, g = _h6, h = _h7;
        for (var i = 0; ; i += 16)
        {
            var k = K.Slice(i, 16);
            Round(a, b, c, ref d, e, f, g, ref h, k[0] + w0);
            Round(h, a, b, ref c, d, e, f, ref g, k[1] + w1);
            Round(g, h, a, ref b, c, d, e, ref f, k[2] + w2);
            Round(f, g, h, ref a, b, c, d, ref e, k[3] + w3);
            Round(e, f, g, ref h, a, b, c, ref d, k[4] + w4);
            Round(d, e, f, ref g, h, a, b, ref c, k[5] + w5);
            Round(c, d, e, ref f, g, h, a, ref b, k[6] + w6);
            Round(b, c, d, ref e, f, g, h, ref a, k[7] + w7);
            Round(a, b, c, ref d, e, f, g, ref h, k[8] + w8);
            Round(h, a, b, ref c, d, e, f, ref g, k[9] + w9);
            Round(g, h, a, ref b, c, d, e, ref f, k[10] + w10);
            Round(f, g, h, ref a, b, c, d, ref e, k[11] + w11);
            Round(e, f, g, ref h, a, b, c, ref d, k[12] + w12);
            Round(d, e, f, ref g, h, a, b, ref c, k[13] + w13);
            Round(c, d, e, ref f, g, h, a, ref b, k[14] + w14);
            Round(b, c, d, ref e, f, g, h, ref a, k[15] + w15);
            if (i == 48)
                break;
            Expand(ref w0, w1, w9, w14);
            Expand(ref w1, w2, w10, w15);
            Expand(ref w2, w3, w11, w0);
            Expand(ref w3, w4, w12, w1);
            Expand(ref w4, w5, w13, w2);
            Expand(ref w5, w6, w14, w3);
            Expand(ref w6, w7, w15, w4);
            Expand(ref w7, w8, w0, w5);
            Expand(ref w8, w9, w1, w6);
            Expand(ref w9, w10, w2, w7);
            Expand(ref w10, w11, w3, w8);
            Expand(ref w11, w12, w4, w9);
            Expand(ref w12, w13, w5, w10);
            Expand(ref w13, w14, w6, w11);
            Expand(ref w14, w15, w7, w12);
            Expand(ref w15, w0, w8, w13);
        }

        _h0 += a;
        _h1 += b;
        _h2 += c;
        _h3 += d;
        _h4 += e;
        _h5 += f;
        _h6 += g;
        _h7 += h;
    }

    /// <summary>One round; the caller rotates the roles of the eight variables instead of moving their values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Round(uint a, uint b, uint c, ref uint d, uint e, uint f, uint g, ref uint h, uint kw)
    {
        // Ch and Maj in their shorter equivalent forms: g ^ (e & (f ^ g)) and (a & b) | (c & (a | b)).
        var t1 = h + (BitOperations.RotateRight(e, 6) ^ BitOperations.RotateRight(e, 11) ^ BitOperations.RotateRight(e, 25))
            + (g ^ (e & (f ^ g))) + kw;
        var t2 = (BitOperations.RotateRight(a, 2) ^ BitOperations.RotateRight(a, 13) ^ BitOperations.RotateRight(a, 22))
            + ((a & b) | (c & (a | b)));
        d += t1;
        h = t1 + t2;
    }

    /// <summary>W[t] = σ1(W[t-2]) + W[t-7] + σ0(W[t-15]) + W[t-16], in a window of 16 words that overwrites W[t-16].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Expand(ref uint w16, uint w15, uint w7, uint w2) =>
        w16 += (BitOperations.RotateRight(w15, 7) ^ BitOperations.RotateRight(w15, 18) ^ (w15 >> 3)) + w7
            + (BitOperations.RotateRight(w2, 17) ^ BitOperations.RotateRight(w2, 19) ^ (w2 >> 10));

    /// <summary>Writes the state as the 32-byte big-endian digest.</summary>
    public readonly void WriteDigest(Span<byte> destination)
    {
        destination = destination[..DigestSize];
        BinaryPrimitives.WriteUInt32BigEndian(destination, _h0);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], _h1);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], _h2);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], _h3);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], _h4);
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], _h5);
        BinaryPrimitives.WriteUInt32BigEndian(destination[24..], _h6);
        BinaryPrimitives.WriteUInt32BigEndian(destination[28..], _h7);
    }
}
