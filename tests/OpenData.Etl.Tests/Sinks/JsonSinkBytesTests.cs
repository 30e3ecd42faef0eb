using System.Text.Json;
using OpenData.Etl.Data;
using OpenData.Etl.Mapping;
using OpenData.Etl.Schema;
using OpenData.Etl.Sinks;

namespace OpenData.Etl.Tests.Sinks;

/// <summary>
/// The JSON and GeoJSON writers put their objects together from fixed text and values; the files must be byte for byte
/// what a <see cref="Utf8JsonWriter"/> writes for the same rows (the reference below is how the writers wrote them
/// before), with and without row URIs, points, members and rows, across batches and flushes.
/// </summary>
public sealed class JsonSinkBytesTests
{
    private static (ColumnBatch[] Batches, Column[] Template) Batches(int rows, int batchSize, bool withUri, bool withMembers, int seed)
    {
        var random = new Random(seed);
        string[] names = ["Café \"Ärtan\"", "Kort", "<tag> & +46", "🍕", "rad\nbrytning", "\u2028", ""];
        Column[] Columns(int capacity) =>
        [
            .. withUri ? [new StringColumn("uri", FieldType.String, capacity)] : Array.Empty<Column>(),
            .. withMembers ? [new StringColumn("namn", FieldType.String, capacity), new ValueColumn<decimal>("avgift", FieldType.Number, capacity)] : Array.Empty<Column>(),
        ];
        var batches = new List<ColumnBatch>();
        for (var from = 0; from < rows; from += batchSize)
        {
            var columns = Columns(batchSize);
            var batch = new ColumnBatch(columns, batchSize) { Geometry = new PointColumn("geometry", batchSize) };
            for (var row = 0; row < Math.Min(batchSize, rows - from); row++)
            {
                var column = 0;
                if (withUri)
                {
                    if (random.Next(10) == 0) columns[column++].SetNull(row);
                    else ((StringColumn)columns[column++]).Set(row, $"https://example.se/id/{from + row}/{Uri.EscapeDataString(names[random.Next(names.Length)])}");
                }
                if (withMembers)
                {
                    ((StringColumn)columns[column++]).Set(row, names[random.Next(names.Length)]);
                    ((ValueColumn<decimal>)columns[column]).Set(row, random.Next(-100_000, 100_000) / 100m);
                }
                var points = batch.Geometry!;
                points.IsNull[row] = random.Next(8) == 0;
                points.Longitude[row] = Math.Round(11 + random.NextDouble() * 13, 7);
                points.Latitude[row] = Math.Round(55 + random.NextDouble() * 14, 7);
                batch.Count++;
            }
            batches.Add(batch);
        }
        return ([.. batches], Columns(1));
    }

    private static void ReferenceMembers(Utf8JsonWriter json, ColumnBatch batch, int first, int row)
    {
        for (var c = first; c < batch.Columns.Count; c++)
        {
            json.WritePropertyName(batch.Columns[c].Name);
            JsonValues.Write(json, batch.Columns[c], row);
        }
    }

    private static byte[] ReferenceGeoJson(ColumnBatch[] batches, bool withUri)
    {
        using var bytes = new MemoryStream();
        using (var json = new Utf8JsonWriter(bytes, JsonOptions.Sink))
        {
            json.WriteStartObject();
            json.WriteString("type", "FeatureCollection");
            json.WriteStartArray("features");
            var (west, south, east, north, any) = (double.MaxValue, double.MaxValue, double.MinValue, double.MinValue, false);
            foreach (var batch in batches)
            {
                for (var row = 0; row < batch.Count; row++)
                {
                    json.WriteStartObject();
                    json.WriteString("type", "Feature");
                    if (withUri && !batch.Columns[0].IsNull[row]) json.WriteString("id", ((StringColumn)batch.Columns[0]).TextOf(row));
                    var points = batch.Geometry!;
                    if (points.IsNull[row])
                    {
                        json.WriteNull("geometry");
                    }
                    else
                    {
                        var (lon, lat) = (points.Longitude[row], points.Latitude[row]);
                        (west, south, east, north, any) = (Math.Min(west, lon), Math.Min(south, lat), Math.Max(east, lon), Math.Max(north, lat), true);
                        json.WriteStartObject("geometry");
                        json.WriteString("type", "Point");
                        json.WriteStartArray("coordinates");
                        JsonValues.WriteNumber(json, lon);
                        JsonValues.WriteNumber(json, lat);
                        json.WriteEndArray();
                        json.WriteEndObject();
                    }
                    json.WriteStartObject("properties");
                    ReferenceMembers(json, batch, withUri ? 1 : 0, row);
                    json.WriteEndObject();
                    json.WriteEndObject();
                }
            }
            json.WriteEndArray();
            if (any)
            {
                json.WriteStartArray("bbox");
                foreach (var value in new[] { west, south, east, north }) json.WriteNumberValue(value);
                json.WriteEndArray();
            }
            json.WriteEndObject();
        }
        bytes.Write("\n"u8);
        return bytes.ToArray();
    }

    private static byte[] ReferenceJson(ColumnBatch[] batches, bool withUri)
    {
        using var bytes = new MemoryStream();
        using (var json = new Utf8JsonWriter(bytes, JsonOptions.Sink))
        {
            json.WriteStartArray();
            foreach (var batch in batches)
            {
                for (var row = 0; row < batch.Count; row++)
                {
                    json.WriteStartObject();
                    ReferenceMembers(json, batch, 0, row);
                    json.WriteEndObject();
                }
            }
            json.WriteEndArray();
        }
        bytes.Write("\n"u8);
        return bytes.ToArray();
    }

    private static async Task<byte[]> WriteAsync(ColumnBatch[] batches, Column[] template, bool withUri, bool geojson)
    {
        using var members = new JsonMembers(template, withUri ? 1 : 0);
        var stream = new MemoryStream();
        IRowSink sink = geojson
            ? new GeoJsonSink(stream, members, withUri ? 1 : 0)
            : new JsonSink(stream, [.. template.Select(c => c.Name)], members, withUri ? 1 : 0);
        foreach (var batch in batches)
        {
            members.Start(batch);
            await sink.WriteAsync(batch, CancellationToken.None);
        }
        await sink.CompleteAsync(CancellationToken.None);
        var bytes = stream.ToArray();
        await sink.DisposeAsync();
        return bytes;
    }

    [Theory]
    [InlineData(3_000, true, true)] // several 64 KiB flushes
    [InlineData(500, false, true)]
    [InlineData(300, true, false)] // the row URI alone
    [InlineData(0, true, true)] // no rows: no bbox
    public async Task Files_are_the_bytes_the_writer_wrote(int rows, bool withUri, bool withMembers)
    {
        var (batches, template) = Batches(rows, 256, withUri, withMembers, seed: rows);

        Assert.Equal(ReferenceGeoJson(batches, withUri), await WriteAsync(batches, template, withUri, geojson: true));
        Assert.Equal(ReferenceJson(batches, withUri), await WriteAsync(batches, template, withUri, geojson: false));
    }
}
