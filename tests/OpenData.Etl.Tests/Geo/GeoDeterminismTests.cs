using OpenData.Etl.Pipelines;
using OpenData.Etl.Running;
using OpenData.Etl.Tests.Support;

namespace OpenData.Etl.Tests.Geo;

public sealed class GeoDeterminismTests
{
    private static async Task<(RunResult Result, Dictionary<string, byte[]> Files)> Run(TempDir dir, string folder, int batchSize)
    {
        var pipeline = PipelineLoader.Load(Repo.GeoPipeline);
        pipeline = pipeline with { Outputs = pipeline.Outputs with { Directory = dir.File(folder) } };
        var result = await new PipelineRunner { BatchSize = batchSize }.RunAsync(pipeline);
        // run.json holds the run's timings; the rest of it is compared in RunReportTests. report.html must be identical too.
        return (result, Directory.GetFiles(dir.File(folder)).Where(f => Path.GetFileName(f) != "run.json").ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes));
    }

    [Fact]
    public async Task A_second_run_gives_byte_identical_GeoJSON_and_GeoParquet()
    {
        using var dir = new TempDir();
        var (_, a) = await Run(dir, "a", 65_536);
        var (_, b) = await Run(dir, "b", 65_536);

        Assert.Equal(5, a.Count); // four formats and report.html
        foreach (var (file, bytes) in a) Assert.True(bytes.AsSpan().SequenceEqual(b[file]), $"{file} differs between runs");
    }

    [Fact]
    public async Task Batches_of_any_size_give_the_same_points_and_bounding_box()
    {
        using var dir = new TempDir();
        var (big, a) = await Run(dir, "a", 65_536);
        var (small, b) = await Run(dir, "b", 7); // 120 rows: 18 batches, the last one partly filled

        Assert.Equal(a["livsmedelsanlaggningar-geo.geojson"], b["livsmedelsanlaggningar-geo.geojson"]);
        Assert.Equal(big.BoundingBox, small.BoundingBox);
        Assert.NotNull(big.BoundingBox);
    }
}
