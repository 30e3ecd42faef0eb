using OpenData.Etl.Diagnostics;
using OpenData.Etl.Mapping;
using OpenData.Etl.Metadata;
using OpenData.Etl.Pipelines;
using OpenData.Etl.Protection;
using OpenData.Etl.Running;

namespace OpenData.Etl.Reporting;

/// <summary>A published column of the preview: where its values come from and how those source columns are classified and protected.</summary>
public sealed record PreviewField(string Name, string From, string Class, string Action);

/// <summary>What <c>odetl preview</c> and <c>validate --sample</c> show: published rows only, never a raw value.</summary>
public sealed record PreviewResult(
    string PipelineName,
    IReadOnlyList<PreviewField> Fields,
    PublishedSample Sample,
    IReadOnlyList<ReportColumn> Columns,
    long RowsRead,
    long RowsAccepted,
    IReadOnlyList<Diagnostic> Problems);

/// <summary>
/// Pushes the first rows of a pipeline's source through every step (protection, mapping, validation,
/// geometry, the personal-data scan) into a batch that is never written anywhere.
/// </summary>
public static class PipelinePreview
{
    public static PreviewResult Run(Pipeline pipeline, int rows)
    {
        if (pipeline.Dataset is not null) MetadataChecks.LoadCatalog(pipeline);
        using var prepared = PipelineValidator.Prepare(pipeline);
        if (pipeline.Dataset?.TemporalField is { } temporalField) MetadataChecks.TemporalFor(prepared.Bound, pipeline.Dataset, temporalField);
        var capacity = Math.Max(1, rows);
        var errors = new DataErrors(prepared.SourceName);
        var findings = new PersonalDataFindings(prepared.SourceName);
        using var mapper = new RowMapper(prepared.Bound, prepared.Source, errors, findings, capacity);
        var batch = prepared.Bound.CreateBatch(capacity);
        mapper.Fill(batch);
        // Fail closed: a value the scanner flags would not be published, so it is not shown either.
        if (findings.Any) throw new EtlException(FailureKind.Data, [.. findings.ToDiagnostics(), .. errors.ToDiagnostics()]);
        var sample = new PublishedSample(capacity);
        sample.Observe(batch);
        return new PreviewResult(pipeline.Name, FieldsOf(prepared.Bound, batch), sample, ReportColumns.For(pipeline, prepared.Source),
            mapper.RowsRead, batch.Count, errors.ToDiagnostics());
    }

    private static List<PreviewField> FieldsOf(BoundPipeline bound, Data.ColumnBatch batch)
    {
        var rules = bound.Pipeline.Columns.GroupBy(c => c.Name).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var fields = new List<PreviewField>();
        if (bound.RowUri is not null) fields.Add(new PreviewField(batch.Columns[0].Name, "row-uri template", "-", "-"));
        foreach (var field in bound.Fields)
        {
            var from = field.Mapping switch
            {
                null => [],
                { Constant: not null } => [],
                { } m => m.From,
            };
            var found = from.Select(f => rules.TryGetValue(f, out var rule) ? rule : null).ToList();
            string Join(Func<ColumnRule, string> pick) => found.Count == 0 ? "-" : string.Join("/", found.Select(r => r is null ? "derived" : pick(r)).Distinct());
            var source = field.Mapping switch
            {
                null => "(unmapped)",
                { Constant: not null } => "value",
                _ => string.Join(", ", from),
            };
            fields.Add(new PreviewField(field.Field.Name, source, Join(r => ReportColumns.Name(r.Class)), Join(r => ReportColumns.ActionName(r.Action))));
        }
        if (batch.Geometry is { } points && bound.Pipeline.Geometry is { } geometry)
        {
            var found = geometry.Columns.Select(c => rules.GetValueOrDefault(c)).OfType<ColumnRule>().ToList();
            fields.Add(new PreviewField(points.Name, string.Join(", ", geometry.Columns),
                string.Join("/", found.Select(r => ReportColumns.Name(r.Class)).Distinct()), string.Join("/", found.Select(r => ReportColumns.ActionName(r.Action)).Distinct())));
        }
        return fields;
    }
}
