using System.Security.Cryptography;
using System.Text;

namespace OpenData.Etl.Protection;

/// <summary>
/// Keyed pseudonyms: HMAC-SHA-256 over a domain and the value, shown as 16 base32 characters (80 bits).
/// Without the key nobody can recompute them, unlike a plain hash of a personnummer, which anyone can
/// reverse by hashing every possible number. The domain (the dataset by default) keeps pseudonyms of the
/// same person unrelated across datasets unless two pipelines share a domain on purpose.
/// </summary>
public sealed class Pseudonymiser
{
    public const int Length = 16;
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    // The key's pads and the constant prefix are compressed once, so a typical value costs two SHA-256
    // compressions. The framework's HMAC (even one IncrementalHash reused) spent most of a row's time in
    // OpenSSL's per-call setup and finalisation. The result is the same HMAC. No promise of thread safety, like
    // the source that owns it.
    private readonly PrefixedHmacSha256 _hmac;

    public Pseudonymiser(byte[] key, string domain)
    {
        _hmac = new PrefixedHmacSha256(key, Encoding.UTF8.GetBytes($"odetl/pseudonym/v1\0{domain}\0"));
        KeyId = IdOf(key);
    }

    /// <summary>Names the key in run reports without revealing it: a one-way digest, useless for recomputing pseudonyms.</summary>
    public string KeyId { get; }

    public static string IdOf(byte[] key)
    {
        var digest = SHA256.HashData([.. "odetl/key-id/v1\0"u8, .. key]);
        return "k-" + Convert.ToHexStringLower(digest.AsSpan(0, 6));
    }

    /// <summary>Writes the pseudonym of <paramref name="value"/> (trimmed) into <paramref name="output"/> (16 chars).</summary>
    public void Pseudonymise(ReadOnlySpan<char> value, Span<char> output)
    {
        value = value.Trim();
        var length = Encoding.UTF8.GetMaxByteCount(value.Length);
        var bytes = length <= 1024 ? stackalloc byte[length] : new byte[length];
        var written = Encoding.UTF8.GetBytes(value, bytes);
        Span<byte> mac = stackalloc byte[Sha256State.DigestSize];
        _hmac.Compute(bytes[..written], mac);
        // 10 bytes = 80 bits = 16 groups of 5 bits.
        ulong high = 0;
        for (var i = 0; i < 5; i++) high = (high << 8) | mac[i];
        ulong low = 0;
        for (var i = 5; i < 10; i++) low = (low << 8) | mac[i];
        for (var i = 0; i < 8; i++)
        {
            output[7 - i] = Alphabet[(int)(high & 31)];
            output[15 - i] = Alphabet[(int)(low & 31)];
            high >>= 5;
            low >>= 5;
        }
    }
}
