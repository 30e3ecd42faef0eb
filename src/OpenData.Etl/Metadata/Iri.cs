using System.Text;

namespace OpenData.Etl.Metadata;

/// <summary>IRIs in harvested metadata must be RFC 3987-valid: characters IRIs forbid are percent-encoded (UTF-8).</summary>
public static class Iri
{
    public static string Encode(string iri)
    {
        var builder = new StringBuilder(iri.Length);
        Span<byte> bytes = stackalloc byte[4];
        foreach (var rune in iri.EnumerateRunes())
        {
            if (rune.Value <= 0x20 || rune.Value == 0x7F || rune.Value is '<' or '>' or '"' or '{' or '}' or '|' or '\\' or '^' or '`')
            {
                var length = rune.EncodeToUtf8(bytes);
                foreach (var b in bytes[..length]) builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(rune.ToString());
            }
        }
        return builder.ToString();
    }

    /// <summary>One path segment (a file name) with everything but unreserved characters percent-encoded.</summary>
    public static string Segment(string segment) => Uri.EscapeDataString(segment);
}
