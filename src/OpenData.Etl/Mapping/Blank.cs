using System.Runtime.CompilerServices;

namespace OpenData.Etl.Mapping;

/// <summary>White-space trimming on the per-value path.</summary>
internal static class Blank
{
    /// <summary>
    /// The same as <c>text.Trim()</c>. Most values start and end with a printable ASCII character, and two comparisons
    /// settle that; the general trim, which classifies each end character as Unicode white space, was 2 % of a conversion.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ReadOnlySpan<char> Trim(ReadOnlySpan<char> text) =>
        text.IsEmpty || (IsPrintableAscii(text[0]) && IsPrintableAscii(text[^1])) ? text : text.Trim();

    private static bool IsPrintableAscii(char c) => (uint)(c - '!') <= '~' - '!';
}
