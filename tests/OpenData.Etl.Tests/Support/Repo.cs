namespace OpenData.Etl.Tests.Support;

/// <summary>Paths inside the repository, found by walking up to the solution file.</summary>
internal static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    public static string LivsmedelExport => PathOf("testdata", "livsmedel", "export.csv");

    public static string LivsmedelPipeline => PathOf("pipelines", "livsmedelskontroller.yaml");

    public static string GeoPipeline => PathOf("pipelines", "livsmedelsanlaggningar-geo.yaml");

    public static string LivsmedelSchema => PathOf("specs", "livsmedelskontroller-2.0.schema.json");

    /// <summary>The shared DCAT-AP-SE material (bundle.json, DIGG's examples, EU shapes), beside the repository.</summary>
    public static string DcatShared(params string[] parts) => Path.GetFullPath(Path.Combine([Root, "..", "shared", "dcat-ap-se", .. parts]));

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OpenData.Etl.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("OpenData.Etl.sln not found above the test binaries.");
    }
}
