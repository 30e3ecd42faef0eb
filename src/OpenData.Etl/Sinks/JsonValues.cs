using System.Text.Json;
using OpenData.Etl.Data;
using OpenData.Etl.Mapping;

namespace OpenData.Etl.Sinks;

/// <summary>Typed JSON values, shared by the JSON and GeoJSON writers so a value looks the same in both.</summary>
internal static class JsonValues
{
    public static void Write(Utf8JsonWriter json, Column column, int row)
    {
        if (column.IsNull[row])
        {
            json.WriteNullValue();
            return;
        }
        switch (column)
        {
            case ValueColumn<long> c: json.WriteNumberValue(c.Values[row]); break;
            case ValueColumn<int> c: json.WriteNumberValue(c.Values[row]); break;
            case ValueColumn<double> c: json.WriteNumberValue(c.Values[row]); break;
            case ValueColumn<decimal> c: json.WriteNumberValue(c.Values[row]); break;
            case ValueColumn<bool> c: json.WriteBooleanValue(c.Values[row]); break;
            case ListColumn l:
                json.WriteStartArray();
                foreach (var item in l.Values[row]!) json.WriteStringValue(item);
                json.WriteEndArray();
                break;
            case NumberListColumn l:
                // Raw canonical text rather than WriteNumberValue, so a number reads the same in JSON and CSV.
                Span<char> text = stackalloc char[32];
                json.WriteStartArray();
                foreach (var item in l.ItemsOf(row))
                {
                    ValueText.TryFormat(item, text, out var n);
                    json.WriteRawValue(text[..n], skipInputValidation: true);
                }
                json.WriteEndArray();
                break;
            case ValueColumn<DateOnly> c: WriteFormatted(json, c.Values[row], "yyyy-MM-dd"); break;
            case ValueColumn<DateTimeOffset> c: WriteFormatted(json, c.Values[row], ValueText.DateTimeFormat); break;
            default: json.WriteStringValue(ValueText.Format(column, row)); break;
        }
    }

    /// <summary>ValueText's spelling of a date or timestamp, formatted on the stack instead of into a string per value.</summary>
    private static void WriteFormatted<T>(Utf8JsonWriter json, T value, string format) where T : ISpanFormattable
    {
        Span<char> text = stackalloc char[64];
        value.TryFormat(text, out var n, format, System.Globalization.CultureInfo.InvariantCulture);
        json.WriteStringValue(text[..n]);
    }
}
