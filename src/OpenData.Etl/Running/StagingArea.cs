using System.Security.Cryptography;
using System.Text;
using OpenData.Etl.Diagnostics;
using OpenData.Etl.Pipelines;

namespace OpenData.Etl.Running;

/// <summary>
/// Publishes a run's files so that a run killed at any moment never leaves a half-written dataset.
/// <para>
/// Beside the output folder <c>DIR</c> live three hidden entries, never inside it:
/// <c>.DIR.lock</c> (held exclusively for the whole run, so two runs of one pipeline cannot overlap;
/// the operating system releases it when a process dies), <c>.DIR.staging/</c> (every output, the
/// metadata and anything else the run writes, complete before anything moves) and <c>.DIR.publish</c>
/// (the journal: the list of staged files, written to a temporary name, flushed and renamed into place).
/// </para>
/// <para>
/// The rename of the journal is the commit point. Killed before it, the output folder was never touched
/// and the next run deletes the staging folder (roll back). Killed after it, while the staged files are
/// renamed one by one into the output folder, every file in the output folder is still complete (a rename
/// within one file system is atomic), and the next run first finishes the moves the journal lists (roll
/// forward) before it does anything else. Partial files therefore only ever exist inside the staging folder.
/// </para>
/// </summary>
internal sealed class StagingArea : IDisposable
{
    /// <summary>Inside the staging folder; output names never start with a dot, so no staged file can have this name.</summary>
    private const string ReplacedFolder = ".replaced";
    private readonly FileStream _lock;
    private readonly string _journal;
    private bool _committed; // the journal is in place and some moves may not have happened yet

