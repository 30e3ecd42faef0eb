using System.Text;
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

    /// <summary>The row's URI, or null when a placeholder field is empty in that row.</summary>
    public string? Expand(ColumnBatch batch, int row, StringBuilder buffer)
    {
        buffer.Clear();
        foreach (var (literal, index) in _parts)
        {
            if (literal is not null) { buffer.Append(literal); continue; }
            var text = ValueText.Format(batch.Columns[index], row);
            if (string.IsNullOrEmpty(text)) return null;
            buffer.Append(Uri.EscapeDataString(text));
        }
        return buffer.ToString();
    }
}
