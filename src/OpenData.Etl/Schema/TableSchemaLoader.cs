using System.Text.Json;
using System.Text.RegularExpressions;
using OpenData.Etl.Diagnostics;

namespace OpenData.Etl.Schema;

/// <summary>Reads a Frictionless Table Schema JSON file; every problem is reported with the file and JSON line.</summary>
public static class TableSchemaLoader
{
    /// <summary>What a schema pattern is wrapped in to match the whole value (<see cref="SimplePattern"/> takes it off again).</summary>
    internal const string WholeValueStart = "^(?:", WholeValueEnd = ")$";

    private static readonly Dictionary<string, FieldType> Types = new(StringComparer.Ordinal)
    {
        ["string"] = FieldType.String,
        ["integer"] = FieldType.Integer,
        ["number"] = FieldType.Number,
        ["boolean"] = FieldType.Boolean,
        ["date"] = FieldType.Date,
        ["datetime"] = FieldType.DateTime,
        ["year"] = FieldType.Year,
        ["array"] = FieldType.Array,
    };

    public static TableSchema Load(string path, string displayPath)
    {
        if (!File.Exists(path))
            throw new EtlException(FailureKind.Configuration, Diagnostic.Error(Codes.FileNotFound, "specification schema file not found.", new TextLocation(displayPath)));

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            var at = new TextLocation(displayPath, (int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1);
            throw new EtlException(FailureKind.Configuration, Diagnostic.Error(Codes.SchemaInvalid, "the schema is not valid JSON.", at));
        }

        using (document)
        {
            var errors = new List<Diagnostic>();
            void Error(string message) => errors.Add(Diagnostic.Error(Codes.SchemaInvalid, message, new TextLocation(displayPath)));

            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("fields", out var fieldsElement) || fieldsElement.ValueKind != JsonValueKind.Array)
                throw new EtlException(FailureKind.Configuration, Diagnostic.Error(Codes.SchemaInvalid, "a Table Schema is an object with a 'fields' array.", new TextLocation(displayPath)));

            var fields = new List<TableField>();
            foreach (var element in fieldsElement.EnumerateArray())
            {
                var name = element.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : null;
                if (name is null) { Error($"field #{fields.Count + 1} has no 'name'."); continue; }
                var typeName = element.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "string";
                if (!Types.TryGetValue(typeName, out var type))
                {
                    errors.Add(Diagnostic.Error(Codes.UnsupportedType, $"field '{name}' has type '{typeName}', which is not supported; use one of {string.Join(", ", Types.Keys)}.", new TextLocation(displayPath)));
                    continue;
                }
                if (fields.Any(f => f.Name == name)) Error($"field '{name}' appears twice.");
                fields.Add(new TableField(name, type, OptionalString(element, "title"), OptionalString(element, "description"), ReadConstraints(element, name, Error)));
            }

            var primaryKey = ReadPrimaryKey(root);
            foreach (var key in primaryKey.Where(k => fields.All(f => f.Name != k)))
                Error($"primaryKey names '{key}', which is not a field.{DidYouMean.Hint(key, fields.Select(f => f.Name))}");

            if (errors.Count > 0) throw new EtlException(FailureKind.Configuration, errors);
            return new TableSchema(path, fields, primaryKey);
        }
    }

    private static FieldConstraints ReadConstraints(JsonElement field, string name, Action<string> error)
    {
        if (!field.TryGetProperty("constraints", out var c) || c.ValueKind != JsonValueKind.Object)
            return new FieldConstraints(false, false, null, null, null, null, null, null);

        Regex? pattern = null;
        if (OptionalString(c, "pattern") is { } p)
        {
            try
            {
                // Table Schema patterns match the whole value (XML Schema semantics). The non-backtracking engine
                // runs in linear time, so no pattern can hang a run; a wall-clock timeout could instead fire on a
                // busy server or during a garbage collection and fail a valid row. Patterns it cannot run
                // (backreferences, lookarounds) keep the backtracking engine with a timeout against hostile patterns.
                var anchored = WholeValueStart + p + WholeValueEnd;
                try
                {
                    pattern = new Regex(anchored, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
                }
                catch (NotSupportedException)
                {
                    pattern = new Regex(anchored, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
                }
            }
            catch (ArgumentException)
            {
                error($"field '{name}' has an invalid pattern.");
            }
        }

        List<string>? enumValues = null;
        if (c.TryGetProperty("enum", out var e) && e.ValueKind == JsonValueKind.Array)
            enumValues = e.EnumerateArray().Select(Text).ToList();

        return new FieldConstraints(
            Required: c.TryGetProperty("required", out var r) && r.ValueKind == JsonValueKind.True,
            Unique: c.TryGetProperty("unique", out var u) && u.ValueKind == JsonValueKind.True,
            Enum: enumValues,
            Pattern: pattern,
            Minimum: c.TryGetProperty("minimum", out var min) ? Text(min) : null,
            Maximum: c.TryGetProperty("maximum", out var max) ? Text(max) : null,
            MinLength: c.TryGetProperty("minLength", out var minL) && minL.TryGetInt32(out var a) ? a : null,
            MaxLength: c.TryGetProperty("maxLength", out var maxL) && maxL.TryGetInt32(out var b) ? b : null);
    }

    private static List<string> ReadPrimaryKey(JsonElement root)
    {
        if (!root.TryGetProperty("primaryKey", out var pk)) return [];
        return pk.ValueKind switch
        {
            JsonValueKind.String => [pk.GetString()!],
            JsonValueKind.Array => pk.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToList(),
            _ => [],
        };
    }

    private static string? OptionalString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string Text(JsonElement e) => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText();
}
