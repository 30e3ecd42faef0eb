using OpenData.Etl.Data;
using OpenData.Etl.Geo;
using OpenData.Etl.Schema;
using Parquet;
using Parquet.Schema;

namespace OpenData.Etl.Sinks;

/// <summary>
/// Parquet with one typed column per specification field: INT64, DOUBLE or DECIMAL(18,s), BOOLEAN, DATE,
/// TIMESTAMP (UTC, microseconds), and LIST for arrays. Rows are gathered into row groups of a fixed size
/// (<see cref="ParquetColumnBuffer"/>), whatever the size of the batches that bring them, and written column by column.
/// With a 'geometry' section, the points follow as a WKB column with GeoParquet 1.1 <c>geo</c> file metadata.
/// A full row group is encoded on a task of its own while the next one is gathered into a second set of buffers
/// (<see cref="RowGroupBuffers"/>): inline, the sink would stop taking batches for as long as the group takes to
/// encode (75 ms on the benchmark, the time of three batches), and since a batch is filled again only once every
/// writer is done with it, the reading thread would soon wait too, with the other writers out of work. Groups are
/// still written one at a time and in order, so the file is the same either way.
/// </summary>
internal sealed class ParquetSink : IRowSink
{
    private readonly Stream _stream;
    private readonly ParquetWriter _writer;
    private readonly DataField? _geometryField;
    private readonly GeoBoundsBuilder _bounds = new();
    private readonly int _rowGroupSize;
    private RowGroupBuffers _gathering;
    private RowGroupBuffers? _spare;
    private Task _encoding = Task.CompletedTask;
    private int _rows;

    private ParquetSink(Stream stream, ParquetWriter writer, Field[] fields, IReadOnlyList<Column> columns, DataField? geometryField, int rowGroupSize, bool encodeAside)
    {
        _stream = stream;
        _writer = writer;
        _rowGroupSize = rowGroupSize;
        _geometryField = geometryField;
        _gathering = new RowGroupBuffers(fields, columns, geometryField, rowGroupSize, _bounds);
        if (encodeAside) _spare = new RowGroupBuffers(fields, columns, geometryField, rowGroupSize, _bounds);
    }

