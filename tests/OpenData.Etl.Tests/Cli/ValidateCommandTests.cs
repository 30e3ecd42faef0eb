using System.Text.Json;
using OpenData.Etl.Diagnostics;
using OpenData.Etl.Tests.Support;

namespace OpenData.Etl.Tests.Cli;

public sealed class ValidateCommandTests
{
    [Fact]
    public async Task Json_format_gives_every_diagnostic_with_code_and_position()
    {
        using var dir = new TempDir();
        var pipeline = PipelineFiles.WriteExamplePipeline(dir, Repo.LivsmedelExport,
            yaml => yaml.Replace("Riskklass:          { class: public }", "Riskklass:          { clas: public }", StringComparison.Ordinal));

        var result = await Odetl.RunAsync("validate", pipeline, "--format", "json");

        Assert.Equal(ExitCodes.ConfigurationError, result.ExitCode);
        Assert.Equal("", result.Stderr);
        var root = JsonDocument.Parse(result.Stdout).RootElement;
        Assert.False(root.GetProperty("valid").GetBoolean());
        var file = root.GetProperty("files")[0];
        Assert.Equal(2, file.GetProperty("exit-code").GetInt32());
        var diagnostic = file.GetProperty("diagnostics").EnumerateArray().First(d => d.GetProperty("code").GetString() == "ODE0101");
        Assert.Equal("error", diagnostic.GetProperty("severity").GetString());
        Assert.True(diagnostic.GetProperty("line").GetInt32() > 1);
        Assert.Contains("clas", diagnostic.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_folder_is_validated_file_by_file_and_passes_when_all_do()
    {
        var result = await Odetl.RunAsync("validate", Repo.PathOf("pipelines"), "--format", "json");

        Assert.True(result.ExitCode == ExitCodes.Success, result.All);
        var files = JsonDocument.Parse(result.Stdout).RootElement.GetProperty("files").EnumerateArray().Select(f => Path.GetFileName(f.GetProperty("file").GetString())).ToList();
        var pipelines = Directory.GetFiles(Repo.PathOf("pipelines"), "*.yaml").Select(Path.GetFileName).Where(f => f != "catalog.yaml").Order(StringComparer.Ordinal);
        Assert.Equal(pipelines, files.Order(StringComparer.Ordinal));
        Assert.True(files.Count >= 3);
    }

    [Fact]
    public async Task Sample_pushes_rows_through_every_step_and_fails_on_a_bad_row_without_publishing()
    {
        using var dir = new TempDir();
        var lines = PipelineFiles.ExportLines();
        lines[2] = lines[2].Replace(";6;Aktiv;", ";sex;Aktiv;", StringComparison.Ordinal);
        var pipeline = PipelineFiles.WriteExamplePipeline(dir, PipelineFiles.WriteExport(dir, lines));

        var withoutSample = await Odetl.RunAsync("validate", pipeline);
        Assert.True(withoutSample.ExitCode == ExitCodes.Success, withoutSample.All); // the header is fine: no row is read

        var sampled = await Odetl.RunAsync("validate", pipeline, "--sample", "10");
        Assert.Equal(ExitCodes.DataError, sampled.ExitCode);
        Assert.Contains("(3): error ODE0501", sampled.Stderr, StringComparison.Ordinal);

        var firstRowOnly = await Odetl.RunAsync("validate", pipeline, "--sample", "1");
        Assert.True(firstRowOnly.ExitCode == ExitCodes.Success, firstRowOnly.All);
        Assert.Contains("ok (1 row sampled)", firstRowOnly.Stdout, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("out")));
    }

    [Fact]
    public async Task A_catalog_configuration_named_on_its_own_is_checked_as_one_and_is_not_run_as_a_pipeline()
    {
        var shipped = Repo.PathOf("pipelines/catalog.yaml");
        var valid = await Odetl.RunAsync("validate", shipped);
        Assert.True(valid.ExitCode == ExitCodes.Success, valid.All);
        Assert.Contains("catalog.yaml: ok", valid.Stdout, StringComparison.Ordinal);

        using var dir = new TempDir();
        var broken = dir.File("catalog.yaml");
        File.WriteAllText(broken, File.ReadAllText(shipped).Replace("publisher:", "publsher:", StringComparison.Ordinal));
        var invalid = await Odetl.RunAsync("validate", broken);
        Assert.Equal(ExitCodes.ConfigurationError, invalid.ExitCode);
        Assert.Matches(@"catalog\.yaml\(\d+,\d+\): error ODE0101: .*'publsher'", invalid.Stderr);

        var run = await Odetl.RunAsync("run", shipped);
        Assert.Equal(ExitCodes.ConfigurationError, run.ExitCode);
        Assert.Contains("error ODE0107", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("ODE0101", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_folder_without_pipelines_is_an_error()
    {
        using var dir = new TempDir();
        var validate = await Odetl.RunAsync("validate", dir.Path);
        var run = await Odetl.RunAsync("run", dir.Path);
        Assert.Equal(ExitCodes.ConfigurationError, validate.ExitCode);
        Assert.Equal(ExitCodes.ConfigurationError, run.ExitCode);
        Assert.Contains("ODE1101", validate.Stderr, StringComparison.Ordinal);
        Assert.Contains("ODE1101", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_format_is_a_usage_error()
    {
        var result = await Odetl.RunAsync("validate", Repo.LivsmedelPipeline, "--format", "xml");
        Assert.Equal(ExitCodes.ConfigurationError, result.ExitCode);
        Assert.Contains("xml", result.Stderr, StringComparison.Ordinal);
    }
}
