using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using ExcelDataReader;
using OpenData.Etl.Diagnostics;
using OpenData.Etl.Pipelines;

namespace OpenData.Etl.Sources;

/// <summary>
/// Streams one worksheet of an Excel workbook (.xlsx, .xlsm or legacy .xls) with ExcelDataReader, turning
/// every cell into the text a CSV export of it would hold, so mapping and validation are the same for both:
/// dates and date-formatted cells become ISO 8601 text, numbers are written in full with the pipeline's
/// decimal separator, text (numbers stored as text too) stays as typed. Only cell values are read: workbook
/// properties (author, company), comments, hidden names and formatting never reach a row.
/// Row numbers in messages are the worksheet's row numbers, as Excel shows them.
/// </summary>
public sealed class ExcelSource : ITabularSource, ISourceWarnings
{
    // Legacy .xls stores text in Windows code pages, which .NET only has after this registration.
    static ExcelSource() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static readonly string[] Extensions = [".xlsx", ".xlsm", ".xls"];

    /// <summary>ExcelDataReader holds an .xlsx's shared-string table in memory; a larger one is refused unread.</summary>
    internal const long MaxSharedStringsBytes = 256L << 20;

    private readonly FileStream _stream;
    private readonly IExcelDataReader _reader;
    private readonly char _decimal;
    private readonly bool _footnotes;
    private readonly string[] _values;
    private int _row;

    private ExcelSource(string displayName, FileStream stream, IExcelDataReader reader, char decimalSeparator, bool footnotes, IReadOnlyList<string> header, int row, List<Diagnostic> warnings)
    {
        DisplayName = displayName;
        _stream = stream;
        _reader = reader;
        _decimal = decimalSeparator;
        _footnotes = footnotes;
        Header = header;
        _values = new string[header.Count];
        _row = row;
        Warnings = warnings;
    }

    public string DisplayName { get; }

    public IReadOnlyList<string> Header { get; }

    public IReadOnlyList<Diagnostic> Warnings { get; }

    public int LineNumber { get; private set; }

    public int LineSpan => 1;

    public int FieldCount => Header.Count;

    public ReadOnlySpan<char> this[int index] => _values[index];

    public RecordProblem? Problem { get; private set; }

