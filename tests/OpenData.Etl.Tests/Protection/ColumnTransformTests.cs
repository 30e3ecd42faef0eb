using OpenData.Etl.Pipelines;
using OpenData.Etl.Protection;
using OpenData.Etl.Tests.Support;

namespace OpenData.Etl.Tests.Protection;

public sealed class ColumnTransformTests
{
    private static string? Apply(IColumnTransform transform, string value)
    {
        var buffer = new char[4];
        return transform.TryApply(value, ref buffer, out var length) ? new string(buffer, 0, length) : null;
    }

    [Theory]
    [InlineData("0", "0-17")]
    [InlineData("17", "0-17")]
    [InlineData("18", "18-64")]
    [InlineData("64,9", "18-64")]
    [InlineData("65", "65-")]
    [InlineData("103", "65-")]
    [InlineData("-2", "--1")]
    public void Should_put_numbers_into_declared_bands(string value, string band) =>
        Assert.Equal(band, Apply(new BandTransform([0, 18, 65], ','), value));

    [Fact]
    public void Should_refuse_a_non_number_in_a_banded_column() => Assert.Null(Apply(new BandTransform([0, 18, 65], ','), "okänd"));

    [Theory]
    [InlineData("year", "2024")]
    [InlineData("quarter", "2024-Q3")]
    [InlineData("month", "2024-08")]
    public void Should_generalise_dates_and_timestamps_to_a_period(string to, string expected)
    {
        Assert.Equal(expected, Apply(new DatePeriodTransform(to), "2024-08-15"));
        Assert.Equal(expected, Apply(new DatePeriodTransform(to), "2024-08-15 09:30"));
    }

    [Fact]
    public void Should_generalise_free_text_to_nothing() => Assert.Equal("", Apply(new RemoveTransform(), "Ring Karin om kylen"));

    [Theory]
    [InlineData("6161584,772", "6161550")]
    [InlineData("6161500", "6161550")]
    [InlineData("6161599,999", "6161550")]
    public void Should_snap_coordinates_to_the_centre_of_their_cell(string value, string expected) =>
        Assert.Equal(expected, Apply(new GridTransform(100, ','), value));

    [Fact]
    public void Should_find_the_cell_by_integer_division_exactly_as_decimal_division_does()
    {
        // The definition, in decimal arithmetic, is the oracle: same value and same scale (the text shows both).
        var random = new Random(3006);
        decimal[] grids = [1, 2, 25, 100, 250, 1000, 999_999_999_999_999_999, 1_000_000_000_000_000_000, 0.5m, 100.0m, 12.5m];
        var coordinates = new List<decimal> { 0m, -0m, 0.00m, -0.01m, 6161550m, -6161550m, 1_000_000_000_000_000_000m, -999_999_999_999_999_999.9m, 0.000000000000000001m, decimal.MaxValue / 10, decimal.MinValue / 10 };
        for (var i = 0; i < 20_000; i++)
        {
            var mantissa = random.NextInt64(0, 2_000_000_000_000_000_000) >> random.Next(0, 60);
            coordinates.Add(new decimal((int)mantissa, (int)(mantissa >> 32), 0, i % 3 == 0, (byte)random.Next(0, 21)));
        }

        var mismatches = new List<string>();
        foreach (var grid in grids)
        {
            var transform = new GridTransform(grid, '.');
            foreach (var coordinate in coordinates)
            {
                var expected = decimal.Floor(coordinate / grid) * grid + grid / 2;
                var actual = transform.Snap(coordinate);
                if (actual != expected || actual.ToString(System.Globalization.CultureInfo.InvariantCulture) != expected.ToString(System.Globalization.CultureInfo.InvariantCulture))
                    mismatches.Add($"{coordinate} on {grid}: {actual}, not {expected}");
            }
        }
        Assert.Empty(mismatches);
    }

