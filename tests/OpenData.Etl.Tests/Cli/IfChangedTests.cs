using OpenData.Etl.Diagnostics;
using OpenData.Etl.Tests.Support;

namespace OpenData.Etl.Tests.Cli;

public sealed class IfChangedTests
{
    [Fact]
    public async Task A_second_run_is_skipped_and_a_one_byte_change_in_the_source_runs_again()
    {
        using var dir = new TempDir();
        var export = dir.File("export.csv");
        File.Copy(Repo.LivsmedelExport, export);
        var pipeline = PipelineFiles.WriteExamplePipeline(dir, export);

        var first = await Odetl.RunAsync("run", pipeline, "--if-changed");
        Assert.True(first.ExitCode == ExitCodes.Success, first.All);
        Assert.Contains("wrote", first.Stdout, StringComparison.Ordinal);
        var published = File.GetLastWriteTimeUtc(dir.File("out", "livsmedelskontroller.csv"));
        var report = File.ReadAllBytes(dir.File("out", "run.json"));

        var second = await Odetl.RunAsync("run", pipeline, "--if-changed");
        Assert.Equal(ExitCodes.Success, second.ExitCode);
        Assert.Contains("skipped livsmedelskontroller", second.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("wrote", second.Stdout, StringComparison.Ordinal);
        Assert.Equal(report, File.ReadAllBytes(dir.File("out", "run.json")));
        Assert.Equal(published, File.GetLastWriteTimeUtc(dir.File("out", "livsmedelskontroller.csv")));

        // One byte: inspection time 5 becomes 6 on the first data row.
        var bytes = File.ReadAllBytes(export);
        var at = System.Text.Encoding.ASCII.GetString(bytes).IndexOf(";5;Vilande;", StringComparison.Ordinal) + 1;
        bytes[at] = (byte)'6';
        File.WriteAllBytes(export, bytes);

        var third = await Odetl.RunAsync("run", pipeline, "--if-changed");
        Assert.True(third.ExitCode == ExitCodes.Success, third.All);
        Assert.DoesNotContain("skipped", third.Stdout, StringComparison.Ordinal);
        Assert.Contains("wrote", third.Stdout, StringComparison.Ordinal);
        Assert.NotEqual(report, File.ReadAllBytes(dir.File("out", "run.json")));
    }

    [Fact]
    public async Task A_changed_pipeline_file_or_a_missing_output_runs_again()
    {
        using var dir = new TempDir();
        var pipeline = PipelineFiles.WriteExamplePipeline(dir, Repo.LivsmedelExport);
        Assert.Equal(0, (await Odetl.RunAsync("run", pipeline, "-q")).ExitCode);

        File.AppendAllText(pipeline, "\n# a comment changes the pipeline file's hash\n");
        Assert.DoesNotContain("skipped", (await Odetl.RunAsync("run", pipeline, "--if-changed", "-q")).Stdout, StringComparison.Ordinal);
        Assert.Contains("skipped", (await Odetl.RunAsync("run", pipeline, "--if-changed", "-q")).Stdout, StringComparison.Ordinal);

        File.Delete(dir.File("out", "livsmedelskontroller.parquet"));
        Assert.DoesNotContain("skipped", (await Odetl.RunAsync("run", pipeline, "--if-changed", "-q")).Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(dir.File("out", "livsmedelskontroller.parquet")));
    }

    [Fact]
    public async Task A_rotated_pseudonymisation_key_runs_again()
    {
        using var dir = new TempDir();
        var key = dir.File("run.key");
        File.Copy(Repo.PathOf("pipelines", "keys", "livsmedelskontroller.example.key"), key);
        var pipeline = PipelineFiles.WriteExamplePipeline(dir, Repo.LivsmedelExport,
            yaml => yaml.Replace(Repo.PathOf("pipelines", "keys", "livsmedelskontroller.example.key"), key, StringComparison.Ordinal));
        Assert.Equal(0, (await Odetl.RunAsync("run", pipeline, "-q")).ExitCode);
        Assert.Contains("skipped", (await Odetl.RunAsync("run", pipeline, "--if-changed", "-q")).Stdout, StringComparison.Ordinal);

        File.WriteAllText(key, new string('k', 64));
        var rotated = await Odetl.RunAsync("run", pipeline, "--if-changed", "-q");
        Assert.True(rotated.ExitCode == ExitCodes.Success, rotated.All);
        Assert.DoesNotContain("skipped", rotated.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_source_is_not_skipped_but_reported()
    {
        using var dir = new TempDir();
        var export = dir.File("export.csv");
        File.Copy(Repo.LivsmedelExport, export);
        var pipeline = PipelineFiles.WriteExamplePipeline(dir, export);
        Assert.Equal(0, (await Odetl.RunAsync("run", pipeline, "-q")).ExitCode);
        File.Delete(export);

        var result = await Odetl.RunAsync("run", pipeline, "--if-changed");

        Assert.Equal(ExitCodes.IoError, result.ExitCode);
        Assert.Contains("ODE0106", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_folder_run_skips_every_unchanged_pipeline_and_still_writes_the_catalog()
    {
        using var dir = new TempDir();
        var first = await Odetl.RunAsync("run", Repo.PathOf("pipelines"), "-o", dir.Path, "--if-changed", "-q");
        Assert.True(first.ExitCode == ExitCodes.Success, first.All);
        Assert.DoesNotContain("skipped", first.Stdout, StringComparison.Ordinal);

        var second = await Odetl.RunAsync("run", Repo.PathOf("pipelines"), "-o", dir.Path, "--if-changed", "-q");
        Assert.True(second.ExitCode == ExitCodes.Success, second.All);
        Assert.Contains("skipped livsmedelskontroller:", second.Stdout, StringComparison.Ordinal);
        Assert.Contains("skipped livsmedelsanlaggningar-geo:", second.Stdout, StringComparison.Ordinal);
        Assert.Contains("catalog.rdf", second.Stdout, StringComparison.Ordinal);
        Assert.Equal("", second.Stderr);
    }

    [Fact]
    public async Task Results_go_to_stdout_and_logs_to_stderr()
    {
        using var dir = new TempDir();
        var result = await Odetl.RunAsync("run", Repo.LivsmedelPipeline, "-o", dir.Path);

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.All(result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => Assert.StartsWith("wrote ", line, StringComparison.Ordinal));
        Assert.Contains("wrote " , result.Stdout, StringComparison.Ordinal);
        Assert.Contains("run.json (run report)", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("reading ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("120 rows read, 120 written", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("wrote", result.Stderr, StringComparison.Ordinal);
    }
}
