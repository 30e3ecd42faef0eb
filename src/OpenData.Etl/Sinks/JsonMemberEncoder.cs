using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using OpenData.Etl.Data;
using OpenData.Etl.Mapping;

namespace OpenData.Etl.Sinks;

/// <summary>
/// Writes a row's members (<c>"name":value,…</c>) as UTF-8 straight into a buffer, giving the bytes
/// <see cref="Utf8JsonWriter"/> gives through <see cref="JsonValues.Write"/>.
/// </summary>
/// <remarks>
/// The common values take a direct path: text in which the sinks' encoder escapes nothing is its UTF-8 between
/// quotes, and numbers, booleans and dates are their ASCII spelling. Per value the writer checked its state,
/// asked the encoder, transcoded and copied through several layers, and these values were most of the JSON and
/// GeoJSON encoding. Anything else (text with a character to escape, lists of text, timestamps, numbers that are
/// not finite) goes through a <see cref="Utf8JsonWriter"/> of its own, so the bytes are its bytes by construction.
/// </remarks>
internal sealed class JsonMemberEncoder : IDisposable
{
    /// <summary>Longer text goes to the writer, which also knows its limits.</summary>
    private const int DirectTextLimit = 1 << 16;

    private readonly byte[][] _names;
    private readonly ArrayBufferWriter<byte> _scratch = new(256);
    private readonly Utf8JsonWriter _writer;
    private byte[] _bytes = new byte[1 << 20];
    private int _length;

    /// <param name="names">The columns' names; each is written escaped by the sinks' encoder, as the writer would.</param>
    public JsonMemberEncoder(IReadOnlyList<string> names)
    {
        _names = [.. names.Select(name => (byte[])[(byte)'"', .. JsonEncodedText.Encode(name, JsonOptions.Sink.Encoder).EncodedUtf8Bytes, (byte)'"', (byte)':'])];
        _writer = new Utf8JsonWriter(_scratch, JsonOptions.Sink);
    }

    /// <summary>Everything written since <see cref="Clear"/>.</summary>
    public ReadOnlySpan<byte> Written => _bytes.AsSpan(0, _length);

    /// <summary>Bytes written since <see cref="Clear"/>.</summary>
    public int Length => _length;

    public void Clear() => _length = 0;

    /// <summary>Appends the members of <paramref name="row"/> from column <paramref name="first"/> on, comma-separated, without braces.</summary>
    public void WriteMembers(IReadOnlyList<Column> columns, int first, int row)
    {
        for (var c = first; c < columns.Count; c++)
        {
            if (c > first) Write(","u8);
            Write(_names[c]);
            WriteValue(columns[c], row);
        }
    }

    private void WriteValue(Column column, int row)
    {
        if (column.IsNull[row])
        {
            Write("null"u8);
            return;
        }
        switch (column)
        {
            case StringColumn c: WriteText(c.TextOf(row), column, row); break;
            case ValueColumn<long> c: WriteFormatted(c.Values[row]); break;
            case ValueColumn<int> c: WriteFormatted(c.Values[row]); break;
            case ValueColumn<double> c when double.IsFinite(c.Values[row]): WriteAscii(ValueText.Spell(c.Values[row], stackalloc char[64])); break;
            case ValueColumn<decimal> c: WriteAscii(ValueText.Spell(c.Values[row], stackalloc char[64])); break;
            case ValueColumn<bool> c: Write(c.Values[row] ? "true"u8 : "false"u8); break;
            case ValueColumn<DateOnly> c: WriteText(ValueText.SpellDate(c.Values[row], stackalloc char[10]), column, row); break;
            case NumberListColumn l: WriteNumbers(l.ItemsOf(row)); break;
            default: WriteThroughWriter(column, row); break;
        }
    }

    /// <summary>As <see cref="JsonValues.Write"/> writes a list of numbers: each item's canonical text, raw.</summary>
    private void WriteNumbers(ReadOnlySpan<double> items)
    {
        Span<char> buffer = stackalloc char[64];
        Write("["u8);
        for (var i = 0; i < items.Length; i++)
        {
            if (i > 0) Write(","u8);
            WriteAscii(ValueText.Spell(items[i], buffer));
        }
        Write("]"u8);
    }

    /// <summary>
    /// Text between quotes, encoded to UTF-8 in the same pass that checks each character is one the encoder leaves
    /// alone; at the first that is not, nothing is kept and the writer takes the value.
    /// </summary>
    private void WriteText(ReadOnlySpan<char> text, Column column, int row)
    {
        if (text.Length > DirectTextLimit)
        {
            WriteThroughWriter(column, row);
            return;
        }
        var room = Room(text.Length * 3 + 2);
        var plain = JsonSafeText.Plain;
        room[0] = (byte)'"';
        var at = 1;
        foreach (var c in text)
        {
            if (!plain[c])
            {
                WriteThroughWriter(column, row);
                return;
            }
            if (c < 0x80)
            {
                room[at++] = (byte)c;
            }
            else if (c < 0x800)
            {
                room[at++] = (byte)(0xC0 | (c >> 6));
                room[at++] = (byte)(0x80 | (c & 0x3F));
            }
            else
            {
                room[at++] = (byte)(0xE0 | (c >> 12));
                room[at++] = (byte)(0x80 | ((c >> 6) & 0x3F));
                room[at++] = (byte)(0x80 | (c & 0x3F));
            }
        }
        room[at++] = (byte)'"';
        _length += at;
    }

    private void WriteThroughWriter(Column column, int row)
    {
        _scratch.ResetWrittenCount();
        _writer.Reset(_scratch);
        JsonValues.Write(_writer, column, row);
        _writer.Flush();
        Write(_scratch.WrittenSpan);
    }

    private void WriteFormatted<T>(T value) where T : IUtf8SpanFormattable
    {
        value.TryFormat(Room(24), out var written, default, System.Globalization.CultureInfo.InvariantCulture);
        _length += written;
    }

    private void WriteAscii(ReadOnlySpan<char> text)
    {
        Ascii.FromUtf16(text, Room(text.Length), out var written);
        _length += written;
    }

    private void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Room(bytes.Length));
        _length += bytes.Length;
    }

    private Span<byte> Room(int bytes)
    {
        if (_bytes.Length - _length < bytes) Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _length + bytes));
        return _bytes.AsSpan(_length);
    }

    public void Dispose() => _writer.Dispose();
}

/// <summary>Which characters the sinks' encoder (<see cref="JsonOptions.Sink"/>) writes as they are.</summary>
internal static class JsonSafeText
{
    private static readonly JavaScriptEncoder Encoder = JsonOptions.Sink.Encoder!;

    /// <summary>
    /// Per UTF-16 code unit, whether the encoder leaves it alone: printable ASCII but quote and backslash, and of the
    /// rest of the Basic Multilingual Plane what the encoder allows (it escapes unassigned and some special code
    /// points). Surrogates are not plain, so a pair (or a lone half) goes through the writer.
    /// </summary>
    public static bool[] Plain { get; } = [.. Enumerable.Range(0, 0x10000).Select(c =>
        c >= 0x20 && c is not '"' and not '\\' && !char.IsSurrogate((char)c) && !Encoder.WillEncode(c))];
}
