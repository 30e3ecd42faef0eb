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
    private readonly byte[] _prefix;

    // One HMAC reused for every value: the one-shot HMACSHA256.HashData sets up a new native HMAC context per
    // call, which cost more than everything else a row needs. The result is the same HMAC. Not thread-safe,
    // like the source that owns it.
    private readonly IncrementalHash _hmac;

    public Pseudonymiser(byte[] key, string domain)
    {
        _hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        _prefix = Encoding.UTF8.GetBytes($"odetl/pseudonym/v1\0{domain}\0");
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
        var length = _prefix.Length + Encoding.UTF8.GetMaxByteCount(value.Length);
        var message = length <= 1024 ? stackalloc byte[length] : new byte[length];
        _prefix.CopyTo(message);
        var written = _prefix.Length + Encoding.UTF8.GetBytes(value, message[_prefix.Length..]);
        Span<byte> mac = stackalloc byte[32];
        _hmac.AppendData(message[..written]);
        _hmac.GetHashAndReset(mac);
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