    [Fact]
    public void Should_mask_only_values_that_are_identity_numbers_when_asked()
    {
        var mask = new MaskTransform(new MaskOptions(6, 0, 'X', "personnummer"));
        var pnr = TestPersonnummer.All[10][2..];
        Assert.Equal(pnr[..6] + "XXXX", Apply(mask, pnr));
        Assert.Equal($"{pnr[..6]}-XXXX", Apply(mask, $"{pnr[..6]}-{pnr[6..]}"));
        Assert.Equal("5561234567", Apply(mask, "5561234567"));
        Assert.Equal("55XXXXXX67", Apply(new MaskTransform(new MaskOptions(2, 2, 'X', null)), "5561234567"));
    }

    [Fact]
    public void Should_derive_birth_year_age_band_and_sex_from_a_test_personnummer()
    {
        var pnr = TestPersonnummer.All.First(p => p.StartsWith("2014", StringComparison.Ordinal));
        var reference = new DateOnly(2024, 12, 31);
        DeriveTransform Derive(string value) => new(new DeriveRule("x", "Pnr", value, reference, [0, 18, 65], new Diagnostics.TextLocation("p.yaml")));
        var sexDigit = pnr[10] - '0';

        Assert.Equal("2014", Apply(Derive("birth-year"), pnr));
        Assert.Equal("2014", Apply(Derive("birth-year"), $"{pnr[2..8]}-{pnr[8..]}"));
        Assert.Equal("10", Apply(Derive("age"), pnr));
        Assert.Equal("0-17", Apply(Derive("age-band"), pnr));
        Assert.Equal(sexDigit % 2 == 1 ? "male" : "female", Apply(Derive("legal-sex"), pnr));
        Assert.Null(Apply(Derive("age"), "not a number"));
    }

    [Fact]
    public void Should_place_a_ten_digit_number_in_the_latest_century_before_the_reference_date()
    {
        var pnr = TestPersonnummer.All.First(p => p.StartsWith("2014", StringComparison.Ordinal));
        Assert.True(IdentityNumber.TryGetBirthDate(pnr.AsSpan(2), new DateOnly(2024, 1, 1), out var birth, out _));
        Assert.Equal(2014, birth.Year);
        Assert.True(IdentityNumber.TryGetBirthDate(pnr[2..8] + "+" + pnr[8..], new DateOnly(2024, 1, 1), out var centenarian, out _));
        Assert.Equal(1914, centenarian.Year);
    }
}

