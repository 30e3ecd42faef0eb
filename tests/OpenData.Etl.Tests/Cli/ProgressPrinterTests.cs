using OpenData.Etl.Cli;
using OpenData.Etl.Running;

namespace OpenData.Etl.Tests.Cli;

public sealed class ProgressPrinterTests
{
    private static RunProgress At(double seconds, long rows, long bytes) => new(rows, rows, bytes, 1_000_000, TimeSpan.FromSeconds(seconds));

    [Fact]
    public void Outside_a_terminal_a_plain_line_is_logged_every_ten_seconds_with_rate_and_eta()
    {
        using var log = new StringWriter();
        var printer = new ProgressPrinter(log, "p", terminal: false);
        printer.Report(At(1, 10_000, 100_000));
        printer.Report(At(9.9, 90_000, 450_000));
        printer.Report(At(10, 100_000, 500_000));
        printer.Report(At(15, 150_000, 700_000));
        printer.Report(At(20.5, 200_000, 800_000));
        printer.Finish();

        var lines = log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Equal("p: 100,000 rows read (50%), 10,000 rows/s, 0.1 MB/s, ETA 00:10", lines[0].TrimEnd('\r'));
        Assert.StartsWith("p: 200,000 rows read (80%)", lines[1], StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', log.ToString());
    }

    [Fact]
    public void In_a_terminal_one_line_is_rewritten_in_place_and_cleared_at_the_end()
    {
        using var log = new StringWriter();
        var printer = new ProgressPrinter(log, "p", terminal: true);
        printer.Report(At(0.1, 1, 1));
        printer.Report(At(0.3, 3_000, 300_000));
        printer.Report(At(0.6, 6_000, 600_000));
        printer.Finish();

        var text = log.ToString();
        Assert.Equal(3, text.Count(c => c == '\r'));
        Assert.DoesNotContain('\n', text);
        Assert.Contains("6,000 rows read (60%), 10,000 rows/s, 1.0 MB/s, ETA 00:00", text, StringComparison.Ordinal);
        Assert.EndsWith("\r\u001b[K", text, StringComparison.Ordinal);
    }
}
