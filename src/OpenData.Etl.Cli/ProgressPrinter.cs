using System.Globalization;
using OpenData.Etl.Running;

namespace OpenData.Etl.Cli;

/// <summary>
/// Progress of a long run on stderr: in a terminal one line rewritten in place (rows/s, MB/s, ETA) a few
/// times a second; otherwise (CI logs, cron mail) a plain line every <see cref="LogInterval"/>. Decides by
/// the run's own elapsed time, so it needs no clock of its own.
/// </summary>
internal sealed class ProgressPrinter(TextWriter stderr, string name, bool terminal) : IProgress<RunProgress>
{
    public static readonly TimeSpan TerminalInterval = TimeSpan.FromMilliseconds(250);
    public static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(10);

    private TimeSpan _next = terminal ? TerminalInterval : LogInterval;
    private bool _lineOpen;

    /// <summary>True when <paramref name="stderr"/> is the process's own stderr and that is a terminal.</summary>
    public static bool IsTerminal(TextWriter stderr) => ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected;

    public void Report(RunProgress value)
    {
        if (value.Elapsed < _next) return;
        _next = value.Elapsed + (terminal ? TerminalInterval : LogInterval);
        var line = Format(value);
        if (terminal)
        {
            stderr.Write($"\r{line}\u001b[K");
            _lineOpen = true;
        }
        else
        {
            stderr.WriteLine(line);
        }
    }

    /// <summary>Ends the in-place line so the next message starts on its own line.</summary>
    public void Finish()
    {
        if (!_lineOpen) return;
        stderr.Write("\r\u001b[K");
        _lineOpen = false;
    }

    internal string Format(RunProgress p)
    {
        var seconds = Math.Max(p.Elapsed.TotalSeconds, 1e-3);
        var percent = p.SourceBytes > 0 ? $" ({Math.Min(100, 100.0 * p.BytesRead / p.SourceBytes):0}%)" : "";
        var eta = p.Eta is { } e ? $", ETA {(int)e.TotalMinutes:00}:{e.Seconds:00}" : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"{name}: {p.RowsRead:N0} rows read{percent}, {p.RowsRead / seconds:N0} rows/s, {p.BytesRead / seconds / 1e6:0.0} MB/s{eta}");
    }
}
