using System.Diagnostics;
using System.Text;
using OpenData.Etl.Diagnostics;
using OpenData.Etl.Running;
using OpenData.Etl.Tests.Support;

namespace OpenData.Etl.Tests.Running;

/// <summary>A run killed at any moment, or started twice, never leaves a half-written dataset.</summary>
public sealed class SafePublishingTests
{
    private const int LargeRows = 300_000;

    private static string WritePipeline(TempDir dir, int rows)
    {
        File.WriteAllText(dir.File("schema.json"), """
            { "fields": [ { "name": "id", "type": "integer" }, { "name": "namn", "type": "string" },
                          { "name": "belopp", "type": "number" } ], "primaryKey": "id" }
            """);
        WriteExport(dir, rows);
        File.WriteAllText(dir.File("p.yaml"), """
            source: { path: export.csv, delimiter: ";", decimal: "," }
            columns: { Id: public, Namn: public, Belopp: public }
            specification: { uri: "https://example.se/spec/1.0", schema: schema.json }
            mapping: { fields: { id: Id, namn: Namn, belopp: Belopp } }
            outputs: { dir: out, formats: [csv, json, parquet] }
            """);
        return dir.File("p.yaml");
    }

    private static void WriteExport(TempDir dir, int rows)
    {
        using var writer = new StreamWriter(dir.File("export.csv"), false, new UTF8Encoding(false), 1 << 20);
        writer.Write("Id;Namn;Belopp\r\n");
        for (var i = 1; i <= rows; i++) writer.Write($"{i};Anläggning nummer {i};{i % 1000},50\r\n");
    }

