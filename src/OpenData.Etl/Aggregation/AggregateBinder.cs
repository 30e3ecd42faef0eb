using OpenData.Etl.Diagnostics;
using OpenData.Etl.Mapping;
using OpenData.Etl.Pipelines;
using OpenData.Etl.Sources;

namespace OpenData.Etl.Aggregation;

/// <summary>
/// Puts the aggregation between the protected source and the mapping. The classification gate runs on
/// the source's own header first; the mapping is then bound to the aggregated table, whose columns are
/// classified here: group-by columns keep their class, measures are public only when their column is,
/// the status column is public. Everything is checked before a row is read.
/// </summary>
internal static class AggregateBinder
{
    /// <summary>
    /// Wraps <paramref name="source"/> in an <see cref="AggregatedSource"/> and returns the pipeline as the
    /// mapping must see it (the aggregated table's columns and value conventions).
    /// </summary>
    public static (ITabularSource Source, Pipeline ForMapping) Wrap(Pipeline pipeline, AggregateSpec spec, ITabularSource source, string sourceName, List<Diagnostic> errors)
    {
        var rules = PipelineBinder.CheckClassification(pipeline, source.Header, sourceName, errors);
        foreach (var column in spec.GroupBy.Concat(Aggregator.StatColumns(spec)))
        {
            if (!source.Header.Contains(column))
                errors.Add(Diagnostic.Error(Codes.AggregateColumnInvalid, $"'aggregate' reads column '{column}', which the source does not have.{DidYouMean.Hint(column, source.Header)}", spec.Location));
            else if (rules.TryGetValue(column, out var rule) && rule.Action == ColumnAction.Drop)
                errors.Add(Diagnostic.Error(Codes.AggregateColumnInvalid, $"'aggregate' reads column '{column}', which is classified with action 'drop'; dropped columns are never read.", spec.Location));
        }

        var columns = new List<ColumnRule>();
        foreach (var group in spec.GroupBy)
        {
            var cls = rules.TryGetValue(group, out var rule) ? rule.Class : DataClass.Internal;
            // A generalised or derived personal column is published as its bands: what the gate allowed.
            if (cls is DataClass.Personal or DataClass.Sensitive) cls = DataClass.Internal;
            columns.Add(new ColumnRule(group, cls, ColumnAction.Keep, spec.Location, Allow: rule?.Allow, Reason: rule?.Reason));
        }
        foreach (var measure in spec.Measures)
        {
            var isPublic = measure.Column is null || (rules.TryGetValue(measure.Column, out var rule) && rule.IsPublic);
            columns.Add(new ColumnRule(measure.Name, isPublic ? DataClass.Public : DataClass.Internal, ColumnAction.Keep, measure.Location));
        }
        columns.Add(new ColumnRule(spec.StatusColumn, DataClass.Public, ColumnAction.Keep, spec.Location));

        if (!pipeline.Mapping.Fields.Any(f => f.From.Contains(spec.StatusColumn)))
            errors.Add(Diagnostic.Error(Codes.StatusUnmapped,
                $"no field is mapped from the aggregate's status column '{spec.StatusColumn}'; map it to a specification field so that suppressed cells (primary, secondary) are told apart from missing values.", pipeline.Mapping.Location));

        var forMapping = pipeline with
        {
            Columns = columns,
            Derived = [],
            Source = pipeline.Source with { MissingValues = [""], DecimalSeparator = '.' },
        };
        return (new AggregatedSource(source, spec, pipeline.Source.MissingValues, pipeline.Source.DecimalSeparator), forMapping);
    }

    /// <summary>Checks the quasi-identifiers against the protected header and wraps the source; <paramref name="openAgain"/> opens a fresh protected source for the counting pass.</summary>
    public static ITabularSource WrapKAnonymity(Pipeline pipeline, KAnonymitySpec spec, ITabularSource source, List<Diagnostic> errors, Func<ITabularSource> openAgain)
    {
        var dropped = pipeline.Columns.Where(c => c.Action == ColumnAction.Drop).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var column in spec.QuasiIdentifiers)
        {
            if (!source.Header.Contains(column))
                errors.Add(Diagnostic.Error(Codes.KAnonymityInvalid, $"'k-anonymity' names quasi-identifier '{column}', which the source does not have.{DidYouMean.Hint(column, source.Header)}", spec.Location));
            else if (dropped.Contains(column))
                errors.Add(Diagnostic.Error(Codes.KAnonymityInvalid, $"'k-anonymity' names quasi-identifier '{column}', which is dropped and so never published; name published columns.", spec.Location));
        }
        return new KAnonymousSource(source, spec, openAgain);
    }
}
