using System.Security.Cryptography;
using OpenData.Etl.Diagnostics;

namespace OpenData.Etl.Running;

/// <summary>
/// Outputs are written to a hidden folder beside the target and moved into place only when every one
/// is complete, so a failed run never leaves partial files or touches what was published before.
/// </summary>
internal sealed class StagingArea : IDisposable
{
    private bool _published;

    public StagingArea(string targetDirectory)
    {
        TargetDirectory = Path.GetFullPath(targetDirectory);
        var parent = Path.GetDirectoryName(TargetDirectory.TrimEnd(Path.DirectorySeparatorChar))!;
        Directory = Path.Combine(parent, $".{Path.GetFileName(TargetDirectory.TrimEnd(Path.DirectorySeparatorChar))}.staging");
        try
        {
            if (System.IO.Directory.Exists(Directory)) System.IO.Directory.Delete(Directory, recursive: true); // left by a killed run
            System.IO.Directory.CreateDirectory(Directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EtlException(FailureKind.Io, Diagnostic.Error(Codes.OutputFailed, $"cannot create the staging folder: {e.Message}", new TextLocation(Directory)));
        }
    }

    public string TargetDirectory { get; }

    public string Directory { get; }

    public string PathFor(string fileName) => Path.Combine(Directory, fileName);

    /// <summary>Moves every staged file into the target folder, replacing earlier versions, and returns their final facts.</summary>
    public IReadOnlyList<(string StagedName, string FinalPath, long Bytes, string Sha256)> Publish(IEnumerable<string> fileNames)
    {
        var published = new List<(string, string, long, string)>();
        try
        {
            System.IO.Directory.CreateDirectory(TargetDirectory);
            var staged = fileNames.Select(name => (name, Path.Combine(Directory, name))).ToList();
            // In parallel: each output is hashed whole, and the files are independent.
            var facts = staged.AsParallel().AsOrdered().Select(s => (s.name, new FileInfo(s.Item2).Length, Hash(s.Item2))).ToList();
            foreach (var (name, length, hash) in facts)
            {
                var target = Path.Combine(TargetDirectory, name);
                File.Move(Path.Combine(Directory, name), target, overwrite: true);
                published.Add((name, target, length, hash));
            }
            _published = true;
            return published;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EtlException(FailureKind.Io, Diagnostic.Error(Codes.OutputFailed, $"cannot publish into the output folder: {e.Message}", new TextLocation(TargetDirectory)));
        }
    }

    private static string Hash(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    public void Dispose()
    {
        try
        {
            if (System.IO.Directory.Exists(Directory)) System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException) when (!_published)
        {
            // Best effort: a leftover staging folder is removed by the next run.
        }
    }
}
