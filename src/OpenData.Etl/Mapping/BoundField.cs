using System.Globalization;
using OpenData.Etl.Data;
using OpenData.Etl.Diagnostics;
using OpenData.Etl.Pipelines;
using OpenData.Etl.Schema;

namespace OpenData.Etl.Mapping;

/// <summary>
/// One specification field bound to its sources: knows where its text comes from, how to turn it into
/// a typed value and which constraints the value must meet. Built once, applied to every row.
/// </summary>
internal sealed class BoundField
{
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>>? _valueMap;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>>? _enum;
    private readonly SimplePattern? _simplePattern;
    private readonly IComparable? _minimum;
    private readonly IComparable? _maximum;
    private char[] _scratch = new char[256];

    public BoundField(TableField field, FieldMapping? mapping, int[] sourceIndexes, bool valuesArePublic, char decimalSeparator, TimeZoneInfo zone)
    {
        Field = field;
        Mapping = mapping;
        SourceIndexes = sourceIndexes;
        ValuesArePublic = valuesArePublic;
        DecimalSeparator = decimalSeparator;
        Zone = zone;
        if (mapping?.ValueMap is { } map) _valueMap = new Dictionary<string, string>(map, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        if (field.Constraints.Enum is { } values) _enum = new HashSet<string>(values, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        if (field.Constraints.Pattern is { } pattern) _simplePattern = SimplePattern.TryCreate(pattern);
        _minimum = ParseBound(field.Constraints.Minimum);
        _maximum = ParseBound(field.Constraints.Maximum);
        if (mapping?.Decimals is { } decimals) _maxDecimal = MaxDecimal(decimals);
        var c = field.Constraints;
        HasConstraints = c.Required || c.Enum is not null || c.Pattern is not null || c.MinLength is not null || c.MaxLength is not null || _minimum is not null || _maximum is not null;
        // Soft hyphens (U+00AD) are invisible hyphenation hints that exports carry over from word processors:
        // layout, not content, so they are always removed, with whatever 'strip' names.
        _strip = System.Buffers.SearchValues.Create((mapping?.Strip ?? "") + "\u00AD");
    }

    public TableField Field { get; }

    public FieldMapping? Mapping { get; }

    /// <summary>Indexes of the source columns feeding this field, in mapping order.</summary>
    public int[] SourceIndexes { get; }

    /// <summary>Whether values may be quoted in messages: only when every source column is public.</summary>
    public bool ValuesArePublic { get; }

    public char DecimalSeparator { get; }

    public TimeZoneInfo Zone { get; }

    public bool IsNumericList => Mapping?.Items == "number";

    /// <summary>Kinds of personal data the pipeline allows in this field, with a stated reason.</summary>
    public Protection.PersonalDataKind AllowedKinds { get; init; }

    public Column CreateColumn(int capacity) => Field.Type switch
    {
        FieldType.String => new StringColumn(Field.Name, FieldType.String, capacity),
        FieldType.Integer => new ValueColumn<long>(Field.Name, FieldType.Integer, capacity),
        FieldType.Number when Mapping?.Decimals is { } scale => new ValueColumn<decimal>(Field.Name, FieldType.Number, capacity) { Scale = scale },
        FieldType.Number => new ValueColumn<double>(Field.Name, FieldType.Number, capacity),
        FieldType.Boolean => new ValueColumn<bool>(Field.Name, FieldType.Boolean, capacity),
        FieldType.Date => new ValueColumn<DateOnly>(Field.Name, FieldType.Date, capacity),
        FieldType.DateTime => new ValueColumn<DateTimeOffset>(Field.Name, FieldType.DateTime, capacity),
        FieldType.Year => new ValueColumn<int>(Field.Name, FieldType.Year, capacity),
        FieldType.Array when IsNumericList => new NumberListColumn(Field.Name, capacity),
        FieldType.Array => new ListColumn(Field.Name, capacity),
        _ => throw new NotSupportedException(Field.Type.ToString()),
    };

    private readonly System.Buffers.SearchValues<char> _strip;

    /// <summary>Whether the field has any constraint to check, so that <see cref="Check"/> can find anything; most have none.</summary>
    public bool HasConstraints { get; }

    /// <summary>The exclusive bound of a field with 'decimals' (<see cref="MaxDecimal"/>), worked out once, not per value.</summary>
    private readonly decimal _maxDecimal;

    /// <summary>Strips configured characters and applies the value map; the result is valid until the next call.</summary>
    public ReadOnlySpan<char> Prepare(ReadOnlySpan<char> text)
    {
        if (text.ContainsAny(_strip))
        {
            if (_scratch.Length < text.Length) _scratch = new char[text.Length * 2];
            var n = 0;
            foreach (var c in text)
            {
                if (_strip.Contains(c)) continue;
                _scratch[n++] = c;
            }
            text = _scratch.AsSpan(0, n);
        }
        if (_valueMap is { } map && map.TryGetValue(text, out var mapped)) return mapped;
        return text;
    }

    /// <summary>Parses <paramref name="text"/> into the column; false (and the column untouched) when it does not parse.</summary>
    public bool TryConvert(ReadOnlySpan<char> text, Column column, int row)
    {
        switch (column)
        {
            case StringColumn c:
                c.Set(row, text);
                return true;
            case ValueColumn<long> c when ValueParsers.TryParseInteger(text, out var l):
                c.Set(row, l);
                return true;
            case ValueColumn<double> c when ValueParsers.TryParseDouble(text, DecimalSeparator, out var d):
                c.Set(row, d);
                return true;
            case ValueColumn<decimal> c when ValueParsers.TryParseDecimal(text, DecimalSeparator, out var m):
                var scale = Mapping!.Decimals!.Value;
                var rounded = decimal.Round(m, scale);
                if (rounded != m) return false; // more decimals than the field keeps: refuse rather than round
                if (Math.Abs(m) >= _maxDecimal) return false; // would not fit Parquet's DECIMAL(18, scale)
                c.Set(row, rounded + new decimal(0, 0, 0, false, (byte)scale)); // fixes the scale for stable text
                return true;
            case ValueColumn<bool> c when ValueParsers.TryParseBoolean(text, out var b):
                c.Set(row, b);
                return true;
            case ValueColumn<DateOnly> c when ValueParsers.TryParseDate(text, Mapping?.Format, out var date):
                c.Set(row, date);
                return true;
            case ValueColumn<DateTimeOffset> c when ValueParsers.TryParseDateTime(text, Mapping?.Format, Zone, out var dt):
                c.Set(row, dt);
                return true;
            case ValueColumn<int> c when ValueParsers.TryParseYear(text, out var y):
                c.Set(row, y);
                return true;
            case ListColumn c:
                c.Set(row, [.. ListItems(text)]);
                return true;
            case NumberListColumn c:
                return TryConvertNumbers(text, c, row);
            default:
                return false;
        }
    }

    /// <summary>One source value as list items: split on the mapping's 'split' (blank items dropped), or the whole value.</summary>
    private List<string> ListItems(ReadOnlySpan<char> text)
    {
        var items = new List<string>();
        if (Mapping?.Split is not { Length: > 0 } separator)
        {
            items.Add(text.ToString());
            return items;
        }
        foreach (var range in text.Split(separator))
        {
            var item = text[range].Trim();
            if (!item.IsEmpty) items.Add(item.ToString());
        }
        return items;
    }

    /// <summary>Splits one source value into numbers (mapping 'split'); false if any item is not a number.</summary>
    private bool TryConvertNumbers(ReadOnlySpan<char> text, NumberListColumn column, int row)
    {
        var numbers = new List<double>();
        if (Mapping?.Split is not { Length: > 0 } separator)
        {
            if (!ValueParsers.TryParseDouble(text, DecimalSeparator, out var d)) return false;
            numbers.Add(d);
        }
        else
        {
            foreach (var range in text.Split(separator))
            {
                var item = text[range].Trim();
                if (item.IsEmpty) continue;
                if (!ValueParsers.TryParseDouble(item, DecimalSeparator, out var d)) return false;
                numbers.Add(d);
            }
        }
        column.Set(row, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(numbers));
        return true;
    }

    /// <summary>Exclusive upper bound of DECIMAL(18, scale): 10^(18 - scale).</summary>
    private static decimal MaxDecimal(int scale)
    {
        var max = 1m;
        for (var i = 0; i < 18 - scale; i++) max *= 10;
        return max;
    }

    /// <summary>Parses one list item from its own source column (e.g. one coordinate of a pair).</summary>
    public bool TryParseItem(ReadOnlySpan<char> text, out double value) => ValueParsers.TryParseDouble(text, DecimalSeparator, out value);

    /// <summary>The first constraint the value at <paramref name="row"/> breaks, as (code, rule), or null.</summary>
    public (string Code, string Rule)? Check(Column column, int row)
    {
        if (!HasConstraints) return null;
        var c = Field.Constraints;
        if (column.IsNull[row])
            return c.Required ? (Codes.RequiredMissing, "required: the field must have a value") : null;

        if (_enum is { } allowed && !allowed.Contains(ValueText.TextOf(column, row)))
            return (Codes.EnumViolation, $"enum: must be one of {string.Join(", ", c.Enum!)}");

        if (column is StringColumn s)
        {
            var value = s.TextOf(row);
            if (c.Pattern is { } pattern && !(_simplePattern?.IsMatch(value) ?? pattern.IsMatch(value)))
                return (Codes.PatternViolation, $"pattern: must match {pattern}");
            if (c.MinLength is { } minLength && value.Length < minLength)
                return (Codes.LengthViolation, $"minLength: at least {minLength} characters");
            if (c.MaxLength is { } maxLength && value.Length > maxLength)
                return (Codes.LengthViolation, $"maxLength: at most {maxLength} characters");
        }
        else if (column is ListColumn or NumberListColumn)
        {
            var count = column is ListColumn list ? list.Values[row]!.Length : ((NumberListColumn)column).ItemsOf(row).Length;
            if (c.MinLength is { } minItems && count < minItems) return (Codes.LengthViolation, $"minLength: at least {minItems} items");
            if (c.MaxLength is { } maxItems && count > maxItems) return (Codes.LengthViolation, $"maxLength: at most {maxItems} items");
        }

        if (_minimum is not null && CompareTo(column, row, _minimum) < 0)
            return (Codes.RangeViolation, $"minimum: must be at least {c.Minimum}");
        if (_maximum is not null && CompareTo(column, row, _maximum) > 0)
            return (Codes.RangeViolation, $"maximum: must be at most {c.Maximum}");
        return null;
    }

    /// <summary>
    /// The value against a bound parsed by <see cref="ParseBound"/> (numbers as decimal), without boxing the value;
    /// 0 for types without an order.
    /// </summary>
    private static int CompareTo(Column column, int row, IComparable bound) => column switch
    {
        ValueColumn<long> c => ((decimal)c.Values[row]).CompareTo((decimal)bound),
        ValueColumn<double> c => ((decimal)c.Values[row]).CompareTo((decimal)bound),
        ValueColumn<decimal> c => c.Values[row].CompareTo((decimal)bound),
        ValueColumn<int> c => ((decimal)c.Values[row]).CompareTo((decimal)bound),
        ValueColumn<DateOnly> c => c.Values[row].CompareTo((DateOnly)bound),
        ValueColumn<DateTimeOffset> c => c.Values[row].CompareTo((DateTimeOffset)bound),
        _ => 0,
    };

    /// <summary>Parses a minimum/maximum constraint into the same comparable form as the values.</summary>
    private IComparable? ParseBound(string? text)
    {
        if (text is null) return null;
        return Field.Type switch
        {
            FieldType.Integer or FieldType.Number or FieldType.Year when decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
            FieldType.Date when DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) => date,
            FieldType.DateTime when DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var dt) => dt,
            _ => null,
        };
    }

    /// <summary>Human words for the expected form of a value, for "found X, expected Y" messages.</summary>
    public string ExpectedForm() => Field.Type switch
    {
        FieldType.Integer => "a whole number",
        FieldType.Number when Mapping?.Decimals is { } d => $"a number with at most {d} decimals and {18 - d} integer digits (decimal separator '{DecimalSeparator}')",
        FieldType.Number => $"a number (decimal separator '{DecimalSeparator}')",
        FieldType.Boolean => "true/false or 1/0 (map other words with 'map')",
        FieldType.Date => $"a date as {Mapping?.Format ?? "yyyy-MM-dd"}",
        FieldType.DateTime => Mapping?.Format is { } f ? $"a date and time as {f}" : "a date and time such as 2024-03-05T09:30:00+01:00 or 2024-03-05 09:30",
        FieldType.Year => "a four-digit year",
        FieldType.Array when IsNumericList => "numbers",
        _ => "text",
    };
}
