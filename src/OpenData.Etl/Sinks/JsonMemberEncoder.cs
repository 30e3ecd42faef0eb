using System.Text.Json;
using OpenData.Etl.Data;
using OpenData.Etl.Mapping;

namespace OpenData.Etl.Sinks;

/// <summary>
/// Writes rows' members (<c>"name":value,…</c>) into one buffer, giving the bytes <see cref="Utf8JsonWriter"/> gives
/// for the same names and values (<see cref="JsonByteWriter"/>).
/// </summary>
internal sealed class JsonMemberEncoder : IDisposable
{
    private readonly byte[][] _names;
    private readonly JsonByteWriter _out = new();

    /// <param name="names">The columns' names; each is written escaped by the sinks' encoder, as the writer would.</param>
    public JsonMemberEncoder(IReadOnlyList<string> names) =>
        _names = [.. names.Select(name => (byte[])[(byte)'"', .. JsonEncodedText.Encode(name, JsonOptions.Sink.Encoder).EncodedUtf8Bytes, (byte)'"', (byte)':'])];

    /// <summary>Everything written since <see cref="Clear"/>.</summary>
    public ReadOnlySpan<byte> Written => _out.Written;

    /// <summary>Bytes written since <see cref="Clear"/>.</summary>
    public int Length => _out.Length;

    public void Clear() => _out.Clear();

    /// <summary>Appends the members of <paramref name="row"/> from column <paramref name="first"/> on, comma-separated, without braces.</summary>
    public void WriteMembers(IReadOnlyList<Column> columns, int first, int row)
    {
        for (var c = first; c < columns.Count; c++)
        {
            if (c > first) _out.WriteRaw(","u8);
            _out.WriteRaw(_names[c]);
            _out.WriteValue(columns[c], row);
        }
    }

    public void Dispose() => _out.Dispose();
}
