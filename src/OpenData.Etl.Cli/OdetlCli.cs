using System.CommandLine;
using OpenData.Etl.Diagnostics;
using OpenData.Etl.Mapping;
using OpenData.Etl.Metadata;
using OpenData.Etl.Pipelines;
using OpenData.Etl.Running;

namespace OpenData.Etl.Cli;

/// <summary>
/// The odetl command line: a thin host that parses arguments, calls the engine and maps the outcome to
/// a documented exit code. Results go to <c>stdout</c>, diagnostics and progress to <c>stderr</c>.
/// </summary>
public static class OdetlCli
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        var root = BuildRoot(stdout, stderr);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) await stderr.WriteLineAsync($"odetl: error: {error.Message}").ConfigureAwait(false);
            await stderr.WriteLineAsync("Run 'odetl --help' for usage.").ConfigureAwait(false);
            return ExitCodes.ConfigurationError;
        }
        var configuration = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
        return await parse.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
    }

    private static RootCommand BuildRoot(TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("odetl: publish internal exports as open data. Classify every column, protect what is personal, map to a published specification and write CSV, JSON and Parquet.");
        root.Subcommands.Add(RunCommand(stdout, stderr));
        root.Subcommands.Add(ValidateCommand(stdout, stderr));
        root.Subcommands.Add(ScanCommand.Create(stdout, stderr));
        root.Subcommands.Add(MetadataCommands.Metadata(stdout, stderr));
        root.Subcommands.Add(MetadataCommands.Catalog(stdout, stderr));
        return root;
    }

    private static Command RunCommand(TextWriter stdout, TextWriter stderr)
    {
        var pipelineArgument = new Argument<string>("pipeline") { Description = "The pipeline file (YAML) to run, or a folder: every pipeline in it, then its catalog (catalog.output in catalog.yaml)." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print only errors." };
        var outputDir = new Option<string?>("--output-dir", "-o") { Description = "Publish into this folder instead of the pipeline's outputs.dir." };
        var command = new Command("run", "Read the source export, apply classification and mapping, validate against the specification and publish all outputs, or nothing.\n\nExample:\n  odetl run pipelines/livsmedelskontroller.yaml")
        {
            pipelineArgument,
            quiet,
            outputDir,
        };
        command.SetAction((parse, cancellationToken) => Guard(stderr, async () =>
        {
            var target = parse.GetValue(pipelineArgument)!;
            var isQuiet = parse.GetValue(quiet);
            if (Directory.Exists(target))
            {
                // A folder: every pipeline in it, then the catalog of everything they published.
                // With -o each pipeline publishes into DIR/NAME and the catalog goes to DIR/catalog.rdf.
                var root = parse.GetValue(outputDir);
                var described = false;
                foreach (var file in CatalogMerger.PipelineFiles(target))
                {
                    var loaded = PipelineLoader.Load(PathDisplay.For(file));
                    if (root is not null)
                        loaded = loaded with { Outputs = loaded.Outputs with { Directory = Path.Combine(Path.GetFullPath(root), loaded.Name) } };
                    described |= loaded.Dataset is not null;
                    await RunOneAsync(loaded, isQuiet, stdout, stderr, cancellationToken).ConfigureAwait(false);
                }
                if (described)
                    await MetadataCommands.WriteCatalogAsync(target, root is null ? null : Path.Combine(root, "catalog.rdf"), root, stdout).ConfigureAwait(false);
                return ExitCodes.Success;
            }
            var pipeline = PipelineLoader.Load(target);
            if (parse.GetValue(outputDir) is { } dir)
                pipeline = pipeline with { Outputs = pipeline.Outputs with { Directory = Path.GetFullPath(dir) } };
            await RunOneAsync(pipeline, isQuiet, stdout, stderr, cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static string Extent(RunResult result) => result.BoundingBox is { } b
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"; WGS 84 extent {b.West},{b.South} to {b.East},{b.North}")
        : "";

    private static string StatisticsText(Aggregation.StatisticsFigures s)
    {
        var parts = new List<string>();
        if (s.Cells > 0) parts.Add($"{s.SourceRows:N0} source rows aggregated into {s.Cells:N0} cells (margins included), {s.Primary:N0} primary and {s.Secondary:N0} secondary suppressions");
        if (s.SmallestGroup is { } k) parts.Add($"smallest quasi-identifier group published k = {k:N0}{(s.RowsSuppressed > 0 ? $" ({s.SmallestGroupInSource:N0} in the source; {s.RowsSuppressed:N0} rows in smaller groups suppressed)" : "")}");
        return string.Join("; ", parts);
    }

    private static async Task RunOneAsync(Pipeline pipeline, bool quiet, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var result = await new PipelineRunner(quiet ? null : stderr).RunAsync(pipeline, cancellationToken).ConfigureAwait(false);
        foreach (var output in result.Outputs)
            await stdout.WriteLineAsync($"wrote {PathDisplay.For(output.Path)} ({result.RowsWritten:N0} rows, {output.Bytes:N0} bytes)").ConfigureAwait(false);
        foreach (var metadata in result.MetadataFiles)
            await stdout.WriteLineAsync($"wrote {PathDisplay.For(metadata)} (DCAT-AP-SE metadata)").ConfigureAwait(false);
        if (!quiet)
        {
            var key = result.KeyId is null ? "" : $", pseudonyms with key {result.KeyId}";
            await stderr.WriteLineAsync($"{result.PipelineName}: {result.RowsRead:N0} rows read, {result.RowsWritten:N0} written{key}{Extent(result)}").ConfigureAwait(false);
            if (result.Statistics is { } s) await stderr.WriteLineAsync($"{result.PipelineName}: {StatisticsText(s)}").ConfigureAwait(false);
        }
    }

    private static Command ValidateCommand(TextWriter stdout, TextWriter stderr)
    {
        var pipelineArgument = new Argument<string>("pipeline") { Description = "The pipeline file (YAML) to check." };
        var command = new Command("validate", "Check a pipeline file, its specification schema and the source header (classification gate, mapping references) without reading any data row.\n\nExample:\n  odetl validate pipelines/livsmedelskontroller.yaml")
        {
            pipelineArgument,
        };
        command.SetAction((parse, cancellationToken) => Guard(stderr, async () =>
        {
            var path = parse.GetValue(pipelineArgument)!;
            PipelineValidator.Validate(PipelineLoader.Load(path));
            await stdout.WriteLineAsync($"{path}: ok").ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>
    /// Maps every failure to its exit code and prints it safely: engine diagnostics never hold non-public
    /// values, and unexpected exceptions are reported by type only, since their messages could quote data.
    /// </summary>
    internal static async Task<int> Guard(TextWriter stderr, Func<Task<int>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (EtlException e)
        {
            foreach (var diagnostic in e.Diagnostics) await stderr.WriteLineAsync(diagnostic.ToString()).ConfigureAwait(false);
            return e.ExitCode;
        }
        catch (OperationCanceledException)
        {
            await stderr.WriteLineAsync("odetl: cancelled; nothing was published.").ConfigureAwait(false);
            return ExitCodes.IoError;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"error {Codes.OutputFailed}: {e.Message} Nothing was published.").ConfigureAwait(false);
            return ExitCodes.IoError;
        }
        catch (Exception e)
        {
            await stderr.WriteLineAsync($"odetl: internal error ({e.GetType().Name}); nothing was published. Please report it with the pipeline file.").ConfigureAwait(false);
            return ExitCodes.InternalError;
        }
    }
}
