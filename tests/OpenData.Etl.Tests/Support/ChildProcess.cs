using System.Diagnostics;

namespace OpenData.Etl.Tests.Support;

/// <summary>
/// Runs a program to its end with captured output, killed (and the test failed) after a timeout: the independent
/// tools the tests check against (ogrinfo, Chromium) and odetl's own builds. The test host's MSBuild variables are
/// not passed on. A program that is not installed throws <see cref="System.ComponentModel.Win32Exception"/>.
/// </summary>
internal static class ChildProcess
{
    public static CliResult Run(string program, IEnumerable<string> args, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null) =>
        RunAsync(program, args, timeout, environment, workingDirectory).GetAwaiter().GetResult();

    public static async Task<CliResult> RunAsync(string program, IEnumerable<string> args, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        if (workingDirectory is not null) start.WorkingDirectory = workingDirectory;
        // dotnet test points these at its own MSBuild; a nested dotnet publish must find the SDK's.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList()) start.Environment.Remove(name);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', start.ArgumentList)} ran longer than {timeout}.");
        }
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }
}
