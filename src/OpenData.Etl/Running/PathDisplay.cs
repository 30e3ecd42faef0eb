namespace OpenData.Etl.Running;

public static class PathDisplay
{
    /// <summary>Paths in messages are relative to the working directory, as compilers print them.</summary>
    public static string For(string fullPath)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, fullPath);
        return relative.StartsWith("..", StringComparison.Ordinal) && relative.Count(c => c == Path.DirectorySeparatorChar) > 3 ? fullPath : relative;
    }
}
