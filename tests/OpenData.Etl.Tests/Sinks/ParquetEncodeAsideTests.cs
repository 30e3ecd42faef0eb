using OpenData.Etl.Data;
using OpenData.Etl.Schema;
using OpenData.Etl.Sinks;
using OpenData.Etl.Tests.Support;

namespace OpenData.Etl.Tests.Sinks;

/// <summary>
/// The Parquet sink encodes each full row group on a task of its own while it gathers the next one
/// in a second set of buffers. The file must be the same as when the groups are written inline, and a failure of
/// the encoding must surface, not be lost on the other task.
/// </summary>
public sealed class ParquetEncodeAsideTests
{
    private const int RowGroupSize = 3;
    private const int BatchRows = 4; // not a multiple of the row group: groups start and end inside batches

    [Fact]
    public async Task Encoding_aside_writes_the_same_bytes_as_writing_inline()
    {
        var inline = await WriteAsync(encodeAside: false, batches: 5);
        var aside = await WriteAsync(encodeAside: true, batches: 5);

        Assert.Equal(inline, aside);
        // 20 rows in groups of 3: the file really has several groups, written from both buffer sets.
        using var dir = new TempDir();
        File.WriteAllBytes(dir.File("x.parquet"), aside);
        Assert.Equal([7L], DuckDb.Rows($"SELECT count(DISTINCT row_group_id) FROM parquet_metadata('{dir.File("x.parquet")}')")[0]);
        var rows = DuckDb.Rows($"SELECT id, namn FROM read_parquet('{dir.File("x.parquet")}') ORDER BY id");
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (object?)(long)i), rows.Select(r => r[0]));
        Assert.Equal(Enumerable.Range(0, 20).Select(Name), rows.Select(r => r[1]));
    }

    [Fact]
    public async Task A_row_group_that_fails_to_encode_fails_the_write_and_the_sink_still_closes()
    {
        var stream = new FailingStream(failAfterBytes: 200);
        var batch = NewBatch();
        var sink = await ParquetSink.CreateAsync(stream, batch.Columns, geometry: null, RowGroupSize, encodeAside: true, CancellationToken.None);

        var failure = await Assert.ThrowsAsync<IOException>(async () =>
        {
            for (var b = 0; b < 5; b++)
            {
                Fill(batch, b);
                await sink.WriteAsync(batch, CancellationToken.None);
            }
            await sink.CompleteAsync(CancellationToken.None);
        });
        Assert.Equal(FailingStream.Message, failure.Message);
        // Disposing waits for the encoding task instead of pulling the writer from under it; the writer's own
        // footer then fails on the same broken stream, which is the run's failure already reported.
        await Assert.ThrowsAsync<IOException>(async () => await sink.DisposeAsync());
    }

    private static async Task<byte[]> WriteAsync(bool encodeAside, int batches)
    {
        using var stream = new MemoryStream();
        var batch = NewBatch();
        var sink = await ParquetSink.CreateAsync(stream, batch.Columns, geometry: null, RowGroupSize, encodeAside, CancellationToken.None);
        for (var b = 0; b < batches; b++)
        {
            Fill(batch, b);
            await sink.WriteAsync(batch, CancellationToken.None);
        }
        await sink.CompleteAsync(CancellationToken.None);
        await sink.DisposeAsync(); // writes the footer and closes the stream, whose bytes can still be taken
        return stream.ToArray();
    }

    private static ColumnBatch NewBatch() =>
        new([new ValueColumn<long>("id", FieldType.Integer, BatchRows), new StringColumn("namn", FieldType.String, BatchRows)], BatchRows);

    /// <summary>Batch <paramref name="b"/> holds rows 4b..4b+3; every fifth name is missing, the others differ in length.</summary>
    private static void Fill(ColumnBatch batch, int b)
    {
        var ids = (ValueColumn<long>)batch.Columns[0];
        var names = (StringColumn)batch.Columns[1];
        for (var row = 0; row < BatchRows; row++)
        {
            var id = b * BatchRows + row;
            ids.Set(row, id);
            if (Name(id) is { } name) names.Set(row, name);
            else names.SetNull(row);
        }
        batch.Count = BatchRows;
    }

    private static string? Name(int id) => id % 5 == 4 ? null : $"Anläggning {id} " + new string('x', id * 7 % 11);

    /// <summary>A stream whose writes fail once it has taken a given number of bytes, as a full disk would.</summary>
    private sealed class FailingStream(int failAfterBytes) : MemoryStream
    {
        public const string Message = "No space left on device (test)";

        // MemoryStream's span overload of a subclass goes through this one, so the check is made here only.
        public override void Write(byte[] buffer, int offset, int count)
        {
            if (Length + count > failAfterBytes) throw new IOException(Message);
            base.Write(buffer, offset, count);
        }

        public override void Write(ReadOnlySpan<byte> buffer) => Write(buffer.ToArray(), 0, buffer.Length);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer.AsSpan(offset, count));
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }
    }
}
