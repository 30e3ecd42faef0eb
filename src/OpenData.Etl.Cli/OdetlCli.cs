using System.CommandLine;
using OpenData.Etl.Diagnostics;

namespace OpenData.Etl.Cli;

/// <summary>
/// The odetl command line: a thin host that parses arguments, calls the engine and maps the outcome to
/// a documented exit code. Results go to <c>stdout</c>, diagnostics and progress to <c>stderr</c>.
/// </summary>
public static class OdetlCli
{
    /// <summary>The tool's version (the CLI assembly's), recorded in run.json and compared by <c>run --if-changed</c>.</summary>
    public static string Version { get; } = typeof(OdetlCli).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

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
        var root = new RootCommand("odetl: publish internal exports as open data. Classify every column, protect what is personal, map to a published specification and write CSV, JSON, GeoJSON and Parquet with DCAT-AP-SE metadata.");
        root.Subcommands.Add(RunCommand.Create(stdout, stderr));
        root.Subcommands.Add(ValidateCommand.Create(stdout, stderr));
        root.Subcommands.Add(PreviewCommand.Create(stdout, stderr));
        root.Subcommands.Add(ScanCommand.Create(stdout, stderr));
        root.Subcommands.Add(MetadataCommands.Metadata(stdout, stderr));
        root.Subcommands.Add(MetadataCommands.Catalog(stdout, stderr));
        // Help wraps to the terminal's width; written anywhere else (a file, a test) it wraps at a fixed width so it is stable.
        if (!ReferenceEquals(stdout, Console.Out) || Console.IsOutputRedirected)
        {
            foreach (var help in root.Options.OfType<System.CommandLine.Help.HelpOption>())
            {
                if (help.Action is System.CommandLine.Help.HelpAction action) action.MaxWidth = 100;
            }
        }
        return root;
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
