using OpenData.Etl.Diagnostics;

namespace OpenData.Etl.Aggregation;

public enum MeasureKind { Count, Sum, Mean, Min, Max, Median }

/// <summary>One published measure of each cell: its output column name, what it computes and over which numeric column.</summary>
/// <param name="Decimals">Rounding of means and medians (away from zero at the midpoint); null keeps the exact value.</param>
public sealed record MeasureSpec(string Name, MeasureKind Kind, string? Column, int? Decimals, TextLocation Location);

/// <summary>The (n,k) dominance rule: a cell is confidential when its n largest contributions make up more than k % of its sum.</summary>
public sealed record DominanceRule(int N, decimal K);

/// <summary>
/// The pipeline's 'aggregate' section: the published table is the cells of the group-by columns, with
/// measures, margins and small-cell protection. <see cref="MinCount"/> has no default: the pipeline states it.
/// </summary>
public sealed record AggregateSpec(
    IReadOnlyList<string> GroupBy,
    IReadOnlyList<MeasureSpec> Measures,
    bool Totals,
    string TotalLabel,
    int MinCount,
    DominanceRule? Dominance,
    string StatusColumn,
    string Marker,
    TextLocation Location)
{
    /// <summary>Hierarchies over group-by columns (e.g. kommun → län), each publishing its parents as nested totals.</summary>
    public IReadOnlyList<HierarchySpec> Hierarchies { get; init; } = [];
}

/// <summary>
/// A two-level hierarchy over group-by column <see cref="GroupColumn"/>: the CSV <see cref="File"/> maps
/// each value (column <see cref="Code"/>) to its parent (column <see cref="Parent"/>); the parent is
/// published in the aggregated column <see cref="OutputColumn"/>.
/// </summary>
public sealed record HierarchySpec(string GroupColumn, string File, string Code, string Parent, string OutputColumn, TextLocation Location);
