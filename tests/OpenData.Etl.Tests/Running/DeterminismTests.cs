using System.Text;
using OpenData.Etl.Tests.Support;

namespace OpenData.Etl.Tests.Running;

public sealed class DeterminismTests
{
    [Fact]
    public async Task Windows1252_UTF8_and_UTF8_with_BOM_exports_give_byte_identical_outputs()
    {
        var text = File.ReadAllText(Repo.LivsmedelExport, PipelineFiles.Windows1252);
        Assert.Contains("ö", text, StringComparison.Ordinal); // the test means nothing without non-ASCII letters

        var variants = new Dictionary<string, byte[]>
        {
            ["windows-1252"] = File.ReadAllBytes(Repo.LivsmedelExport),
            ["utf-8"] = new UTF8Encoding(false).GetBytes(text),
            ["utf-8-bom"] = [.. Encoding.UTF8.Preamble, .. new UTF8Encoding(false).GetBytes(text)],
        };
        var outputs = new List<Dictionary<string, byte[]>>();
        foreach (var (name, bytes) in variants)
        {
            using var dir = new TempDir();
            File.WriteAllBytes(dir.File("export.csv"), bytes);
            var pipeline = PipelineFiles.WriteExamplePipeline(dir, dir.File("export.csv"));
            var result = await Odetl.RunAsync("run", pipeline, "-q");
            Assert.True(result.ExitCode == 0, $"{name}: {result.All}");
            // Data files only: the metadata's dates come from the clock of each first publication (see MetadataRunTests).
            outputs.Add(Directory.GetFiles(dir.File("out")).Where(IsData).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes));
        }

        Assert.Equal(3, outputs[0].Count);
        foreach (var other in outputs.Skip(1))
        {
            Assert.Equal(outputs[0].Keys.Order(), other.Keys.Order());
            foreach (var (file, bytes) in outputs[0]) Assert.True(bytes.AsSpan().SequenceEqual(other[file]), $"{file} differs between encodings");
        }
    }

    [Fact]
    public async Task A_second_run_gives_byte_identical_outputs()
    {
        using var dir = new TempDir();
        var first = await Odetl.RunAsync("run", Repo.LivsmedelPipeline, "-q", "-o", dir.File("a"));
        var second = await Odetl.RunAsync("run", Repo.LivsmedelPipeline, "-q", "-o", dir.File("b"));
        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);

        var a = Directory.GetFiles(dir.File("a")).Where(IsData).Order().ToList();
        var b = Directory.GetFiles(dir.File("b")).Where(IsData).Order().ToList();
        Assert.Equal(3, a.Count);
        Assert.Equal(a.Select(Path.GetFileName), b.Select(Path.GetFileName));
        foreach (var (x, y) in a.Zip(b)) Assert.Equal(File.ReadAllBytes(x), File.ReadAllBytes(y));
    }

    private static bool IsData(string path) => Path.GetExtension(path) is ".csv" or ".json" or ".parquet" && Path.GetFileName(path) != "run.json"; // run.json is the run report
}
