using System.Globalization;
using OpenData.Etl.Data;
using OpenData.Etl.Schema;

namespace OpenData.Etl.Metadata;

/// <summary>
/// Tracks the earliest and latest value of one date or datetime column while batches stream past,
/// so temporal coverage costs two values of memory whatever the row count.
/// </summary>
public sealed class TemporalRange(int columnIndex, FieldType type)
{
    private DateOnly? _minDate, _maxDate;
    private DateTimeOffset? _minTime, _maxTime;

    public void Observe(ColumnBatch batch)
    {
        var column = batch.Columns[columnIndex];
        for (var row = 0; row < batch.Count; row++)
        {
            if (column.IsNull[row]) continue;
            switch (column)
            {
                case ValueColumn<DateOnly> dates:
                    var d = dates.Values[row];
                    if (_minDate is null || d < _minDate) _minDate = d;
                    if (_maxDate is null || d > _maxDate) _maxDate = d;
                    break;
                case ValueColumn<DateTimeOffset> times:
                    var t = times.Values[row];
                    if (_minTime is null || t < _minTime) _minTime = t;
                    if (_maxTime is null || t > _maxTime) _maxTime = t;
                    break;
            }
        }
    }

    /// <summary>The period as xsd literals, or nulls when the column had no value.</summary>
    public (string? Start, string? End, string Datatype) Period => type == FieldType.Date
        ? (_minDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), _maxDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Rdf.Vocab.Xsd + "date")
        : (_minTime?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), _maxTime?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), Rdf.Vocab.Xsd + "dateTime");
}
