namespace OpenData.Etl.Diagnostics;

/// <summary>
/// The catalogue of diagnostic codes. Tests assert codes, not prose; docs/pipeline-format.md lists them.
/// ODE01xx pipeline file, ODE02xx classification gate, ODE03xx source reading,
/// ODE04xx specification schema and mapping, ODE05xx row validation, ODE06xx output.
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
}
