using OpenData.Etl.Aggregation;
using OpenData.Etl.Diagnostics;
using OpenData.Etl.Mapping;
using OpenData.Etl.Pipelines;
using OpenData.Etl.Protection;
using OpenData.Etl.Schema;
using OpenData.Etl.Sources;

namespace OpenData.Etl.Running;

/// <summary>A pipeline bound to its schema and open source, ready to read rows.</summary>
internal sealed record PreparedRun(BoundPipeline Bound, SourceFileFacts Facts, ITabularSource Source, string SourceName, string? KeyId) : IDisposable
{
    /// <summary>The file reader under any protection wrapper, for progress.</summary>
    public CsvSource? File { get; init; }

    /// <summary>What the source noticed while opening (tidied header names, ignored options).</summary>
    public IReadOnlyList<Diagnostic> Warnings { get; init; } = [];

    /// <summary>How the source was read, for the run log: its text encoding, or "workbook".</summary>
    public string Kind => Source is ExcelSource || ExcelSource.Handles(SourceName) ? "workbook" : Facts.Encoding.WebName;

    public void Dispose() => Source.Dispose();
}

/// <summary>Everything <c>run</c> checks before the first data row, without reading one.</summary>
public static class PipelineValidator
{
    public static void Validate(Pipeline pipeline)
    {
        if (pipeline.Dataset is not null) MetadataChecks.LoadCatalog(pipeline);
        using var prepared = Prepare(pipeline);
        if (pipeline.Dataset?.TemporalField is { } field) MetadataChecks.TemporalFor(prepared.Bound, pipeline.Dataset, field);
    }

    /// <summary>Loads the schema, settles the source's encoding, reads its header and binds the pipeline.</summary>
    /// <param name="verifyEncodingLater">
    /// Let the source's encoding be settled from the front of the file and the rest be checked while rows are read
    /// (<see cref="SourceFileFacts.Verified"/>, which the caller must await before it publishes or reports).
    /// </param>
    internal static PreparedRun Prepare(Pipeline pipeline, bool verifyEncodingLater = false)
    {
        var schemaPath = pipeline.Resolve(pipeline.Specification.SchemaPath);
        var schema = TableSchemaLoader.Load(schemaPath, PathDisplay.For(schemaPath));
        var sourcePath = pipeline.Resolve(pipeline.Source.Path);
        var sourceName = PathDisplay.For(sourcePath);
        if (!File.Exists(sourcePath))
            throw new EtlException(FailureKind.Io, Diagnostic.Error(Codes.FileNotFound, "source file not found (the path is relative to the pipeline file).", new TextLocation(sourceName)));

        var (facts, source) = OpenSource(pipeline.Source, sourcePath, sourceName, verifyEncodingLater);
        try
        {
            var errors = new List<Diagnostic>();
            var warnings = source is ISourceWarnings noticed ? noticed.Warnings : [];
            var file = source as CsvSource; // workbooks are read whole by ExcelDataReader: no byte progress
            (source, var keyId) = ProtectionBinder.Wrap(pipeline, source, errors);
            var forMapping = pipeline;
            if (pipeline.Aggregate is { } aggregate) (source, forMapping) = AggregateBinder.Wrap(pipeline, aggregate, source, sourceName, errors);
            if (pipeline.KAnonymity is { } k)
                source = AggregateBinder.WrapKAnonymity(pipeline, k, source, errors, () => ProtectionBinder.Wrap(pipeline, OpenSource(pipeline.Source, sourcePath, sourceName).Item2, []).Source);
            return new PreparedRun(PipelineBinder.Bind(forMapping, schema, source.Header, sourceName, errors), facts, source, sourceName, keyId) { File = file, Warnings = warnings };
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    /// <summary>Workbooks and text exports are told apart by file extension, never by sniffing bytes.</summary>
    private static (SourceFileFacts, ITabularSource) OpenSource(SourceSpec spec, string path, string displayName, bool verifyEncodingLater = false)
    {
        if (ExcelSource.Handles(path)) return (ExcelSource.Inspect(path), ExcelSource.Open(path, displayName, spec));

        if (spec.Sheet is not null || spec.HeaderRows != 1)
            throw new EtlException(FailureKind.Configuration, Diagnostic.Error(Codes.InvalidValue,
                "'source.sheet' and 'source.header-rows' apply only to workbooks (.xlsx, .xls); this source is a text file.", spec.Location));
        var facts = SourceFileInspector.Inspect(path, displayName, spec.Encoding, verifyEncodingLater);
        return (facts, CsvSource.Open(path, displayName, spec, facts));
    }
}
