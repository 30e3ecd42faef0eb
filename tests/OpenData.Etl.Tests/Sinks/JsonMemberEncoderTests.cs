using System.Buffers;
using System.Text;
using System.Text.Json;
using OpenData.Etl.Data;
using OpenData.Etl.Mapping;
using OpenData.Etl.Schema;
using OpenData.Etl.Sinks;

namespace OpenData.Etl.Tests.Sinks;

/// <summary>
/// The member encoder writes values itself where it can; its bytes must be those <see cref="Utf8JsonWriter"/> writes
/// through <see cref="JsonValues"/> for every character and every kind of value, and it must refuse what the
/// writer refuses.
/// </summary>
public sealed class JsonMemberEncoderTests
{
    /// <summary>What the writer gives for the row's members: its object's bytes without the braces.</summary>
    private static string ByWriter(IReadOnlyList<Column> columns, int row)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, JsonOptions.Sink))
        {
            json.WriteStartObject();
            foreach (var column in columns)
            {
                json.WritePropertyName(column.Name);
                JsonValues.Write(json, column, row);
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan[1..^1]);
    }

    private static string ByEncoder(IReadOnlyList<Column> columns, int row)
    {
        using var encoder = new JsonMemberEncoder([.. columns.Select(c => c.Name)]);
        encoder.WriteMembers(columns, 0, row);
        return Encoding.UTF8.GetString(encoder.Written);
    }

    private static string Outcome(Func<IReadOnlyList<Column>, int, string> encode, IReadOnlyList<Column> columns, int row)
    {
        try
        {
            return encode(columns, row);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return "refused: " + e.GetType().Name;
        }
    }

    [Fact]
    public void Every_character_of_the_basic_plane_is_written_as_the_writer_writes_it()
    {
        var text = new StringColumn("t", FieldType.String, 1);
        var mismatches = new List<int>();
        for (var c = 0; c <= 0xFFFF; c++)
        {
            text.Reset();
            text.Set(0, $"a{(char)c}ö");
            if (Outcome(ByWriter, [text], 0) != Outcome(ByEncoder, [text], 0)) mismatches.Add(c);
        }
        Assert.Empty(mismatches);
    }

    [Fact]
    public void Random_rows_of_every_kind_of_value_are_written_as_the_writer_writes_them()
    {
        const int rows = 4_000;
        var random = new Random(20261129);
        string[] pieces = ["Café", "Åre kommun", "\"citat\"", "a\\b", "<b>&amp;</b>", "+46", "🍕", "\ud83c", "\u2028", "\u00a0", "\t", "\u007f", "\u0085", "\ufeff", "x", ""];
        string Text() => string.Concat(Enumerable.Range(0, random.Next(0, 4)).Select(_ => pieces[random.Next(pieces.Length)]));

        var text = new StringColumn("namn", FieldType.String, rows);
        var integers = new ValueColumn<long>("antal", FieldType.Integer, rows);
        var years = new ValueColumn<int>("år", FieldType.Year, rows);
        var numbers = new ValueColumn<double>("värde", FieldType.Number, rows);
        var amounts = new ValueColumn<decimal>("avgift", FieldType.Number, rows);
        var flags = new ValueColumn<bool>("aktiv", FieldType.Boolean, rows);
        var dates = new ValueColumn<DateOnly>("datum", FieldType.Date, rows);
        var times = new ValueColumn<DateTimeOffset>("tid", FieldType.DateTime, rows);
        var lists = new ListColumn("koder", rows);
        var points = new NumberListColumn("läge", rows);
        Column[] columns = [text, integers, years, numbers, amounts, flags, dates, times, lists, points];
        double[] specialNumbers = [0, -0.0, 1e-7, 59.3293235, 1e21, double.Epsilon, double.MaxValue, double.NaN, double.PositiveInfinity];

        for (var row = 0; row < rows; row++)
        {
            text.Set(row, Text());
            integers.Set(row, random.Next(3) == 0 ? long.MinValue + random.Next(2) : random.NextInt64(-1_000_000, 1_000_000));
            years.Set(row, random.Next(1, 10_000));
            numbers.Set(row, random.Next(4) == 0 ? specialNumbers[random.Next(specialNumbers.Length)] : Math.Round(random.NextDouble() * 1e6, random.Next(0, 9)));
            amounts.Set(row, new decimal(random.Next(), random.Next(2) * random.Next(), 0, random.Next(2) == 0, (byte)random.Next(0, 10)));
            flags.Set(row, random.Next(2) == 0);
            dates.Set(row, DateOnly.FromDayNumber(random.Next(0, 3_652_059)));
            times.Set(row, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.FromHours(random.Next(-12, 13))).AddSeconds(random.Next()));
            lists.Set(row, [.. Enumerable.Range(0, random.Next(0, 3)).Select(_ => Text())]);
            points.Set(row, [.. Enumerable.Range(0, random.Next(0, 3)).Select(_ => specialNumbers[random.Next(specialNumbers.Length - 2)])]);
            foreach (var column in columns)
            {
                if (random.Next(8) == 0) column.SetNull(row);
            }
        }

        var mismatches = Enumerable.Range(0, rows)
            .Select(row => (Writer: Outcome(ByWriter, columns, row), Encoder: Outcome(ByEncoder, columns, row)))
            .Where(o => o.Writer != o.Encoder).ToList();
        Assert.Empty(mismatches);
        // Not every row is refused: the comparison covered written rows too.
        Assert.Contains(Enumerable.Range(0, rows), row => !Outcome(ByWriter, columns, row).StartsWith("refused", StringComparison.Ordinal));
    }
}
