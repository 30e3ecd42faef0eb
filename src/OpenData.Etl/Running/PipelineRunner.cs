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
    /// <summary>Rows per Parquet row group, and at most per batch.</summary>
    public int BatchSize { get; init; } = 65_536;

    /// <summary>
    /// Rows per batch between the reading and the writing threads. Small, so that the values in a batch die young:
    /// with row-group-sized batches every value outlived several garbage collections and reached the oldest
    /// generation, which then grew through the run. The Parquet sink still writes row groups of <see cref="BatchSize"/>.
    /// </summary>
    internal int FlowBatchSize { get; init; } = 8_192;

    private int FlowBatch => Math.Min(BatchSize, FlowBatchSize);

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
        var withSha1 = catalog is not null; // SHA-1 is wanted only for the distributions' checksums in the metadata
        // The source's encoding is settled from the front of the file; the rest is checked while rows are read.
        using var prepared = PipelineValidator.Prepare(pipeline, verifyEncodingLater: true);
        var (bound, facts, source, sourceName) = (prepared.Bound, prepared.Facts, prepared.Source, prepared.SourceName);
        var inputs = RunReport.InputsOfAsync(pipeline, facts.Length, facts.Sha256Hashing);
        var temporal = pipeline.Dataset?.TemporalField is { } temporalField ? MetadataChecks.TemporalFor(bound, pipeline.Dataset, temporalField) : null;
        log?.WriteLine($"reading {sourceName} ({facts.Length:N0} bytes, {prepared.Kind})");
        foreach (var warning in prepared.Warnings) log?.WriteLine(warning);

        using var staging = new StagingArea(pipeline.Resolve(pipeline.Outputs.Directory));
        var errors = new DataErrors(sourceName);
        var findings = new PersonalDataFindings(sourceName);
        // Disposed before the staging area (declared after it), which deletes the folder the keys spill into.
        using var mapper = new RowMapper(bound, source, errors, findings, FlowBatch, staging.Directory, KeyTableSlots);
        ColumnBatch? batch = bound.CreateBatch(FlowBatch); // the sinks' template, then the first batch in circulation
        var header = batch.Columns.Select(c => c.Name).ToList();
        var sample = new PublishedSample();

        var files = pipeline.Outputs.Formats.Select(f => (Format: f, Name: $"{pipeline.Outputs.FileStem}.{Extension(f)}")).ToList();
        var sinks = new List<IRowSink>();
        var streams = new Dictionary<string, OutputFileStream>(StringComparer.Ordinal);
        long written = 0;
        JsonMembers? members = null;
        try
        {
            var markers = AggregateOutputs.CsvNullMarkers(pipeline, bound, header.Count);
            // The JSON and GeoJSON writers publish the same members for a row: encoded once for both.
            members = files.Any(f => f.Format is OutputFormat.Json or OutputFormat.GeoJson) ? new JsonMembers(batch.Columns, bound.FieldOffset) : null;
            foreach (var (format, name) in files)
            {
                var stream = streams[name] = new OutputFileStream(staging.PathFor(name), withSha1);
                sinks.Add(await CreateSinkAsync(format, stream, header, batch, bound.FieldOffset, markers, members, BatchSize, cancellationToken).ConfigureAwait(false));
            }

            await BatchFlow.RunAsync(
                create: () =>
                {
                    var next = batch ?? bound.CreateBatch(FlowBatch);
                    batch = null;
                    return next;
                },
                fill: mapper.FillWithoutScan,
                // After the first bad row nothing will be published, so writing further rows is wasted work,
                // unless bad rows are skipped: they are already left out of the batch.
                publish: () => errors.Count == 0 || pipeline.Source.OnBadRow == BadRowPolicy.Skip,
                dispatch: filled =>
                {
                    // Scanned here, before any writer sees the batch, while the reading thread fills the next one.
                    // Once personal data is found nothing will be published, so nothing more is written.
                    mapper.ScanForPersonalData(filled);
                    if (findings.Any) return false;
                    members?.Start(filled);
                    temporal?.Observe(filled);
                    sample.Observe(filled);
                    written += filled.Count;
                    Progress?.Report(new RunProgress(mapper.RowsRead, written, prepared.File?.BytesRead ?? 0, facts.Length, Time.GetElapsedTime(startTicks)));
                    return true;
                },
                writers: [.. sinks.Select(sink => (Func<ColumnBatch, CancellationToken, ValueTask>)sink.WriteAsync)],
                cancellationToken).ConfigureAwait(false);

            // A source that is not text in its encoding is the first thing to report, before any row's errors.
            await facts.Verified.ConfigureAwait(false);
            BadRowPolicyCheck.Apply(pipeline.Source, errors, findings, mapper.RowsRead, written, mapper.RowsRejected, mapper.StoppedEarly, sourceName, log);
            foreach (var sink in sinks) await sink.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (!facts.Verified.IsCompletedSuccessfully && !cancellationToken.IsCancellationRequested)
        {
            // Reading failed before the check of the source's encoding was done: a file that is not text in the
            // encoding settled for it explains the failure, and its error goes first; otherwise the failure stands.
            await facts.Verified.ConfigureAwait(false);
            throw;
        }
        finally
        {
            foreach (var sink in sinks) await sink.DisposeAsync().ConfigureAwait(false);
            members?.Dispose();
        }
        // What the writers hashed on the way out; a file without digests is read back.
        OutputDigests DigestsOf(string name) => streams[name].Digests ?? OutputDigests.Of(staging.PathFor(name), withSha1);
        var digests = files.ToDictionary(f => f.Name, f => DigestsOf(f.Name), StringComparer.Ordinal);

        IReadOnlyList<string> metadataFiles = [];
        if (catalog is not null)
        {
            var staged = files.Select(f => new StagedFile(Extension(f.Format), f.Name, staging.PathFor(f.Name), digests[f.Name].Bytes,
                digests[f.Name].Sha1 ?? throw new System.Diagnostics.UnreachableException("with a catalog every output is hashed with SHA-1"))).ToList();
            var publisher = new MetadataPublisher(catalog, Time);
            var stem = pipeline.Outputs.FileStem;
            var boundingBoxWkt = mapper.Bounds?.ToWkt();
            var description = publisher.Describe(pipeline, staged, temporal, boundingBoxWkt, Path.Combine(staging.TargetDirectory, stem + ".rdf"));
            metadataFiles = publisher.Write(description, stem, staging.Directory);
            foreach (var warning in publisher.Warnings) log?.WriteLine(warning);
        }

        // The report describes the staged files, so it is published in the same step as the data, last.
        var report = await StageReportAsync(pipeline, staging, [.. files.Select(f => (f.Name, Extension(f.Format))), .. metadataFiles.Select(m => (m, Path.GetExtension(m).TrimStart('.')))],
            await inputs.ConfigureAwait(false), prepared, mapper, written, sample, started, startTicks, digests, cancellationToken).ConfigureAwait(false);

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
        PreparedRun prepared, RowMapper mapper, long written, PublishedSample sample, DateTimeOffset started, long startTicks, Dictionary<string, OutputDigests> digests, CancellationToken cancellationToken)
    {
        var outputs = staged.Select(f => digests.TryGetValue(f.Name, out var d) ? new ReportOutput(f.Name, f.Format, d.Bytes, d.Sha256)
            : new ReportOutput(f.Name, f.Format, new FileInfo(staging.PathFor(f.Name)).Length, RunReport.Sha256Of(staging.PathFor(f.Name)))).ToList();
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

    private static async Task<IRowSink> CreateSinkAsync(OutputFormat format, OutputFileStream stream, IReadOnlyList<string> header, ColumnBatch batch, int fieldOffset, IReadOnlyList<string?>? csvNullMarkers,
        JsonMembers? members, int rowGroupSize, CancellationToken cancellationToken)
    {
        return format switch
        {
            OutputFormat.Csv => new CsvSink(stream, header, csvNullMarkers),
            OutputFormat.Json => new JsonSink(stream, header, members!, fieldOffset),
            OutputFormat.Parquet => await ParquetSink.CreateAsync(stream, batch.Columns, batch.Geometry, rowGroupSize, encodeAside: true, cancellationToken).ConfigureAwait(false),
            OutputFormat.GeoJson => new GeoJsonSink(stream, members!, fieldOffset),
            _ => throw new NotSupportedException(format.ToString()),
        };
    }

    public static string Extension(OutputFormat format) => format.ToString().ToLowerInvariant();
}
