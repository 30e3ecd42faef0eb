using System.Globalization;
using System.Text.Json;
using OpenData.Etl.Tests.Support;

namespace OpenData.Etl.Tests.Sinks;

public sealed class ParquetOutputTests : IAsyncLifetime
{
    private readonly TempDir _dir = new();

    private string Parquet => _dir.File("livsmedelskontroller.parquet");

    public async Task InitializeAsync()
    {
        var result = await Odetl.RunAsync("run", Repo.LivsmedelPipeline, "-o", _dir.Path, "-q");
        Assert.True(result.ExitCode == 0, result.All);
    }

    public Task DisposeAsync()
    {
        _dir.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public void DuckDB_sees_typed_columns_not_strings()
    {
        var types = DuckDb.ColumnTypes(Parquet);

        Assert.Equal("BIGINT", types["facility.inspecTime"]);
        Assert.Equal("BIGINT", types["inspection.assessment"]);
        Assert.Equal("BOOLEAN", types["inspection.prenotified"]);
        Assert.Equal("TIMESTAMP WITH TIME ZONE", types["inspection.date"]);
        Assert.Equal("DOUBLE[]", types["facility.location.wgs84.coordinates"]);
        Assert.Equal("VARCHAR[]", types["facility.type"]);
        Assert.Equal("VARCHAR", types["facility.name"]);
    }

    [Fact]
    public void DuckDB_reads_the_same_rows_as_the_CSV()
    {
        var csv = CsvText.Parse(File.ReadAllText(_dir.File("livsmedelskontroller.csv")), ',');
        var header = csv[0];
        var parquet = DuckDb.Rows($"SELECT * FROM read_parquet('{Parquet}')");

        Assert.Equal(csv.Count - 1, parquet.Count);
        for (var r = 0; r < parquet.Count; r++)
        {
            for (var c = 0; c < header.Length; c++)
                Assert.True(SameValue(csv[r + 1][c], parquet[r][c]), $"row {r + 1}, column {header[c]}: CSV '{csv[r + 1][c]}' vs Parquet '{parquet[r][c]}'");
        }
    }

    /// <summary>Compares a CSV cell with DuckDB's typed value by meaning, not by spelling.</summary>
    private static bool SameValue(string csv, object? parquet) => parquet switch
    {
        null => csv.Length == 0,
        string s => s == csv,
        long l => l == long.Parse(csv, CultureInfo.InvariantCulture),
        int i => i == int.Parse(csv, CultureInfo.InvariantCulture),
        double d => d == double.Parse(csv, CultureInfo.InvariantCulture),
        decimal m => m == decimal.Parse(csv, CultureInfo.InvariantCulture),
        bool b => (b ? "true" : "false") == csv,
        DateTime dt => dt.ToUniversalTime() == DateTimeOffset.Parse(csv, CultureInfo.InvariantCulture).UtcDateTime,
        DateTimeOffset dto => dto == DateTimeOffset.Parse(csv, CultureInfo.InvariantCulture),
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) == csv,
        System.Collections.IEnumerable list => SameList(csv, list),
        _ => throw new InvalidOperationException($"unexpected DuckDB type {parquet.GetType()}"),
    };

    private static bool SameList(string csv, System.Collections.IEnumerable list)
    {
        var expected = JsonDocument.Parse(csv).RootElement.EnumerateArray().ToList();
        var actual = list.Cast<object?>().ToList();
        return expected.Count == actual.Count && expected.Zip(actual).All(p => p.First.ValueKind == JsonValueKind.Number
            ? p.First.GetDouble() == Convert.ToDouble(p.Second, CultureInfo.InvariantCulture)
            : p.First.GetString() == (string?)p.Second);
    }
}
