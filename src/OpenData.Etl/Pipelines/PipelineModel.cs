using OpenData.Etl.Diagnostics;
using OpenData.Etl.Metadata;

namespace OpenData.Etl.Pipelines;

/// <summary>A loaded pipeline file: what to read, how each column is classified, how it maps and where it goes.</summary>
public sealed record Pipeline(
    string FilePath,
    string Name,
    SourceSpec Source,
    IReadOnlyList<ColumnRule> Columns,
    SpecificationRef Specification,
    MappingSpec Mapping,
    OutputSpec Outputs)
{
    /// <summary>The folder relative paths in the pipeline file are resolved against.</summary>
    public string BaseDirectory => Path.GetDirectoryName(Path.GetFullPath(FilePath))!;

    public string Resolve(string relativePath) => Path.GetFullPath(Path.Combine(BaseDirectory, relativePath));

    /// <summary>DCAT-AP-SE description of the published dataset; when present, every run also publishes metadata.</summary>
    public DatasetSpec? Dataset { get; init; }
}

public enum TextEncodingOption { Auto, Utf8, Windows1252 }

public sealed record SourceSpec(
    string Path,
    TextEncodingOption Encoding,
    char? Delimiter,
    char DecimalSeparator,
    int HeaderRow,
    IReadOnlyList<string> MissingValues,
    string TimeZone,
    TextLocation Location);

/// <summary>How sensitive a source column is, after the publisher's classification.</summary>
public enum DataClass { Public, Internal, Personal, Sensitive }

/// <summary>What the pipeline does with a column before anything is published.</summary>
public enum ColumnAction { Keep, Drop }

public sealed record ColumnRule(string Name, DataClass Class, ColumnAction Action, TextLocation Location)
{
    /// <summary>Values of this column may appear in messages and previews only when it is public.</summary>
    public bool IsPublic => Class == DataClass.Public;
}

public sealed record SpecificationRef(string Uri, string SchemaPath, TextLocation Location);

/// <summary>
/// How one specification field gets its value: from one or more source columns, or a constant,
/// optionally with characters stripped, through a value map, a parse format, a list split or a decimal scale.
/// </summary>
public sealed record FieldMapping(
    string Field,
    IReadOnlyList<string> From,
    string? Constant,
    string? Strip,
    string? Format,
    IReadOnlyDictionary<string, string>? ValueMap,
    string? Split,
    string? Items,
    int? Decimals,
    TextLocation Location);

public sealed record MappingSpec(string? RowUriTemplate, string RowUriField, IReadOnlyList<FieldMapping> Fields, TextLocation Location);

public enum OutputFormat { Csv, Json, Parquet }

public sealed record OutputSpec(string Directory, string FileStem, IReadOnlyList<OutputFormat> Formats, string? BaseUrl, TextLocation Location);
