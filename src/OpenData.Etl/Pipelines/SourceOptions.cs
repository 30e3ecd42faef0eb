using System.Globalization;
using OpenData.Etl.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OpenData.Etl.Pipelines;

/// <summary>A worksheet chosen by its name, or by its 1-based position when written as a plain number.</summary>
public sealed record SheetRef(string? Name, int? Index)
{
    public override string ToString() => Name is not null ? $"'{Name}'" : $"number {Index}";
}

/// <summary>What happens to a row that breaks a rule: stop the run (the default), or leave it out and report it.</summary>
public enum BadRowPolicy { Fail, Skip }

/// <summary>How many rows 'on-bad-row: skip' may leave out before the run fails: a count or a share of rows read.</summary>
public sealed record RejectLimit(long? Count, decimal? Percent)
{
    public bool IsExceeded(long rejected, long read) =>
        Count is { } count ? rejected > count : rejected * 100m > Percent!.Value * read;

    public override string ToString() => Count is { } count ? count.ToString(CultureInfo.InvariantCulture) : $"{Percent!.Value.ToString(CultureInfo.InvariantCulture)}%";
}

/// <summary>
/// The source options added for workbooks and messy exports (sheet, header-rows, footnotes, on-bad-row,
/// max-rejected). Kept apart from <see cref="PipelineLoader"/> so that file stays small.
/// </summary>
internal static class SourceOptions
{
    public static readonly string[] Keys = ["sheet", "header-rows", "footnotes", "on-bad-row", "max-rejected"];

    private static readonly string[] Policies = ["fail", "skip"];
    private static readonly string[] Footnotes = ["none", "after-blank-line"];

    public static SourceSpec Read(YamlNodeReader r, YamlMappingNode map, SourceSpec spec)
    {
        SheetRef? sheet = null;
        if (YamlNodeReader.Get(map, "sheet") is { } sheetNode && r.Scalar(sheetNode, "source.sheet") is { } sheetText)
        {
            // A plain 2 is a position, a quoted "2" a sheet named 2: workbooks do have sheets named by year.
            var plain = sheetNode is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any };
            if (plain && int.TryParse(sheetText, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                if (index is < 1 or > 1000) r.Error(Codes.InvalidValue, $"'source.sheet' as a number is the sheet's position, from 1; found {sheetText}.", sheetNode);
                else sheet = new SheetRef(null, index);
            }
            else if (sheetText.Trim().Length == 0) r.Error(Codes.InvalidValue, "'source.sheet' is empty; give the sheet's name or its position (1 is the first).", sheetNode);
            else sheet = new SheetRef(sheetText, null);
        }
        var headerRows = r.Int(map, "header-rows", "source", 1, 2) ?? 1;
        var footnotes = r.Choice(YamlNodeReader.Get(map, "footnotes"), "source.footnotes", Footnotes) == "after-blank-line";
        var policy = r.Choice(YamlNodeReader.Get(map, "on-bad-row"), "source.on-bad-row", Policies) == "skip" ? BadRowPolicy.Skip : BadRowPolicy.Fail;

        RejectLimit? limit = null;
        if (YamlNodeReader.Get(map, "max-rejected") is { } limitNode && r.Scalar(limitNode, "source.max-rejected") is { } limitText)
        {
            limit = ParseLimit(limitText.Trim());
            if (limit is null)
                r.Error(Codes.InvalidValue, $"'source.max-rejected' must be a number of rows (e.g. 100) or a percentage of rows read (e.g. 1%), found '{limitText}'.", limitNode);
            else if (policy == BadRowPolicy.Fail)
                r.Error(Codes.InvalidValue, "'source.max-rejected' only applies with 'on-bad-row: skip'; with 'fail' the first bad row stops the run.", limitNode);
        }
        return spec with { Sheet = sheet, HeaderRows = headerRows, FootnotesAfterBlankLine = footnotes, OnBadRow = policy, MaxRejected = limit };
    }

    private static RejectLimit? ParseLimit(string text)
    {
        if (text.EndsWith('%'))
        {
            return decimal.TryParse(text[..^1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var percent) && percent is >= 0 and <= 100
                ? new RejectLimit(null, percent)
                : null;
        }
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? new RejectLimit(count, null) : null;
    }
}
