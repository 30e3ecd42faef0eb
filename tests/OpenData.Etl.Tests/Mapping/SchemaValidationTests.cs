using System.Text.Json;
using OpenData.Etl.Diagnostics;
using OpenData.Etl.Tests.Support;

namespace OpenData.Etl.Tests.Mapping;

/// <summary>Each Table Schema rule, proved on a tiny export: one good file passes, one bad row fails with row, field and rule.</summary>
public sealed class SchemaValidationTests
{
    private const string Schema = """
        {
          "fields": [
            { "name": "id", "type": "string", "constraints": { "required": true, "pattern": "[A-Z]-[0-9]{3}" } },
            { "name": "antal", "type": "integer", "constraints": { "minimum": 0, "maximum": 100 } },
            { "name": "belopp", "type": "number" },
            { "name": "klass", "type": "string", "constraints": { "enum": ["A", "B", "C"] } },
            { "name": "aktiv", "type": "boolean" },
            { "name": "datum", "type": "date", "constraints": { "minimum": "2020-01-01" } },
            { "name": "ar", "type": "year" },
            { "name": "kod", "type": "string", "constraints": { "unique": true, "maxLength": 4 } }
          ],
          "primaryKey": ["id"]
        }
        """;

    private const string Header = "Id;Antal;Belopp;Klass;Aktiv;Datum;Ar;Kod";

    private static Task<(CliResult Result, TempDir Dir)> RunAsync(params string[] rows) => RunWithUriAsync("{id}", rows);

    private static async Task<(CliResult Result, TempDir Dir)> RunWithUriAsync(string uriPath, params string[] rows)
    {
        var dir = new TempDir();
        File.WriteAllText(dir.File("schema.json"), Schema);
        File.WriteAllText(dir.File("export.csv"), string.Join("\r\n", [Header, .. rows]) + "\r\n", PipelineFiles.Windows1252);
        File.WriteAllText(dir.File("p.yaml"), """
            source: { path: export.csv, decimal: ",", missing: ["", ".."] }
            columns: { Id: public, Antal: public, Belopp: public, Klass: public, Aktiv: public, Datum: public, Ar: public, Kod: public }
            specification: { uri: "https://example.se/spec/1.0", schema: schema.json }
            mapping:
              row-uri: "https://example.se/id/URIPATH"
              fields: { id: Id, antal: Antal, belopp: Belopp, klass: Klass, aktiv: { from: Aktiv, map: { Ja: "true", Nej: "false" } }, datum: Datum, ar: Ar, kod: Kod }
            outputs: { dir: out, formats: [csv, json] }
            """.Replace("URIPATH", uriPath, StringComparison.Ordinal));
        return (await Odetl.RunAsync("run", dir.File("p.yaml")), dir);
    }

    private const string Good1 = "A-001;5;1 234,50;A;Ja;2024-03-05;2024;X1";
    private const string Good2 = "B-002;..;..;..;Nej;..;..;..";

    [Fact]
    public async Task Should_publish_valid_rows_with_typed_JSON_values_and_nulls_for_missing_markers()
    {
        var (result, dir) = await RunAsync(Good1, Good2);
        using var _ = dir;
        Assert.True(result.ExitCode == 0, result.All);

        var json = JsonDocument.Parse(File.ReadAllBytes(dir.File("out", "p.json"))).RootElement;
        var first = json[0];
        Assert.Equal("https://example.se/id/A-001", first.GetProperty("uri").GetString());
        Assert.Equal(5, first.GetProperty("antal").GetInt64());
        Assert.Equal(1234.5, first.GetProperty("belopp").GetDouble());
        Assert.True(first.GetProperty("aktiv").GetBoolean());
        Assert.Equal("2024-03-05", first.GetProperty("datum").GetString());
        Assert.Equal(2024, first.GetProperty("ar").GetInt32());
        Assert.Equal(JsonValueKind.Null, json[1].GetProperty("antal").ValueKind);
        Assert.False(json[1].GetProperty("aktiv").GetBoolean());
    }

