using OpenData.Etl.Diagnostics;

namespace OpenData.Etl.Mapping;

/// <summary>
/// Collects row-level errors for one run. It keeps the first <see cref="MaxReported"/> in line order and counts the
/// rest, so a bad export gives a useful report rather than a million lines. Values are quoted only for public fields.
/// </summary>
/// <remarks>
/// Errors come nearly in line order: a batch's keys are checked after all its rows' values, so a key error may
/// follow value errors of later lines. Each is put in its place by line (after the errors already there for the
/// same line), which gives the list the rows would have given checked one at a time.
/// </remarks>
public sealed class DataErrors(string sourceName)
{
    public const int MaxReported = 50;

    private readonly List<Diagnostic> _reported = [];
    private readonly List<int> _lines = [];

    public int Count { get; private set; }

    public IReadOnlyList<Diagnostic> Reported => _reported;

    public void Add(string code, int line, string message)
    {
        Count++;
        var at = _lines.Count;
        while (at > 0 && _lines[at - 1] > line) at--;
        if (at == MaxReported) return;
        _reported.Insert(at, Diagnostic.Error(code, message, new TextLocation(sourceName, line)));
        _lines.Insert(at, line);
        if (_reported.Count > MaxReported)
        {
            _reported.RemoveAt(MaxReported);
            _lines.RemoveAt(MaxReported);
        }
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
