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
    var rc = await OdetlCli.RunAsync(args, Console.Out, Console.Error, cancellation.Token).ConfigureAwait(false);
    if (Environment.GetEnvironmentVariable("ODETL_GCSTATS") is not null) Console.Error.WriteLine($"gc0={GC.CollectionCount(0)} gc1={GC.CollectionCount(1)} gc2={GC.CollectionCount(2)} pause={GC.GetTotalPauseDuration().TotalSeconds:F2}s alloc={GC.GetTotalAllocatedBytes() / 1e6:F0}MB");
    return rc;
}
catch (Exception e)
{
    // Commands map their own failures; this only catches what escapes argument parsing, and still prints no stack trace.
    await Console.Error.WriteLineAsync($"odetl: internal error ({e.GetType().Name}); nothing was published. Please report it with the pipeline file.").ConfigureAwait(false);
    return ExitCodes.InternalError;
}
