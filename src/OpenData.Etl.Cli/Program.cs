using OpenData.Etl.Cli;
using OpenData.Etl.Diagnostics;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};
try
{
    return await OdetlCli.RunAsync(args, Console.Out, Console.Error, cancellation.Token).ConfigureAwait(false);
}
catch (Exception e)
{
    // Commands map their own failures; this only catches what escapes argument parsing, and still prints no stack trace.
    await Console.Error.WriteLineAsync($"odetl: internal error ({e.GetType().Name}); nothing was published. Please report it with the pipeline file.").ConfigureAwait(false);
    return ExitCodes.InternalError;
}
