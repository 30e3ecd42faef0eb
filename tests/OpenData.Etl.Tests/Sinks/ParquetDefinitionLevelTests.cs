using OpenData.Etl.Data;
using OpenData.Etl.Geo;
using OpenData.Etl.Schema;
using OpenData.Etl.Sinks;
using Parquet;
using Parquet.Schema;

namespace OpenData.Etl.Tests.Sinks;

/// <summary>
/// The sink hands Parquet.Net each nullable column as definition levels and the present values. The file must be
/// the one Parquet.Net writes from the nullable values themselves, for every column type, with missing values at
/// the start and end of row groups and a row group in which a column has none.
/// </summary>
public sealed class ParquetDefinitionLevelTests
{
    private const int RowGroupSize = 5;
    private const int BatchRows = 7;
    private const int Batches = 4; // 28 rows: five full groups and a partial one, starting and ending inside batches
    private static readonly DateTimeOffset Epoch = new(2024, 3, 1, 12, 0, 0, TimeSpan.FromHours(1));

    [Fact]
    public async Task Levels_and_present_values_give_the_file_Parquet_Net_writes_from_nullable_values()
    {
        var batch = NewBatch();
        using var sinkOutput = new MemoryStream();
        var sink = await ParquetSink.CreateAsync(sinkOutput, batch.Columns, batch.Geometry, RowGroupSize, encodeAside: false, CancellationToken.None);
        for (var b = 0; b < Batches; b++)
        {
            Fill(batch, b);
            await sink.WriteAsync(batch, CancellationToken.None);
        }
        await sink.CompleteAsync(CancellationToken.None);
        await sink.DisposeAsync();

        Assert.Equal(await ReferenceAsync(), sinkOutput.ToArray());
    }

    private static bool Missing(int row, int column) => (row + column) % 4 == 0 || row is >= 10 and < 15 && column == 2;

    private static ColumnBatch NewBatch() => new(
    [
        new StringColumn("text", FieldType.String, BatchRows),
        new ValueColumn<long>("long", FieldType.Integer, BatchRows),
        new ValueColumn<int>("year", FieldType.Year, BatchRows),
        new ValueColumn<double>("number", FieldType.Number, BatchRows),
        new ValueColumn<decimal>("fee", FieldType.Number, BatchRows) { Scale = 2 },
        new ValueColumn<bool>("flag", FieldType.Boolean, BatchRows),
        new ValueColumn<DateOnly>("date", FieldType.Date, BatchRows),
        new ValueColumn<DateTimeOffset>("time", FieldType.DateTime, BatchRows),
    ], BatchRows) { Geometry = new PointColumn("geometry", BatchRows) };

    private static void Fill(ColumnBatch batch, int b)
    {
        batch.Count = BatchRows;
        for (var i = 0; i < BatchRows; i++)
        {
            var row = b * BatchRows + i;
            for (var c = 0; c < batch.Columns.Count; c++)
            {
                var column = batch.Columns[c];
                if (Missing(row, c))
                {
                    column.SetNull(i);
                    continue;
                }
                switch (column)
                {
                    case StringColumn s: s.Set(i, $"värde {row}"); break;
                    case ValueColumn<long> l: l.Set(i, row * 1_000_003L); break;
                    case ValueColumn<int> y: y.Set(i, 1990 + row); break;
                    case ValueColumn<double> d: d.Set(i, row / 3.0); break;
                    case ValueColumn<decimal> m: m.Set(i, row * 12.25m); break;
                    case ValueColumn<bool> f: f.Set(i, row % 3 == 0); break;
                    case ValueColumn<DateOnly> t: t.Set(i, new DateOnly(2020, 1, 1).AddDays(row)); break;
                    case ValueColumn<DateTimeOffset> o: o.Set(i, Epoch.AddMinutes(row * 7)); break;
                }
            }
            var points = batch.Geometry!;
            points.IsNull[i] = Missing(row, batch.Columns.Count);
            (points.Longitude[i], points.Latitude[i]) = (13 + row / 100.0, 55.5 + row / 100.0);
        }
    }

