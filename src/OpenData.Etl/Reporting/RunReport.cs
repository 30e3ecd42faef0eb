using System.Security.Cryptography;
using OpenData.Etl.Geo;
using OpenData.Etl.Pipelines;

namespace OpenData.Etl.Reporting;

/// <summary>A file the run read: its role (source, schema, catalog), the path as the pipeline names it, size and digest.</summary>
public sealed record ReportInput(string Role, string Path, long Bytes, string Sha256);

/// <summary>A published file, by name inside the output folder.</summary>
public sealed record ReportOutput(string File, string Format, long Bytes, string Sha256);

/// <summary>One source column's classification, action and how many of its values protection changed.</summary>
public sealed record ReportColumn(string Name, string Class, string Action, string? Transform, long? ValuesChanged);

/// <summary>Wall-clock facts, kept apart because they are the only part of the report that differs between identical runs.</summary>
public sealed record ReportTimings(DateTimeOffset Started, DateTimeOffset Finished, double Seconds);

/// <summary>
/// What a run read, did and published: written as run.json (for schedulers and <c>--if-changed</c>) and
/// report.html (for analysts). Holds no value of any non-public column: the sample is of published rows.
/// </summary>
public sealed record RunReport(
    string PipelineName,
    string PipelineFile,
    string PipelineSha256,
    string ToolVersion,
    IReadOnlyList<ReportInput> Inputs,
    string? KeyId,
    long RowsRead,
    long RowsWritten,
    IReadOnlyList<ReportColumn> Columns,
    IReadOnlyList<ReportOutput> Outputs,
    PublishedSample Sample,
    GeoBounds? Extent,
    ReportTimings Timings)
{
    public const string JsonFileName = "run.json";
    public const string HtmlFileName = "report.html";

    public long RowsRejected => RowsRead - RowsWritten;

    /// <summary>Disclosure control: cells and suppressions of an aggregate, the smallest k of a row-level output.</summary>
    public Aggregation.StatisticsFigures? Disclosure { get; init; }

    /// <summary>The files whose change makes a rerun necessary, with the tool version: the <c>--if-changed</c> fingerprint.</summary>
    public static IReadOnlyList<ReportInput> InputsOf(Pipeline pipeline) =>
        [Describe("source", pipeline.Source.Path, pipeline.Resolve(pipeline.Source.Path)), .. OtherInputsOf(pipeline)];

    /// <summary>
    /// <see cref="InputsOf(Pipeline)"/> for a run, whose source digest is computed while the run reads the source
    /// (<see cref="Sources.SourceFileFacts"/>): the other inputs are described now, as the run starts, and the list
    /// is complete once the source's digest is.
    /// </summary>
    public static async Task<IReadOnlyList<ReportInput>> InputsOfAsync(Pipeline pipeline, long sourceBytes, Task<string> sourceSha256)
    {
        var others = OtherInputsOf(pipeline);
        var sha256 = await sourceSha256.ConfigureAwait(false);
        return [new ReportInput("source", pipeline.Source.Path.Replace('\\', '/'), sourceBytes, sha256), .. others];
    }

    private static List<ReportInput> OtherInputsOf(Pipeline pipeline)
    {
        var inputs = new List<ReportInput> { Describe("schema", pipeline.Specification.SchemaPath, pipeline.Resolve(pipeline.Specification.SchemaPath)) };
        if (pipeline.Dataset is not null)
        {
            var catalog = Metadata.MetadataPublisher.CatalogPathFor(pipeline);
            if (File.Exists(catalog)) inputs.Add(Describe("catalog", Path.GetFileName(catalog), catalog));
        }
        // The key file is not listed: its digest would fingerprint the secret. The key id in the report identifies it.
        return inputs;
    }

    /// <summary>
    /// The id of the key a run would pseudonymise with, or null when none is used or it cannot be loaded;
    /// a rotated key changes every pseudonym, so <c>--if-changed</c> must run again.
    /// </summary>
    public static string? KeyIdOf(Pipeline pipeline)
    {
        if (pipeline.Protection.Key is not { } key || !pipeline.Columns.Any(c => c.Action == ColumnAction.Pseudonymise)) return null;
        try
        {
            return Protection.Pseudonymiser.IdOf(Protection.KeyLoader.Load(key, pipeline));
        }
        catch (Diagnostics.EtlException)
        {
            return null;
        }
    }

    private static ReportInput Describe(string role, string shown, string fullPath) =>
        new(role, shown.Replace('\\', '/'), new FileInfo(fullPath).Length, Sha256Of(fullPath));

    public static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
