using System.Buffers;
using System.Diagnostics;
using OpenData.Etl.Data;

namespace OpenData.Etl.Mapping;

/// <summary>
/// A persistent-identifier template such as <c>https://data.example.se/inspektion/{inspection.idLocal}</c>.
/// Placeholders name specification fields; their values are percent-encoded so every row URI is a valid IRI.
/// </summary>
internal sealed class RowUriTemplate
{
    private readonly List<(string? Literal, int FieldIndex)> _parts;

    private RowUriTemplate(List<(string?, int)> parts, IReadOnlyList<string> placeholders)
    {
        _parts = parts;
        Placeholders = placeholders;
    }

    public IReadOnlyList<string> Placeholders { get; }

    /// <summary>Parses the template; <paramref name="fieldIndex"/> maps a field name to its column index or -1.</summary>
    public static RowUriTemplate? TryParse(string template, Func<string, int> fieldIndex, out string? error)
    {
        var parts = new List<(string?, int)>();
        var placeholders = new List<string>();
        var i = 0;
        while (i < template.Length)
        {
            var open = template.IndexOf('{', i);
            if (open < 0) { parts.Add((template[i..], -1)); break; }
            if (open > i) parts.Add((template[i..open], -1));
            var close = template.IndexOf('}', open);
            if (close < 0) { error = "a '{' has no closing '}'"; return null; }
            var name = template[(open + 1)..close];
            var index = fieldIndex(name);
            if (index < 0) { error = $"placeholder '{{{name}}}' is not a mapped field of the specification"; return null; }
            parts.Add((null, index));
            placeholders.Add(name);
            i = close + 1;
        }
        if (placeholders.Count == 0) { error = "the template has no {field} placeholder, so every row would get the same URI"; return null; }
        error = null;
        return new RowUriTemplate(parts, placeholders);
    }

    /// <summary>
    /// Writes the row's URI into <paramref name="buffer"/>, without a string; false when a placeholder field is empty
    /// in that row.
    /// </summary>
    public bool TryExpand(ColumnBatch batch, int row, ArrayBufferWriter<char> buffer)
    {
        buffer.ResetWrittenCount();
        foreach (var (literal, index) in _parts)
        {
            if (literal is not null)
            {
                buffer.Write(literal.AsSpan());
                continue;
            }
            var column = batch.Columns[index];
            if (column.IsNull[row]) return false;
            var text = ValueText.TextOf(column, row);
            if (text.IsEmpty) return false;
            // A character is percent-encoded as at most three UTF-8 bytes of three characters each (a surrogate pair
            // as four bytes for two characters), so nine characters each always suffice.
            if (!Uri.TryEscapeDataString(text, buffer.GetSpan(text.Length * 9), out var written))
                throw new UnreachableException("the escaped text outgrew the room made for it");
            buffer.Advance(written);
        }
        return true;
    }
}