    private static Process StartChild(string pipeline)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "odetl.dll"), "run", pipeline, "-q" }) start.ArgumentList.Add(arg);
        return Process.Start(start)!;
    }

    /// <summary>Waits until the child has written output bytes into its staging folder, i.e. it is mid-write.</summary>
    private static void WaitUntilWriting(Process child, string staging)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (child.HasExited) Assert.Fail($"the child run ended (exit {child.ExitCode}) before it could be caught mid-write: {child.StandardError.ReadToEnd()}");
            if (Directory.Exists(staging) && Directory.GetFiles(staging).Any(f => SafeLength(f) > 0)) return;
            Thread.Sleep(5);
        }
        Assert.Fail("the child run never started writing");
    }

    private static long SafeLength(string path)
    {
        try { return new FileInfo(path).Length; } catch (IOException) { return 0; }
    }

    private static void AssertSame(Dictionary<string, byte[]> before, Dictionary<string, byte[]> after)
    {
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        foreach (var (path, bytes) in before) Assert.True(bytes.AsSpan().SequenceEqual(after[path]), $"{path} changed");
    }

    [Fact]
    public async Task A_run_killed_mid_write_leaves_the_previous_outputs_byte_identical_and_a_rerun_succeeds()
    {
        using var dir = new TempDir();
        var pipeline = WritePipeline(dir, 5);
        Assert.Equal(0, (await Odetl.RunAsync("run", pipeline, "-q")).ExitCode);
        var before = dir.Snapshot(dir.File("out"));
        Assert.Equal(5, before.Count); // three data files, run.json and report.html

        WriteExport(dir, LargeRows);
        using (var child = StartChild(pipeline))
        {
            WaitUntilWriting(child, dir.File(".out.staging"));
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync();
        }

        AssertSame(before, dir.Snapshot(dir.File("out")));

        var rerun = await Odetl.RunAsync("run", pipeline, "-q");
        Assert.Equal(0, rerun.ExitCode);
        Assert.Equal(5, Directory.GetFiles(dir.File("out")).Length);
        Assert.False(Directory.Exists(dir.File(".out.staging")), "the staging folder the killed run left is removed");
        Assert.Equal(LargeRows + 1, File.ReadLines(dir.File("out", "p.csv")).Count());
    }

    [Fact]
    public async Task Two_concurrent_runs_of_one_pipeline_cannot_both_publish()
    {
        using var dir = new TempDir();
        var pipeline = WritePipeline(dir, LargeRows);
        using var child = StartChild(pipeline);
        WaitUntilWriting(child, dir.File(".out.staging"));

        var second = await Odetl.RunAsync("run", pipeline);

        Assert.Equal(ExitCodes.IoError, second.ExitCode);
        Assert.Contains(Codes.PublishLocked, second.Stderr, StringComparison.Ordinal);
        Assert.Contains(".out.lock", second.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", second.All, StringComparison.Ordinal);
        Assert.True(Directory.Exists(dir.File(".out.staging")), "the second run must not clear the first run's staging folder");

        await child.WaitForExitAsync();
        Assert.Equal(0, child.ExitCode);
        Assert.Equal(LargeRows + 1, File.ReadLines(dir.File("out", "p.csv")).Count());
    }

    [Fact]
    public async Task A_held_lock_stops_a_run_before_it_reads_or_writes_anything()
    {
        using var dir = new TempDir();
        var pipeline = WritePipeline(dir, 5);
        using (new FileStream(dir.File(".out.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var result = await Odetl.RunAsync("run", pipeline);
            Assert.Equal(ExitCodes.IoError, result.ExitCode);
            Assert.Contains(Codes.PublishLocked, result.Stderr, StringComparison.Ordinal);
            Assert.False(Directory.Exists(dir.File("out")));
        }
        Assert.Equal(0, (await Odetl.RunAsync("run", pipeline, "-q")).ExitCode);
        Assert.Equal(5, Directory.GetFiles(dir.File("out")).Length);
    }

    [Fact]
    public void A_publish_interrupted_after_its_commit_point_is_finished_by_the_next_run()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.File("out"));
        Directory.CreateDirectory(dir.File(".out.staging"));
        File.WriteAllText(dir.File("out", "a.csv"), "new a (already moved)");
        File.WriteAllText(dir.File("out", "b.csv"), "old b");
        File.WriteAllText(dir.File(".out.staging", "b.csv"), "new b");
        File.WriteAllText(dir.File(".out.publish"), "a.csv\nb.csv");

        using (new StagingArea(dir.File("out"))) { }

        Assert.Equal("new a (already moved)", File.ReadAllText(dir.File("out", "a.csv")));
        Assert.Equal("new b", File.ReadAllText(dir.File("out", "b.csv")));
        Assert.False(File.Exists(dir.File(".out.publish")));
        Assert.False(Directory.Exists(dir.File(".out.staging")));
    }

    [Fact]
    public void Republishing_replaces_every_file_and_frees_the_replaced_ones_without_leaving_a_second_name()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.File("out"));
        File.WriteAllText(dir.File("out", "a.csv"), "old a");
        File.WriteAllText(dir.File("out", "b.csv"), "old b");
        using var reader = new StreamReader(dir.File("out", "a.csv")); // a consumer still reading the old version

        string[] names = ["a.csv", "b.csv", "c.csv"];
        using (var staging = new StagingArea(dir.File("out")))
        {
            foreach (var name in names) File.WriteAllText(staging.PathFor(name), $"new {name[0]}");
            staging.Publish(names);
            Assert.Empty(Directory.GetFileSystemEntries(staging.Directory)); // no second name of a replaced file is left
        }

        Assert.Equal(["new a", "new b", "new c"], names.Select(n => File.ReadAllText(dir.File("out", n))));
        Assert.Equal("old a", reader.ReadToEnd());
        Assert.False(Directory.Exists(dir.File(".out.staging")));
    }

    [Fact]
    public void A_hard_link_is_a_second_name_of_the_same_file_where_the_platform_has_them()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("a"), "one");

        var linked = HardLink.TryCreate(dir.File("a"), dir.File("second name"));

        Assert.Equal(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD(), linked);
        if (!linked) return;
        File.AppendAllText(dir.File("a"), " file");
        Assert.Equal("one file", File.ReadAllText(dir.File("second name")));
        Assert.False(HardLink.TryCreate(dir.File("a"), dir.File("second name"))); // the name is taken
        Assert.False(HardLink.TryCreate(dir.File("missing"), dir.File("third")));
    }

    [Fact]
    public void A_run_killed_before_its_commit_point_is_rolled_back_without_touching_the_outputs()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.File("out"));
        Directory.CreateDirectory(dir.File(".out.staging"));
        File.WriteAllText(dir.File("out", "b.csv"), "old b");
        File.WriteAllText(dir.File(".out.staging", "b.csv"), "half of new b");
        File.WriteAllText(dir.File(".out.publish.tmp"), "b.c");

        using (new StagingArea(dir.File("out"))) { }

        Assert.Equal("old b", File.ReadAllText(dir.File("out", "b.csv")));
        Assert.False(File.Exists(dir.File(".out.publish.tmp")));
        Assert.False(Directory.Exists(dir.File(".out.staging")));
    }

    [Theory]
    [InlineData("../escape.csv")]
    [InlineData("sub/dir.csv")]
    [InlineData("/etc/passwd")]
    [InlineData("..")]
    public void Output_file_names_can_never_leave_the_output_folder(string name)
    {
        using var dir = new TempDir();
        using var staging = new StagingArea(dir.File("out"));
        var e = Assert.Throws<EtlException>(() => staging.PathFor(name));
        Assert.Equal(Codes.OutputPathEscapes, e.Diagnostics[0].Code);
        Assert.Throws<EtlException>(() => staging.Publish([name]));
    }

    [Fact]
    public async Task A_move_that_fails_after_the_commit_point_is_finished_by_the_next_run()
    {
        using var dir = new TempDir();
        var pipeline = WritePipeline(dir, 5);
        Directory.CreateDirectory(dir.File("out", "p.json")); // a folder where a file must go: the second move fails

        var failed = await Odetl.RunAsync("run", pipeline);

        Assert.Equal(ExitCodes.IoError, failed.ExitCode);
        Assert.Contains("the next run into this folder finishes publishing", failed.Stderr, StringComparison.Ordinal);
        Assert.True(File.Exists(dir.File(".out.publish")), "the journal stays");
        Assert.True(File.Exists(dir.File(".out.staging", "p.parquet")), "the staged files the journal lists stay");

        Directory.Delete(dir.File("out", "p.json"));
        var rerun = await Odetl.RunAsync("run", pipeline, "-q");
        Assert.Equal(0, rerun.ExitCode);
        Assert.Equal(["p.csv", "p.json", "p.parquet", "report.html", "run.json"], Directory.GetFiles(dir.File("out")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.False(File.Exists(dir.File(".out.publish")));
    }

    [Fact]
    public async Task An_output_folder_that_is_a_symbolic_link_is_staged_beside_its_real_folder()
    {
        using var dir = new TempDir();
        var pipeline = WritePipeline(dir, 5);
        Directory.CreateDirectory(dir.File("real", "published"));
        Directory.CreateSymbolicLink(dir.File("out"), dir.File("real", "published"));

        var result = await Odetl.RunAsync("run", pipeline, "-q");

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Equal(5, Directory.GetFiles(dir.File("real", "published")).Length);
        Assert.True(File.Exists(dir.File("real", ".published.lock")), "the lock sits beside the real folder");
        Assert.False(File.Exists(dir.File(".out.lock")));
    }
}
