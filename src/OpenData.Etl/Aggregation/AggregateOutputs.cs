using OpenData.Etl.Mapping;
using OpenData.Etl.Pipelines;
using OpenData.Etl.Sources;

namespace OpenData.Etl.Aggregation;

/// <summary>What a run reports about disclosure control.</summary>
/// <param name="SourceRows">Source records read (the published rows are cells).</param>
/// <param name="Cells">Cells of the full table, margins included (published or not).</param>
/// <param name="SmallestGroup">k-anonymity: the size of the smallest quasi-identifier group among published rows; null when not checked.</param>
public sealed record StatisticsFigures(long SourceRows, int Cells, int Primary, int Secondary, long? SmallestGroup, long RowsSuppressed = 0)
{
    /// <summary>k-anonymity: the smallest group in the source before rows were suppressed.</summary>
    public long? SmallestGroupInSource { get; init; }
}

/// <summary>How the aggregation reaches the outputs: the CSV marker for suppressed measures and the run's figures.</summary>
internal static class AggregateOutputs
{
    /// <summary>Per output column, the CSV text for a missing value: the marker for columns mapped from a measure.</summary>
    public static IReadOnlyList<string?>? CsvNullMarkers(Pipeline pipeline, BoundPipeline bound, int columns)
    {
        if (pipeline.Aggregate is not { } spec) return null;
        var markers = new string?[columns];
        var measures = spec.Measures.Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        for (var f = 0; f < bound.Fields.Count; f++)
        {
            if (bound.Fields[f].Mapping is { Constant: null, From: [var column] } && measures.Contains(column)) markers[f + bound.FieldOffset] = spec.Marker;
        }
        return markers;
    }

    public static StatisticsFigures? Figures(ITabularSource source) => source switch
    {
        AggregatedSource { Figures: { } f } a => new StatisticsFigures(a.SourceRows, f.Cells, f.Primary, f.Secondary, null),
        KAnonymousSource k => new StatisticsFigures(0, 0, 0, 0, k.SmallestGroup ?? 0, k.RowsSuppressed) { SmallestGroupInSource = k.SmallestGroupInSource },
        _ => null,
    };
}
