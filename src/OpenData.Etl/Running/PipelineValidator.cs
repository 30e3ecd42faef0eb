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
    internal static PreparedRun Prepare(Pipeline pipeline)
    {
        var schemaPath = pipeline.Resolve(pipeline.Specification.SchemaPath);
        var schema = TableSchemaLoader.Load(schemaPath, PathDisplay.For(schemaPath));
        var sourcePath = pipeline.Resolve(pipeline.Source.Path);
        var sourceName = PathDisplay.For(sourcePath);
        if (!File.Exists(sourcePath))
            throw new EtlException(FailureKind.Io, Diagnostic.Error(Codes.FileNotFound, "source file not found (the path is relative to the pipeline file).", new TextLocation(sourceName)));

        var facts = SourceFileInspector.Inspect(sourcePath, sourceName, pipeline.Source.Encoding);
        ITabularSource source = CsvSource.Open(sourcePath, sourceName, pipeline.Source, facts);
        try
        {
            var errors = new List<Diagnostic>();
            (source, var keyId) = ProtectionBinder.Wrap(pipeline, source, errors);
            var forMapping = pipeline;
            if (pipeline.Aggregate is { } aggregate) (source, forMapping) = AggregateBinder.Wrap(pipeline, aggregate, source, sourceName, errors);
            if (pipeline.KAnonymity is { } k)
                source = AggregateBinder.WrapKAnonymity(pipeline, k, source, errors, () => ProtectionBinder.Wrap(pipeline, CsvSource.Open(sourcePath, sourceName, pipeline.Source, facts), []).Source);
            return new PreparedRun(PipelineBinder.Bind(forMapping, schema, source.Header, sourceName, errors), facts, source, sourceName, keyId);
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }
}
