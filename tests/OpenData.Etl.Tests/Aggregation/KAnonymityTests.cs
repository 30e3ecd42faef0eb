using System.Globalization;
using OpenData.Etl.Diagnostics;
using OpenData.Etl.Tests.Support;

namespace OpenData.Etl.Tests.Aggregation;

public sealed class KAnonymityTests
{
    private const string Schema = """
        { "fields": [ { "name": "id", "type": "integer" }, { "name": "aldersgrupp", "type": "string" }, { "name": "ort", "type": "string" } ] }
        """;

    /// <summary>A row-level pipeline over made-up people: ages generalised to bands, a place; 'onViolation' fail or suppress.</summary>
    private static string Write(TempDir dir, string onViolation, int k, IEnumerable<(int Age, string Place)> people)
    {
        File.WriteAllText(dir.File("schema.json"), Schema);
        File.WriteAllLines(dir.File("people.csv"), ["id,alder,ort", .. people.Select((p, i) => string.Create(CultureInfo.InvariantCulture, $"{i + 1},{p.Age},{p.Place}"))]);
        File.WriteAllText(dir.File("p.yaml"), $$"""
            name: people
            source: { path: people.csv, delimiter: ",", encoding: utf-8 }
            columns:
              id: public
              alder: { class: personal, action: generalise, bands: [0, 20, 40, 65] }
              ort: public
            k-anonymity: { quasi-identifiers: [alder, ort], k: {{k}}, on-violation: {{onViolation}} }
            specification: { uri: https://example.se/spec, schema: schema.json }
            mapping: { fields: { id: id, aldersgrupp: alder, ort: ort } }
            outputs: { dir: out, formats: [csv, json] }
            """);
        return dir.File("p.yaml");
    }

    private static IEnumerable<(int, string)> People()
    {
        // Lund 20-39: 6 people; Lund 40-64: 3 people; Ystad 65-: 1 person.
        for (var i = 0; i < 6; i++) yield return (21 + i, "Lund");
        for (var i = 0; i < 3; i++) yield return (41 + i, "Lund");
        yield return (70, "Ystad");
    }

    [Fact]
    public async Task Rows_in_groups_smaller_than_k_are_suppressed_and_the_smallest_group_is_reported()
    {
        using var dir = new TempDir();
        var result = await Odetl.RunAsync("run", Write(dir, "suppress", 3, People()));

        Assert.True(result.ExitCode == ExitCodes.Success, result.All);
        var rows = CsvText.Parse(File.ReadAllText(dir.File("out", "people.csv")), ',').Skip(1).ToList();
        Assert.Equal(9, rows.Count);
        Assert.DoesNotContain(rows, r => r[2] == "Ystad");
        Assert.Contains("smallest quasi-identifier group published k = 3 (1 in the source; 1 rows in smaller groups suppressed)", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_group_smaller_than_k_fails_the_run_without_naming_its_values()
    {
        using var dir = new TempDir();
        var result = await Odetl.RunAsync("run", Write(dir, "fail", 5, People()));

        Assert.Equal(ExitCodes.DataError, result.ExitCode);
        Assert.Contains("people.csv(8): error ODE0921", result.Stderr, StringComparison.Ordinal); // first of the three 40-64 rows
        Assert.Contains("shared by 3 row(s), fewer than k = 5", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Ystad", result.All, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("out")));
    }

    [Fact]
    public async Task Quasi_identifiers_must_be_columns_the_source_publishes()
    {
        using var dir = new TempDir();
        var path = Write(dir, "fail", 2, People());
        File.WriteAllText(path, File.ReadAllText(path).Replace("[alder, ort]", "[alder, kommun]", StringComparison.Ordinal));

        var result = await Odetl.RunAsync("validate", path);

        Assert.Equal(ExitCodes.ConfigurationError, result.ExitCode);
        Assert.Contains(Codes.KAnonymityInvalid, result.Stderr, StringComparison.Ordinal);
    }
}
