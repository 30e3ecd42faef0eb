namespace OpenData.Etl.Diagnostics;

/// <summary>Process exit codes; documented in README.md and stable across releases.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    /// <summary>An unexpected failure inside the tool (a bug); the message says so.</summary>
    public const int InternalError = 1;
    /// <summary>The command line, pipeline file, schema or classification is wrong; nothing was read or written.</summary>
    public const int ConfigurationError = 2;
    /// <summary>The data broke a rule (malformed file, schema violation, personal data found); nothing was published.</summary>
    public const int DataError = 3;
    /// <summary>A file could not be read or written (missing, locked, disk full); nothing was published.</summary>
    public const int IoError = 4;
}

/// <summary>What kind of failure stopped a run; decides the exit code.</summary>
public enum FailureKind
{
    Configuration = ExitCodes.ConfigurationError,
    Data = ExitCodes.DataError,
    Io = ExitCodes.IoError,
}
