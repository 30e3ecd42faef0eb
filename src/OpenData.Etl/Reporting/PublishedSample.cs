using OpenData.Etl.Data;
using OpenData.Etl.Mapping;

namespace OpenData.Etl.Reporting;

/// <summary>
/// The first published rows (as their canonical text) and up to <see cref="MaxPoints"/> published points,
/// collected from the batches the writers receive, so the report only ever shows what was published.
/// Memory is bounded whatever the row count.
/// </summary>
public sealed class PublishedSample(int maxRows = PublishedSample.DefaultRows)
{
    public const int DefaultRows = 10;
    public const int MaxPoints = 5_000;

    private readonly List<string?[]> _rows = [];
    private readonly List<(double Lon, double Lat)> _points = [];

    public IReadOnlyList<string> Header { get; private set; } = [];

    public IReadOnlyList<string?[]> Rows => _rows;

    public IReadOnlyList<(double Lon, double Lat)> Points => _points;

    /// <summary>Points published in total (the map shows at most <see cref="MaxPoints"/>).</summary>
    public long PointCount { get; private set; }

    public void Observe(ColumnBatch batch)
    {
        var points = batch.Geometry;
        // The point is published by GeoJSON and Parquet beside the fields: shown as WKT in a last column.
        if (Header.Count == 0) Header = [.. batch.Columns.Select(c => c.Name), .. points is null ? Array.Empty<string>() : [points.Name]];
        for (var row = 0; row < batch.Count && _rows.Count < maxRows; row++)
        {
            string?[] values = [.. batch.Columns.Select(c => ValueText.Format(c, row))];
            if (points is not null)
                values = [.. values, points.IsNull[row] ? null : $"POINT ({ValueText.Format(points.Longitude[row])} {ValueText.Format(points.Latitude[row])})"];
            _rows.Add(values);
        }
        if (points is null) return;
        for (var row = 0; row < batch.Count; row++)
        {
            if (points.IsNull[row]) continue;
            PointCount++;
            if (_points.Count < MaxPoints) _points.Add((points.Longitude[row], points.Latitude[row]));
        }
    }
}
