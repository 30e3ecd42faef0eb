using System.Globalization;
using System.Text;
using OpenData.Etl.Diagnostics;
using OpenData.Etl.Tests.Support;

namespace OpenData.Etl.Tests.Protection;

/// <summary>Protection through whole runs of the shipped example and small variants of it.</summary>
public sealed class ProtectionRunTests
{
    private const string KeyVariable = "ODETL_TEST_KEY_PROTECTION";
    private const string PlantedKey = "PLANTED-KEY-must-never-appear-anywhere-4b1e";

    private static string WithEnvKey(string yaml)
    {
        var edited = System.Text.RegularExpressions.Regex.Replace(yaml, @"key: \{ file: [^}]+\}", $"key: {{ env: {KeyVariable} }}");
        Assert.NotEqual(yaml, edited);
        return edited;
    }

    private static async Task<(CliResult Result, Dictionary<string, byte[]> Files)> RunAsync(TempDir dir, Func<string, string> edit, IEnumerable<string>? exportLines = null)
    {
        var export = PipelineFiles.WriteExport(dir, exportLines ?? PipelineFiles.ExportLines());
        var pipeline = PipelineFiles.WriteExamplePipeline(dir, export, edit);
        var result = await Odetl.RunAsync("run", pipeline);
        var files = Directory.Exists(dir.File("out"))
            ? Directory.GetFiles(dir.File("out"), "*", SearchOption.AllDirectories).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes)
            : [];
        return (result, files);
    }

    [Fact]
    public async Task The_same_key_gives_the_same_pseudonyms_and_another_key_different_ones()
    {
        Environment.SetEnvironmentVariable(KeyVariable, PlantedKey);
        try
        {
            using var a = new TempDir();
            using var b = new TempDir();
            using var c = new TempDir();
            var first = await RunAsync(a, WithEnvKey);
            var second = await RunAsync(b, WithEnvKey);
            Environment.SetEnvironmentVariable(KeyVariable, PlantedKey + "-rotated");
            var rotated = await RunAsync(c, WithEnvKey);

            Assert.Equal(0, first.Result.ExitCode);
            Assert.Equal(first.Files["livsmedelskontroller.csv"], second.Files["livsmedelskontroller.csv"]);
            var uris = Uris(first.Files["livsmedelskontroller.csv"]);
            var rotatedUris = Uris(rotated.Files["livsmedelskontroller.csv"]);
            Assert.Equal(uris.Count, rotatedUris.Count);
            Assert.Empty(uris.Intersect(rotatedUris));
        }
        finally
        {
            Environment.SetEnvironmentVariable(KeyVariable, null);
        }
    }

    [Fact]
    public async Task Another_domain_gives_different_pseudonyms_with_the_same_key()
    {
        using var a = new TempDir();
        using var b = new TempDir();
        var first = await RunAsync(a, y => y);
        var other = await RunAsync(b, y => y.Replace("domain: livsmedelskontroller", "domain: another-dataset", StringComparison.Ordinal));

        Assert.Empty(Uris(first.Files["livsmedelskontroller.csv"]).Intersect(Uris(other.Files["livsmedelskontroller.csv"])));
    }

    [Fact]
    public async Task The_key_appears_in_no_output_stream_or_file_even_when_the_run_fails()
    {
        Environment.SetEnvironmentVariable(KeyVariable, PlantedKey);
        try
        {
            using var ok = new TempDir();
            using var failing = new TempDir();
            var good = await RunAsync(ok, WithEnvKey);
            var lines = PipelineFiles.ExportLines();
            lines[5] += ";extra";
            var bad = await RunAsync(failing, WithEnvKey, lines);

            Assert.Equal(0, good.Result.ExitCode);
            Assert.Contains("pseudonyms with key k-", good.Result.Stderr, StringComparison.Ordinal);
            Assert.Equal(ExitCodes.DataError, bad.Result.ExitCode);
            foreach (var (result, files) in new[] { good, bad })
            {
                Assert.DoesNotContain(PlantedKey, result.All, StringComparison.Ordinal);
                foreach (var (name, bytes) in files)
                    Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(PlantedKey)) < 0, $"{name} contains the key");
            }
        }
        finally
        {
            Environment.SetEnvironmentVariable(KeyVariable, null);
        }
    }

    [Fact]
    public async Task A_missing_key_stops_the_run_before_any_data_is_read()
    {
        using var dir = new TempDir();
        var (result, files) = await RunAsync(dir, y => WithEnvKey(y).Replace(KeyVariable, "ODETL_TEST_KEY_THAT_IS_NOT_SET", StringComparison.Ordinal));

        Assert.Equal(ExitCodes.ConfigurationError, result.ExitCode);
        Assert.Contains("error ODE0205", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("ODETL_TEST_KEY_THAT_IS_NOT_SET", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(files);
    }

    [Fact]
    public async Task Plain_hashing_is_refused()
    {
        using var dir = new TempDir();
        var (result, _) = await RunAsync(dir, y => y.Replace("{ class: internal, action: pseudonymise }", "{ class: internal, action: sha256 }", StringComparison.Ordinal));

        Assert.Equal(ExitCodes.ConfigurationError, result.ExitCode);
        Assert.Contains("error ODE0206", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("hyphen")]
    [InlineData("12-digit")]
    [InlineData("samordningsnummer")]
    public async Task A_personnummer_in_a_public_free_text_column_stops_the_run_naming_column_and_row(string form)
    {
        using var dir = new TempDir();
        var pnr = TestPersonnummer.All[3];
        var planted = form switch
        {
            "plain" => pnr[2..],
            "hyphen" => $"{pnr[2..8]}-{pnr[8..]}",
            "12-digit" => pnr,
            _ => TestPersonnummer.Samordningsnummer(pnr),
        };
        var lines = PipelineFiles.ExportLines();
        var row = lines.FindIndex(l => l.StartsWith("K-2024-0042;", StringComparison.Ordinal));
        var fields = lines[row].Split(';');
        fields[23] = $"Ägaren {planted} ringde.";
        lines[row] = string.Join(';', fields);
        static string Publish(string y) => y
            .Replace("Kommentar:          { class: internal, action: drop }", "Kommentar:          { class: public }", StringComparison.Ordinal)
            .Replace("    inspection.date:", "    inspection.ownerComment: Kommentar\n    inspection.date:", StringComparison.Ordinal);

        var (result, files) = await RunAsync(dir, Publish, lines);

        Assert.Equal(ExitCodes.DataError, result.ExitCode);
        Assert.Contains("error ODE0510", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("'inspection.ownerComment' (from Kommentar)", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(form == "samordningsnummer" ? "samordningsnummer" : "personnummer", result.Stderr, StringComparison.Ordinal);
        Assert.Contains($"rows {row + 1}", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(planted, result.All, StringComparison.Ordinal);
        Assert.Empty(files);
    }

    [Fact]
    public async Task An_allowed_kind_with_a_reason_is_published()
    {
        using var dir = new TempDir();
        var lines = PipelineFiles.ExportLines();
        var row = lines.FindIndex(l => l.StartsWith("K-2024-0042;", StringComparison.Ordinal));
        var fields = lines[row].Split(';');
        fields[2] = "Café info@cafe-angen.se";
        lines[row] = string.Join(';', fields);
        var (blocked, _) = await RunAsync(dir, y => y);
        Assert.Equal(0, blocked.ExitCode); // the unchanged export is clean

        using var dir2 = new TempDir();
        var (refused, _) = await RunAsync(dir2, y => y, lines);
        using var dir3 = new TempDir();
        var (allowed, files) = await RunAsync(dir3, y => y.Replace("Anlaggning:         { class: public }",
            "Anlaggning:         { class: public, allow: [email], reason: \"facilities' own public addresses\" }", StringComparison.Ordinal), lines);

        Assert.Equal(ExitCodes.DataError, refused.ExitCode);
        Assert.Contains("email", refused.Stderr, StringComparison.Ordinal);
        Assert.True(allowed.ExitCode == 0, allowed.All);
        Assert.Contains("info@cafe-angen.se", Encoding.UTF8.GetString(files["livsmedelskontroller.csv"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sole_traders_organisation_numbers_are_masked_and_companies_kept()
    {
        using var dir = new TempDir();
        var (result, files) = await RunAsync(dir, y => y);
        Assert.Equal(0, result.ExitCode);

        var source = CsvText.Parse(File.ReadAllText(Repo.LivsmedelExport, PipelineFiles.Windows1252), ';').Skip(1).Select(r => r[3]).ToHashSet();
        var published = CsvText.Parse(Encoding.UTF8.GetString(files["livsmedelskontroller.csv"]), ',');
        var column = Array.IndexOf(published[0], "facility.organizationNumber");
        var values = published.Skip(1).Select(r => r[column]).Where(v => v.Length > 0).ToList();
        var masked = values.Where(v => v.EndsWith("XXXX", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(masked);
        Assert.All(masked, v => Assert.Contains(source, s => s.Length == 10 && s.StartsWith(v[..6], StringComparison.Ordinal) && TestPersonnummer.All.Any(p => p.EndsWith(s, StringComparison.Ordinal))));
        Assert.All(values.Except(masked), v => Assert.Contains(v, source));
        Assert.DoesNotContain(values, v => TestPersonnummer.All.Any(p => p.EndsWith(v, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Every_generalised_point_is_the_centre_of_the_grid_cell_that_holds_the_original()
    {
        using var dir = new TempDir();
        var (result, files) = await RunAsync(dir, y => y);
        Assert.Equal(0, result.ExitCode);

        var source = CsvText.Parse(File.ReadAllText(Repo.LivsmedelExport, PipelineFiles.Windows1252), ';');
        var (north, east) = (Array.IndexOf(source[0], "Nord_SWEREF99TM"), Array.IndexOf(source[0], "Ost_SWEREF99TM"));
        var published = CsvText.Parse(Encoding.UTF8.GetString(files["livsmedelskontroller.csv"]), ',');
        var column = Array.IndexOf(published[0], "facility.location.sweref99.coordinates");
        for (var i = 1; i < published.Count; i++)
        {
            var point = System.Text.Json.JsonSerializer.Deserialize<decimal[]>(published[i][column])!;
            var original = new[] { source[i][north], source[i][east] }.Select(t => decimal.Parse(t.Replace(',', '.'), CultureInfo.InvariantCulture)).ToArray();
            for (var axis = 0; axis < 2; axis++)
            {
                Assert.Equal(50m, ((point[axis] % 100m) + 100m) % 100m); // a cell centre
                Assert.InRange(original[axis], point[axis] - 50m, point[axis] + 50m); // the cell holds the original
            }
        }
    }

    private static HashSet<string> Uris(byte[] csv) =>
        CsvText.Parse(Encoding.UTF8.GetString(csv), ',').Skip(1).Select(r => r[0]).ToHashSet();
}