public sealed class DeriveRunTests
{
    [Fact]
    public async Task Derived_columns_are_published_while_the_personnummer_is_dropped()
    {
        using var dir = new TempDir();
        var numbers = TestPersonnummer.All.Take(20).ToList();
        File.WriteAllText(dir.File("export.csv"), "Id;Pnr\n" + string.Concat(numbers.Select((p, i) => $"{i + 1};{p[..8]}-{p[8..]}\n")));
        File.WriteAllText(dir.File("schema.json"), """
            { "fields": [ { "name": "id", "type": "integer" }, { "name": "fodelsear", "type": "year" },
                          { "name": "aldersgrupp", "type": "string" }, { "name": "kon", "type": "string", "constraints": { "enum": ["female", "male"] } } ] }
            """);
        File.WriteAllText(dir.File("p.yaml"), """
            source: { path: export.csv }
            columns: { Id: public, Pnr: { class: personal, action: drop } }
            derive:
              Fodelsear: { from: Pnr, value: birth-year, reference-date: 2024-12-31 }
              Aldersgrupp: { from: Pnr, value: age-band, bands: [0, 7, 13, 18], reference-date: 2024-12-31 }
              Kon: { from: Pnr, value: legal-sex }
            specification: { uri: "https://example.se/spec/1.0", schema: schema.json }
            mapping: { fields: { id: Id, fodelsear: Fodelsear, aldersgrupp: Aldersgrupp, kon: Kon } }
            outputs: { dir: out, formats: [csv] }
            """);

        var result = await Odetl.RunAsync("run", dir.File("p.yaml"));

        Assert.True(result.ExitCode == 0, result.All);
        var rows = CsvText.Parse(File.ReadAllText(dir.File("out", "p.csv")), ',');
        Assert.Equal(["id", "fodelsear", "aldersgrupp", "kon"], rows[0]);
        for (var i = 0; i < numbers.Count; i++)
        {
            var year = int.Parse(numbers[i][..4], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(year.ToString(System.Globalization.CultureInfo.InvariantCulture), rows[i + 1][1]);
            Assert.Equal(2024 - year >= 7 ? "7-12" : "0-6", rows[i + 1][2]);
            Assert.Equal((numbers[i][10] - '0') % 2 == 1 ? "male" : "female", rows[i + 1][3]);
        }
        foreach (var pnr in numbers) Assert.DoesNotContain(pnr[8..], File.ReadAllText(dir.File("out", "p.csv")), StringComparison.Ordinal);
    }
}

public sealed class NumericFieldScanTests
{
    [Fact]
    public async Task A_personnummer_mapped_to_an_integer_field_is_still_found()
    {
        using var dir = new TempDir();
        var pnr = TestPersonnummer.All[5];
        File.WriteAllText(dir.File("export.csv"), $"Id;Nummer\n1;4711\n2;{pnr}\n");
        File.WriteAllText(dir.File("schema.json"), """{ "fields": [ { "name": "id", "type": "integer" }, { "name": "nummer", "type": "integer" } ] }""");
        File.WriteAllText(dir.File("p.yaml"), """
            source: { path: export.csv }
            columns: { Id: public, Nummer: public }
            specification: { uri: "https://example.se/spec/1.0", schema: schema.json }
            mapping: { fields: { id: Id, nummer: Nummer } }
            outputs: { dir: out }
            """);

        var result = await Odetl.RunAsync("run", dir.File("p.yaml"));

        Assert.Equal(Diagnostics.ExitCodes.DataError, result.ExitCode);
        Assert.Contains("error ODE0510", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("rows 3", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(pnr, result.All, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("out")));
    }

    [Fact]
    public async Task Deriving_a_birth_year_without_a_reference_date_is_refused()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("p.yaml"), """
            source: { path: export.csv }
            columns: { Pnr: { class: personal, action: drop } }
            derive: { Ar: { from: Pnr, value: birth-year } }
            specification: { uri: "https://example.se/spec/1.0", schema: schema.json }
            mapping: { fields: { ar: Ar } }
            outputs: { dir: out }
            """);

        var result = await Odetl.RunAsync("validate", dir.File("p.yaml"));

        Assert.Equal(Diagnostics.ExitCodes.ConfigurationError, result.ExitCode);
        Assert.Contains("reference-date", result.Stderr, StringComparison.Ordinal);
    }
}

public sealed class StatisticalMarkerTests
{
    [Fact]
    public async Task Markers_are_published_as_missing_values_with_a_flag_beside_them()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("export.csv"), "Kommun;Andel\n0114;15,8\n0115;..\n0117;~100\n0120;-\n");
        File.WriteAllText(dir.File("schema.json"), """
            { "fields": [ { "name": "kommun", "type": "string" }, { "name": "andel", "type": "number" },
                          { "name": "status", "type": "string", "constraints": { "enum": ["suppressed", "approximate", "nil"] } } ] }
            """);
        File.WriteAllText(dir.File("p.yaml"), """
            source: { path: export.csv, decimal: ",", missing: ["", "..", "-"] }
            columns: { Kommun: public, Andel: public }
            derive:
              AndelStatus: { from: Andel, value: marker, markers: { "..": suppressed, "~": approximate, "-": nil } }
            specification: { uri: "https://example.se/spec/1.0", schema: schema.json }
            mapping: { fields: { kommun: Kommun, andel: { from: Andel, strip: "~" }, status: AndelStatus } }
            outputs: { dir: out, formats: [json] }
            """);

        var result = await Odetl.RunAsync("run", dir.File("p.yaml"));

        Assert.True(result.ExitCode == 0, result.All);
        var rows = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(dir.File("out", "p.json"))).RootElement.EnumerateArray()
            .Select(r => (r.GetProperty("andel").ToString(), r.GetProperty("status").ToString())).ToList();
        Assert.Equal([("15.8", ""), ("", "suppressed"), ("100", "approximate"), ("", "nil")], rows);
    }
}
