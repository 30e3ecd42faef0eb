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
            // Text first: most columns are text, and each case above it is one more type test per value.
            case StringColumn c: json.WriteStringValue(c.Values[row]); break;
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
                Span<char> buffer = stackalloc char[64];
                json.WriteStartArray();
                foreach (var item in l.ItemsOf(row)) json.WriteRawValue(ValueText.Spell(item, buffer), skipInputValidation: true);
                json.WriteEndArray();
                break;
            // Dates and timestamps are spelt on the stack instead of into a string per value.
            case ValueColumn<DateOnly> c: json.WriteStringValue(ValueText.SpellDate(c.Values[row], stackalloc char[10])); break;
            case ValueColumn<DateTimeOffset> c: json.WriteStringValue(ValueText.Spell(c.Values[row], stackalloc char[64], ValueText.DateTimeFormat)); break;
            default: json.WriteStringValue(ValueText.Format(column, row)); break;
        }
    }
}
