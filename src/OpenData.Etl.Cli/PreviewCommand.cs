using System.CommandLine;
using OpenData.Etl.Diagnostics;
using OpenData.Etl.Pipelines;
using OpenData.Etl.Reporting;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace OpenData.Etl.Cli;

/// <summary><c>odetl preview PIPELINE</c>: the first rows as they would be published, in a terminal table. Writes nothing.</summary>
internal static class PreviewCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var pipelineArgument = new Argument<string>("pipeline") { Description = "The pipeline file (YAML) to preview." };
        var rows = new Option<int>("--rows", "-n") { Description = "How many published rows to show (1-100).", DefaultValueFactory = _ => 5 };
        var command = new Command("preview", "Show the first rows of what would be published, after every protection step (never a raw value), one column per row, with each field's source columns, their class and action, row counts and protection figures. Writes nothing.\n\nExample:\n  odetl preview pipelines/livsmedelskontroller.yaml --rows 3")
        {
            pipelineArgument, rows,
        };
        command.SetAction((parse, _) => OdetlCli.Guard(stderr, async () =>
        {
            var count = parse.GetValue(rows);
            if (count is < 1 or > 100)
                throw new EtlException(FailureKind.Configuration, Diagnostic.Error(Codes.OptionOutOfRange, $"--rows must be between 1 and 100, found {count}.", new TextLocation("odetl preview")));
            var preview = PipelinePreview.Run(PipelineLoader.Load(parse.GetValue(pipelineArgument)!), count);
            Render(preview, stdout, ProgressPrinter.IsTerminal(stderr) && ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected);
            foreach (var problem in preview.Problems) await stderr.WriteLineAsync(problem.ToString()).ConfigureAwait(false);
            return preview.Problems.Any(p => p.IsError) ? ExitCodes.DataError : ExitCodes.Success;
        }));
        return command;
    }

    private static void Render(PreviewResult preview, TextWriter stdout, bool terminal)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        if (!terminal) console.Profile.Width = 240; // a log or a pipe: wide enough for five rows, no wrapping by guess

        console.Write(new Text($"{preview.PipelineName}: {preview.RowsAccepted:N0} rows shown of {preview.RowsRead:N0} read; nothing was written\n"));
        var rows = new Table().Border(TableBorder.Simple);
        rows.AddColumn("field").AddColumn("from").AddColumn("class").AddColumn("action");
        for (var r = 0; r < preview.Sample.Rows.Count; r++) rows.AddColumn($"row {r + 1}");
        for (var f = 0; f < preview.Fields.Count; f++)
        {
            var field = preview.Fields[f];
            // Text, never markup: published values may contain '[' and must be shown as they are.
            var cells = new List<IRenderable> { new Text(field.Name), new Text(field.From), new Text(field.Class), new Text(field.Action) };
            cells.AddRange(preview.Sample.Rows.Select(row => (IRenderable)new Text(Shorten(row[f]))));
            rows.AddRow(cells);
        }
        console.Write(rows);

        var columns = new Table().Border(TableBorder.Simple).Title("source columns");
        columns.AddColumn("column").AddColumn("class").AddColumn("action").AddColumn("transform").AddColumn(new TableColumn("values changed").RightAligned());
        foreach (var c in preview.Columns)
            columns.AddRow(new Text(c.Name), new Text(c.Class), new Text(c.Action), new Text(c.Transform ?? ""), new Text(c.ValuesChanged is { } v ? v.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) : ""));
        console.Write(columns);
        long Sum(string action) => preview.Columns.Where(c => c.Action == action).Sum(c => c.ValuesChanged ?? 0);
        console.Write(new Text($"protection over {preview.RowsRead:N0} rows read: {Sum("pseudonymise"):N0} values pseudonymised, {Sum("mask"):N0} masked, {Sum("generalise"):N0} generalised, {Sum("derive"):N0} derived, {preview.Columns.Count(c => c.Action == "drop")} columns dropped\n"));
    }

    private static string Shorten(string? value) => value is null ? "" : value.Length <= 40 ? value : string.Concat(value.AsSpan(0, 37), "...");
}
