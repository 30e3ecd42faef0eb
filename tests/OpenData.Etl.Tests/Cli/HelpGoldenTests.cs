using OpenData.Etl.Diagnostics;
using OpenData.Etl.Tests.Support;

namespace OpenData.Etl.Tests.Cli;

/// <summary>
/// Every command's --help against a reviewed golden file in Cli/golden. After an intended change run the
/// tests with ODETL_UPDATE_GOLDEN=1, which rewrites the files, and review the diff.
/// </summary>
public sealed class HelpGoldenTests
{
    private static readonly string[] All = ["", "run", "validate", "preview", "scan", "metadata", "metadata validate", "catalog"];

    public static TheoryData<string> Commands() => [.. All];

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Help_text_matches_its_golden_file(string command)
    {
        var args = command.Split(' ', StringSplitOptions.RemoveEmptyEntries).Append("--help").ToArray();
        var result = await Odetl.RunAsync(args);
        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal("", result.Stderr);

        var name = command.Length == 0 ? "odetl" : "odetl-" + command.Replace(' ', '-');
        // The usage line names the running executable: odetl when installed, the test host here.
        Golden.Check(Repo.PathOf("tests", "OpenData.Etl.Tests", "Cli", "golden", name + ".txt"), result.Stdout.Replace("testhost", "odetl", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_command_has_a_golden_file_and_every_golden_file_a_command()
    {
        var expected = All.Select(c => c.Length == 0 ? "odetl" : "odetl-" + c.Replace(' ', '-')).Order(StringComparer.Ordinal);
        var files = Directory.GetFiles(Repo.PathOf("tests", "OpenData.Etl.Tests", "Cli", "golden"), "*.txt").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal);
        Assert.Equal(expected, files);
    }
}
