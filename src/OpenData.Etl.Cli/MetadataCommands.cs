using System.CommandLine;
using OpenData.Etl.Diagnostics;
using OpenData.Etl.Metadata;
using OpenData.Etl.Rdf;

namespace OpenData.Etl.Cli;

/// <summary><c>odetl metadata validate</c>: the offline DCAT-AP-SE check, driven by the embedded bundle.json.</summary>
internal static class MetadataCommands
{
    public static Command Metadata(TextWriter stdout, TextWriter stderr)
    {
        var command = new Command("metadata", "Work with DCAT-AP-SE metadata (the catalog Sveriges dataportal harvests).");
        command.Subcommands.Add(Validate(stdout, stderr));
        return command;
    }

    private static Command Validate(TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<string>("file") { Description = "An RDF/XML (.rdf) or Turtle (.ttl) file." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print only errors, not warnings." };
        var command = new Command("validate", "Check a DCAT-AP-SE file offline against DCAT-AP-SE 3.0.1 (bundle.json): mandatory and maximum cardinalities, node kinds, datatypes, controlled lists, patterns, disjoint groups, HVD dependencies and deprecated items. Exit code 3 when there is an error.\n\nExample:\n  odetl metadata validate out/livsmedelskontroller/livsmedelskontroller.rdf")
        {
            file,
            quiet,
        };
        command.SetAction((parse, cancellationToken) => OdetlCli.Guard(stderr, async () =>
        {
            var path = parse.GetValue(file)!;
            var display = path;
            if (!File.Exists(path))
                throw new EtlException(FailureKind.Io, Diagnostic.Error(Codes.FileNotFound, "metadata file not found.", new TextLocation(display)));
            var graph = RdfFiles.Read(path, display);
            var diagnostics = DcatValidator.Default.Validate(graph, display);
            var errors = diagnostics.Count(d => d.IsError);
            foreach (var diagnostic in diagnostics.Where(d => d.IsError || !parse.GetValue(quiet)))
                await stderr.WriteLineAsync(diagnostic.ToString()).ConfigureAwait(false);
            await stdout.WriteLineAsync($"{display}: {errors} error{(errors == 1 ? "" : "s")}, {diagnostics.Count - errors} warning{(diagnostics.Count - errors == 1 ? "" : "s")}").ConfigureAwait(false);
            return errors > 0 ? ExitCodes.DataError : ExitCodes.Success;
        }));
        return command;
    }
}
