using System.Text;

namespace OpenData.Etl.Tests.Support;

/// <summary>Builds variants of the shipped example in a scratch folder: its pipeline, export and schema.</summary>
internal static class PipelineFiles
{
    public static readonly Encoding Windows1252 = CodePagesEncodingProvider.Instance.GetEncoding(1252)!;

    /// <summary>
    /// Copies the example pipeline into <paramref name="dir"/>, pointing it at <paramref name="exportPath"/>,
    /// the real schema and key, and an output folder inside <paramref name="dir"/>; <paramref name="edit"/> may rewrite the YAML.
    /// </summary>
    public static string WriteExamplePipeline(TempDir dir, string exportPath, Func<string, string>? edit = null, string name = "pipeline.yaml")
    {
        var yaml = File.ReadAllText(Repo.LivsmedelPipeline)
            .Replace("../testdata/livsmedel/export.csv", exportPath, StringComparison.Ordinal)
            .Replace("../specs/livsmedelskontroller-2.0.schema.json", Repo.LivsmedelSchema, StringComparison.Ordinal)
            .Replace("../out/livsmedelskontroller", dir.File("out"), StringComparison.Ordinal)
            .Replace("keys/livsmedelskontroller.example.key", Repo.PathOf("pipelines", "keys", "livsmedelskontroller.example.key"), StringComparison.Ordinal);
        if (edit is not null) yaml = edit(yaml);
        // The example's dataset section needs the catalog configuration beside the pipeline file.
        if (!File.Exists(dir.File("catalog.yaml"))) File.Copy(Repo.PathOf("pipelines", "catalog.yaml"), dir.File("catalog.yaml"));
        var path = dir.File(name);
        File.WriteAllText(path, yaml);
        return path;
    }

    /// <summary>Like <see cref="WriteExamplePipeline"/>, from the geodata example (points in SWEREF 99 TM, GeoJSON output).</summary>
    public static string WriteGeoPipeline(TempDir dir, string exportPath, Func<string, string>? edit = null, string name = "geo.yaml")
    {
        var yaml = File.ReadAllText(Repo.GeoPipeline)
            .Replace("../testdata/livsmedel/export.csv", exportPath, StringComparison.Ordinal)
            .Replace("../specs/livsmedelskontroller-2.0.schema.json", Repo.LivsmedelSchema, StringComparison.Ordinal)
            .Replace("../out/livsmedelsanlaggningar-geo", dir.File("out"), StringComparison.Ordinal);
        if (edit is not null) yaml = edit(yaml);
        var path = dir.File(name);
        File.WriteAllText(path, yaml);
        return path;
    }

    /// <summary>The example export's lines, decoded.</summary>
    public static List<string> ExportLines() => [.. File.ReadAllText(Repo.LivsmedelExport, Windows1252).Split("\r\n")];

    public static string WriteExport(TempDir dir, IEnumerable<string> lines, string name = "export.csv")
    {
        var path = dir.File(name);
        File.WriteAllText(path, string.Join("\r\n", lines), Windows1252);
        return path;
    }
}
