using System.Globalization;
using OpenData.Etl.Diagnostics;

namespace OpenData.Etl.Cli;

/// <summary>
/// The clock of a run: the system clock, or, when SOURCE_DATE_EPOCH is set (seconds since 1970-01-01 UTC, the
/// reproducible-builds convention), a wall clock stopped at that time. The metadata's timestamps and the run
/// report's start and end then come from the variable, so that two runs of the same input publish byte-identical
/// metadata (a CI job comparing builds, an archive that is rebuilt); durations are still measured.
/// </summary>
internal sealed class SourceDateEpoch : TimeProvider
{
    public const string Variable = "SOURCE_DATE_EPOCH";

    private readonly DateTimeOffset _now;

    private SourceDateEpoch(DateTimeOffset now) => _now = now;

    public override DateTimeOffset GetUtcNow() => _now;

    /// <summary>The clock the environment asks for.</summary>
    public static TimeProvider FromEnvironment() => From(Environment.GetEnvironmentVariable(Variable));

    /// <summary>The clock for the variable's value; a malformed value is a configuration error, not the current time.</summary>
    public static TimeProvider From(string? text)
    {
        if (string.IsNullOrEmpty(text)) return System;
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
            throw new EtlException(FailureKind.Configuration, Diagnostic.Error(Codes.InvalidValue, $"{Variable} must be a whole number of seconds since 1970-01-01 UTC."));
        return new SourceDateEpoch(DateTimeOffset.FromUnixTimeSeconds(seconds));
    }
}
