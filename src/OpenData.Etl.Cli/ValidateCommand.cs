using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using OpenData.Etl.Diagnostics;
using OpenData.Etl.Metadata;
using OpenData.Etl.Pipelines;
using OpenData.Etl.Reporting;
using OpenData.Etl.Running;

namespace OpenData.Etl.Cli;

/// <summary><c>odetl validate PIPELINE|FOLDER</c>: every check before the first data row, optionally a sample pushed through every step.</summary>
internal static class ValidateCommand
{
    private sealed record FileVerdict(string File, int ExitCode, IReadOnlyList<Diagnostic> Diagnostics, long? RowsSampled);

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var pipelineArgument = new Argument<string>("pipeline") { Description = "The pipeline file (YAML) to check, a catalog.yaml, or a folder: every pipeline in it." };
        var format = new Option<string>("--format") { Description = "text (file(line,col): error CODE: message on stderr) or json (one document on stdout).", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var sample = new Option<int>("--sample") { Description = "Also push the first N rows through every step (protection, mapping, validation, personal-data scan) without publishing." };
        var command = new Command("validate", "Check pipeline files, their specification schema and the source header (classification gate, mapping references, metadata) without reading any data row. Exit code 0 when every file passes.\n\nExamples:\n  odetl validate pipelines/livsmedelskontroller.yaml\n  odetl validate pipelines/ --format json --sample 100")
        {
            pipelineArgument, format, sample,
        };
        command.SetAction((parse, _) => OdetlCli.Guard(stderr, async () =>
        {
            var target = parse.GetValue(pipelineArgument)!;
            var rows = parse.GetValue(sample);
            if (rows < 0)
                throw new EtlException(FailureKind.Configuration, Diagnostic.Error(Codes.OptionOutOfRange, $"--sample must be 0 or more, found {rows}.", new TextLocation("odetl validate")));
            var files = Directory.Exists(target) ? CatalogMerger.PipelineFiles(target).Select(PathDisplay.For).ToList() : [target];
            if (files.Count == 0)
                throw new EtlException(FailureKind.Configuration, Diagnostic.Error(Codes.NoPipelineFiles, "the folder holds no pipeline file (*.yaml other than catalog.yaml).", new TextLocation(target)));
            var verdicts = files.Select(f => Check(f, rows)).ToList();
            if (parse.GetValue(format) == "json")
            {
                await stdout.WriteAsync(Json(verdicts)).ConfigureAwait(false);
            }
            else
            {
                foreach (var verdict in verdicts)
                {
                    foreach (var d in verdict.Diagnostics) await stderr.WriteLineAsync(d.ToString()).ConfigureAwait(false);
                    var sampled = verdict.RowsSampled is { } n ? $" ({n:N0} {(n == 1 ? "row" : "rows")} sampled)" : "";
                    if (verdict.ExitCode == ExitCodes.Success) await stdout.WriteLineAsync($"{verdict.File}: ok{sampled}").ConfigureAwait(false);
                }
            }
            return verdicts.Max(v => v.ExitCode);
        }));
        return command;
    }

    private static FileVerdict Check(string file, int sampleRows)
    {
        try
        {
            if (CatalogConfigLoader.IsCatalogFile(file))
            {
                // Named on its own, the catalog configuration is checked as such (a folder's pipelines check it through their 'dataset:').
                CatalogConfigLoader.Load(file, file);
                return new FileVerdict(file, ExitCodes.Success, [], null);
            }
            var pipeline = PipelineLoader.Load(file);
            if (sampleRows == 0)
            {
                PipelineValidator.Validate(pipeline);
                return new FileVerdict(file, ExitCodes.Success, [], null);
            }
            var preview = PipelinePreview.Run(pipeline, sampleRows);
            var failed = preview.Problems.Any(p => p.IsError);
            return new FileVerdict(file, failed ? ExitCodes.DataError : ExitCodes.Success, preview.Problems, preview.RowsRead);
        }
        catch (EtlException e)
        {
            return new FileVerdict(file, e.ExitCode, e.Diagnostics, null);
        }
    }

    private static string Json(IReadOnlyList<FileVerdict> verdicts)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteBoolean("valid", verdicts.All(v => v.ExitCode == ExitCodes.Success));
            json.WriteStartArray("files");
            foreach (var v in verdicts)
            {
                json.WriteStartObject();
                json.WriteString("file", v.File);
                json.WriteBoolean("valid", v.ExitCode == ExitCodes.Success);
                json.WriteNumber("exit-code", v.ExitCode);
                if (v.RowsSampled is { } n) json.WriteNumber("rows-sampled", n);
                json.WriteStartArray("diagnostics");
                foreach (var d in v.Diagnostics)
                {
                    json.WriteStartObject();
                    json.WriteString("code", d.Code);
                    json.WriteString("severity", d.IsError ? "error" : "warning");
                    json.WriteString("message", d.Message);
                    if (d.Location is { } at)
                    {
                        json.WriteString("file", at.File);
                        if (at.Line > 0) json.WriteNumber("line", at.Line);
                        if (at.Column > 0) json.WriteNumber("column", at.Column);
                    }
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}
