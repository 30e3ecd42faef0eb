using OpenData.Etl.Diagnostics;
using OpenData.Etl.Metadata;

namespace OpenData.Etl.Pipelines;

/// <summary>A loaded pipeline file: what to read, how each column is classified, how it maps and where it goes.</summary>
public sealed record Pipeline(
    string FilePath,
    string Name,
    SourceSpec Source,
    IReadOnlyList<ColumnRule> Columns,
    IReadOnlyList<DeriveRule> Derived,
    ProtectionSpec Protection,
    SpecificationRef Specification,
    MappingSpec Mapping,
    OutputSpec Outputs)
{
    /// <summary>The point geometry of each row, or null when the pipeline has no 'geometry' section.</summary>
    public GeometrySpec? Geometry { get; init; }

    /// <summary>The folder relative paths in the pipeline file are resolved against.</summary>
    public string BaseDirectory => Path.GetDirectoryName(Path.GetFullPath(FilePath))!;

    public string Resolve(string relativePath) => Path.GetFullPath(Path.Combine(BaseDirectory, relativePath));

    /// <summary>DCAT-AP-SE description of the published dataset; when present, every run also publishes metadata.</summary>
    public DatasetSpec? Dataset { get; init; }

    /// <summary>The published table is aggregated statistics with small-cell protection; null for row-level outputs.</summary>
    public Aggregation.AggregateSpec? Aggregate { get; init; }

    /// <summary>Row-level outputs where every quasi-identifier combination occurs at least k times; null when not asked for.</summary>
    public Aggregation.KAnonymitySpec? KAnonymity { get; init; }
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
    TextLocation Location)
{
    /// <summary>The worksheet of a workbook source; null means the first. Not allowed for text sources.</summary>
    public SheetRef? Sheet { get; init; }

    /// <summary>Rows the header spans (1 or 2); the names of a two-row header are joined with a space.</summary>
    public int HeaderRows { get; init; } = 1;

    /// <summary>A blank line ends the data: the lines after it are footnotes ("Källa: ...") and are not read.</summary>
    public bool FootnotesAfterBlankLine { get; init; }

    public BadRowPolicy OnBadRow { get; init; }

    /// <summary>With <see cref="BadRowPolicy.Skip"/>: how many rejected rows still let the run publish; null means any number.</summary>
    public RejectLimit? MaxRejected { get; init; }
}

/// <summary>How sensitive a source column is, after the publisher's classification.</summary>
public enum DataClass { Public, Internal, Personal, Sensitive }

/// <summary>What the pipeline does with a column before anything is published.</summary>
public enum ColumnAction { Keep, Drop, Pseudonymise, Mask, Generalise }

/// <summary>
/// One source column's classification and protection. Mask, generalise and allow options are only
/// meaningful with their action; the binder checks that.
/// </summary>
public sealed record ColumnRule(
    string Name,
    DataClass Class,
    ColumnAction Action,
    TextLocation Location,
    MaskOptions? Mask = null,
    GeneraliseOptions? Generalise = null,
    IReadOnlyList<string>? Allow = null,
    string? Reason = null,
    string? Review = null)
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

public enum OutputFormat { Csv, Json, Parquet, GeoJson }

public sealed record OutputSpec(string Directory, string FileStem, IReadOnlyList<OutputFormat> Formats, string? BaseUrl, TextLocation Location);

/// <summary>Keep <see cref="KeepStart"/> and <see cref="KeepEnd"/> characters, replace the rest; <see cref="Only"/> limits masking to values of that kind.</summary>
public sealed record MaskOptions(int KeepStart, int KeepEnd, char Character, string? Only);

/// <summary>Exactly one of: numeric bands, a date granularity ("year", "quarter", "month"), "nothing", or a grid size in metres.</summary>
public sealed record GeneraliseOptions(IReadOnlyList<decimal>? Bands, string? To, decimal? Grid);

/// <summary>A secret key named by reference: an environment variable or a key file, never the key itself.</summary>
public sealed record KeyReference(string? Environment, string? File, TextLocation Location);

/// <summary>Pipeline-wide protection settings: the pseudonymisation key and domain (dataset by default).</summary>
public sealed record ProtectionSpec(KeyReference? Key, string? Domain, TextLocation? Location)
{
    public static ProtectionSpec None { get; } = new(null, null, null);
}

/// <summary>
/// A new column derived from another before that one is dropped or cleaned: birth year, age, age band or
/// legal sex from a personal identity number, or the statistical marker a value carries ("..", "~100").
/// </summary>
public sealed record DeriveRule(string Name, string From, string Value, DateOnly? ReferenceDate, IReadOnlyList<decimal>? Bands, TextLocation Location)
{
    /// <summary>For value 'marker': marker → flag text, e.g. ".." → "suppressed", "~" → "approximate".</summary>
    public IReadOnlyDictionary<string, string>? Markers { get; init; }
}
/// <summary>Which source columns carry a row's point, named by meaning so that axis order is never guessed.</summary>
public enum GeometryInput
{
    /// <summary>Two columns of a projected CRS: easting (x) and northing (y), in metres.</summary>
    EastingNorthing,

    /// <summary>Two columns of a geographic CRS: longitude and latitude, in degrees.</summary>
    LongitudeLatitude,

    /// <summary>One column holding a WKT <c>POINT (x y)</c> in the CRS's easting/longitude-first order.</summary>
    Wkt,
}

/// <summary>What happens to a row whose geometry columns are all missing.</summary>
public enum MissingGeometry { Null, Reject }

/// <summary>
/// The pipeline's 'geometry' section: the source columns of each row's point, in the order
/// (easting, northing), (longitude, latitude) or (wkt), their CRS as an EPSG code, and the missing-value rule.
/// </summary>
public sealed record GeometrySpec(GeometryInput Input, IReadOnlyList<string> Columns, int Epsg, MissingGeometry Missing, TextLocation Location);
