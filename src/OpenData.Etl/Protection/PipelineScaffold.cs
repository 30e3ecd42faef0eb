using System.Globalization;
using System.Text;
using System.Text.Json;
using OpenData.Etl.Schema;

namespace OpenData.Etl.Protection;

/// <summary>
/// Writes a starter pipeline (and a draft Table Schema) from a profile for <c>odetl scan --init</c>.
/// Every column carries its suggestion and a 'review' note: the run refuses to start until a person has
/// checked each classification and removed the note.
/// </summary>
public static class PipelineScaffold
{
    public static (string Pipeline, string Schema) Create(ExportProfile profile, string sourcePathFromPipeline, string schemaFileName, string name)
    {
        var published = profile.Columns.Where(c => c.SuggestedAction != "drop").ToList();
        var yaml = new StringBuilder();
        yaml.Append(CultureInfo.InvariantCulture, $"""
            # Starter pipeline written by 'odetl scan --init' from {profile.DisplayName}.
            # Review every column: check its class and action, then delete its 'review' line. The run refuses to
            # start while any 'review' remains. Replace the draft specification with the published one when there is one.
            name: {name}

            source:
              path: {Quote(sourcePathFromPipeline)}
              encoding: {(profile.Facts.Encoding.WebName == "utf-8" ? "utf-8" : "windows-1252")}
              delimiter: {Quote(profile.Delimiter == '\t' ? "tab" : profile.Delimiter.ToString())}
              decimal: {Quote(profile.DecimalSeparator.ToString())}

            columns:

            """);
        foreach (var c in profile.Columns)
        {
            var options = c.SuggestedAction == "mask" ? ", keep-start: 6, only: personnummer" : "";
            yaml.Append(CultureInfo.InvariantCulture, $"  {Quote(c.Name)}: {{ class: {c.Class()}, action: {c.SuggestedAction}{options}, review: {Quote(c.Evidence)} }}\n");
        }
        yaml.Append(CultureInfo.InvariantCulture, $"""

            specification:
              uri: https://example.org/specifications/{name}/draft   # replace with the published specification's URI
              schema: {schemaFileName}

            mapping:
              fields:

            """);
        foreach (var c in published) yaml.Append(CultureInfo.InvariantCulture, $"    {Quote(c.Name)}: {Quote(c.Name)}\n");
        yaml.Append(CultureInfo.InvariantCulture, $"""

            outputs:
              dir: out/{name}
              formats: [csv, json, parquet]

            """);
        return (yaml.ToString(), SchemaJson(published));
    }

    private static string Class(this ColumnProfile c) => c.SuggestedClass.ToString().ToLowerInvariant();

    private static string SchemaJson(IEnumerable<ColumnProfile> columns)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("$comment", "Draft Table Schema inferred by odetl scan --init; replace with the published specification's schema.");
            json.WriteStartArray("fields");
            foreach (var c in columns)
            {
                json.WriteStartObject();
                json.WriteString("name", c.Name);
                json.WriteString("type", c.InferredType switch
                {
                    FieldType.DateTime => "datetime",
                    var t => t.ToString().ToLowerInvariant(),
                });
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>Double-quoted YAML scalar, safe for any column name or note.</summary>
    private static string Quote(string text) =>
        $"\"{JsonEncodedText.Encode(text, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping).Value}\"";
}