    [Theory]
    [InlineData("A-003;5;1;A;Ja;2024-03-05;2024;X2", null, null)]
    [InlineData("..;5;1;A;Ja;2024-03-05;2024;X2", "ODE0502", "required")]
    [InlineData("a-3;5;1;A;Ja;2024-03-05;2024;X2", "ODE0504", "pattern")]
    [InlineData("A-003;101;1;A;Ja;2024-03-05;2024;X2", "ODE0505", "maximum")]
    [InlineData("A-003;-1;1;A;Ja;2024-03-05;2024;X2", "ODE0505", "minimum")]
    [InlineData("A-003;5;1;D;Ja;2024-03-05;2024;X2", "ODE0503", "enum")]
    [InlineData("A-003;5,5;1;A;Ja;2024-03-05;2024;X2", "ODE0501", "antal")]
    [InlineData("A-003;5;1;A;Kanske;2024-03-05;2024;X2", "ODE0501", "aktiv")]
    [InlineData("A-003;5;1;A;Ja;2019-12-31;2024;X2", "ODE0505", "minimum")]
    [InlineData("A-003;5;1;A;Ja;05/03/2024;2024;X2", "ODE0501", "datum")]
    [InlineData("A-003;5;1;A;Ja;2024-03-05;24;X2", "ODE0501", "ar")]
    [InlineData("A-003;5;1;A;Ja;2024-03-05;2024;X12345", "ODE0506", "maxLength")]
    [InlineData("A-001;5;1;A;Ja;2024-03-05;2024;X2", "ODE0507", "primary key")]
    [InlineData("A-003;5;1;A;Ja;2024-03-05;2024;X1", "ODE0507", "unique field 'kod'")]
    public async Task Should_fail_a_row_that_breaks_a_rule_naming_row_field_and_rule(string row, string? code, string? rule)
    {
        var (result, dir) = await RunAsync(Good1, Good2, row);
        using var _ = dir;

        if (code is null)
        {
            Assert.True(result.ExitCode == 0, result.All);
            return;
        }
        Assert.Equal(ExitCodes.DataError, result.ExitCode);
        Assert.Contains($"export.csv(4): error {code}:", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(rule!, result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("out")));
    }

    [Fact]
    public async Task A_repeated_key_that_the_row_URI_is_built_from_reports_both_the_key_and_the_repeated_URI()
    {
        var (result, dir) = await RunAsync(Good1, Good2, "A-001;5;1;A;Ja;2024-03-05;2024;X2");
        using var _ = dir;
        Assert.Equal(ExitCodes.DataError, result.ExitCode);
        Assert.Contains("export.csv(4): error ODE0507: primary key (id) repeats", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("export.csv(4): error ODE0507: the row URI repeats", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_row_URI_from_a_field_that_is_not_a_key_is_checked_for_repeats_on_its_own()
    {
        var (result, dir) = await RunWithUriAsync("{klass}", Good1, "B-002;..;..;A;Nej;..;..;..");
        using var _ = dir;
        Assert.Equal(ExitCodes.DataError, result.ExitCode);
        Assert.Contains("export.csv(3): error ODE0507: the row URI repeats", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("primary key", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_report_many_bad_rows_with_a_count_of_the_rest()
    {
        var rows = Enumerable.Range(0, 80).Select(i => $"A-{i:000};x;1;A;Ja;2024-03-05;2024;K{i}").ToArray();
        var (result, dir) = await RunAsync(rows);
        using var _ = dir;

        Assert.Equal(ExitCodes.DataError, result.ExitCode);
        Assert.Equal(50, result.Stderr.Split('\n').Count(l => l.Contains("error ODE0501", StringComparison.Ordinal)));
        Assert.Contains("30 more row errors not shown (80 in all)", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_report_a_decimal_too_large_for_its_precision_as_a_data_error()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("schema.json"), """{ "fields": [ { "name": "belopp", "type": "number" } ] }""");
        File.WriteAllText(dir.File("export.csv"), "Belopp\n12,50\n1234567890123456789,00\n");
        File.WriteAllText(dir.File("p.yaml"), """
            source: { path: export.csv, decimal: ",", delimiter: ";" }
            columns: { Belopp: public }
            specification: { uri: "https://example.se/spec/1.0", schema: schema.json }
            mapping: { fields: { belopp: { from: Belopp, decimals: 2 } } }
            outputs: { dir: out }
            """);

        var result = await Odetl.RunAsync("run", dir.File("p.yaml"));

        Assert.Equal(ExitCodes.DataError, result.ExitCode);
        Assert.Contains("export.csv(3): error ODE0501", result.Stderr, StringComparison.Ordinal);
    }
}
