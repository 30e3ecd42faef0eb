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

    /// <summary>
    /// <see cref="Writer"/> for the JSON and GeoJSON sinks, which write the same fixed shape for every row (the
    /// golden files hold it): checking every token against the nesting so far is work for each value that can
    /// never find anything, so it is skipped. The bytes written are the same.
    /// </summary>
    public static JsonWriterOptions Sink { get; } = Writer with { SkipValidation = true };
}
