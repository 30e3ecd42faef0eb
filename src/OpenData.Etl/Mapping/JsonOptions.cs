using System.Text.Encodings.Web;
using System.Text.Json;

namespace OpenData.Etl.Mapping;

internal static class JsonOptions
{
    /// <summary>
    /// Files, not HTML: keep åäö and quotes readable instead of \u-escaping them. The relaxed encoder still
    /// escapes control characters, so the output is valid JSON.
    /// </summary>
    public static JsonWriterOptions Writer { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false };
}
