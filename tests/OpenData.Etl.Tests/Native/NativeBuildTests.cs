using System.Globalization;
using System.Security.Cryptography;
using OpenData.Etl.Tests.GoldenOutputs;
using OpenData.Etl.Tests.Running;
using OpenData.Etl.Tests.Support;

namespace OpenData.Etl.Tests.Native;

/// <summary>
/// The native build (trimmed, compiled ahead of time) must behave exactly as the .NET build does: the same exit
/// code, the same messages and byte-identical files, for every command on the example and benchmark pipelines and
/// for every malformed input in testdata/bad. Trimming drops code that a library reaches only by reflection (ProjNET's
/// projections were such code), so this runs what users run instead of trusting the trimmer's warnings.
/// </summary>
public sealed class NativeBuildTests(NativeBuild native, NativeBuildTests.BenchCopy bench) : IClassFixture<NativeBuild>, IClassFixture<NativeBuildTests.BenchCopy>
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);

    /// <summary>The golden files' clock, so that metadata timestamps are the same in both runs and in hashes.txt.</summary>
    private static readonly Dictionary<string, string> Environment = new()
    {
        ["SOURCE_DATE_EPOCH"] = GoldenOutputTests.Now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Command lines run from the repository root; {out} is a scratch folder per build, {bench} the benchmark pipelines.</summary>
    public static TheoryData<string, int> Commands() => new()
    {
        { "run pipelines -o {out}", 0 },
        { "run {bench}/convert.yaml -o {out}", 0 },
        { "run {bench}/geojson.yaml -o {out}", 0 },
        { "run {bench}/full.yaml -o {out}", 0 },
        { "run pipelines/livsmedelskontroller.yaml --dry-run", 0 },
        { "validate pipelines --format json --sample 50", 0 },
        { "preview pipelines/livsmedelskontroller.yaml", 0 },
        { "preview pipelines/livsmedelsanlaggningar-geo.yaml", 0 },
        { "preview pipelines/livsmedelskontroller-excel.yaml", 0 },
        { "scan testdata/livsmedel/export.csv --init {out}/new.yaml", 0 },
        { "metadata validate ../shared/dcat-ap-se/rekommenderat.rdf", 3 }, // DIGG's example breaks three rules
        { "validate pipelines/catalog.yaml", 0 }, // checked as the catalog configuration
        { "run pipelines/catalog.yaml", 2 }, // not a pipeline: ODE0107
        { "--help", 0 },
    };

    public static TheoryData<string, string, int> BadInputs()
    {
        var data = new TheoryData<string, string, int>();
        foreach (var row in BadInputTests.Cases()) data.Add((string)row[0], (string)row[1], (int)row[2]);
        return data;
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void Every_command_gives_the_same_exit_code_messages_and_files_as_the_dotnet_build(string commandLine, int exitCode) =>
        AssertSameAsDotnetBuild(commandLine.Replace("{bench}", bench.Pipelines, StringComparison.Ordinal).Split(' '), exitCode);

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Every_malformed_input_fails_with_the_same_code_and_messages_as_in_the_dotnet_build(string file, string options, int exitCode)
    {
        using var dir = new TempDir();
        File.Copy(Repo.PathOf("testdata", "bad", file), dir.File(file));
        var written = BadInputTests.WritePipeline(dir, file, options);
        var pipeline = file.EndsWith(".yaml", StringComparison.Ordinal) ? dir.File(file) : written;
        AssertSameAsDotnetBuild(["run", pipeline, "-o", "{out}"], exitCode);
    }

    [Fact]
    public void The_example_pipelines_publish_the_golden_files()
    {
        Assert.True(native.Failure is null, native.Failure);
        using var dir = new TempDir();
        var golden = File.ReadAllLines(Repo.PathOf("tests", "OpenData.Etl.Tests", "Golden", "hashes.txt"));
        foreach (var name in new[] { "livsmedelskontroller", "livsmedelsanlaggningar-geo" })
        {
            var result = ChildProcess.Run(native.Executable, ["run", Repo.PathOf("pipelines", name + ".yaml"), "-o", dir.File(name), "-q"], RunTimeout, Environment);
            Assert.True(result.ExitCode == 0, result.All);
            var expected = golden.Where(line => line.StartsWith(name + "/", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(expected);
            var actual = expected.Select(line => line.Split(' ')[0])
                .Select(label => $"{label} {Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(dir.File(label))))}");
            Assert.Equal(expected, actual);
        }
    }

    private void AssertSameAsDotnetBuild(string[] args, int exitCode)
    {
        Assert.True(native.Failure is null, native.Failure);
        using var dir = new TempDir();
        var dotnet = Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "odetl.dll")], args, dir.File("dotnet"));
        var aot = Run(native.Executable, [], args, dir.File("native"));

        Assert.True(dotnet.ExitCode == exitCode, $"the .NET build exited {dotnet.ExitCode}, expected {exitCode}: {dotnet.All}");
        Assert.Equal(dotnet.ExitCode, aot.ExitCode);
        Assert.Equal(dotnet.Stdout, aot.Stdout);
        Assert.Equal(dotnet.Stderr, aot.Stderr);
        var files = Files(dir.File("dotnet"));
        var nativeFiles = Files(dir.File("native"));
        Assert.Equal(files.Keys, nativeFiles.Keys);
        foreach (var (name, bytes) in nativeFiles) Assert.True(files[name].AsSpan().SequenceEqual(bytes), $"{name} differs");
        if (args[0] == "run" && exitCode == 0 && args.Contains("{out}")) Assert.NotEmpty(files);
    }

    /// <summary>Runs one build with {out} replaced by <paramref name="output"/>, and puts {out} back in what it printed.</summary>
    private static CliResult Run(string program, string[] prefix, string[] args, string output)
    {
        var result = ChildProcess.Run(program, [.. prefix, .. args.Select(a => a.Replace("{out}", output, StringComparison.Ordinal))], RunTimeout, Environment, Repo.Root);
        return new CliResult(result.ExitCode, result.Stdout.Replace(output, "{out}", StringComparison.Ordinal), result.Stderr.Replace(output, "{out}", StringComparison.Ordinal));
    }

    /// <summary>Every file below the folder by relative path; run.json without its measured duration.</summary>
    private static SortedDictionary<string, byte[]> Files(string folder)
    {
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        if (!Directory.Exists(folder)) return files;
        foreach (var path in Directory.GetFiles(folder, "*", SearchOption.AllDirectories))
        {
            files[Path.GetRelativePath(folder, path)] = Path.GetFileName(path) == "run.json"
                ? System.Text.Encoding.UTF8.GetBytes(string.Join('\n', File.ReadAllLines(path).Where(l => !l.TrimStart().StartsWith("\"seconds\":", StringComparison.Ordinal))))
                : File.ReadAllBytes(path);
        }
        return files;
    }

    /// <summary>The benchmark pipelines in a scratch folder, reading a small generated export (as in the golden test).</summary>
    public sealed class BenchCopy : IDisposable
    {
        private readonly TempDir _dir = new();

        public BenchCopy() => Pipelines = GoldenOutputTests.CopyBenchPipelines(_dir, rows: 2_500);

        public string Pipelines { get; }

        public void Dispose() => _dir.Dispose();
    }
}
