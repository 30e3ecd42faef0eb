using OpenData.Etl.Diagnostics;

namespace OpenData.Etl.Sources;

/// <summary>A source that noticed something worth telling but not worth stopping for (a header name it tidied, an option it ignores).</summary>
public interface ISourceWarnings
{
    IReadOnlyList<Diagnostic> Warnings { get; }
}
