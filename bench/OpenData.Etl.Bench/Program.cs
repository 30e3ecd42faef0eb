using System.Diagnostics;
using DuckDB.NET.Data;
using OpenData.Etl.Bench;

// odetl-bench generate ROWS FILE [--peer-copy FILE2]   the export (and GDAL's UTF-8 decimal-point copy of it)
// odetl-bench duckdb SQL                              runs SQL in an in-memory DuckDB (the CSV -> Parquet peer)
switch (args)
{
    case ["generate", var rows, var file, ..]:
    {
        var specs = Environment.GetEnvironmentVariable("ODETL_SHARED_SPECS")
            ?? Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "..", "shared", "specs"));
        var generator = ExportGenerator.FromReferenceLists(specs);
        var n = long.Parse(rows, System.Globalization.CultureInfo.InvariantCulture);
        using (var stream = File.Create(file)) generator.Write(stream, n);
        if (args is [_, _, _, "--peer-copy", var copy])
        {
            using var stream = File.Create(copy);
            generator.Write(stream, n, peerFriendly: true);
        }
        return 0;
    }
    case ["duckdb", var sql]:
    {
        var clock = Stopwatch.StartNew();
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
        Console.Error.WriteLine($"duckdb: {clock.Elapsed.TotalSeconds:F2} s inside the process");
        return 0;
    }
    default:
        Console.Error.WriteLine("usage: odetl-bench generate ROWS FILE [--peer-copy FILE2] | odetl-bench duckdb SQL");
        return 2;
}
