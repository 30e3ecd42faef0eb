using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenData.Etl.Diagnostics;
using OpenData.Etl.Tests.Support;

namespace OpenData.Etl.Tests.Cli;

public sealed class RunReportTests
{
    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    private static JsonNode ReadReport(string folder) => JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "run.json")))!;

    [Fact]
    public async Task Run_json_records_inputs_outputs_and_rows_with_their_real_hashes()
    {
        using var dir = new TempDir();
        var result = await Odetl.RunAsync("run", Repo.LivsmedelPipeline, "-q", "-o", dir.File("out"));
        Assert.True(result.ExitCode == ExitCodes.Success, result.All);

        var report = ReadReport(dir.File("out"));
        Assert.Equal("livsmedelskontroller", (string?)report["pipeline"]!["name"]);
        Assert.Equal(Sha256(Repo.LivsmedelPipeline), (string?)report["pipeline"]!["sha256"]);
        var source = report["inputs"]!.AsArray().Single(i => (string?)i!["role"] == "source")!;
        Assert.Equal(Sha256(Repo.LivsmedelExport), (string?)source["sha256"]);
        Assert.Equal(new FileInfo(Repo.LivsmedelExport).Length, (long)source["bytes"]!);
        Assert.Equal(Sha256(Repo.LivsmedelSchema), (string?)report["inputs"]!.AsArray().Single(i => (string?)i!["role"] == "schema")!["sha256"]);
        Assert.Matches("^[0-9a-z]+", (string?)report["key-id"]);

        var read = (long)report["rows"]!["read"]!;
        Assert.Equal(120, read);
        Assert.Equal(read, (long)report["rows"]!["written"]!);
        Assert.Equal(0, (long)report["rows"]!["rejected"]!);

        // Every output is listed with the size and digest of the file actually published.
        var outputs = report["outputs"]!.AsArray();
        Assert.Equal(["livsmedelskontroller.csv", "livsmedelskontroller.json", "livsmedelskontroller.parquet", "livsmedelskontroller.rdf", "livsmedelskontroller.ttl"],
            outputs.Select(o => (string)o!["file"]!).Order(StringComparer.Ordinal));
        foreach (var output in outputs)
        {
            var path = dir.File("out", (string)output!["file"]!);
            Assert.Equal(Sha256(path), (string?)output["sha256"]);
            Assert.Equal(new FileInfo(path).Length, (long)output["bytes"]!);
        }

        // Per-step figures: every inspection id is pseudonymised, every grid column generalised.
        var columns = report["columns"]!.AsArray().ToDictionary(c => (string)c!["name"]!);
        Assert.Equal(read, (long)columns["InspektionsID"]!["values-changed"]!);
        Assert.Equal("pseudonymise", (string?)columns["InspektionsID"]!["action"]);
        Assert.Equal("drop", (string?)columns["KontaktPnr"]!["action"]);
        Assert.Equal(read, (long)report["steps"]!["protection"]!["pseudonymised"]!);
        Assert.True((long)report["steps"]!["protection"]!["generalised"]! > 0);
        Assert.Equal(4, (long)report["steps"]!["protection"]!["columns-dropped"]!);
    }

    [Fact]
    public async Task Two_runs_give_the_same_run_json_apart_from_its_timings()
    {
        using var dir = new TempDir();
        Assert.Equal(0, (await Odetl.RunAsync("run", Repo.GeoPipeline, "-q", "-o", dir.File("a"))).ExitCode);
        Assert.Equal(0, (await Odetl.RunAsync("run", Repo.GeoPipeline, "-q", "-o", dir.File("b"))).ExitCode);

        var a = ReadReport(dir.File("a")).AsObject();
        var b = ReadReport(dir.File("b")).AsObject();
        Assert.NotNull(a["timings"]?["seconds"]);
        a.Remove("timings");
        b.Remove("timings");
        Assert.Equal(a.ToJsonString(), b.ToJsonString());
        Assert.Equal(120, (long)a["steps"]!["geometry"]!["points"]!);
    }

    [Fact]
    public async Task A_dry_run_reads_everything_and_publishes_nothing()
    {
        using var dir = new TempDir();
        var result = await Odetl.RunAsync("run", Repo.LivsmedelPipeline, "--dry-run", "-o", dir.File("out"));

        Assert.True(result.ExitCode == ExitCodes.Success, result.All);
        Assert.Contains("would publish 120 rows", result.Stdout, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("out")) && Directory.EnumerateFileSystemEntries(dir.File("out")).Any());
        Assert.Empty(Directory.GetDirectories(dir.Path)); // not even the staging folder is left
    }

    [Fact]
    public async Task A_failed_run_publishes_no_run_report()
    {
        using var dir = new TempDir();
        var lines = PipelineFiles.ExportLines();
        lines[1] = lines[1].Replace(";5;Vilande;", ";fem;Vilande;", StringComparison.Ordinal);
        var pipeline = PipelineFiles.WriteExamplePipeline(dir, PipelineFiles.WriteExport(dir, lines));

        var result = await Odetl.RunAsync("run", pipeline);

        Assert.Equal(ExitCodes.DataError, result.ExitCode);
        Assert.False(File.Exists(dir.File("out", "run.json")));
        Assert.False(File.Exists(dir.File("out", "report.html")));
    }
}
