using OpenData.Etl.Diagnostics;
using OpenData.Etl.Tests.Support;

namespace OpenData.Etl.Tests.Sources;

/// <summary>Workbooks are read as their CSV export would be: same rows, same values, same outputs.</summary>
public sealed class ExcelSourceTests
{
    private static string Features => Repo.PathOf("testdata", "excel", "features.xlsx");

    private static string WriteFeaturesPipeline(TempDir dir, string source = "", string mapping = "", string workbook = "features.xlsx")
    {
        File.WriteAllText(dir.File("schema.json"), """
            { "fields": [ { "name": "id", "type": "integer" }, { "name": "man", "type": "integer" },
                          { "name": "kvinnor", "type": "number" }, { "name": "datum", "type": "string" },
                          { "name": "namn", "type": "string" }, { "name": "belopp", "type": "number" } ] }
            """);
        File.WriteAllText(dir.File("p.yaml"), $$"""
            source: { path: "{{Repo.PathOf("testdata", "excel", workbook)}}", sheet: Tabell, header-rows: 2, decimal: ","{{source}} }
            columns: { Id: public, Antal Män: public, Antal Kvinnor: public, Datum: public, Namn: public, Belopp: public }
            specification: { uri: "https://example.se/spec/1.0", schema: schema.json }
            mapping: { fields: { id: Id, man: Antal Män, kvinnor: Antal Kvinnor, datum: Datum, namn: Namn, belopp: Belopp{{mapping}} } }
            outputs: { dir: out, formats: [csv] }
            """);
        return dir.File("p.yaml");
    }

    [Fact]
    public async Task The_excel_example_publishes_exactly_what_the_csv_export_publishes()
    {
        using var dir = new TempDir();
        var excel = await Odetl.RunAsync("run", Repo.PathOf("pipelines", "livsmedelskontroller-excel.yaml"), "-o", dir.File("x"));
        var csv = await Odetl.RunAsync("run", Repo.LivsmedelPipeline, "-o", dir.File("c"), "-q");
        Assert.True(excel.ExitCode == 0, excel.All);
        Assert.Equal(0, csv.ExitCode);

        Assert.Contains("120 rows read, 120 written", excel.Stderr, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(dir.File("c", "livsmedelskontroller.csv")), File.ReadAllBytes(dir.File("x", "livsmedelskontroller-excel.csv")));
        Assert.Equal(File.ReadAllBytes(dir.File("c", "livsmedelskontroller.json")), File.ReadAllBytes(dir.File("x", "livsmedelskontroller-excel.json")));
        // The workbook's author and description (docProps/core.xml) are not cell values and never reach an output.
        foreach (var file in Directory.GetFiles(dir.File("x")))
        {
            var text = System.Text.Encoding.UTF8.GetString(File.ReadAllBytes(file));
            Assert.DoesNotContain("Hemligsson", text, StringComparison.Ordinal);
            Assert.DoesNotContain("070-1234567", text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("features.xlsx")]
    [InlineData("features.xls")] // legacy BIFF8, written by testdata/excel/generate_xls.py
    public async Task A_two_row_header_with_a_merged_heading_dates_soft_hyphens_and_numbers_stored_as_text_are_read_as_text_exports_are(string workbook)
    {
        using var dir = new TempDir();
        var result = await Odetl.RunAsync("run", WriteFeaturesPipeline(dir, workbook: workbook));
        Assert.True(result.ExitCode == 0, result.All);

        var rows = CsvText.Parse(File.ReadAllText(dir.File("out", "p.csv")), ',');
        Assert.Equal(["id", "man", "kvinnor", "datum", "namn", "belopp"], rows[0]);
        Assert.Equal(["1", "10", "12", "2024-03-01", "Kommun", "1234.5"], rows[1]);
        Assert.Equal(["2", "0", "3.5", "2024-12-31T08:30:00", "Region", "12"], rows[2]);
        Assert.Equal(["3", "7", "8", "1999-01-02", "Stad", "0.5"], rows[3]);
        Assert.Equal(4, rows.Count); // the blank row between and the formatted empty row after the data are not rows
        Assert.Contains("3 rows read", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sheet_is_found_by_its_position_as_well_as_its_name()
    {
        using var dir = new TempDir();
        var path = WriteFeaturesPipeline(dir);
        File.WriteAllText(path, File.ReadAllText(path).Replace("sheet: Tabell", "sheet: 2", StringComparison.Ordinal));
        var result = await Odetl.RunAsync("run", path, "-q");
        Assert.True(result.ExitCode == 0, result.All);
        Assert.Equal(4, File.ReadAllLines(dir.File("out", "p.csv")).Length);
    }

    [Fact]
    public async Task Errors_in_a_workbook_name_the_worksheet_row()
    {
        using var dir = new TempDir();
        var path = WriteFeaturesPipeline(dir);
        File.WriteAllText(path, File.ReadAllText(path).Replace("namn: Namn", "namn: Namn, id: Namn", StringComparison.Ordinal).Replace("{ id: Id, ", "{ ", StringComparison.Ordinal));
        var result = await Odetl.RunAsync("run", path);
        Assert.Equal(ExitCodes.DataError, result.ExitCode);
        Assert.Contains("features.xlsx(3): error ODE0501", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("features.xlsx(6): error ODE0501", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sheet: Tabel", "no sheet named 'Tabel'")]
    [InlineData("sheet: 7", "has 2 sheet(s)")]
    public async Task An_unknown_sheet_is_a_configuration_error_listing_the_sheets(string sheet, string expected)
    {
        using var dir = new TempDir();
        var path = WriteFeaturesPipeline(dir);
        File.WriteAllText(path, File.ReadAllText(path).Replace("sheet: Tabell", sheet, StringComparison.Ordinal));
        var result = await Odetl.RunAsync("run", path);
        Assert.Equal(ExitCodes.ConfigurationError, result.ExitCode);
        Assert.Contains(Codes.SheetNotFound, result.Stderr, StringComparison.Ordinal);
        Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
        Assert.Contains("'Först', 'Tabell'", result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("out")));
    }

    [Fact]
    public async Task Text_options_on_a_workbook_are_ignored_with_a_warning()
    {
        using var dir = new TempDir();
        var result = await Odetl.RunAsync("run", WriteFeaturesPipeline(dir, source: ", encoding: windows-1252, delimiter: \";\""));
        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains($"warning {Codes.SourceOptionIgnored}", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Workbook_options_on_a_text_source_are_a_configuration_error()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("export.csv"), "Id;Namn\n1;a\n");
        var path = WriteFeaturesPipeline(dir);
        File.WriteAllText(path, File.ReadAllText(path).Replace(Features, dir.File("export.csv"), StringComparison.Ordinal));
        var result = await Odetl.RunAsync("run", path);
        Assert.Equal(ExitCodes.ConfigurationError, result.ExitCode);
        Assert.Contains("apply only to workbooks", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Column_letters_follow_excel()
    {
        Assert.Equal("A", OpenData.Etl.Sources.ExcelSource.ColumnLetters(0));
        Assert.Equal("Z", OpenData.Etl.Sources.ExcelSource.ColumnLetters(25));
        Assert.Equal("AA", OpenData.Etl.Sources.ExcelSource.ColumnLetters(26));
        Assert.Equal("AMJ", OpenData.Etl.Sources.ExcelSource.ColumnLetters(1023));
    }
}