    /// <param name="rowGroupSize">Rows per row group; every group but the last has exactly this many.</param>
    /// <param name="encodeAside">Encode each full row group on a task of its own while the next is gathered.</param>
    public static async Task<ParquetSink> CreateAsync(Stream stream, IReadOnlyList<Column> columns, PointColumn? geometry, int rowGroupSize, bool encodeAside, CancellationToken cancellationToken)
    {
        var geometryField = geometry is null ? null : new DataField<byte[]>(geometry.Name, true);
        Field[] fields = [.. columns.Select(FieldFor), .. geometryField is null ? Array.Empty<Field>() : [geometryField]];
        // Deciding on dictionary encoding from a sample spares a full scan of every unique column; on the bench
        // export the files are byte-identical and the conversion about 3 % faster.
        var options = new ParquetOptions { CompressionMethod = CompressionMethod.Snappy, DictionaryEncodingSampleSize = 4096 };
        var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream, options, append: false, cancellationToken).ConfigureAwait(false);
        return new ParquetSink(stream, writer, fields, columns, geometryField, rowGroupSize, encodeAside);
    }

    private static Field FieldFor(Column column) => column switch
    {
        StringColumn => new DataField<string>(column.Name, true),
        ValueColumn<long> => new DataField<long?>(column.Name),
        ValueColumn<int> => new DataField<int?>(column.Name),
        ValueColumn<double> => new DataField<double?>(column.Name),
        // The scale is fixed per field by the mapping's 'decimals', which every value was rounded to.
        ValueColumn<decimal> c => new DecimalDataField(column.Name, 18, c.Scale, isNullable: true),
        ValueColumn<bool> => new DataField<bool?>(column.Name),
        ValueColumn<DateOnly> => new DataField<DateOnly?>(column.Name),
        ValueColumn<DateTimeOffset> => new DateTimeDataField(column.Name, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: true),
        ListColumn => new ListField(column.Name, new DataField<string>("element")),
        NumberListColumn => new ListField(column.Name, new DataField<double>("element")),
        _ => throw new NotSupportedException(column.GetType().Name),
    };

    public async ValueTask WriteAsync(ColumnBatch batch, CancellationToken cancellationToken)
    {
        for (var from = 0; from < batch.Count;)
        {
            var take = Math.Min(batch.Count - from, _rowGroupSize - _rows);
            _gathering.Append(batch, from, take, _rows);
            _rows += take;
            from += take;
            if (_rows == _rowGroupSize) await StartRowGroupAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Writes the full row group, or hands it to a task that encodes it once the previous group is written (whose
    /// buffers then gather the next one, and the groups reach the file in order). A failure surfaces at the next wait.
    /// </summary>
    private async Task StartRowGroupAsync(CancellationToken cancellationToken)
    {
        if (_spare is null)
        {
            await _gathering.WriteAsync(_writer, _rows, cancellationToken).ConfigureAwait(false);
            _rows = 0;
            return;
        }
        await _encoding.ConfigureAwait(false);
        var full = _gathering;
        var rows = _rows;
        (_gathering, _spare, _rows) = (_spare, full, 0);
        _encoding = Task.Run(() => full.WriteAsync(_writer, rows, cancellationToken), cancellationToken);
    }

    /// <summary>The last, partial row group; the footer is written on dispose, with the <c>geo</c> metadata now that the bounding box is known.</summary>
    public async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        await _encoding.ConfigureAwait(false);
        if (_rows > 0) await _gathering.WriteAsync(_writer, _rows, cancellationToken).ConfigureAwait(false);
        _rows = 0;
        if (_geometryField is not null)
            _writer.CustomMetadata = new Dictionary<string, string> { [GeoParquetMetadata.Key] = GeoParquetMetadata.Build(_geometryField.Name, _bounds.ToBounds()) };
    }

    public async ValueTask DisposeAsync()
    {
        // After a failure elsewhere a group may still be encoding: it must stop touching the writer before the writer
        // goes. Its own failure, if any, was either reported already or is of no interest now that the run failed.
        await _encoding.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _writer.DisposeAsync().ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
    }
}

/// <summary>One row group's worth of column buffers (and points), gathered from batches and then written as a group.</summary>
internal sealed class RowGroupBuffers
{
    private readonly ParquetColumnBuffer[] _columns;
    private readonly WkbPointBuffer? _points;

    public RowGroupBuffers(Field[] fields, IReadOnlyList<Column> columns, DataField? geometryField, int rowGroupSize, GeoBoundsBuilder bounds)
    {
        _columns = [.. columns.Select((c, i) => BufferFor(c, fields[i], rowGroupSize))];
        if (geometryField is not null) _points = new WkbPointBuffer(geometryField, rowGroupSize, bounds);
    }

    public void Append(ColumnBatch batch, int from, int count, int at)
    {
        for (var c = 0; c < _columns.Length; c++) _columns[c].Append(batch.Columns[c], from, count, at);
        _points?.Append(batch.Geometry!, from, count, at);
    }

    public async Task WriteAsync(ParquetWriter writer, int rows, CancellationToken cancellationToken)
    {
        using var group = writer.CreateRowGroup();
        foreach (var column in _columns) await column.WriteAsync(group, rows, cancellationToken).ConfigureAwait(false);
        if (_points is not null) await _points.WriteAsync(group, rows, cancellationToken).ConfigureAwait(false);
        group.CompleteValidate();
    }

    private static ParquetColumnBuffer BufferFor(Column column, Field field, int capacity) => column switch
    {
        StringColumn => new StringBuffer((DataField)field, capacity),
        ValueColumn<long> => new ValueBuffer<long, long>((DataField)field, capacity, x => x),
        ValueColumn<int> => new ValueBuffer<int, int>((DataField)field, capacity, x => x),
        ValueColumn<double> => new ValueBuffer<double, double>((DataField)field, capacity, x => x),
        ValueColumn<decimal> => new ValueBuffer<decimal, decimal>((DataField)field, capacity, x => x),
        ValueColumn<bool> => new ValueBuffer<bool, bool>((DataField)field, capacity, x => x),
        ValueColumn<DateOnly> => new ValueBuffer<DateOnly, DateOnly>((DataField)field, capacity, x => x),
        ValueColumn<DateTimeOffset> => new ValueBuffer<DateTimeOffset, DateTime>((DataField)field, capacity, x => x.UtcDateTime),
        ListColumn or NumberListColumn => new ListBuffer((ListField)field, capacity),
        _ => throw new NotSupportedException(column.GetType().Name),
    };
}
