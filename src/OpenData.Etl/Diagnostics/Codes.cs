namespace OpenData.Etl.Diagnostics;

/// <summary>
/// The catalogue of diagnostic codes. Tests assert codes, not prose; docs/pipeline-format.md lists them.
/// ODE01xx pipeline file, ODE02xx classification gate, ODE03xx source reading,
/// ODE04xx specification schema and mapping, ODE05xx row validation, ODE06xx output,
/// ODE07xx geodata (ODE070x the 'geometry' section and its binding, ODE071x coordinates in rows).
/// ODE08xx DCAT-AP-SE metadata: 0800-0819 catalog and dataset configuration, 0820-0829 RDF syntax,
/// 0830-0859 DCAT-AP-SE validation (bundle.json rules, reported as DIGG's validator words them).
/// ODE11xx the command line (odetl run/validate/preview options and folders).
/// ODE10xx messy sources and safe publishing: 1001-1009 publishing, 1010-1029 Excel and CSV sources,
/// 1030-1039 the bad-row policy.
/// ODE09xx aggregated statistics and k-anonymity: 0900-0909 the 'aggregate' section and its binding,
/// 0910-0919 aggregation data, 0920-0929 k-anonymity.
/// </summary>
public static class Codes
{
    public const string YamlSyntax = "ODE0100";
    public const string UnknownKey = "ODE0101";
    public const string MissingKey = "ODE0102";
    public const string WrongType = "ODE0103";
    public const string InvalidValue = "ODE0104";
    public const string PipelineTooLarge = "ODE0105";
    public const string FileNotFound = "ODE0106";
    public const string NotAPipeline = "ODE0107";

    public const string UnclassifiedColumn = "ODE0201";
    public const string ClassifiedColumnMissing = "ODE0202";
    public const string PersonalDataPublished = "ODE0203";
    public const string DroppedColumnMapped = "ODE0204";
    public const string KeyMissing = "ODE0205";
    public const string ProtectionInvalid = "ODE0206";
    public const string ReviewPending = "ODE0207";

    public const string InvalidEncoding = "ODE0301";
    public const string DelimiterUndetected = "ODE0302";
    public const string WrongFieldCount = "ODE0303";
    public const string UnclosedQuote = "ODE0304";
    public const string EmptySource = "ODE0305";
    public const string DuplicateHeader = "ODE0306";

    public const string SchemaInvalid = "ODE0401";
    public const string UnknownField = "ODE0402";
    public const string UnknownColumn = "ODE0403";
    public const string RequiredFieldUnmapped = "ODE0404";
    public const string UnsupportedType = "ODE0405";
    public const string RowUriInvalid = "ODE0406";

    public const string TypeMismatch = "ODE0501";
    public const string RequiredMissing = "ODE0502";
    public const string EnumViolation = "ODE0503";
    public const string PatternViolation = "ODE0504";
    public const string RangeViolation = "ODE0505";
    public const string LengthViolation = "ODE0506";
    public const string DuplicateKey = "ODE0507";
    public const string TooManyErrors = "ODE0508";
    public const string ProtectionFailed = "ODE0509";
    public const string PersonalDataFound = "ODE0510";

    public const string OutputFailed = "ODE0601";

    /// <summary>The 'geometry' section names no, several or incomplete column sets, or columns that do not fit the CRS.</summary>
    public const string GeometryInvalid = "ODE0701";
    /// <summary>'geometry.crs' is not one of the supported EPSG codes.</summary>
    public const string UnsupportedCrs = "ODE0702";
    /// <summary>An output that carries geometry (geojson) is asked for without a 'geometry' section.</summary>
    public const string GeometryMissing = "ODE0703";
    /// <summary>A geometry column is not classified public (coordinates are published as they are).</summary>
    public const string GeometryColumnNotPublic = "ODE0704";
    /// <summary>A row's coordinates do not parse, or only one of the two columns has a value, or the WKT is not a point.</summary>
    public const string CoordinateInvalid = "ODE0711";
    /// <summary>A row has no coordinates and 'geometry.missing' is 'reject'.</summary>
    public const string CoordinateMissing = "ODE0712";
    /// <summary>Easting and northing (or longitude and latitude) look swapped.</summary>
    public const string AxesSwapped = "ODE0713";
    /// <summary>A point lies outside Sweden's extent in the declared CRS.</summary>
    public const string OutsideExtent = "ODE0714";
    /// <summary>A SWEREF 99 TM easting outside 200 000–1 000 000 m.</summary>
    public const string EastingOutOfRange = "ODE0715";
    /// <summary>The catalog configuration (catalog.yaml) is missing though the pipeline has a <c>dataset:</c> section.</summary>
    public const string CatalogMissing = "ODE0801";
    /// <summary>An organisation number that is not 10 digits with a valid Luhn check digit.</summary>
    public const string OrganisationNumberInvalid = "ODE0802";
    /// <summary>A value outside a DCAT-AP-SE controlled list (themes, licences, frequencies, access rights, publisher types, HVD categories).</summary>
    public const string NotInControlledList = "ODE0803";
    /// <summary>A malformed e-mail address, telephone number, IRI or UUID in metadata configuration.</summary>
    public const string MetadataValueInvalid = "ODE0804";
    /// <summary>The previously published metadata file could not be read; modification dates cannot be carried over.</summary>
    public const string PreviousMetadataUnreadable = "ODE0805";

