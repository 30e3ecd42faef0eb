using OpenData.Etl.Diagnostics;
using OpenData.Etl.Mapping;
using OpenData.Etl.Metadata;
using OpenData.Etl.Pipelines;

namespace OpenData.Etl.Running;

/// <summary>The metadata checks <c>run</c> and <c>validate</c> make before any data row is read.</summary>
internal static class MetadataChecks
{
    public static CatalogConfig LoadCatalog(Pipeline pipeline)
    {
        var path = MetadataPublisher.CatalogPathFor(pipeline);
        return CatalogConfigLoader.Load(path, PathDisplay.For(path));
    }

    /// <summary>The declared temporal field must be a date or datetime field of the specification.</summary>
    public static TemporalRange TemporalFor(BoundPipeline bound, DatasetSpec dataset, string field)
    {
        var index = bound.Fields.ToList().FindIndex(f => f.Field.Name == field);
        if (index < 0 || bound.Fields[index].Field.Type is not (Schema.FieldType.Date or Schema.FieldType.DateTime))
            throw new EtlException(FailureKind.Configuration, Diagnostic.Error(Codes.UnknownField,
                $"'dataset.temporal-field' must name a date or datetime field of the specification, found '{field}'.{DidYouMean.Hint(field, bound.Fields.Where(f => f.Field.Type is Schema.FieldType.Date or Schema.FieldType.DateTime).Select(f => f.Field.Name).ToList())}", dataset.Location));
        // The period's two dates are published as metadata, so they must come from public columns only.
        if (!bound.Fields[index].ValuesArePublic)
            throw new EtlException(FailureKind.Configuration, Diagnostic.Error(Codes.PersonalDataPublished,
                $"'dataset.temporal-field' '{field}' is mapped from a column that is not public; its first and last value would be published in the metadata.", dataset.Location));
        return new TemporalRange(index + bound.FieldOffset, bound.Fields[index].Field.Type);
    }
}