    /// <summary>Sources are chosen by file extension: a workbook's bytes are never mistaken for text.</summary>
    public static bool Handles(string path) => Extensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);

    /// <summary>Length and SHA-256 of the workbook for the run report; text encodings do not apply.</summary>
    public static SourceFileFacts Inspect(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return new SourceFileFacts(Encoding.UTF8, 0, stream.Length, Convert.ToHexStringLower(SHA256.HashData(stream)));
    }

    public static ExcelSource Open(string path, string displayName, SourceSpec spec)
    {
        var warnings = new List<Diagnostic>();
        var at = new TextLocation(displayName);
        if (spec.Encoding != TextEncodingOption.Auto || spec.Delimiter is not null)
            warnings.Add(Diagnostic.Warning(Codes.SourceOptionIgnored, "'source.encoding' and 'source.delimiter' do not apply to a workbook and are ignored: cells are read as the workbook stores them.", spec.Location));

        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        IExcelDataReader? reader = null;
        try
        {
            if (!Path.GetExtension(path).Equals(".xls", StringComparison.OrdinalIgnoreCase)) CheckZipParts(stream, displayName);
            reader = Unreadable(displayName, 0, () => ExcelReaderFactory.CreateReader(stream, new ExcelReaderConfiguration { LeaveOpen = true }));
            SelectSheet(reader, spec.Sheet, displayName, spec.Location);

            var row = 0;
            while (row < spec.HeaderRow - 1 && NextRow(reader, displayName, row + 1)) row++;
            var parts = new List<string[]>();
            for (var i = 0; i < spec.HeaderRows; i++)
            {
                if (!NextRow(reader, displayName, row + 1))
                    throw new EtlException(FailureKind.Data, Diagnostic.Error(Codes.EmptySource, $"the sheet '{reader.Name}' has no header row at row {row + 1}.", at));
                row++;
                parts.Add([.. Enumerable.Range(0, reader.FieldCount).Select(c => CellText(reader, c, spec.DecimalSeparator))]);
            }
            FillMergedHeaderCells(reader, parts, spec.HeaderRow - 1);
            var joined = Enumerable.Range(0, parts.Max(p => p.Length))
                .Select(c => string.Join(' ', parts.Select(p => c < p.Length ? p[c].Trim() : "").Where(t => t.Length > 0)))
                .ToList();
            // A two-row header is named after its last row in messages: that is where its names end.
            var header = HeaderNames.Check(joined, displayName, row, warnings);
            return new ExcelSource(displayName, stream, reader, spec.DecimalSeparator, spec.FootnotesAfterBlankLine, header, row, warnings);
        }
        catch
        {
            reader?.Dispose();
            stream.Dispose();
            throw;
        }
    }

    public bool Read()
    {
        while (true)
        {
            if (!NextRow(_reader, DisplayName, _row + 1)) return false;
            _row++;
            LineNumber = _row;
            Problem = null;
            var empty = true;
            for (var c = 0; c < _values.Length; c++)
            {
                _values[c] = c < _reader.FieldCount ? CellText(_reader, c, _decimal) : "";
                empty &= _values[c].Length == 0;
            }
            for (var c = _values.Length; c < _reader.FieldCount; c++)
            {
                if (CellText(_reader, c, _decimal).Length == 0) continue;
                empty = false;
                Problem = new RecordProblem(Codes.WrongFieldCount, $"row {_row} has a value in column {ColumnLetters(c)} (column {c + 1}), which has no header; the header has {Header.Count} columns.", StopsReading: false);
                break;
            }
            // Empty rows (formatting left below the data, spacer rows) carry nothing; with footnotes the first one ends the data.
            if (!empty) return true;
            if (_footnotes) return false;
        }
    }

    public void Dispose()
    {
        _reader.Dispose();
        _stream.Dispose();
    }

    /// <summary>
    /// Reads the zip directory (sizes only, nothing inflated) so that a workbook built to exhaust memory
    /// (a "zip bomb" of shared strings) is refused before ExcelDataReader loads it.
    /// </summary>
    private static void CheckZipParts(FileStream stream, string displayName)
    {
        var shared = Unreadable(displayName, 0, () =>
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            return zip.Entries.Where(e => e.FullName.EndsWith("sharedStrings.xml", StringComparison.OrdinalIgnoreCase)).Sum(e => e.Length);
        });
        stream.Position = 0;
        if (shared > MaxSharedStringsBytes)
            throw new EtlException(FailureKind.Data, Diagnostic.Error(Codes.WorkbookUnreadable,
                $"the workbook's shared-string table unpacks to {shared:N0} bytes, more than the {MaxSharedStringsBytes:N0} odetl holds in memory; export the sheet as CSV instead.",
                new TextLocation(displayName)));
    }

    private static void SelectSheet(IExcelDataReader reader, SheetRef? sheet, string displayName, TextLocation location)
    {
        if (sheet is null) return;
        var names = new List<string>();
        do
        {
            names.Add(reader.Name);
            if (sheet.Index == names.Count || (sheet.Name is not null && string.Equals(reader.Name, sheet.Name, StringComparison.Ordinal))) return;
        }
        while (Unreadable(displayName, 0, reader.NextResult));

        var list = string.Join(", ", names.Select(n => $"'{n}'"));
        var message = sheet.Name is not null
            ? $"the workbook {displayName} has no sheet named '{sheet.Name}'; its sheets are {list}.{DidYouMean.Hint(sheet.Name, names)}"
            : $"'source.sheet' is {sheet.Index}, but the workbook {displayName} has {names.Count} sheet(s): {list}.";
        throw new EtlException(FailureKind.Configuration, Diagnostic.Error(Codes.SheetNotFound, message, location));
    }

    /// <summary>A group heading merged over several columns is stored once, in its first cell; every column it spans gets it.</summary>
    private static void FillMergedHeaderCells(IExcelDataReader reader, List<string[]> parts, int firstRowIndex)
    {
        foreach (var range in reader.MergeCells ?? [])
        {
            for (var r = Math.Max(range.FromRow, firstRowIndex); r <= range.ToRow && r - firstRowIndex < parts.Count; r++)
            {
                var row = parts[r - firstRowIndex];
                var top = range.FromRow >= firstRowIndex ? parts[range.FromRow - firstRowIndex] : null;
                if (top is null || range.FromColumn >= top.Length) continue;
                for (var c = range.FromColumn; c <= range.ToColumn && c < row.Length; c++)
                {
                    // Only the top row of a vertical merge keeps the text, so "Id" merged down two rows is not "Id Id".
                    if (r == range.FromRow && row[c].Length == 0) row[c] = top[range.FromColumn];
                }
            }
        }
    }

    private static bool NextRow(IExcelDataReader reader, string displayName, int row) => Unreadable(displayName, row, reader.Read);

    /// <summary>Runs a reader call, turning whatever a broken or foreign file makes it throw into one clear data error.</summary>
    private static T Unreadable<T>(string displayName, int row, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is not (EtlException or OutOfMemoryException or OperationCanceledException))
        {
            // The exception's own message is not printed: parsers may quote cell content in it.
            var where = row > 0 ? $" at row {row}" : "";
            throw new EtlException(FailureKind.Data, Diagnostic.Error(Codes.WorkbookUnreadable,
                $"the file cannot be read as an Excel workbook{where} ({e.GetType().Name}): it is truncated, encrypted, or not an .xlsx/.xls file. Save it again from Excel, or export CSV.",
                new TextLocation(displayName, row)));
        }
    }

    /// <summary>The text a CSV export would hold for the cell.</summary>
    private static string CellText(IExcelDataReader reader, int column, char decimalSeparator)
    {
        var value = reader.GetValue(column);
        return value switch
        {
            null => "",
            string text => text,
            DateTime date when date.TimeOfDay == TimeSpan.Zero => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            DateTime date => date.ToString(date.Millisecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss" : "yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture),
            TimeSpan time => time.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture),
            bool flag => flag ? "true" : "false",
            double number => Number(number, decimalSeparator),
            IFormattable other => Number(Convert.ToDouble(other, CultureInfo.InvariantCulture), decimalSeparator),
            _ => value.ToString() ?? "",
        };
    }

    private static string Number(double number, char decimalSeparator)
    {
        // Whole numbers without ".0"; others with the shortest text that reads back to the same double.
        var text = number == Math.Floor(number) && Math.Abs(number) < 1e15
            ? number.ToString("0", CultureInfo.InvariantCulture)
            : number.ToString("R", CultureInfo.InvariantCulture);
        return decimalSeparator == '.' ? text : text.Replace('.', decimalSeparator);
    }

    /// <summary>Excel's column name for a 0-based index: A, B, ..., Z, AA.</summary>
    public static string ColumnLetters(int index)
    {
        var letters = "";
        for (index++; index > 0; index = (index - 1) / 26) letters = (char)('A' + ((index - 1) % 26)) + letters;
        return letters;
    }
}
