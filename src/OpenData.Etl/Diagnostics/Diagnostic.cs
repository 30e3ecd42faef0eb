namespace OpenData.Etl.Diagnostics;

/// <summary>Where in a text file a problem sits; line and column are 1-based, 0 when unknown.</summary>
public sealed record TextLocation(string File, int Line = 0, int Column = 0)
{
    public override string ToString() => (Line, Column) switch
    {
        (0, _) => File,
        (_, 0) => $"{File}({Line})",
        _ => $"{File}({Line},{Column})",
    };
}

public enum Severity { Error, Warning }

/// <summary>
/// One problem found in configuration or data, in the form editors and CI understand:
/// <c>file(line,col): error CODE: message</c>. Messages never carry values of non-public columns.
/// </summary>
public sealed record Diagnostic(string Code, Severity Severity, string Message, TextLocation? Location = null)
{
    public static Diagnostic Error(string code, string message, TextLocation? location = null) =>
        new(code, Severity.Error, message, location);

    public static Diagnostic Warning(string code, string message, TextLocation? location = null) =>
        new(code, Severity.Warning, message, location);

    public bool IsError => Severity == Severity.Error;

    public override string ToString()
    {
        var kind = Severity == Severity.Error ? "error" : "warning";
        return Location is null ? $"{kind} {Code}: {Message}" : $"{Location}: {kind} {Code}: {Message}";
    }
}
