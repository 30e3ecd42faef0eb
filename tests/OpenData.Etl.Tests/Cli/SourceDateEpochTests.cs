using OpenData.Etl.Cli;
using OpenData.Etl.Diagnostics;

namespace OpenData.Etl.Tests.Cli;

/// <summary>SOURCE_DATE_EPOCH: the wall clock of a run stopped at a given time, for reproducible metadata.</summary>
public sealed class SourceDateEpochTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Without_the_variable_the_run_uses_the_system_clock(string? value) =>
        Assert.Same(TimeProvider.System, SourceDateEpoch.From(value));

    [Fact]
    public void The_variable_sets_the_wall_clock_but_durations_are_still_measured()
    {
        var clock = SourceDateEpoch.From("1772438400");
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero), clock.GetUtcNow());
        var start = clock.GetTimestamp();
        Thread.Sleep(20);
        Assert.True(clock.GetElapsedTime(start) >= TimeSpan.FromMilliseconds(15));
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData(" 1772438400")]
    [InlineData("99999999999999999")]
    public void A_malformed_value_is_a_configuration_error_not_the_current_time(string value)
    {
        var e = Assert.Throws<EtlException>(() => SourceDateEpoch.From(value));
        Assert.Equal(ExitCodes.ConfigurationError, e.ExitCode);
        Assert.Contains("SOURCE_DATE_EPOCH", e.Diagnostics.Single().Message, StringComparison.Ordinal);
    }
}
