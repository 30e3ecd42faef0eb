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
