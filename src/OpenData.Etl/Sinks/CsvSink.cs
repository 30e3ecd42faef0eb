using System.Buffers;
using System.Text;
using OpenData.Etl.Data;
using OpenData.Etl.Mapping;

namespace OpenData.Etl.Sinks;

/// <summary>
/// RFC 4180 CSV: UTF-8 without BOM, comma, CRLF, a header of specification field names, and quotes
/// only where a value needs them. Lists are written as JSON text, as Swedish specifications do.
/// </summary>
internal sealed class CsvSink : IRowSink
{
    private static readonly SearchValues<char> NeedsQuotes = SearchValues.Create(",\"\r\n");
    private readonly StreamWriter _writer;
    private readonly string?[] _nullMarkers;

    /// <param name="nullMarkers">Per column, the text written for a missing value (null: empty); statistics mark suppressed cells with "..".</param>
    public CsvSink(Stream stream, IReadOnlyList<string> header, IReadOnlyList<string?>? nullMarkers = null)
    {
        _nullMarkers = nullMarkers is null ? new string?[header.Count] : [.. nullMarkers];
        _writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16) { NewLine = "\r\n" };
        for (var i = 0; i < header.Count; i++)
        {
            if (i > 0) _writer.Write(',');
            WriteField(header[i]);
        }
        _writer.Write("\r\n");
    }

    public ValueTask WriteAsync(ColumnBatch batch, CancellationToken cancellationToken)
    {
        var columns = batch.Columns;
        for (var row = 0; row < batch.Count; row++)
        {
            for (var c = 0; c < columns.Count; c++)
            {
                if (c > 0) _writer.Write(',');
                if (columns[c].IsNull[row]) { if (_nullMarkers[c] is { } marker) WriteField(marker); }
                else WriteValue(columns[c], row);
            }
            _writer.Write("\r\n");
        }
        return ValueTask.CompletedTask;
    }

    private void WriteValue(Column column, int row)
    {
        switch (column)
        {
            // Text first: most columns are text, and each case above it is one more type test per value.
            case StringColumn c: WriteField(c.TextOf(row)); break;
            // Typed values are written through spans to avoid a string per value; the text is ValueText's, and
            // none of these forms contains a character that needs quoting.
            case ValueColumn<long> c: WriteFormattable(c.Values[row]); break;
            case ValueColumn<int> c: WriteFormattable(c.Values[row]); break;
            case ValueColumn<decimal> c: WriteFormattable(c.Values[row]); break;
            case ValueColumn<double> c: WriteFormattable(c.Values[row]); break;
            case ValueColumn<DateOnly> c: _writer.Write(ValueText.SpellDate(c.Values[row], stackalloc char[10])); break;
            case ValueColumn<DateTimeOffset> c: WriteFormattable(c.Values[row], ValueText.DateTimeFormat); break;
            case ValueColumn<bool> c: _writer.Write(c.Values[row] ? "true" : "false"); break;
            case NumberListColumn l: WriteNumberList(l.ItemsOf(row)); break;
            default: WriteField(ValueText.Format(column, row)!); break;
        }
    }

    private void WriteFormattable<T>(T value, string? format = null) where T : ISpanFormattable
    {
        Span<char> buffer = stackalloc char[64];
        _writer.Write(ValueText.Spell(value, buffer, format));
    }

    /// <summary>
    /// What <see cref="ValueText.FormatNumbers"/> gives ([1.5,2]: the items' canonical text, no spaces),
    /// without a JSON writer per row. Quoted when it holds a comma, as <see cref="WriteField"/> would.
    /// </summary>
    private void WriteNumberList(ReadOnlySpan<double> items)
    {
        var quoted = items.Length > 1;
        if (quoted) _writer.Write('"');
        _writer.Write('[');
        for (var i = 0; i < items.Length; i++)
        {
            if (i > 0) _writer.Write(',');
            WriteFormattable(items[i]);
        }
        _writer.Write(']');
        if (quoted) _writer.Write('"');
    }

    private void WriteField(ReadOnlySpan<char> value)
    {
        if (value.IndexOfAny(NeedsQuotes) < 0)
        {
            _writer.Write(value);
            return;
        }
        _writer.Write('"');
        // Each quote inside is doubled: written up to and including the quote, then the quote once more.
        for (int quote; (quote = value.IndexOf('"')) >= 0; value = value[(quote + 1)..])
        {
            _writer.Write(value[..(quote + 1)]);
            _writer.Write('"');
        }
        _writer.Write(value);
        _writer.Write('"');
    }

    public ValueTask CompleteAsync(CancellationToken cancellationToken) => new(_writer.FlushAsync(cancellationToken));

    public ValueTask DisposeAsync() => _writer.DisposeAsync();
}
