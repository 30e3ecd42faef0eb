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

        var parents = spec.GroupBy.Select(g => spec.Hierarchies.FirstOrDefault(h => h.GroupColumn == g) is { } h ? LoadHierarchy(pipeline, h, errors) : null).ToArray();

        var columns = new List<ColumnRule>();
        foreach (var group in spec.GroupBy)
        {
            var cls = rules.TryGetValue(group, out var rule) ? rule.Class : DataClass.Internal;
            // A generalised or derived personal column is published as its bands: what the gate allowed.
            if (cls is DataClass.Personal or DataClass.Sensitive) cls = DataClass.Internal;
            columns.Add(new ColumnRule(group, cls, ColumnAction.Keep, spec.Location, Allow: rule?.Allow, Reason: rule?.Reason));
        }
        foreach (var h in spec.Hierarchies)
            columns.Add(new ColumnRule(h.OutputColumn, columns.First(c => c.Name == h.GroupColumn).Class, ColumnAction.Keep, h.Location));
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
        return (new AggregatedSource(source, spec, pipeline.Source.MissingValues, pipeline.Source.DecimalSeparator, parents), forMapping);
    }

    /// <summary>Reads a hierarchy file: UTF-8, comma-separated, a header naming the code and parent columns, no quoted fields.</summary>
    private static Dictionary<string, string>? LoadHierarchy(Pipeline pipeline, HierarchySpec h, List<Diagnostic> errors)
    {
        var path = pipeline.Resolve(h.File);
        var display = Running.PathDisplay.For(path);
        if (!File.Exists(path))
        {
            errors.Add(Diagnostic.Error(Codes.HierarchyInvalid, $"hierarchy file for '{h.GroupColumn}' not found (the path is relative to the pipeline file).", new TextLocation(display)));
            return null;
        }
        var lines = File.ReadAllLines(path, System.Text.Encoding.UTF8);
        var header = lines.Length == 0 ? [] : lines[0].TrimStart('\uFEFF').Split(',').Select(c => c.Trim()).ToList();
        var code = header.IndexOf(h.Code);
        var parent = header.IndexOf(h.Parent);
        if (code < 0 || parent < 0)
        {
            errors.Add(Diagnostic.Error(Codes.HierarchyInvalid, $"hierarchy file has no column '{(code < 0 ? h.Code : h.Parent)}'.{DidYouMean.Hint(code < 0 ? h.Code : h.Parent, header)}", new TextLocation(display, 1)));
            return null;
        }
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            var fields = lines[i].Split(',');
            if (fields.Length <= Math.Max(code, parent) || !map.TryAdd(fields[code].Trim(), fields[parent].Trim()) && map[fields[code].Trim()] != fields[parent].Trim())
                errors.Add(Diagnostic.Error(Codes.HierarchyInvalid, "the line has too few fields or gives a code a second parent.", new TextLocation(display, i + 1)));
        }
        return map;
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
