using System.CommandLine;
using System.Globalization;
using OpenData.Etl.Diagnostics;
using OpenData.Etl.Pipelines;
using OpenData.Etl.Protection;
using OpenData.Etl.Running;

namespace OpenData.Etl.Cli;

/// <summary><c>odetl scan</c>: profile an export for personal data and, with --init, write a starter pipeline.</summary>
internal static class ScanCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var export = new Argument<string>("export") { Description = "The source export (CSV) to profile." };
        var init = new Option<string?>("--init") { Description = "Write a starter pipeline file here (and a draft schema beside it), every column marked for review." };
        var delimiter = new Option<string?>("--delimiter") { Description = "Delimiter: ;, \",\", tab or | (default: detected)." };
        var headerRow = new Option<int>("--header-row") { Description = "Line of the header (default 1).", DefaultValueFactory = _ => 1 };
        var command = new Command("scan", "Profile an export: per column the kinds of personal data found, their share, distinct and empty counts, a type guess and a suggested class and action. Values are never printed.\n\nExamples:\n  odetl scan testdata/livsmedel/export.csv\n  odetl scan testdata/livsmedel/export.csv --init pipelines/new.yaml")
        {
            export, init, delimiter, headerRow,
        };
        command.SetAction((parse, _) => OdetlCli.Guard(stderr, async () =>
        {
            var path = parse.GetValue(export)!;
            if (!File.Exists(path))
                throw new EtlException(FailureKind.Io, Diagnostic.Error(Codes.FileNotFound, "export not found.", new TextLocation(path)));
            char? delimiterChar = parse.GetValue(delimiter) switch { null => null, "tab" => '\t', var d => d[0] };
            var spec = new SourceSpec(path, TextEncodingOption.Auto, delimiterChar, '.', parse.GetValue(headerRow), [""], "Europe/Stockholm", new TextLocation(path));
            var profile = ExportProfiler.Profile(path, path, spec);
            await PrintAsync(stdout, profile).ConfigureAwait(false);

            if (parse.GetValue(init) is { } target)
            {
                if (File.Exists(target))
                    throw new EtlException(FailureKind.Io, Diagnostic.Error(Codes.OutputFailed, "the pipeline file exists already; choose another name or remove it.", new TextLocation(target)));
                var name = Path.GetFileNameWithoutExtension(target);
                if (!PipelineLoader.IsSafeName(name))
                    throw new EtlException(FailureKind.Configuration, Diagnostic.Error(Codes.InvalidValue, "the pipeline file name must be letters, digits, '-', '_' or '.'; it names the outputs.", new TextLocation(target)));
                var folder = Path.GetDirectoryName(Path.GetFullPath(target))!;
                var schemaName = name + ".schema.json";
                if (File.Exists(Path.Combine(folder, schemaName)))
                    throw new EtlException(FailureKind.Io, Diagnostic.Error(Codes.OutputFailed, $"{schemaName} exists already beside the pipeline; choose another name or remove it.", new TextLocation(target)));
                var (pipeline, schema) = PipelineScaffold.Create(profile, Path.GetRelativePath(folder, Path.GetFullPath(path)).Replace('\\', '/'), schemaName, name);
                Directory.CreateDirectory(folder);
                await File.WriteAllTextAsync(target, pipeline).ConfigureAwait(false);
                await File.WriteAllTextAsync(Path.Combine(folder, schemaName), schema).ConfigureAwait(false);
                await stdout.WriteLineAsync($"wrote {PathDisplay.For(Path.GetFullPath(target))} and {schemaName}: review every column, then delete its 'review' line").ConfigureAwait(false);
            }
            return ExitCodes.Success;
        }));
        return command;
    }

    private static async Task PrintAsync(TextWriter stdout, ExportProfile profile)
    {
        await stdout.WriteLineAsync($"{profile.DisplayName}: {profile.Rows:N0} rows, {profile.Facts.Encoding.WebName}, delimiter '{(profile.Delimiter == '\t' ? "tab" : profile.Delimiter)}', decimal '{profile.DecimalSeparator}'").ConfigureAwait(false);
        var width = Math.Max(6, profile.Columns.Max(c => c.Name.Length));
        await stdout.WriteLineAsync($"{"column".PadRight(width)}  {"type",-8} {"empty",6} {"distinct",9}  {"personal data",-36} suggestion").ConfigureAwait(false);
        foreach (var c in profile.Columns)
        {
            var kinds = string.Join(", ", PersonalDataKinds.Each(c.Kinds.Keys.Aggregate(PersonalDataKind.None, (a, k) => a | k))
                .Select(k => $"{PersonalDataKinds.Name(k)} {c.Share(k).ToString("P0", CultureInfo.InvariantCulture)}"));
            var distinct = c.DistinctCapped ? $">{c.Distinct:N0}" : c.Distinct.ToString("N0", CultureInfo.InvariantCulture);
            var empty = c.Values == 0 ? "-" : (c.Empty / (double)c.Values).ToString("P0", CultureInfo.InvariantCulture);
            await stdout.WriteLineAsync($"{c.Name.PadRight(width)}  {c.InferredType.ToString().ToLowerInvariant(),-8} {empty,6} {distinct,9}  {(kinds.Length == 0 ? "-" : kinds),-36} {c.SuggestedClass.ToString().ToLowerInvariant()}/{c.SuggestedAction}: {c.Evidence}").ConfigureAwait(false);
        }
    }
}
