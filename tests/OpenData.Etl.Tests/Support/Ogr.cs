using System.Globalization;
using System.Text.RegularExpressions;

namespace OpenData.Etl.Tests.Support;

/// <summary>GDAL's ogrinfo (Debian gdal-bin, installed by .ci/run) as the independent GeoJSON reader.</summary>
internal static partial class Ogr
{
    public sealed record LayerSummary(long FeatureCount, double MinX, double MinY, double MaxX, double MaxY, string Text);

    /// <summary>Runs <c>ogrinfo -al -so FILE</c> and reads its "Feature Count" and "Extent" lines.</summary>
    public static LayerSummary Summary(string path)
    {
        CliResult result;
        try
        {
            result = ChildProcess.Run("ogrinfo", ["-al", "-so", path], TimeSpan.FromMinutes(2));
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("ogrinfo is not installed; install Debian's gdal-bin (.ci/run does).", e);
        }
        var text = result.Stdout;
        Assert.True(result.ExitCode == 0, $"ogrinfo failed: {result.All}");
        var count = FeatureCount().Match(text);
        var extent = Extent().Match(text);
        Assert.True(count.Success && extent.Success, $"ogrinfo printed no feature count or extent:\n{text}");
        double D(int group) => double.Parse(extent.Groups[group].Value, CultureInfo.InvariantCulture);
        return new LayerSummary(long.Parse(count.Groups[1].Value, CultureInfo.InvariantCulture), D(1), D(2), D(3), D(4), text);
    }

    [GeneratedRegex(@"^Feature Count: (\d+)", RegexOptions.Multiline)]
    private static partial Regex FeatureCount();

    [GeneratedRegex(@"^Extent: \(([-\d.]+), ([-\d.]+)\) - \(([-\d.]+), ([-\d.]+)\)", RegexOptions.Multiline)]
    private static partial Regex Extent();
}
