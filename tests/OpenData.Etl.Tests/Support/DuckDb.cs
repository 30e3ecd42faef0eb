using DuckDB.NET.Data;

namespace OpenData.Etl.Tests.Support;

/// <summary>DuckDB as the independent Parquet reader.</summary>
internal static class DuckDb
{
    public static Dictionary<string, string> ColumnTypes(string parquetPath)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"DESCRIBE SELECT * FROM read_parquet('{parquetPath}')";
        using var reader = command.ExecuteReader();
        var types = new Dictionary<string, string>();
        while (reader.Read()) types[reader.GetString(0)] = reader.GetString(1);
        return types;
    }

    /// <summary>Rows as DuckDB's own objects (long, double, decimal, DateOnly/DateTime, bool, lists...).</summary>
    public static List<object?[]> Rows(string sql, string? setup = null)
    {
        using var connection = Open();
        if (setup is not null)
        {
            using var prepare = connection.CreateCommand();
            prepare.CommandText = setup;
            prepare.ExecuteNonQuery();
        }
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : Detach(reader.GetValue(i));
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>BLOBs come as streams over DuckDB's memory, which is gone once the reader moves on: copy them.</summary>
    private static object Detach(object value)
    {
        if (value is not Stream stream) return value;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static DuckDBConnection Open()
    {
        var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        return connection;
    }
}
