namespace OpenData.Etl.Sources;

/// <summary>
/// A forward-only reader of source records: the one seam every source format (CSV now, Excel later)
/// implements. Field values are spans valid until the next <see cref="Read"/>, so reading allocates nothing per value.
/// </summary>
public interface ITabularSource : IDisposable
{
    /// <summary>Display name of the source file, for messages.</summary>
    string DisplayName { get; }

    /// <summary>Column names as in the header, trimmed.</summary>
    IReadOnlyList<string> Header { get; }

    /// <summary>Advances to the next record; false at the end.</summary>
    bool Read();

    /// <summary>Line in the source file where the current record starts (what an editor shows).</summary>
    int LineNumber { get; }

    /// <summary>Number of lines the current record spans (more than one when a quoted field holds line breaks).</summary>
    int LineSpan { get; }

    int FieldCount { get; }

    ReadOnlySpan<char> this[int index] { get; }

    /// <summary>
    /// Set when the current record is malformed (wrong field count, broken quoting): what is wrong, in
    /// words that never quote a value. Its fields must not be used.
    /// </summary>
    RecordProblem? Problem { get; }
}

/// <summary>A malformed record. <see cref="StopsReading"/> when record boundaries after it cannot be trusted.</summary>
public sealed record RecordProblem(string Code, string Message, bool StopsReading);
