using OpenData.Etl.Diagnostics;
using OpenData.Etl.Tests.Support;

namespace OpenData.Etl.Tests.Cli;

public sealed class HtmlReportTests
{
    [Fact]
    public async Task The_report_of_a_geodata_run_renders_in_headless_chromium_with_a_map_and_no_console_error()
    {
        using var dir = new TempDir();
        var run = await Odetl.RunAsync("run", Repo.GeoPipeline, "-q", "-o", dir.File("out"));
        Assert.True(run.ExitCode == ExitCodes.Success, run.All);
        var report = dir.File("out", "report.html");
        var html = File.ReadAllText(report);

        // Self-contained: nothing is fetched and nothing runs.
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(120, System.Text.RegularExpressions.Regex.Count(html, "<circle "));

        var url = new Uri(report).AbsoluteUri;
        var screenshot = dir.File("report.png");
        var shot = await Chromium.RunAsync(dir, "--enable-logging=stderr", "--v=0", $"--screenshot={screenshot}", "--window-size=1200,900", url);
        Assert.True(File.Exists(screenshot), $"no screenshot (exit {shot.ExitCode}): {shot.Stderr}");
        Assert.DoesNotContain("Uncaught", shot.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("CONSOLE", shot.Stderr, StringComparison.Ordinal);
        var (width, height, distinct) = Chromium.InspectPng(File.ReadAllBytes(screenshot));
        Assert.Equal((1200, 900), (width, height));
        Assert.True(distinct > 20, $"the screenshot looks blank ({distinct} distinct bytes)");

        // The rendered DOM holds the summary, the column table, the sample and the map.
        var dom = await Chromium.RunAsync(dir, "--dump-dom", url);
        Assert.Contains("<h1>livsmedelsanlaggningar-geo</h1>", dom.Stdout, StringComparison.Ordinal);
        Assert.Contains("Gatuadress", dom.Stdout, StringComparison.Ordinal);
        Assert.Contains("<svg", dom.Stdout, StringComparison.Ordinal);
        Assert.Contains("Published points (120)", dom.Stdout, StringComparison.Ordinal);
        Assert.Contains("Kaffebaren Tröskeln", dom.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_blank_page_is_told_apart_from_the_report()
    {
        // The blank check must be able to fail: an empty page gives a near-uniform image.
        using var dir = new TempDir();
        var blank = dir.File("blank.html");
        File.WriteAllText(blank, "<!DOCTYPE html><html><body></body></html>");
        var screenshot = dir.File("blank.png");
        await Chromium.RunAsync(dir, $"--screenshot={screenshot}", "--window-size=1200,900", new Uri(blank).AbsoluteUri);
        var (_, _, distinct) = Chromium.InspectPng(File.ReadAllBytes(screenshot));
        Assert.True(distinct <= 20, $"a blank page gave {distinct} distinct bytes");
    }
}
