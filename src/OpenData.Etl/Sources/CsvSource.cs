using System.Text;
using nietras.SeparatedValues;
using OpenData.Etl.Diagnostics;
using OpenData.Etl.Pipelines;

namespace OpenData.Etl.Sources;

/// <summary>
/// Streams a delimited text export with Sep: quoted fields with embedded delimiters and line breaks,
/// preamble lines before the header, and row numbers that match the file's lines.
/// </summary>
public sealed class CsvSource : ITabularSource, ISourceWarnings
{
    private readonly StreamReader _text;
    private readonly SepReader _reader;
    private readonly int _linesBeforeHeader;

    private readonly char _delimiter;

    private CsvSource(string displayName, StreamReader text, SepReader reader, IReadOnlyList<string> header, int linesBeforeHeader, char delimiter)
    {
        _delimiter = delimiter;
        DisplayName = displayName;
        _text = text;
        _reader = reader;
        Header = header;
        _linesBeforeHeader = linesBeforeHeader;
    }

    public string DisplayName { get; }

    public IReadOnlyList<string> Header { get; }

    public int LineNumber { get; private set; }

    public int LineSpan { get; private set; }

    public int FieldCount { get; private set; }

    /// <summary>Bytes of the file consumed so far (ahead of the current record by the read buffer), for progress and ETA.</summary>
    public long BytesRead => _text.BaseStream.CanSeek ? _text.BaseStream.Position : 0;

    public ReadOnlySpan<char> this[int index] => _reader.Current[index].Span;

    /// <summary>Opens the file after <see cref="SourceFileInspector"/> has settled its encoding, and reads the header.</summary>
    public static CsvSource Open(string path, string displayName, SourceSpec spec, SourceFileFacts facts)
    {
        var delimiter = spec.Delimiter ?? DetectDelimiter(path, facts, displayName, spec.HeaderRow);
        var text = OpenText(path, facts);
        try
        {
            var skipped = 0;
            while (skipped < spec.HeaderRow - 1 && text.ReadLine() is not null) skipped++;

            var reader = Sep.Reader(o => o with
            {
                Sep = new Sep(delimiter),
                HasHeader = false,
                Unescape = true,
                DisableColCountCheck = true,
            }).From(text);

            if (!reader.MoveNext())
                throw new EtlException(FailureKind.Data, Diagnostic.Error(Codes.EmptySource, $"the file has no header row at line {spec.HeaderRow}.", new TextLocation(displayName)));

            var warnings = new List<Diagnostic>();
            var header = ReadHeader(reader.Current, displayName, spec.HeaderRow, warnings);
            return new CsvSource(displayName, text, reader, header, skipped, delimiter) { Warnings = warnings, _footnotes = spec.FootnotesAfterBlankLine, _nextLine = reader.Current.LineNumberToExcl };
        }
        catch
        {
            text.Dispose();
            throw;
        }
    }

    public RecordProblem? Problem { get; private set; }

    public IReadOnlyList<Diagnostic> Warnings { get; private init; } = [];

    private bool _footnotes;
    private int _nextLine; // the line after the previous record: Sep passes over empty lines, so a gap is a blank line

    public bool Read()
    {
        if (!_reader.MoveNext()) return false;
        var row = _reader.Current;
        // With 'footnotes: after-blank-line' an empty line ends the data; "Källa: ..." lines follow it.
        if (_footnotes && (row.LineNumberFrom > _nextLine || (row.ColCount == 1 && row.Span.IsWhiteSpace()))) return false;
        _nextLine = row.LineNumberToExcl;
        LineNumber = row.LineNumberFrom + _linesBeforeHeader;
        LineSpan = row.LineNumberToExcl - row.LineNumberFrom;
        FieldCount = row.ColCount;
        Problem = FieldCount == Header.Count || IsTrailingEmpty() ? null : Diagnose();
        return true;
    }

    /// <summary>Rows with extra trailing delimiters (common in exports) are fine when the extra fields are empty.</summary>
    private bool IsTrailingEmpty()
    {
        if (FieldCount < Header.Count) return false;
        // Checked on the raw text so that no field is unescaped before a possible quote diagnosis.
        var row = _reader.Current;
        for (var i = Header.Count; i < FieldCount; i++)
        {
            if (!row[i].Span.IsWhiteSpace()) return false;
        }
        return true;
    }

    private RecordProblem Diagnose()
    {
        var line = LineNumber;
        if (QuoteDiagnosis.FindUnclosedQuote(_reader.Current.Span, _delimiter) is { } column)
        {
            var name = column < Header.Count ? Header[column] : $"#{column + 1}";
            return new RecordProblem(Codes.UnclosedQuote,
                $"row {line}: the quote that opens column '{name}' (column {column + 1}) is not closed properly, so the record runs over {LineSpan} lines with {FieldCount} of {Header.Count} fields. Close the quote, or double any quote inside the value (\"\"). Rows after this one were not checked.",
                StopsReading: true);
        }
        return new RecordProblem(Codes.WrongFieldCount, $"row {line} has {FieldCount} fields, the header has {Header.Count}.", StopsReading: false);
    }

    public void Dispose()
    {
        _reader.Dispose();
        _text.Dispose();
    }

    private static StreamReader OpenText(string path, SourceFileFacts facts)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        stream.Position = facts.BomLength;
        return new StreamReader(stream, facts.Encoding, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16);
    }

    /// <summary>Reads the header line in a separate pass so the main reader starts clean.</summary>
    private static char DetectDelimiter(string path, SourceFileFacts facts, string displayName, int headerRow)
    {
        using var text = OpenText(path, facts);
        for (var i = 0; i < headerRow - 1 && text.ReadLine() is not null; i++) { }
        var header = text.ReadLine() ?? "";
        return DelimiterDetector.Detect(header) ?? throw new EtlException(FailureKind.Data, Diagnostic.Error(Codes.DelimiterUndetected,
            "could not tell the delimiter from the header line; set 'source.delimiter' to ;, \",\", tab or |.",
            new TextLocation(displayName, headerRow)));
    }

    private static List<string> ReadHeader(SepReader.Row row, string displayName, int headerLine, List<Diagnostic> warnings)
    {
        var raw = new List<string>(row.ColCount);
        for (var i = 0; i < row.ColCount; i++) raw.Add(row[i].Span.ToString());
        // Exports carry stray spaces, non-breaking spaces and BOM-like characters around names.
        return HeaderNames.Check(raw, displayName, headerLine, warnings);
    }
}
