namespace OpenData.Etl.Diagnostics;

/// <summary>
/// Stops a run with one or more diagnostics. The message is built only from the diagnostics, which are
/// written to never contain values of non-public columns, so it is safe to print and log.
/// </summary>
public sealed class EtlException : Exception
{
    public EtlException(FailureKind kind, IReadOnlyList<Diagnostic> diagnostics)
        : base(string.Join(Environment.NewLine, diagnostics))
    {
        Kind = kind;
        Diagnostics = diagnostics;
    }

    public EtlException(FailureKind kind, Diagnostic diagnostic) : this(kind, [diagnostic]) { }

    public FailureKind Kind { get; }

    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    public int ExitCode => (int)Kind;
}
