using System.Text.RegularExpressions;
using OpenData.Etl.Cli;
using OpenData.Etl.Diagnostics;
using OpenData.Etl.Tests.Support;

namespace OpenData.Etl.Tests.Running;

/// <summary>Every way a command can end maps to the exit code README documents, and none prints a stack trace.</summary>
public sealed partial class ExitCodeTests
{
    [GeneratedRegex(@"^\| (\d) \| ([^|]+) \|", RegexOptions.Multiline)]
    private static partial Regex ReadmeRow();

    [Fact]
    public void The_readme_documents_exactly_the_exit_codes_the_tool_uses()
    {
        var documented = ReadmeRow().Matches(File.ReadAllText(Repo.PathOf("README.md")))
            .ToDictionary(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), m => m.Groups[2].Value);
        Assert.Equal([ExitCodes.Success, ExitCodes.InternalError, ExitCodes.ConfigurationError, ExitCodes.DataError, ExitCodes.IoError], documented.Keys.Order());
        Assert.StartsWith("success", documented[ExitCodes.Success], StringComparison.Ordinal);
        Assert.StartsWith("internal error", documented[ExitCodes.InternalError], StringComparison.Ordinal);
        Assert.StartsWith("configuration error", documented[ExitCodes.ConfigurationError], StringComparison.Ordinal);
        Assert.StartsWith("data error", documented[ExitCodes.DataError], StringComparison.Ordinal);
        Assert.StartsWith("I/O error", documented[ExitCodes.IoError], StringComparison.Ordinal);
        Assert.Equal([ExitCodes.ConfigurationError, ExitCodes.DataError, ExitCodes.IoError], Enum.GetValues<FailureKind>().Select(k => (int)k).Order());
    }

    public static TheoryData<string, int> Failures() => new()
    {
        { "configuration", ExitCodes.ConfigurationError },
        { "data", ExitCodes.DataError },
        { "io-etl", ExitCodes.IoError },
        { "io", ExitCodes.IoError },
        { "denied", ExitCodes.IoError },
        { "cancelled", ExitCodes.IoError },
        { "bug", ExitCodes.InternalError },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Each_kind_of_failure_maps_to_its_exit_code_without_a_stack_trace_or_the_exception_text_of_a_bug(string failure, int expected)
    {
        using var stderr = new StringWriter();
        var code = await OdetlCli.Guard(stderr, () => failure switch
        {
            "configuration" => throw new EtlException(FailureKind.Configuration, Diagnostic.Error(Codes.UnknownKey, "x")),
            "data" => throw new EtlException(FailureKind.Data, Diagnostic.Error(Codes.TypeMismatch, "x")),
            "io-etl" => throw new EtlException(FailureKind.Io, Diagnostic.Error(Codes.PublishLocked, "x")),
            "io" => throw new IOException("disk full"),
            "denied" => throw new UnauthorizedAccessException("denied"),
            "cancelled" => throw new OperationCanceledException(),
            _ => throw new InvalidOperationException("a bug quoting a value 20140101-2396"),
        });

        Assert.Equal(expected, code);
        var text = stderr.ToString();
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("20140101", text, StringComparison.Ordinal);
        Assert.NotEqual("", text.Trim());
    }

    [Fact]
    public async Task An_output_folder_that_is_a_file_is_an_io_error_that_publishes_nothing()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("export.csv"), "Id\n1\n");
        File.WriteAllText(dir.File("schema.json"), """{ "fields": [ { "name": "id", "type": "integer" } ] }""");
        File.WriteAllText(dir.File("out"), "not a folder");
        File.WriteAllText(dir.File("p.yaml"), """
            source: { path: export.csv }
            columns: { Id: public }
            specification: { uri: "https://example.se/spec/1.0", schema: schema.json }
            mapping: { fields: { id: Id } }
            outputs: { dir: out, formats: [csv] }
            """);
        var result = await Odetl.RunAsync("run", dir.File("p.yaml"));
        Assert.Equal(ExitCodes.IoError, result.ExitCode);
        Assert.Contains(Codes.OutputFailed, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.All, StringComparison.Ordinal);
        Assert.Equal("not a folder", File.ReadAllText(dir.File("out")));
        Assert.False(Directory.Exists(dir.File(".out.staging")));
    }
}
