using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using OpenData.Etl.Data;
using OpenData.Etl.Mapping;

namespace OpenData.Etl.Sinks;

/// <summary>
/// JSON written as UTF-8 straight into a growing byte array, giving the bytes <see cref="Utf8JsonWriter"/> with the
/// sinks' options (<see cref="JsonOptions.Sink"/>) gives for the same values; the caller places the punctuation.
/// </summary>
/// <remarks>
/// The common values take a direct path: text in which the sinks' encoder escapes nothing is its UTF-8 between
/// quotes, and numbers, booleans and dates are their ASCII spelling. Per value the writer checked its state,
/// asked the encoder, transcoded and copied through several layers, and this was most of the JSON and GeoJSON
/// writers' work. Anything else (text with a character to escape, lists of text, timestamps, numbers that are not
/// finite) goes through a <see cref="Utf8JsonWriter"/> of its own, so the bytes are its bytes by construction.
/// </remarks>
internal sealed class JsonByteWriter : IDisposable
{
    /// <summary>Longer text goes to the writer, which also knows its limits.</summary>
    private const int DirectTextLimit = 1 << 16;

    private readonly ArrayBufferWriter<byte> _scratch = new(256);
    private readonly Utf8JsonWriter _writer = new(Stream.Null, JsonOptions.Sink);
    private byte[] _bytes;
    private int _length;

    public JsonByteWriter(int capacity = 1 << 20)
    {
        _bytes = new byte[capacity];
        _writer.Reset(_scratch);
    }

    /// <summary>Everything written since <see cref="Clear"/>.</summary>
    public ReadOnlySpan<byte> Written => _bytes.AsSpan(0, _length);

    /// <summary>The same, as memory, for a stream to take.</summary>
    public ReadOnlyMemory<byte> WrittenMemory => _bytes.AsMemory(0, _length);

    /// <summary>Bytes written since <see cref="Clear"/>.</summary>
    public int Length => _length;

    public void Clear() => _length = 0;

    /// <summary>A value as <see cref="JsonValues.Write"/> writes it.</summary>
    public void WriteValue(Column column, int row)
    {
        if (column.IsNull[row])
        {
            WriteRaw("null"u8);
            return;
        }
        switch (column)
        {
            case StringColumn c: WriteString(c.TextOf(row)); break;
            case ValueColumn<long> c: WriteFormatted(c.Values[row]); break;
            case ValueColumn<int> c: WriteFormatted(c.Values[row]); break;
            case ValueColumn<double> c: WriteNumber(c.Values[row]); break;
            case ValueColumn<decimal> c: WriteAscii(ValueText.Spell(c.Values[row], stackalloc char[64])); break;
            case ValueColumn<bool> c: WriteRaw(c.Values[row] ? "true"u8 : "false"u8); break;
            case ValueColumn<DateOnly> c: WriteString(ValueText.SpellDate(c.Values[row], stackalloc char[10])); break;
            case NumberListColumn l: WriteNumbers(l.ItemsOf(row)); break;
            default:
                JsonValues.Write(Scratch(), column, row);
                CommitScratch();
                break;
        }
    }

    /// <summary>A number as <see cref="JsonValues.WriteNumber(Utf8JsonWriter, double)"/> writes it.</summary>
    public void WriteNumber(double value)
    {
        if (double.IsFinite(value))
        {
            WriteAscii(ValueText.Spell(value, stackalloc char[64]));
            return;
        }
        JsonValues.WriteNumber(Scratch(), value);
        CommitScratch();
    }

    /// <summary>A number as <see cref="Utf8JsonWriter.WriteNumberValue(double)"/> writes it (its shortest round-trip text).</summary>
    public void WriteNumberAsWriter(double value)
    {
        Scratch().WriteNumberValue(value);
        CommitScratch();
    }

    /// <summary>
    /// Text between quotes, encoded to UTF-8 in the same pass that checks each character is one the encoder leaves
    /// alone; at the first that is not, nothing is kept and the writer takes the text.
    /// </summary>
    public void WriteString(ReadOnlySpan<char> text)
    {
        if (text.Length <= DirectTextLimit && TryWritePlain(text)) return;
        Scratch().WriteStringValue(text);
        CommitScratch();
    }

    private bool TryWritePlain(ReadOnlySpan<char> text)
    {
        var room = Room(text.Length * 3 + 2);
        room[0] = (byte)'"';
        // Most text is plain ASCII throughout, or up to a letter like å: that part is checked and narrowed by vector.
        var ascii = text.IndexOfAnyExcept(JsonSafeText.PlainAscii);
        if (ascii < 0) ascii = text.Length;
        Ascii.FromUtf16(text[..ascii], room[1..], out _);
        var at = 1 + ascii;
        var plain = JsonSafeText.Plain;
        foreach (var c in text[ascii..])
        {
            if (!plain[c]) return false;
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
        return true;
    }

    /// <summary>As <see cref="JsonValues.Write"/> writes a list of numbers: each item's canonical text, raw.</summary>
    private void WriteNumbers(ReadOnlySpan<double> items)
    {
        Span<char> buffer = stackalloc char[64];
        WriteRaw("["u8);
        for (var i = 0; i < items.Length; i++)
        {
            if (i > 0) WriteRaw(","u8);
            WriteAscii(ValueText.Spell(items[i], buffer));
        }
        WriteRaw("]"u8);
    }

    /// <summary>The writer for a value off the direct paths, emptied; <see cref="CommitScratch"/> appends what it wrote.</summary>
    private Utf8JsonWriter Scratch()
    {
        _scratch.ResetWrittenCount();
        _writer.Reset(_scratch);
        return _writer;
    }

    private void CommitScratch()
    {
        _writer.Flush();
        WriteRaw(_scratch.WrittenSpan);
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

    /// <summary>Bytes as they are: punctuation, names already encoded, members encoded before.</summary>
    public void WriteRaw(ReadOnlySpan<byte> bytes)
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
    public static bool[] Plain { get; } = Table();

    /// <summary>The ASCII characters of <see cref="Plain"/>, for a vector search.</summary>
    public static SearchValues<char> PlainAscii { get; } = SearchValues.Create([.. Enumerable.Range(0, 0x80).Where(c => Plain[c]).Select(c => (char)c)]);

    private static bool[] Table() => [.. Enumerable.Range(0, 0x10000).Select(c =>
        c >= 0x20 && c is not '"' and not '\\' && !char.IsSurrogate((char)c) && !Encoder.WillEncode(c))];
}
