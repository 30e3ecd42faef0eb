using System.Text;
using OpenData.Etl.Diagnostics;
using OpenData.Etl.Tests.Support;

namespace OpenData.Etl.Tests.Running;

/// <summary>
/// Every malformed input in testdata/bad (listed in cases.tsv), and a few large ones made here, through
/// <c>odetl run</c>: the documented exit code, a diagnostic naming the file (and row and column where
/// they apply), no stack trace, and the output folder untouched.
/// </summary>
public sealed class BadInputTests
{
    private static readonly string Folder = Repo.PathOf("testdata", "bad");

    public static TheoryData<string, string, int, string, string> Cases()
    {
        var data = new TheoryData<string, string, int, string, string>();
        foreach (var line in File.ReadAllLines(Path.Combine(Folder, "cases.tsv")).Where(l => l.Length > 0 && l[0] != '#'))
        {
            var f = line.Split('\t');
            data.Add(f[0], f[1], int.Parse(f[2], System.Globalization.CultureInfo.InvariantCulture), f[3], f[4]);
        }
        return data;
    }

    [Fact]
    public void The_bad_folder_holds_at_least_30_listed_inputs_of_every_kind()
    {
        var listed = Cases().Select(c => (string)c[0]).ToList();
        Assert.True(listed.Count >= 30, $"{listed.Count} cases");
        foreach (var ext in new[] { ".csv", ".xlsx", ".xls", ".yaml" }) Assert.Contains(listed, f => f.EndsWith(ext, StringComparison.Ordinal));
        foreach (var file in listed) Assert.True(File.Exists(Path.Combine(Folder, file)), file);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_malformed_input_fails_with_its_documented_code_and_leaves_the_output_untouched(string file, string options, int exitCode, string code, string location)
    {
        using var dir = new TempDir();
        File.Copy(Path.Combine(Folder, file), dir.File(file));
        var written = WritePipeline(dir, file, options); // the pipeline cases use its schema.json too
        var pipeline = file.EndsWith(".yaml", StringComparison.Ordinal) ? dir.File(file) : written;
        await AssertFails(dir, pipeline, exitCode, code, location);
    }

    [Fact]
    public async Task Invalid_utf8_deep_in_a_large_file_is_found_and_its_byte_named()
    {
        using var dir = new TempDir();
        var bytes = new List<byte>(Encoding.UTF8.GetBytes("Id;Namn;Datum\n"));
        for (var i = 1; i <= 150_000; i++) bytes.AddRange(Encoding.UTF8.GetBytes($"{i};Åsa nummer {i};2024-01-01\n"));
        var at = bytes.Count;
        bytes.AddRange([(byte)'9', (byte)';', 0xC3, 0x28, (byte)';', (byte)'\n']); // 0xC3 0x28: a broken two-byte sequence
        for (var i = 150_002; i <= 300_000; i++) bytes.AddRange(Encoding.UTF8.GetBytes($"{i};Örjan nummer {i};2024-01-01\n"));
        File.WriteAllBytes(dir.File("large.csv"), [.. bytes]);

        var result = await AssertFails(dir, WritePipeline(dir, "large.csv", "encoding: utf-8"), ExitCodes.DataError, Codes.InvalidEncoding, "large.csv");
        Assert.Contains($"byte {at + 2} is not valid UTF-8", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_10_MB_field_is_reported_shortened_by_row_without_flooding_the_output()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("huge.csv"), "Id;Namn;Datum\n1;Ett;2024-01-01\n2;Två;" + new string('9', 10 << 20) + "\n");
        var result = await AssertFails(dir, WritePipeline(dir, "huge.csv", ""), ExitCodes.DataError, Codes.TypeMismatch, "huge.csv(3)");
        Assert.True(result.All.Length < 2_000, $"{result.All.Length} characters of output");
    }

    [Fact]
    public async Task A_workbook_whose_shared_strings_would_exhaust_memory_is_refused_unread()
    {
        using var dir = new TempDir();
        File.Copy(Repo.PathOf("testdata", "excel", "features.xlsx"), dir.File("bomb.xlsx"));
        using (var zip = System.IO.Compression.ZipFile.Open(dir.File("bomb.xlsx"), System.IO.Compression.ZipArchiveMode.Update))
        {
            zip.GetEntry("xl/sharedStrings.xml")!.Delete();
            using var part = zip.CreateEntry("xl/sharedStrings.xml", System.IO.Compression.CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1 << 20];
            for (var i = 0; i <= OpenData.Etl.Sources.ExcelSource.MaxSharedStringsBytes >> 20; i++) part.Write(zeros);
        }
        Assert.True(new FileInfo(dir.File("bomb.xlsx")).Length < 8 << 20, $"the bomb is small on disk: {new FileInfo(dir.File("bomb.xlsx")).Length}");

        var result = await AssertFails(dir, WritePipeline(dir, "bomb.xlsx", ""), ExitCodes.DataError, Codes.WorkbookUnreadable, "bomb.xlsx");
        Assert.Contains("shared-string table", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_enormous_pipeline_file_is_refused_unread()
    {
        using var dir = new TempDir();
        using (var writer = new StreamWriter(dir.File("enormous.yaml")))
        {
            writer.Write("source: { path: x.csv }\ncolumns:\n");
            for (var i = 0; i < 400_000; i++) writer.Write($"  Kolumn{i}: public\n");
        }
        await AssertFails(dir, dir.File("enormous.yaml"), ExitCodes.ConfigurationError, Codes.PipelineTooLarge, "enormous.yaml");
    }

    internal static string WritePipeline(TempDir dir, string file, string options)
    {
        File.WriteAllText(dir.File("schema.json"), """
            { "fields": [ { "name": "id", "type": "integer", "constraints": { "required": true } },
                          { "name": "namn", "type": "string" }, { "name": "datum", "type": "date" } ],
              "primaryKey": "id" }
            """);
        File.WriteAllText(dir.File("pipeline.yaml"), $$"""
            source: { path: "{{file}}"{{(options.Length > 0 ? ", " + options : "")}} }
            columns: { Id: public, Namn: public, Datum: public }
            specification: { uri: "https://example.se/spec/1.0", schema: schema.json }
            mapping: { fields: { id: Id, namn: Namn, datum: Datum } }
            outputs: { dir: out, formats: [csv, json, parquet] }
            """);
        return dir.File("pipeline.yaml");
    }

    private static async Task<CliResult> AssertFails(TempDir dir, string pipeline, int exitCode, string code, string location)
    {
        // A previously published dataset must survive every failure byte for byte.
        Directory.CreateDirectory(dir.File("out"));
        File.WriteAllText(dir.File("out", "previous.csv"), "id\n1\n");
        var before = dir.Snapshot(dir.File("out"));

        var result = await Odetl.RunAsync("run", pipeline);

        Assert.True(result.ExitCode == exitCode, $"exit {result.ExitCode}, expected {exitCode}: {result.All}");
        var prefix = location.Replace("(?)", "(", StringComparison.Ordinal);
        var expected = location.EndsWith("(?)", StringComparison.Ordinal) ? prefix : $"{prefix}: error {code}";
        Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
        Assert.Contains($"error {code}:", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.All, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", result.All, StringComparison.Ordinal);
        var after = dir.Snapshot(dir.File("out"));
        Assert.Equal(before.Keys, after.Keys);
        Assert.Equal(before.Values.Single(), after.Values.Single());
        Assert.False(Directory.Exists(dir.File(".out.staging")), "no staging folder is left behind");
        return result;
    }
}