    /// <summary>The same rows written the plain way: nullable values per column, straight into Parquet.Net.</summary>
    private static async Task<byte[]> ReferenceAsync()
    {
        var batch = NewBatch();
        var rows = Batches * BatchRows;
        Field[] fields =
        [
            new DataField<string>("text", true), new DataField<long?>("long"), new DataField<int?>("year"), new DataField<double?>("number"),
            new DecimalDataField("fee", 18, 2, isNullable: true), new DataField<bool?>("flag"), new DataField<DateOnly?>("date"),
            new DateTimeDataField("time", DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: true),
            new DataField<byte[]>("geometry", true),
        ];
        var texts = new ReadOnlyMemory<char>?[rows];
        var longs = new long?[rows];
        var years = new int?[rows];
        var numbers = new double?[rows];
        var fees = new decimal?[rows];
        var flags = new bool?[rows];
        var dates = new DateOnly?[rows];
        var times = new DateTime?[rows];
        var points = new ReadOnlyMemory<byte>?[rows];
        var bounds = new GeoBoundsBuilder();
        for (var b = 0; b < Batches; b++)
        {
            Fill(batch, b);
            for (var i = 0; i < BatchRows; i++)
            {
                var row = b * BatchRows + i;
                T? Value<T>(int c) where T : struct => batch.Columns[c].IsNull[i] ? null : ((ValueColumn<T>)batch.Columns[c]).Values[i];
                texts[row] = batch.Columns[0].IsNull[i] ? (ReadOnlyMemory<char>?)null : ((StringColumn)batch.Columns[0]).TextOf(i).ToString().AsMemory();
                (longs[row], years[row], numbers[row], fees[row]) = (Value<long>(1), Value<int>(2), Value<double>(3), Value<decimal>(4));
                (flags[row], dates[row], times[row]) = (Value<bool>(5), Value<DateOnly>(6), Value<DateTimeOffset>(7)?.UtcDateTime);
                if (batch.Geometry!.IsNull[i]) continue;
                var (x, y) = (batch.Geometry.Longitude[i], batch.Geometry.Latitude[i]);
                bounds.Add(x, y);
                points[row] = (byte[])[1, 1, 0, 0, 0, .. BitConverter.GetBytes(x), .. BitConverter.GetBytes(y)];
            }
        }

        using var output = new MemoryStream();
        var options = new ParquetOptions { CompressionMethod = CompressionMethod.Snappy, DictionaryEncodingSampleSize = 4096 };
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), output, options))
        {
            for (var start = 0; start < rows; start += RowGroupSize)
            {
                var n = Math.Min(RowGroupSize, rows - start);
                using var group = writer.CreateRowGroup();
                await group.WriteAsync((DataField)fields[0], (ReadOnlyMemory<ReadOnlyMemory<char>?>)texts.AsMemory(start, n));
                await group.WriteAsync((DataField)fields[1], (ReadOnlyMemory<long?>)longs.AsMemory(start, n));
                await group.WriteAsync((DataField)fields[2], (ReadOnlyMemory<int?>)years.AsMemory(start, n));
                await group.WriteAsync((DataField)fields[3], (ReadOnlyMemory<double?>)numbers.AsMemory(start, n));
                await group.WriteAsync((DataField)fields[4], (ReadOnlyMemory<decimal?>)fees.AsMemory(start, n));
                await group.WriteAsync((DataField)fields[5], (ReadOnlyMemory<bool?>)flags.AsMemory(start, n));
                await group.WriteAsync((DataField)fields[6], (ReadOnlyMemory<DateOnly?>)dates.AsMemory(start, n));
                await group.WriteAsync((DataField)fields[7], (ReadOnlyMemory<DateTime?>)times.AsMemory(start, n));
                await group.WriteAsync((DataField)fields[8], (ReadOnlyMemory<ReadOnlyMemory<byte>?>)points.AsMemory(start, n));
                group.CompleteValidate();
            }
            writer.CustomMetadata = new Dictionary<string, string> { [GeoParquetMetadata.Key] = GeoParquetMetadata.Build("geometry", bounds.ToBounds()) };
        }
        return output.ToArray();
    }
}
