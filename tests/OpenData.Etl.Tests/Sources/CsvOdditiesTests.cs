using OpenData.Etl.Diagnostics;
using OpenData.Etl.Tests.Support;

namespace OpenData.Etl.Tests.Sources;

/// <summary>The oddities of real Swedish statistics exports, all in one file.</summary>
public sealed class CsvOdditiesTests
{
    // Preamble, a header with stray, non-breaking and soft-hyphen characters, mixed line endings,
    // soft hyphens and non-breaking thousands separators in values, statistical markers, trailing
    // delimiters, and footnotes after a blank line.
    private const string Export =
        "Antal verksamheter per kommun\r\n" +
        "Uttag 2024-06-01\r\n" +
        " Id ;Namn\u00A0;Be\u00ADlopp;;\r\n" +
        "1;Kom\u00ADmun;1\u00A0234,50;;\n" +
        "2;Region;..;;\r\n" +
        "3;Stad;12 345;;\n" +
        "4;By;-\r\n" +
        "\r\n" +
        "Källa: Exempeldata\r\n" +
        ".. = uppgift saknas\r\n";

    private static string WritePipeline(TempDir dir, string footnotes)
    {
        File.WriteAllText(dir.File("export.csv"), Export);
        File.WriteAllText(dir.File("schema.json"), """
            { "fields": [ { "name": "id", "type": "integer" }, { "name": "namn", "type": "string" }, { "name": "belopp", "type": "number" } ] }
            """);
        File.WriteAllText(dir.File("p.yaml"), $$"""
            source: { path: export.csv, header-row: 3, decimal: ",", missing: ["", "..", "-"]{{footnotes}} }
            columns: { Id: public, Namn: public, Belopp: public }
            specification: { uri: "https://example.se/spec/1.0", schema: schema.json }
            mapping: { fields: { id: Id, namn: Namn, belopp: Belopp } }
            outputs: { dir: out, formats: [csv] }
            """);
        return dir.File("p.yaml");
    }

    [Fact]
    public async Task A_messy_statistics_export_is_read_with_a_warning_for_every_tidied_header_name()
    {
        using var dir = new TempDir();
        var result = await Odetl.RunAsync("run", WritePipeline(dir, ", footnotes: after-blank-line"));

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains($"export.csv(3,1): warning {Codes.HeaderNormalised}: header column 1 is read as 'Id'", result.Stderr, StringComparison.Ordinal);
        Assert.Contains($"export.csv(3,2): warning {Codes.HeaderNormalised}", result.Stderr, StringComparison.Ordinal);
        Assert.Contains($"export.csv(3,3): warning {Codes.HeaderNormalised}: header column 3 is read as 'Belopp'", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("4 rows read, 4 written", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(["id,namn,belopp", "1,Kommun,1234.5", "2,Region,", "3,Stad,12345", "4,By,"],
            File.ReadAllText(dir.File("out", "p.csv")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Footnotes_are_malformed_rows_unless_declared()
    {
        using var dir = new TempDir();
        var result = await Odetl.RunAsync("run", WritePipeline(dir, ""));
        Assert.Equal(ExitCodes.DataError, result.ExitCode);
        Assert.Contains($"export.csv(9): error {Codes.WrongFieldCount}", result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("out")));
    }

    [Fact]
    public async Task Header_names_that_are_equal_after_tidying_are_duplicates()
    {
        using var dir = new TempDir();
        var path = WritePipeline(dir, "");
        File.WriteAllText(dir.File("export.csv"), "x\ny\nId;Id\u00A0;Belopp\n1;2;3\n");
        var result = await Odetl.RunAsync("run", path);
        Assert.Equal(ExitCodes.DataError, result.ExitCode);
        Assert.Contains($"export.csv(3,2): error {Codes.DuplicateHeader}: the header names column 'Id' twice", result.Stderr, StringComparison.Ordinal);
    }
}
