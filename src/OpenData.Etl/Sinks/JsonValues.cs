using System.Text;
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
            case StringColumn c: json.WriteStringValue(c.TextOf(row)); break;
            case ValueColumn<long> c: json.WriteNumberValue(c.Values[row]); break;
            case ValueColumn<int> c: json.WriteNumberValue(c.Values[row]); break;
            case ValueColumn<double> c: WriteNumber(json, c.Values[row]); break;
            case ValueColumn<decimal> c: WriteNumber(json, c.Values[row]); break;
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
                foreach (var item in l.ItemsOf(row)) WriteRaw(json, ValueText.Spell(item, buffer));
                json.WriteEndArray();
                break;
            // Dates and timestamps are spelt on the stack instead of into a string per value.
            case ValueColumn<DateOnly> c: json.WriteStringValue(ValueText.SpellDate(c.Values[row], stackalloc char[10])); break;
            case ValueColumn<DateTimeOffset> c: json.WriteStringValue(ValueText.Spell(c.Values[row], stackalloc char[64], ValueText.DateTimeFormat)); break;
            default: json.WriteStringValue(ValueText.Format(column, row)); break;
        }
    }

    /// <summary>
    /// A number as <see cref="Utf8JsonWriter.WriteNumberValue(double)"/> writes it, spelt by <see cref="ValueText"/>,
    /// which writes the commonest ones (whole numbers, coordinates of seven decimals) without the general
    /// shortest-round-trip search. NaN and infinities go to the writer, which refuses them as before.
    /// </summary>
    public static void WriteNumber(Utf8JsonWriter json, double value)
    {
        if (double.IsFinite(value))
            WriteRaw(json, ValueText.Spell(value, stackalloc char[64]));
        else
            json.WriteNumberValue(value);
    }

    /// <summary>A decimal as <see cref="Utf8JsonWriter.WriteNumberValue(decimal)"/> writes it (scale kept: 12.50).</summary>
    public static void WriteNumber(Utf8JsonWriter json, decimal value) => WriteRaw(json, ValueText.Spell(value, stackalloc char[64]));

    private static void WriteRaw(Utf8JsonWriter json, ReadOnlySpan<char> number)
    {
        Span<byte> utf8 = stackalloc byte[64];
        Ascii.FromUtf16(number, utf8, out var written);
        json.WriteRawValue(utf8[..written], skipInputValidation: true);
    }
}
