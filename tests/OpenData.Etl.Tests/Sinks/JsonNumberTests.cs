using System.Text;
using System.Text.Json;
using OpenData.Etl.Mapping;
using OpenData.Etl.Sinks;

namespace OpenData.Etl.Tests.Sinks;

/// <summary>The JSON and GeoJSON writers spell numbers themselves; the bytes must be those of Utf8JsonWriter's own.</summary>
public sealed class JsonNumberTests
{
    [Fact]
    public void Doubles_are_written_as_the_writer_writes_them()
    {
        var random = new Random(7946);
        var values = new List<double> { 0.0, -0.0, 1, -12, 7253150, 1e15, 1e-3, 2.5e-4, 1e5, 0.1 + 0.2, double.Epsilon, double.MaxValue, double.MinValue };
        for (var i = 0; i < 50_000; i++)
        {
            values.Add(Math.Round(random.NextDouble() * 360 - 180, 7)); // longitude
            values.Add(Math.Round(random.NextDouble() * 1e6, i % 8));
            values.Add(random.NextDouble() * Math.Pow(10, random.Next(-10, 20)));
        }

        Assert.Equal(Written(values, (json, v) => json.WriteNumberValue(v)), Written(values, JsonValues.WriteNumber));
    }

    [Fact]
    public void Decimals_are_written_as_the_writer_writes_them()
    {
        var random = new Random(1250);
        var values = new List<decimal> { 0m, 0.00m, -0m, 12.50m, -0.05m, decimal.MaxValue, decimal.MinValue };
        for (var i = 0; i < 50_000; i++)
            values.Add(new decimal(random.Next(), random.Next(0, 1000), i % 7 == 0 ? random.Next() : 0, i % 2 == 0, (byte)random.Next(0, 29)));

        Assert.Equal(Written(values, (json, v) => json.WriteNumberValue(v)), Written(values, JsonValues.WriteNumber));
    }

    [Fact]
    public void Infinities_are_refused_as_the_writer_refuses_them()
    {
        using var json = new Utf8JsonWriter(new MemoryStream(), JsonOptions.Sink);
        json.WriteStartArray();
        Assert.Throws<ArgumentException>(() => JsonValues.WriteNumber(json, double.PositiveInfinity));
        Assert.Throws<ArgumentException>(() => JsonValues.WriteNumber(json, double.NaN));
    }

    private static string Written<T>(IEnumerable<T> values, Action<Utf8JsonWriter, T> write)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, JsonOptions.Sink))
        {
            json.WriteStartArray();
            foreach (var value in values) write(json, value);
            json.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
