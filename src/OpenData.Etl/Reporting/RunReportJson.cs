using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace OpenData.Etl.Reporting;

/// <summary>
/// run.json: stable key order and formatting, so two runs over the same inputs give the same bytes except
/// for the <c>timings</c> object. Also reads back the fingerprint <c>--if-changed</c> compares.
/// </summary>
public static class RunReportJson
{
    public const int FormatVersion = 1;

    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write(RunReport report, Stream stream)
    {
        using var json = new Utf8JsonWriter(stream, Options);
        json.WriteStartObject();
        json.WriteNumber("format", FormatVersion);
        json.WriteStartObject("pipeline");
        json.WriteString("name", report.PipelineName);
        json.WriteString("file", report.PipelineFile);
        json.WriteString("sha256", report.PipelineSha256);
        json.WriteEndObject();
        json.WriteStartObject("tool");
        json.WriteString("name", "odetl");
        json.WriteString("version", report.ToolVersion);
        json.WriteEndObject();

        json.WriteStartArray("inputs");
        foreach (var input in report.Inputs)
        {
            json.WriteStartObject();
            json.WriteString("role", input.Role);
            json.WriteString("path", input.Path);
            json.WriteNumber("bytes", input.Bytes);
            json.WriteString("sha256", input.Sha256);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        if (report.KeyId is null) json.WriteNull("key-id");
        else json.WriteString("key-id", report.KeyId);

        json.WriteStartObject("rows");
        json.WriteNumber("read", report.RowsRead);
        json.WriteNumber("written", report.RowsWritten);
        json.WriteNumber("rejected", report.RowsRejected);
        json.WriteEndObject();

        json.WriteStartArray("columns");
        foreach (var column in report.Columns)
        {
            json.WriteStartObject();
            json.WriteString("name", column.Name);
            json.WriteString("class", column.Class);
            json.WriteString("action", column.Action);
            if (column.Transform is not null) json.WriteString("transform", column.Transform);
            if (column.ValuesChanged is { } changed) json.WriteNumber("values-changed", changed);
            json.WriteEndObject();
        }
        json.WriteEndArray();

        json.WriteStartObject("steps");
        json.WriteStartObject("protection");
        foreach (var action in new[] { "pseudonymise", "mask", "generalise", "derive" })
            json.WriteNumber(action == "derive" ? "derived" : action + "d", report.Columns.Where(c => c.Action == action).Sum(c => c.ValuesChanged ?? 0));
        json.WriteNumber("columns-dropped", report.Columns.Count(c => c.Action == "drop"));
        json.WriteEndObject();
        if (report.Disclosure is { } d)
        {
            json.WriteStartObject("disclosure-control");
            json.WriteNumber("source-rows", d.SourceRows);
            json.WriteNumber("cells", d.Cells);
            json.WriteNumber("primary-suppressions", d.Primary);
            json.WriteNumber("secondary-suppressions", d.Secondary);
            if (d.SmallestGroup is { } k) json.WriteNumber("smallest-k", k);
            json.WriteNumber("rows-suppressed", d.RowsSuppressed);
            json.WriteEndObject();
        }
        if (report.Extent is { } extent)
        {
            json.WriteStartObject("geometry");
            json.WriteNumber("points", report.Sample.PointCount);
            json.WriteStartArray("wgs84-extent");
            foreach (var v in new[] { extent.West, extent.South, extent.East, extent.North }) json.WriteNumberValue(v);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndObject();

        json.WriteStartArray("outputs");
        foreach (var output in report.Outputs)
        {
            json.WriteStartObject();
            json.WriteString("file", output.File);
            json.WriteString("format", output.Format);
            json.WriteNumber("bytes", output.Bytes);
            json.WriteString("sha256", output.Sha256);
            json.WriteEndObject();
        }
        json.WriteEndArray();

        json.WriteStartObject("timings");
        json.WriteString("started", report.Timings.Started.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture));
        json.WriteString("finished", report.Timings.Finished.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture));
        json.WriteNumber("seconds", Math.Round(report.Timings.Seconds, 3));
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>
    /// True when the folder holds a report of a successful run with the same pipeline file, inputs, key id and
    /// tool version, and every output it lists is still there with its size. Anything unreadable means "changed".
    /// </summary>
    public static bool IsUpToDate(string outputDirectory, string pipelineSha256, string toolVersion, IReadOnlyList<ReportInput> inputs, string? keyId)
    {
        var path = Path.Combine(outputDirectory, RunReport.JsonFileName);
        if (!File.Exists(path)) return false;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            if (root.GetProperty("pipeline").GetProperty("sha256").GetString() != pipelineSha256) return false;
            if (root.GetProperty("tool").GetProperty("version").GetString() != toolVersion) return false;
            if (root.GetProperty("key-id").GetString() != keyId) return false;
            var previous = root.GetProperty("inputs").EnumerateArray()
                .Select(i => (i.GetProperty("role").GetString(), i.GetProperty("sha256").GetString())).ToList();
            if (!previous.SequenceEqual(inputs.Select(i => ((string?)i.Role, (string?)i.Sha256)))) return false;
            return root.GetProperty("outputs").EnumerateArray().All(o =>
            {
                var file = new FileInfo(Path.Combine(outputDirectory, o.GetProperty("file").GetString()!));
                return file.Exists && file.Length == o.GetProperty("bytes").GetInt64();
            });
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or IOException)
        {
            return false;
        }
    }
}
