using OpenData.Etl.Data;
using OpenData.Etl.Geo;
using OpenData.Etl.Pipelines;
using OpenData.Etl.Schema;

namespace OpenData.Etl.Mapping;

/// <summary>
/// A pipeline checked against its schema and the actual source header: every reference resolved,
/// every column classified. Only a bound pipeline can read data.
/// </summary>
internal sealed class BoundPipeline(
    Pipeline pipeline,
    TableSchema schema,
    IReadOnlyList<string> sourceHeader,
    IReadOnlyList<BoundField> fields,
    RowUriTemplate? rowUri)
{
    public Pipeline Pipeline { get; } = pipeline;

    public TableSchema Schema { get; } = schema;

    public IReadOnlyList<string> SourceHeader { get; } = sourceHeader;

    /// <summary>Specification fields in schema order.</summary>
    public IReadOnlyList<BoundField> Fields { get; } = fields;

    public RowUriTemplate? RowUri { get; } = rowUri;

    /// <summary>The bound 'geometry' section, or null when the pipeline has none.</summary>
    public GeometryBinding? Geometry { get; init; }

    /// <summary>Output columns: the row URI first (when there is a template), then the specification fields.</summary>
    public ColumnBatch CreateBatch(int capacity)
    {
        var columns = new List<Column>(Fields.Count + 1);
        if (RowUri is not null) columns.Add(new StringColumn(Pipeline.Mapping.RowUriField, FieldType.String, capacity));
        columns.AddRange(Fields.Select(f => f.CreateColumn(capacity)));
        return new ColumnBatch(columns, capacity)
        {
            Geometry = Geometry is null ? null : new PointColumn(PipelineBinder.GeometryColumnName, capacity),
        };
    }

    /// <summary>Index of the first specification field's column in a batch.</summary>
    public int FieldOffset => RowUri is null ? 0 : 1;
}