    public StagingArea(string targetDirectory)
    {
        TargetDirectory = RealPath(Path.TrimEndingDirectorySeparator(Path.GetFullPath(targetDirectory)));
        var parent = Path.GetDirectoryName(TargetDirectory);
        var name = Path.GetFileName(TargetDirectory);
        if (parent is null || name.Length == 0)
            throw new EtlException(FailureKind.Configuration, Diagnostic.Error(Codes.OutputDirectoryInvalid,
                "the output folder cannot be a file system root: odetl keeps its staging folder and lock beside it.", new TextLocation(TargetDirectory)));
        Directory = Path.Combine(parent, $".{name}.staging");
        LockPath = Path.Combine(parent, $".{name}.lock");
        _journal = Path.Combine(parent, $".{name}.publish");
        _lock = AcquireLock(parent, LockPath, TargetDirectory);
        try
        {
            Recover();
            System.IO.Directory.CreateDirectory(Directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _lock.Dispose();
            throw new EtlException(FailureKind.Io, Diagnostic.Error(Codes.OutputFailed, $"cannot prepare the staging folder: {e.Message}", new TextLocation(Directory)));
        }
        catch
        {
            _lock.Dispose();
            throw;
        }
    }

    public string TargetDirectory { get; }

    public string Directory { get; }

    /// <summary>The lock file beside the output folder; a run holds it exclusively from start to end.</summary>
    public string LockPath { get; }

    /// <summary>Where to stage <paramref name="fileName"/>: a plain name, never a path that could leave the folder.</summary>
    public string PathFor(string fileName) => Path.Combine(Directory, CheckedName(fileName));

    /// <summary>Moves every staged file into the target folder, replacing earlier versions, and returns their final facts.</summary>
    /// <param name="known">Size and digest of files already hashed in the staging folder (the run report's outputs), so large files are read once.</param>
    public IReadOnlyList<(string StagedName, string FinalPath, long Bytes, string Sha256)> Publish(IEnumerable<string> fileNames, IReadOnlyDictionary<string, (long Bytes, string Sha256)>? known = null)
    {
        var names = fileNames.Select(CheckedName).ToList();
        try
        {
            // Every staged file is flushed to disk before the commit point; digests the caller already has are reused.
            // In parallel: each file is hashed and flushed whole, and the files are independent.
            var facts = names.AsParallel().AsOrdered().Select(name => known is not null && known.TryGetValue(name, out var k)
                ? (name, Length: k.Bytes, Hash: Sync(PathFor(name), k.Sha256))
                : (name, Length: new FileInfo(PathFor(name)).Length, Hash: HashAndSync(PathFor(name)))).ToList();
            System.IO.Directory.CreateDirectory(TargetDirectory);

            // Commit point: once the journal exists under its final name, the next run finishes these moves.
            var pending = _journal + ".tmp";
            using (var journal = new FileStream(pending, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                journal.Write(Encoding.UTF8.GetBytes(string.Join('\n', names)));
                journal.Flush(flushToDisk: true);
            }
            File.Move(pending, _journal, overwrite: true);
            _committed = true;

            RollForward(names, keepReplaced: true);
            File.Delete(_journal);
            _committed = false;
            ReleaseReplaced();
            return [.. facts.Select(f => (f.name, Path.Combine(TargetDirectory, f.name), f.Length, f.Hash))];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var state = _committed
                ? " Some files may already be the new version; the next run into this folder finishes publishing before it does anything else."
                : " Nothing was published.";
            throw new EtlException(FailureKind.Io, Diagnostic.Error(Codes.OutputFailed, $"cannot publish into the output folder: {e.Message}{state}", new TextLocation(TargetDirectory)));
        }
    }

    /// <summary>
    /// Follows a symbolic link to the real folder, so the staging folder sits on the same file system
    /// as the files it replaces: across file systems a move is a copy, which a kill could leave half done.
    /// </summary>
    private static string RealPath(string directory)
    {
        try
        {
            return new DirectoryInfo(directory).ResolveLinkTarget(returnFinalTarget: true)?.FullName is { } real
                ? Path.TrimEndingDirectorySeparator(real)
                : directory;
        }
        catch (IOException)
        {
            return directory; // a broken link: creating the folder reports it
        }
    }

    /// <summary>Finishes or discards what a killed run left, before this run stages anything.</summary>
    private void Recover()
    {
        File.Delete(_journal + ".tmp"); // a journal never committed: that run published nothing
        if (File.Exists(_journal))
        {
            var names = File.ReadAllText(_journal).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            // A journal is only ever written by this class, but it sits on disk: check the names again.
            if (names.All(n => n == CheckedName(n)))
            {
                System.IO.Directory.CreateDirectory(TargetDirectory);
                RollForward(names);
            }
            File.Delete(_journal);
        }
        if (System.IO.Directory.Exists(Directory)) System.IO.Directory.Delete(Directory, recursive: true);
    }

    /// <summary>Moves each listed file still in the staging folder; files already moved are skipped, so it can be repeated.</summary>
    /// <param name="keepReplaced">Give each file about to be replaced a second name in the staging folder first (see <see cref="ReleaseReplaced"/>).</param>
    private void RollForward(IEnumerable<string> names, bool keepReplaced = false)
    {
        var replaced = Path.Combine(Directory, ReplacedFolder);
        foreach (var name in names)
        {
            var staged = Path.Combine(Directory, name);
            if (!File.Exists(staged)) continue;
            var final = Path.Combine(TargetDirectory, name);
            if (keepReplaced && File.Exists(final))
            {
                System.IO.Directory.CreateDirectory(replaced);
                HardLink.TryCreate(final, Path.Combine(replaced, name)); // where it cannot, the rename frees the file itself
            }
            File.Move(staged, final, overwrite: true);
        }
    }

    /// <summary>
    /// Frees the files the publish replaced, side by side. A rename over a file's last name makes the kernel free
    /// its cached pages inside the rename: 0.1–0.2 s per few hundred megabytes, one file after another, while the
    /// output folder holds new files beside old ones (0.5 s for the benchmark's gigabyte). Kept alive by a second
    /// name in the staging folder, a file is replaced in microseconds, and freed here once all are in place.
    /// Best effort: whatever is left goes with the staging folder.
    /// </summary>
    private void ReleaseReplaced()
    {
        var replaced = Path.Combine(Directory, ReplacedFolder);
        if (!System.IO.Directory.Exists(replaced)) return;
        try
        {
            Parallel.ForEach(System.IO.Directory.GetFiles(replaced), File.Delete);
            System.IO.Directory.Delete(replaced);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException
            || (e is AggregateException all && all.InnerExceptions.All(x => x is IOException or UnauthorizedAccessException)))
        {
        }
    }

    private string CheckedName(string fileName)
    {
        var full = Path.GetFullPath(Path.Combine(Directory, fileName));
        if (!PipelineLoader.IsSafeName(fileName) || !string.Equals(Path.GetDirectoryName(full), Directory, StringComparison.Ordinal))
            throw new EtlException(FailureKind.Configuration, Diagnostic.Error(Codes.OutputPathEscapes,
                $"the output file name '{fileName}' is not a plain file name inside the output folder.", new TextLocation(TargetDirectory)));
        return fileName;
    }

    private static FileStream AcquireLock(string parent, string lockPath, string target)
    {
        try
        {
            System.IO.Directory.CreateDirectory(parent);
            // FileShare.None is an exclusive lock (flock on Unix); it dies with the process, so a killed run
            // never blocks the next one. The file itself is left in place: deleting it would let a third run
            // lock a new file while a second still holds the old one.
            return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException) when (File.Exists(lockPath))
        {
            throw new EtlException(FailureKind.Io, Diagnostic.Error(Codes.PublishLocked,
                $"another run is publishing into {PathDisplay.For(target)} (it holds {Path.GetFileName(lockPath)}); nothing was read or written. Wait for it to finish.",
                new TextLocation(PathDisplay.For(lockPath))));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EtlException(FailureKind.Io, Diagnostic.Error(Codes.OutputFailed, $"cannot create the lock file: {e.Message}", new TextLocation(PathDisplay.For(lockPath))));
        }
    }

    /// <summary>Hashes a staged file and forces it to disk, so the commit point never precedes the data.</summary>
    private static string Sync(string path, string knownHash)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        stream.Flush(flushToDisk: true);
        return knownHash;
    }

    private static string HashAndSync(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        var hash = Convert.ToHexStringLower(SHA256.HashData(stream));
        stream.Flush(flushToDisk: true);
        return hash;
    }

    public void Dispose()
    {
        try
        {
            // After the commit point the staged files are what the journal promises: keep them for roll-forward.
            if (!_committed && System.IO.Directory.Exists(Directory)) System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover staging folder is removed by the next run.
        }
        finally
        {
            _lock.Dispose();
        }
    }
}
