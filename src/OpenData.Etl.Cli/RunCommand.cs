using System.CommandLine;
using System.Globalization;
using OpenData.Etl.Diagnostics;
using OpenData.Etl.Metadata;
using OpenData.Etl.Pipelines;
using OpenData.Etl.Reporting;
using OpenData.Etl.Running;

namespace OpenData.Etl.Cli;

/// <summary><c>odetl run PIPELINE|FOLDER</c>: publish one pipeline, or every pipeline in a folder and their catalog.</summary>
internal static class RunCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var pipelineArgument = new Argument<string>("pipeline") { Description = "The pipeline file (YAML) to run, or a folder: every pipeline in it, then its catalog (catalog.output in catalog.yaml)." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print only errors: no progress, no summary on stderr." };
        var outputDir = new Option<string?>("--output-dir", "-o") { Description = "Publish into this folder instead of the pipeline's outputs.dir." };
        var ifChanged = new Option<bool>("--if-changed") { Description = "Skip a pipeline whose source, schema, catalog, key, pipeline file and odetl version are unchanged since its last successful run (read from run.json in its output folder)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Do everything but publish: read, protect, map, validate and write to the staging folder, then discard." };
        var command = new Command("run", "Read the source export, apply classification and mapping, validate against the specification and publish all outputs, or nothing. Every run also publishes run.json (inputs, hashes, figures) and report.html.\n\nExamples:\n  odetl run pipelines/livsmedelskontroller.yaml\n  odetl run pipelines/ --if-changed -q\n  odetl run pipelines/livsmedelskontroller.yaml --dry-run")
        {
            pipelineArgument, quiet, outputDir, ifChanged, dryRun,
        };
        command.SetAction((parse, cancellationToken) => OdetlCli.Guard(stderr, async () =>
        {
            var target = parse.GetValue(pipelineArgument)!;
            var options = new RunOptions(parse.GetValue(quiet), parse.GetValue(ifChanged), parse.GetValue(dryRun), SourceDateEpoch.FromEnvironment());
            var root = parse.GetValue(outputDir);
            if (Directory.Exists(target))
            {
                // A folder: every pipeline in it, then the catalog of everything they published.
                // With -o each pipeline publishes into DIR/NAME and the catalog goes to DIR/catalog.rdf.
                var described = false;
                var files = CatalogMerger.PipelineFiles(target);
                if (files.Count == 0)
                    throw new EtlException(FailureKind.Configuration, Diagnostic.Error(Codes.NoPipelineFiles, "the folder holds no pipeline file (*.yaml other than catalog.yaml).", new TextLocation(target)));
                foreach (var file in files)
                {
                    var loaded = PipelineLoader.Load(PathDisplay.For(file));
                    if (root is not null)
                        loaded = loaded with { Outputs = loaded.Outputs with { Directory = Path.Combine(Path.GetFullPath(root), loaded.Name) } };
                    described |= loaded.Dataset is not null;
                    await RunOneAsync(loaded, options, stdout, stderr, cancellationToken).ConfigureAwait(false);
                }
                if (described && !options.DryRun)
                    await MetadataCommands.WriteCatalogAsync(target, root is null ? null : Path.Combine(root, "catalog.rdf"), root, stdout).ConfigureAwait(false);
                return ExitCodes.Success;
            }
            var pipeline = PipelineLoader.Load(target);
            if (root is not null)
                pipeline = pipeline with { Outputs = pipeline.Outputs with { Directory = Path.GetFullPath(root) } };
            await RunOneAsync(pipeline, options, stdout, stderr, cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    private sealed record RunOptions(bool Quiet, bool IfChanged, bool DryRun, TimeProvider Time);

    private static async Task RunOneAsync(Pipeline pipeline, RunOptions options, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var toolVersion = OdetlCli.Version;
        if (options.IfChanged && !options.DryRun)
        {
            var outputFolder = pipeline.Resolve(pipeline.Outputs.Directory);
            if (IsUpToDate(pipeline, outputFolder, toolVersion))
            {
                await stdout.WriteLineAsync($"skipped {pipeline.Name}: source, schema, key, pipeline file and odetl version unchanged since the run recorded in {PathDisplay.For(Path.Combine(outputFolder, RunReport.JsonFileName))}").ConfigureAwait(false);
                return;
            }
        }

        var progress = options.Quiet ? null : new ProgressPrinter(stderr, pipeline.Name, ProgressPrinter.IsTerminal(stderr));
        var runner = new PipelineRunner(options.Quiet ? null : stderr) { ToolVersion = toolVersion, DryRun = options.DryRun, Progress = progress, Time = options.Time };
        RunResult result;
        try
        {
            result = await runner.RunAsync(pipeline, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            progress?.Finish();
        }

        if (options.DryRun)
        {
            var formats = string.Join(", ", pipeline.Outputs.Formats.Select(PipelineRunner.Extension));
            await stdout.WriteLineAsync($"dry run {pipeline.Name}: would publish {result.RowsWritten:N0} rows ({formats}) into {PathDisplay.For(pipeline.Resolve(pipeline.Outputs.Directory))}; nothing was published").ConfigureAwait(false);
        }
        foreach (var output in result.Outputs)
            await stdout.WriteLineAsync($"wrote {PathDisplay.For(output.Path)} ({result.RowsWritten:N0} rows, {output.Bytes:N0} bytes)").ConfigureAwait(false);
        foreach (var metadata in result.MetadataFiles)
            await stdout.WriteLineAsync($"wrote {PathDisplay.For(metadata)} (DCAT-AP-SE metadata)").ConfigureAwait(false);
        foreach (var report in result.ReportFiles)
            await stdout.WriteLineAsync($"wrote {PathDisplay.For(report)} (run report)").ConfigureAwait(false);
        if (!options.Quiet)
        {
            var key = result.KeyId is null ? "" : $", pseudonyms with key {result.KeyId}";
            var rejected = result.RowsRejected > 0 ? $", {result.RowsRejected:N0} rejected" : "";
            await stderr.WriteLineAsync($"{result.PipelineName}: {result.RowsRead:N0} rows read, {result.RowsWritten:N0} written{rejected}{key}{Extent(result)}").ConfigureAwait(false);
            if (result.Statistics is { } statistics) await stderr.WriteLineAsync($"{result.PipelineName}: {StatisticsText(statistics)}").ConfigureAwait(false);
        }
    }

    /// <summary>A missing or unreadable input is "changed": the run then reports it with its proper diagnostic.</summary>
    private static bool IsUpToDate(Pipeline pipeline, string outputFolder, string toolVersion)
    {
        try
        {
            return RunReportJson.IsUpToDate(outputFolder, RunReport.Sha256Of(pipeline.FilePath), toolVersion, RunReport.InputsOf(pipeline), RunReport.KeyIdOf(pipeline));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static string Extent(RunResult result) => result.BoundingBox is { } b
        ? string.Create(CultureInfo.InvariantCulture, $"; WGS 84 extent {b.West},{b.South} to {b.East},{b.North}")
        : "";

    private static string StatisticsText(OpenData.Etl.Aggregation.StatisticsFigures s)
    {
        var parts = new List<string>();
        if (s.Cells > 0) parts.Add($"{s.SourceRows:N0} source rows aggregated into {s.Cells:N0} cells (margins included), {s.Primary:N0} primary and {s.Secondary:N0} secondary suppressions");
        if (s.SmallestGroup is { } k) parts.Add($"smallest quasi-identifier group published k = {k:N0}{(s.RowsSuppressed > 0 ? $" ({s.SmallestGroupInSource:N0} in the source; {s.RowsSuppressed:N0} rows in smaller groups suppressed)" : "")}");
        return string.Join("; ", parts);
    }
}
