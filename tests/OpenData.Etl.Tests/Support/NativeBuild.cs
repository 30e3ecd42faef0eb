using System.Diagnostics;
using System.Runtime.InteropServices;

namespace OpenData.Etl.Tests.Support;

/// <summary>
/// odetl published as a native executable (README, "Installation"), once for the tests that share this fixture:
/// <c>dotnet publish src/OpenData.Etl.Cli -c Release -r linux-x64 -p:PublishAot=true</c>. Needs clang (.ci/run
/// installs Debian's). A failed publish is kept and reported by every test, with the end of its log.
/// </summary>
public sealed class NativeBuild : IDisposable
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(10);
    private readonly TempDir _dir = new();

    public NativeBuild()
    {
        var project = Repo.PathOf("src", "OpenData.Etl.Cli", "OpenData.Etl.Cli.csproj");
        var rid = RuntimeInformation.RuntimeIdentifier;
        Executable = _dir.File("native", "odetl");
        var publish = ChildProcess.Run("dotnet", ["publish", project, "-c", "Release", "-r", rid, "-p:PublishAot=true", "-o", _dir.File("native"), "-nologo"], PublishTimeout);
        Failure = publish.ExitCode == 0 && File.Exists(Executable) ? null : $"dotnet publish -p:PublishAot=true failed (exit {publish.ExitCode}):\n{Tail(publish.All)}";
    }

    public string Executable { get; }

    /// <summary>Why there is no native executable, or null.</summary>
    public string? Failure { get; }

    public void Dispose() => _dir.Dispose();

    private static string Tail(string log) => log.Length <= 4_000 ? log : log[^4_000..];
}

/// <summary>Runs a program to its end with captured output; the test host's MSBuild variables are not passed on.</summary>
internal static class ChildProcess
{
    public static CliResult Run(string program, IEnumerable<string> args, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
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
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} ran longer than {timeout}.");
        }
        return new CliResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}
