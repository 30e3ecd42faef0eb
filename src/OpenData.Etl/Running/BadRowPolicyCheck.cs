using OpenData.Etl.Diagnostics;
using OpenData.Etl.Mapping;
using OpenData.Etl.Pipelines;
using OpenData.Etl.Protection;

namespace OpenData.Etl.Running;

/// <summary>
/// Decides, after the last row, whether rows left out under <c>on-bad-row: skip</c> still let the run publish.
/// Personal data found in a value and records whose boundaries cannot be trusted (a broken quote) always
/// stop the run: skipping them would publish a dataset that is wrong or unsafe, not merely incomplete.
/// </summary>
internal static class BadRowPolicyCheck
{
    /// <summary>Returns when the run may publish despite <paramref name="errors"/> (printing the reject report); throws when it may not.</summary>
    public static void Apply(SourceSpec source, DataErrors errors, PersonalDataFindings findings, long read, long written, long rejected, bool stoppedEarly, string sourceName, TextWriter? log)
    {
        if (findings.Any || (errors.Count > 0 && (source.OnBadRow == BadRowPolicy.Fail || stoppedEarly)))
            throw new EtlException(FailureKind.Data, [.. findings.ToDiagnostics(), .. errors.ToDiagnostics()]);
        // A header and nothing else is how a failed export job looks; publishing it would empty the dataset.
        if (read == 0)
            throw new EtlException(FailureKind.Data, Diagnostic.Error(Codes.EmptySource, "the source has a header but no data rows; nothing was published.", new TextLocation(sourceName)));
        if (errors.Count == 0) return;

        // The reconciliation every skip run must satisfy; a mismatch is a bug, never published over.
        if (read != written + rejected)
            throw new InvalidOperationException("rows read differ from rows written plus rows rejected");

        if (source.MaxRejected is { } limit && limit.IsExceeded(rejected, read))
        {
            throw new EtlException(FailureKind.Data, [
                .. errors.ToDiagnostics(),
                Diagnostic.Error(Codes.TooManyRejected, $"{rejected:N0} of {read:N0} rows were rejected, more than 'max-rejected: {limit}' allows; nothing was published.", new TextLocation(sourceName)),
            ]);
        }
        // The reject report: where and which rule, in the same words as a failing run, never a non-public value.
        foreach (var diagnostic in errors.ToDiagnostics())
            log?.WriteLine((diagnostic with { Severity = Severity.Warning }).ToString());
        log?.WriteLine(Diagnostic.Warning(Codes.RowRejected, $"{rejected:N0} row(s) left out under 'on-bad-row: skip'.", new TextLocation(sourceName)).ToString());
    }
}
