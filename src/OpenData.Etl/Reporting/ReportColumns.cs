using OpenData.Etl.Pipelines;
using OpenData.Etl.Protection;
using OpenData.Etl.Sources;

namespace OpenData.Etl.Reporting;

/// <summary>Each classified source column and derived column with its action and the protection figures counted while reading.</summary>
internal static class ReportColumns
{
    public static IReadOnlyList<ReportColumn> For(Pipeline pipeline, ITabularSource source)
    {
        var figures = (source as ProtectedSource)?.Figures.ToDictionary(f => f.Column, StringComparer.Ordinal) ?? [];
        var columns = pipeline.Columns.Select(rule =>
        {
            var known = figures.TryGetValue(rule.Name, out var f);
            return new ReportColumn(rule.Name, Name(rule.Class), ActionName(rule.Action), known ? f.Transform : null, known ? f.Changed : null);
        }).ToList();
        foreach (var rule in pipeline.Derived)
        {
            var known = figures.TryGetValue(rule.Name, out var f);
            columns.Add(new ReportColumn(rule.Name, "internal", "derive", $"{rule.Value} of {rule.From}", known ? f.Changed : null));
        }
        return columns;
    }

    public static string Name(DataClass value) => value.ToString().ToLowerInvariant();

    public static string ActionName(ColumnAction action) => action.ToString().ToLowerInvariant();
}
