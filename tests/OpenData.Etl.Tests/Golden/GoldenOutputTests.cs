using System.Security.Cryptography;
using OpenData.Etl.Bench;
using OpenData.Etl.Pipelines;
using OpenData.Etl.Running;
using OpenData.Etl.Tests.Support;

namespace OpenData.Etl.Tests.GoldenOutputs;

/// <summary>
/// Proves that speed work changes no published byte: the example pipelines and the benchmark pipelines (on a
/// small generated export, in several batches, with row groups gathered across batches) must write files whose SHA-256 equal the hashes recorded in
/// hashes.txt before the engine was optimised. A deliberate change of output regenerates the file with
/// ODETL_UPDATE_GOLDEN=1 and shows up in review as a changed hash.
/// </summary>
public sealed class GoldenOutputTests
{
    internal static readonly DateTimeOffset Now = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
    private static readonly string HashesFile = Repo.PathOf("tests", "OpenData.Etl.Tests", "Golden", "hashes.txt");

    [Fact]
    public async Task Every_example_and_benchmark_output_is_byte_identical_to_the_recorded_golden_files()
    {
        var actual = new List<string>();
        using (var dir = new TempDir())
        {
            actual.AddRange(await Hashes("livsmedelskontroller", PipelineFiles.WriteExamplePipeline(dir, Repo.LivsmedelExport)));
        }
        using (var dir = new TempDir())
        {
            actual.AddRange(await Hashes("livsmedelsanlaggningar-geo", PipelineFiles.WriteGeoPipeline(dir, Repo.LivsmedelExport)));
        }
        using (var dir = new TempDir())
        {
            var pipelines = CopyBenchPipelines(dir, rows: 2_500);
            foreach (var name in new[] { "convert", "geojson", "full" })
                // Row groups of 1,000 rows gathered from batches of 300, so groups and batches never line up.
                actual.AddRange(await Hashes($"bench-{name}", Path.Combine(pipelines, name + ".yaml"), batchSize: 1_000, flowBatchSize: 300));
        }

        if (Environment.GetEnvironmentVariable("ODETL_UPDATE_GOLDEN") == "1") await File.WriteAllLinesAsync(HashesFile, actual);
        Assert.Equal(await File.ReadAllLinesAsync(HashesFile), actual);
    }

    [Fact]
    public void The_generated_benchmark_export_is_the_same_bytes_on_every_run()
    {
        using var first = new MemoryStream();
        using var second = new MemoryStream();
        Generator().Write(first, 500);
        Generator().Write(second, 500);
        Assert.Equal(first.ToArray(), second.ToArray());
        Assert.Equal(502, PipelineFiles.Windows1252.GetString(first.ToArray()).Split("\r\n").Length - Comments(first.ToArray()));
    }

    /// <summary>Line breaks inside quoted comments, which add physical lines to the 500 records and the header.</summary>
    private static int Comments(byte[] export) => PipelineFiles.Windows1252.GetString(export).Split("\r\nNytt besök").Length - 1;

    private static ExportGenerator Generator() => ExportGenerator.FromReferenceLists(Path.Combine(Repo.Root, "..", "shared", "specs"));

    /// <summary>bench/pipelines in a scratch folder, reading a small generated export from ../data like the real one.</summary>
    internal static string CopyBenchPipelines(TempDir dir, int rows)
    {
        var target = dir.File("pipelines");
        foreach (var file in Directory.GetFiles(Repo.PathOf("bench", "pipelines"), "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(target, Path.GetRelativePath(Repo.PathOf("bench", "pipelines"), file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
        Directory.CreateDirectory(dir.File("data"));
        using var export = File.Create(dir.File("data", "export.csv"));
        Generator().Write(export, rows);
        return target;
    }

    private static async Task<IEnumerable<string>> Hashes(string label, string pipelinePath, int batchSize = 65_536, int flowBatchSize = 8_192)
    {
        var result = await new PipelineRunner { Time = new FixedTime(Now), BatchSize = batchSize, FlowBatchSize = flowBatchSize }.RunAsync(PipelineLoader.Load(pipelinePath));
        return result.Outputs.Select(o => o.Path).Concat(result.MetadataFiles)
            .Select(path => $"{label}/{Path.GetFileName(path)} {Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)))}");
    }
}
