using OpenData.Etl.Diagnostics;
using OpenData.Etl.Pipelines;
using OpenData.Etl.Running;
using OpenData.Etl.Tests.Support;

namespace OpenData.Etl.Tests.Running;

public sealed class ExamplePipelinesTests
{
    public static TheoryData<string> ShippedPipelines()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Repo.PathOf("pipelines"), "*.yaml").Order(StringComparer.Ordinal))
        {
            if (Path.GetFileName(file) != "catalog.yaml") data.Add(Path.GetFileName(file)); // the shared catalog configuration is not a pipeline
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ShippedPipelines))]
    public async Task Every_shipped_pipeline_runs_and_writes_each_format(string pipeline)
    {
        using var dir = new TempDir();
        var result = await Odetl.RunAsync("run", Repo.PathOf("pipelines", pipeline), "--output-dir", dir.Path);

        Assert.True(result.ExitCode == ExitCodes.Success, result.All);
        var written = Directory.GetFiles(dir.Path).Select(Path.GetExtension).Order(StringComparer.Ordinal).ToList();
        var loaded = PipelineLoader.Load(Repo.PathOf("pipelines", pipeline));
        var expected = loaded.Outputs.Formats.Select(f => "." + PipelineRunner.Extension(f));
        if (loaded.Dataset is not null) expected = expected.Concat([".rdf", ".ttl"]); // data plus its DCAT-AP-SE metadata
        expected = expected.Concat([".html", ".json"]); // the run report: report.html and run.json
        Assert.Equal(expected.Order(StringComparer.Ordinal), written);
        foreach (var file in Directory.GetFiles(dir.Path))
        {
            Assert.Contains(Path.GetFileName(file), result.Stdout, StringComparison.Ordinal);
            Assert.True(new FileInfo(file).Length > 0);
        }
    }

    [Fact]
    public async Task Livsmedel_example_publishes_every_row_with_the_specification_header()
    {
        using var dir = new TempDir();
        var result = await Odetl.RunAsync("run", Repo.LivsmedelPipeline, "-o", dir.Path);
        Assert.Equal(ExitCodes.Success, result.ExitCode);

        var csv = File.ReadAllText(dir.File("livsmedelskontroller.csv"));
        var header = csv[..csv.IndexOf("\r\n", StringComparison.Ordinal)].Split(',');
        var schemaFields = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Repo.LivsmedelSchema)).RootElement
            .GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("name").GetString()!).ToList();
        Assert.Equal(["uri", .. schemaFields], header);

        var sourceRecords = CsvText.Parse(File.ReadAllText(Repo.LivsmedelExport, PipelineFiles.Windows1252), ';').Count - 1;
        Assert.Equal(sourceRecords, CsvText.Parse(csv, ',').Count - 1);
        Assert.Contains($"{sourceRecords:N0} rows read", result.Stderr, StringComparison.Ordinal);
    }
}
