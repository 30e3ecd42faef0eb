using OpenData.Etl.Aggregation;
using OpenData.Etl.Data;
using OpenData.Etl.Diagnostics;
using OpenData.Etl.Mapping;
using OpenData.Etl.Metadata;
using OpenData.Etl.Pipelines;
using OpenData.Etl.Protection;
using OpenData.Etl.Reporting;
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

    /// <summary>Recorded in run.json; a new version makes <c>--if-changed</c> run again.</summary>
    public string ToolVersion { get; init; } = DefaultToolVersion;

    /// <summary>Everything but the publish step: outputs are written to the staging folder and discarded.</summary>
    public bool DryRun { get; init; }

    /// <summary>Told after every batch; the CLI turns it into a progress line.</summary>
    public IProgress<RunProgress>? Progress { get; init; }

    /// <summary>Each uniqueness check's in-memory table cap (a power of two); tests lower it to force spilling to disk.</summary>
    internal int KeyTableSlots { get; init; } = SpillingHashSet.DefaultMaxSlots;

    public static string DefaultToolVersion { get; } =
        typeof(PipelineRunner).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public async Task<RunResult> RunAsync(Pipeline pipeline, CancellationToken cancellationToken = default)
    {
        var started = Time.GetUtcNow();
        var startTicks = Time.GetTimestamp();
        // Metadata is checked before any data is read: a pipeline that promises a dataset description fails closed without one.
        var catalog = pipeline.Dataset is null ? null : MetadataChecks.LoadCatalog(pipeline);
        using var prepared = PipelineValidator.Prepare(pipeline);
        var (bound, facts, source, sourceName) = (prepared.Bound, prepared.Facts, prepared.Source, prepared.SourceName);
        var inputs = RunReport.InputsOf(pipeline, (facts.Length, facts.Sha256));
        var temporal = pipeline.Dataset?.TemporalField is { } temporalField ? MetadataChecks.TemporalFor(bound, pipeline.Dataset, temporalField) : null;
        log?.WriteLine($"reading {sourceName} ({facts.Length:N0} bytes, {prepared.Kind})");
        foreach (var warning in prepared.Warnings) log?.WriteLine(warning);

        using var staging = new StagingArea(pipeline.Resolve(pipeline.Outputs.Directory));
        var errors = new DataErrors(sourceName);
        var findings = new PersonalDataFindings(sourceName);
        // Disposed before the staging area (declared after it), which deletes the folder the keys spill into.
        using var mapper = new RowMapper(bound, source, errors, findings, BatchSize, staging.Directory, KeyTableSlots);
        ColumnBatch? batch = bound.CreateBatch(BatchSize); // the sinks' template, then the first batch in circulation
        var header = batch.Columns.Select(c => c.Name).ToList();
        var sample = new PublishedSample();

        var files = pipeline.Outputs.Formats.Select(f => (Format: f, Name: $"{pipeline.Outputs.FileStem}.{Extension(f)}")).ToList();
        var sinks = new List<IRowSink>();
        long written = 0;
        try
        {
            var markers = AggregateOutputs.CsvNullMarkers(pipeline, bound, header.Count);
            foreach (var (format, name) in files)
                sinks.Add(await CreateSinkAsync(format, staging.PathFor(name), header, batch, bound.FieldOffset, markers, cancellationToken).ConfigureAwait(false));

            await BatchFlow.RunAsync(
                create: () =>
                {
                    var next = batch ?? bound.CreateBatch(BatchSize);
                    batch = null;
                    return next;
                },
                fill: mapper.Fill,
                // After the first bad row nothing will be published, so writing further rows is wasted work,
                // unless bad rows are skipped: they are already left out of the batch.
                publish: () => !findings.Any && (errors.Count == 0 || pipeline.Source.OnBadRow == BadRowPolicy.Skip),
                write: async (filled, token) =>
                {
                    foreach (var sink in sinks) await sink.WriteAsync(filled, token).ConfigureAwait(false);
                    temporal?.Observe(filled);
                    sample.Observe(filled);
                    written += filled.Count;
                    Progress?.Report(new RunProgress(mapper.RowsRead, written, prepared.File?.BytesRead ?? 0, facts.Length, Time.GetElapsedTime(startTicks)));
                },
                cancellationToken).ConfigureAwait(false);

            BadRowPolicyCheck.Apply(pipeline.Source, errors, findings, mapper.RowsRead, written, mapper.RowsRejected, mapper.StoppedEarly, sourceName, log);
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

        // The report describes the staged files, so it is published in the same step as the data, last.
        var report = await StageReportAsync(pipeline, staging, [.. files.Select(f => (f.Name, Extension(f.Format))), .. metadataFiles.Select(m => (m, Path.GetExtension(m).TrimStart('.')))],
            inputs, prepared, mapper, written, sample, started, startTicks, cancellationToken).ConfigureAwait(false);

        if (DryRun)
            return new RunResult(pipeline.Name, facts.Sha256, mapper.RowsRead, written, [], prepared.KeyId) { BoundingBox = mapper.Bounds, Report = report };

        var known = report.Outputs.ToDictionary(o => o.File, o => (o.Bytes, o.Sha256), StringComparer.Ordinal);
        var published = staging.Publish(files.Select(f => f.Name).Concat(metadataFiles).Append(RunReport.JsonFileName).Append(RunReport.HtmlFileName), known);
        var outputs = files.Zip(published, (f, p) => new OutputFile(f.Format, p.FinalPath, p.Bytes, p.Sha256)).ToList();
        return new RunResult(pipeline.Name, facts.Sha256, mapper.RowsRead, written, outputs, prepared.KeyId)
        {
            Report = report,
            ReportFiles = [.. published.Skip(files.Count + metadataFiles.Count).Select(p => p.FinalPath)],
            BoundingBox = mapper.Bounds,
            RowsRejected = mapper.RowsRejected,
            MetadataFiles = [.. published.Skip(files.Count).Take(metadataFiles.Count).Select(p => p.FinalPath)],
            Statistics = AggregateOutputs.Figures(source),
        };
    }

    private async Task<RunReport> StageReportAsync(Pipeline pipeline, StagingArea staging, IReadOnlyList<(string Name, string Format)> staged, IReadOnlyList<ReportInput> inputs,
        PreparedRun prepared, RowMapper mapper, long written, PublishedSample sample, DateTimeOffset started, long startTicks, CancellationToken cancellationToken)
    {
        var outputs = staged.Select(f => new ReportOutput(f.Name, f.Format, new FileInfo(staging.PathFor(f.Name)).Length, RunReport.Sha256Of(staging.PathFor(f.Name)))).ToList();
        var report = new RunReport(pipeline.Name, Path.GetFileName(pipeline.FilePath), RunReport.Sha256Of(pipeline.FilePath), ToolVersion, inputs, prepared.KeyId,
            mapper.RowsRead, written, ReportColumns.For(pipeline, prepared.Source), outputs, sample, mapper.Bounds,
            new ReportTimings(started, Time.GetUtcNow(), Time.GetElapsedTime(startTicks).TotalSeconds))
        {
            Disclosure = AggregateOutputs.Figures(prepared.Source),
        };
        await using (var stream = File.Create(staging.PathFor(RunReport.JsonFileName))) RunReportJson.Write(report, stream);
        await File.WriteAllTextAsync(staging.PathFor(RunReport.HtmlFileName), RunReportHtml.Render(report), cancellationToken).ConfigureAwait(false);
        return report;
    }

    private static async Task<IRowSink> CreateSinkAsync(OutputFormat format, string path, IReadOnlyList<string> header, ColumnBatch batch, int fieldOffset, IReadOnlyList<string?>? csvNullMarkers, CancellationToken cancellationToken)
    {
        var stream = new OutputFileStream(path);
        return format switch
        {
            OutputFormat.Csv => new CsvSink(stream, header, csvNullMarkers),
            OutputFormat.Json => new JsonSink(stream, header),
            OutputFormat.Parquet => await ParquetSink.CreateAsync(stream, batch.Columns, batch.Geometry, cancellationToken).ConfigureAwait(false),
            OutputFormat.GeoJson => new GeoJsonSink(stream, batch.Columns, fieldOffset),
            _ => throw new NotSupportedException(format.ToString()),
        };
    }

    public static string Extension(OutputFormat format) => format.ToString().ToLowerInvariant();
}