    /// <summary>An RDF file that is not well-formed or uses syntax the reader does not support.</summary>
    public const string RdfSyntax = "ODE0820";

    /// <summary>Fewer values than the mandatory minimum (RDForms code "min").</summary>
    public const string DcatTooFew = "ODE0830";
    /// <summary>Fewer values than recommended (RDForms code "pref"); a warning.</summary>
    public const string DcatRecommended = "ODE0831";
    /// <summary>More values than allowed (RDForms code "many").</summary>
    public const string DcatTooMany = "ODE0832";
    /// <summary>A value of the wrong node kind: literal for IRI, IRI for literal (RDForms "nodetype").</summary>
    public const string DcatNodeType = "ODE0833";
    /// <summary>A literal with a missing or wrong datatype (RDForms "datatype").</summary>
    public const string DcatDatatype = "ODE0834";
    /// <summary>A value not matching the pattern (RDForms "pattern").</summary>
    public const string DcatPattern = "ODE0835";
    /// <summary>A value outside the controlled list (RDForms "value").</summary>
    public const string DcatValue = "ODE0836";
    /// <summary>A nested node lacking its required type (RDForms "constraints").</summary>
    public const string DcatConstraints = "ODE0837";
    /// <summary>More than one value in a group that allows only one (RDForms "atmostonechild", the "disjoint" style).</summary>
    public const string DcatDisjoint = "ODE0838";
    /// <summary>A deprecated property or value; a warning.</summary>
    public const string DcatDeprecated = "ODE0839";
    /// <summary>No dcat:Catalog in the file.</summary>
    public const string DcatNoCatalog = "ODE0840";

    /// <summary>A folder given to <c>odetl run</c> or <c>odetl validate</c> holds no pipeline file.</summary>
    public const string NoPipelineFiles = "ODE1101";
    /// <summary>A command-line option value out of range (<c>--rows</c>, <c>--sample</c>).</summary>
    public const string OptionOutOfRange = "ODE1102";
    /// <summary>Another run holds the output folder's lock file; nothing was read or written.</summary>
    public const string PublishLocked = "ODE1001";
    /// <summary>An output file name that is not a plain name inside the output folder.</summary>
    public const string OutputPathEscapes = "ODE1002";
    /// <summary>The output folder is unusable (a file system root: there is nowhere beside it to stage).</summary>
    public const string OutputDirectoryInvalid = "ODE1003";

    /// <summary>The workbook cannot be read: not a zip/OLE file, truncated, encrypted or not a spreadsheet.</summary>
    public const string WorkbookUnreadable = "ODE1010";
    /// <summary>'source.sheet' names a sheet the workbook does not have.</summary>
    public const string SheetNotFound = "ODE1011";
    /// <summary>A source option that does not apply to the file type (encoding or delimiter for a workbook, sheet for CSV); a warning.</summary>
    public const string SourceOptionIgnored = "ODE1012";
    /// <summary>A header name had leading, trailing or non-breaking spaces that were removed; a warning.</summary>
    public const string HeaderNormalised = "ODE1013";

    /// <summary>More rows were rejected under 'on-bad-row: skip' than 'max-rejected' allows.</summary>
    public const string TooManyRejected = "ODE1030";
    /// <summary>A row left out under 'on-bad-row: skip'; a warning in the reject report.</summary>
    public const string RowRejected = "ODE1031";
    /// <summary>The 'aggregate' section is malformed: no 'min-count', an unknown measure, clashing column names.</summary>
    public const string AggregateInvalid = "ODE0901";
    /// <summary>A group-by or measure column is not in the (protected) source, or is dropped.</summary>
    public const string AggregateColumnInvalid = "ODE0902";
    /// <summary>The aggregate's status column is not mapped to a specification field, so suppressed cells could not be told apart.</summary>
    public const string StatusUnmapped = "ODE0903";
    /// <summary>The full table (every combination of categories, with margins) has more cells than the engine protects in memory.</summary>
    public const string AggregateTooLarge = "ODE0904";
    /// <summary>A hierarchy file is missing, unreadable, lacks the named columns, or gives one code two parents.</summary>
    public const string HierarchyInvalid = "ODE0905";
    /// <summary>A measure's value is not a number.</summary>
    public const string MeasureNotNumeric = "ODE0911";
    /// <summary>A group-by value equals the total label, so a cell could not be told from a margin.</summary>
    public const string TotalLabelClash = "ODE0912";
    /// <summary>A value of a group-by column with a hierarchy is not in the hierarchy file.</summary>
    public const string HierarchyValueUnknown = "ODE0913";
    /// <summary>The 'k-anonymity' section is malformed or names columns the source does not have.</summary>
    public const string KAnonymityInvalid = "ODE0920";
    /// <summary>A combination of quasi-identifiers is shared by fewer than k rows and 'on-violation' is 'fail'.</summary>
    public const string KAnonymityViolated = "ODE0921";
}
