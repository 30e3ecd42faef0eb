namespace OpenData.Etl.Tests.Support;

/// <summary>Compares text with a golden file; with ODETL_UPDATE_GOLDEN=1 writes the file instead (review the diff before committing).</summary>
internal static class Golden
{
    public static void Check(string path, string actual)
    {
        actual = actual.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (Environment.GetEnvironmentVariable("ODETL_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, actual);
            return;
        }
        Assert.True(File.Exists(path), $"{path} is missing; run the tests with ODETL_UPDATE_GOLDEN=1 to create it");
        Assert.Equal(File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal), actual);
    }
}
