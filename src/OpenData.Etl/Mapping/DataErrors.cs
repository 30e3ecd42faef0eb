using OpenData.Etl.Diagnostics;

namespace OpenData.Etl.Mapping;

/// <summary>
/// Collects row-level errors for one run. It keeps the first <see cref="MaxReported"/> and counts the rest,
/// so a bad export gives a useful report rather than a million lines. Values are quoted only for public fields.
/// </summary>
public sealed class DataErrors(string sourceName)
{
    public const int MaxReported = 50;

    private readonly List<Diagnostic> _reported = [];

    public int Count { get; private set; }

    public IReadOnlyList<Diagnostic> Reported => _reported;

    public void Add(string code, int line, string message)
    {
        Count++;
        if (_reported.Count < MaxReported)
            _reported.Add(Diagnostic.Error(code, message, new TextLocation(sourceName, line)));
    }

    /// <summary>The diagnostics to show, with a closing line when some were left out.</summary>
    public IReadOnlyList<Diagnostic> ToDiagnostics()
    {
        if (Count <= _reported.Count) return _reported;
        return [.. _reported, Diagnostic.Error(Codes.TooManyErrors, $"{Count - _reported.Count} more row errors not shown ({Count} in all).", new TextLocation(sourceName))];
    }

    /// <summary>Quotes a value for a message only when its field is fed from public columns alone.</summary>
    internal static string Quote(BoundField field, ReadOnlySpan<char> value) =>
        field.ValuesArePublic ? $" found '{Shorten(value)}'," : " (value withheld: the column is not public),";

    private static string Shorten(ReadOnlySpan<char> value) =>
        value.Length <= 60 ? value.ToString() : string.Concat(value[..57], "...");
}
