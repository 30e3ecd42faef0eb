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
    /// For a record whose shape is wrong: the 0-based column where a quoted field was opened and never
    /// properly closed, or null when quoting is not the cause. Call before reading any field of the record.
    /// </summary>
    int? FindUnclosedQuote();
}
