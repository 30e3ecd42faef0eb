using OpenData.Etl.Data;
using OpenData.Etl.Diagnostics;
using OpenData.Etl.Mapping;
using OpenData.Etl.Metadata;
using OpenData.Etl.Pipelines;
using OpenData.Etl.Protection;
using OpenData.Etl.Sinks;

namespace OpenData.Etl.Running;

/// <summary>
/// Runs one pipeline: bind everything (schema, source header, classification) before reading a row,
/// then one streaming pass from the source through mapping and validation into every output format.
/// </summary>
public sealed class PipelineRunner(TextWriter? log = null)
{
    /// <summary>Rows per batch, and per Parquet row group.</summary>
    public int BatchSize { get; init; } = 65_536;

    /// <summary>The clock for metadata dates (dcterms:issued/modified); injected so tests and reruns are reproducible.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    public async Task<RunResult> RunAsync(Pipeline pipeline, CancellationToken cancellationToken = default)
    {
        // Metadata is checked before any data is read: a pipeline that promises a dataset description fails closed without one.
        var catalog = pipeline.Dataset is null ? null : MetadataChecks.LoadCatalog(pipeline);
        using var prepared = PipelineValidator.Prepare(pipeline);
        var (bound, facts, source, sourceName) = (prepared.Bound, prepared.Facts, prepared.Source, prepared.SourceName);
        var temporal = pipeline.Dataset?.TemporalField is { } temporalField ? MetadataChecks.TemporalFor(bound, pipeline.Dataset, temporalField) : null;
        log?.WriteLine($"reading {sourceName} ({facts.Length:N0} bytes, {facts.Encoding.WebName})");

        using var staging = new StagingArea(pipeline.Resolve(pipeline.Outputs.Directory));
        var errors = new DataErrors(sourceName);
        var findings = new PersonalDataFindings(sourceName);
        var mapper = new RowMapper(bound, source, errors, findings, BatchSize);
        ColumnBatch? batch = bound.CreateBatch(BatchSize); // the sinks' template, then the first batch in circulation
        var header = batch.Columns.Select(c => c.Name).ToList();

        var files = pipeline.Outputs.Formats.Select(f => (Format: f, Name: $"{pipeline.Outputs.FileStem}.{Extension(f)}")).ToList();
        var sinks = new List<IRowSink>();
        long written = 0;
        try
        {
            foreach (var (format, name) in files)
                sinks.Add(await CreateSinkAsync(format, staging.PathFor(name), header, batch, bound.FieldOffset, cancellationToken).ConfigureAwait(false));

            await BatchFlow.RunAsync(
                create: () =>
                {
                    var next = batch ?? bound.CreateBatch(BatchSize);
                    batch = null;
                    return next;
                },
                fill: mapper.Fill,
                // After the first bad row nothing will be published, so writing further rows is wasted work.
                publish: () => errors.Count == 0 && !findings.Any,
                write: async (filled, token) =>
                {
                    foreach (var sink in sinks) await sink.WriteAsync(filled, token).ConfigureAwait(false);
                    temporal?.Observe(filled);
                    written += filled.Count;
                },
                cancellationToken).ConfigureAwait(false);

            if (errors.Count > 0 || findings.Any) throw new EtlException(FailureKind.Data, [.. findings.ToDiagnostics(), .. errors.ToDiagnostics()]);
            foreach (var sink in sinks) await sink.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (var sink in sinks) await sink.DisposeAsync().ConfigureAwait(false);
        }

        IReadOnlyList<string> metadataFiles = [];
        if (catalog is not null)
        {
            // Hashing a gigabyte of output takes seconds; the files are independent, so both cores share it.
            var staged = files.AsParallel().AsOrdered().Select(f => MetadataPublisher.Inspect(Extension(f.Format), f.Name, staging.PathFor(f.Name))).ToList();
            var publisher = new MetadataPublisher(catalog, Time);
            var stem = pipeline.Outputs.FileStem;
            var boundingBoxWkt = mapper.Bounds?.ToWkt();
            var description = publisher.Describe(pipeline, staged, temporal, boundingBoxWkt, Path.Combine(staging.TargetDirectory, stem + ".rdf"));
            metadataFiles = publisher.Write(description, stem, staging.Directory);
            foreach (var warning in publisher.Warnings) log?.WriteLine(warning);
        }

        var published = staging.Publish(files.Select(f => f.Name).Concat(metadataFiles));
        var outputs = files.Zip(published, (f, p) => new OutputFile(f.Format, p.FinalPath, p.Bytes, p.Sha256)).ToList();
        return new RunResult(pipeline.Name, facts.Sha256, mapper.RowsRead, written, outputs, prepared.KeyId)
        {
            BoundingBox = mapper.Bounds,
            MetadataFiles = [.. published.Skip(files.Count).Select(p => p.FinalPath)],
        };
    }

    private static async Task<IRowSink> CreateSinkAsync(OutputFormat format, string path, IReadOnlyList<string> header, ColumnBatch batch, int fieldOffset, CancellationToken cancellationToken)
    {
        var stream = new OutputFileStream(path);
        return format switch
        {
            OutputFormat.Csv => new CsvSink(stream, header),
            OutputFormat.Json => new JsonSink(stream, header),
            OutputFormat.Parquet => await ParquetSink.CreateAsync(stream, batch.Columns, batch.Geometry, cancellationToken).ConfigureAwait(false),
            OutputFormat.GeoJson => new GeoJsonSink(stream, batch.Columns, fieldOffset),
            _ => throw new NotSupportedException(format.ToString()),
        };
    }

    public static string Extension(OutputFormat format) => format.ToString().ToLowerInvariant();
}
