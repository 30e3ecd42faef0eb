using System.CommandLine;
using OpenData.Etl.Diagnostics;
using OpenData.Etl.Metadata;
using OpenData.Etl.Rdf;
using OpenData.Etl.Running;

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

    /// <summary><c>odetl catalog DIR [-o FILE]</c>: one catalog from every pipeline's last published metadata.</summary>
    public static Command Catalog(TextWriter stdout, TextWriter stderr)
    {
        var folder = new Argument<string>("folder") { Description = "The folder with the pipeline files and catalog.yaml." };
        var output = new Option<string?>("--output", "-o") { Description = "Where to write the catalog (.rdf for RDF/XML, .ttl for Turtle); default catalog.output in catalog.yaml." };
        var command = new Command("catalog", "Merge the DCAT-AP-SE metadata every pipeline in a folder last published into one catalog (publisher and contact point described once), validate it and write it.\n\nExample:\n  odetl catalog pipelines/ -o out/catalog.rdf")
        {
            folder,
            output,
        };
        command.SetAction((parse, cancellationToken) => OdetlCli.Guard(stderr, async () =>
        {
            await WriteCatalogAsync(parse.GetValue(folder)!, parse.GetValue(output), outputRoot: null, stdout).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>Merges, validates (fail closed) and atomically writes the folder's catalog; returns its path.</summary>
    internal static async Task<string> WriteCatalogAsync(string folder, string? output, string? outputRoot, TextWriter stdout)
    {
        var (config, graph) = CatalogMerger.Merge(folder, outputRoot);
        var target = output ?? config.OutputPath
            ?? throw new EtlException(FailureKind.Configuration, Diagnostic.Error(Codes.MissingKey, "where should the catalog go? Give -o FILE or set 'catalog.output' in catalog.yaml.", new TextLocation(PathDisplay.For(config.FilePath))));
        var path = Path.GetFullPath(target);
        var display = PathDisplay.For(path);
        var errors = DcatValidator.Default.Validate(graph, display).Where(d => d.IsError).ToList();
        if (errors.Count > 0) throw new EtlException(FailureKind.Data, errors);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write))
        {
            if (path.EndsWith(".ttl", StringComparison.OrdinalIgnoreCase)) TurtleWriter.Write(graph, stream);
            else RdfXmlWriter.Write(graph, stream);
        }
        File.Move(temporary, path, overwrite: true); // harvesters never see half a catalog
        var datasets = graph.SubjectsOfType(Vocab.Dcat + "Dataset").Count();
        await stdout.WriteLineAsync($"wrote {display} ({datasets} dataset{(datasets == 1 ? "" : "s")})").ConfigureAwait(false);
        return path;
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
