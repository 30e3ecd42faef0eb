using System.Globalization;
using System.Net;
using System.Text;

namespace OpenData.Etl.Reporting;

/// <summary>
/// report.html for analysts: one self-contained page (inline CSS and SVG, no script, no external request)
/// with the summary, the column classification, protection figures, a sample of the published rows and,
/// for geodata, a map of the published points. Every value on it comes from the published files.
/// </summary>
public static class RunReportHtml
{
    private const int MapWidth = 560;
    private const int MapHeight = 420;

    public static string Render(RunReport report)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n")
            .Append($"<title>{E(report.PipelineName)}: odetl run report</title>\n")
            .Append("<style>body{font-family:system-ui,sans-serif;margin:2em;color:#1a1a1a;background:#fff}")
            .Append("table{border-collapse:collapse;margin:0.5em 0 1.5em}td,th{border:1px solid #bbb;padding:3px 8px;text-align:left;font-size:13px}")
            .Append("th{background:#e8eef5}.n{text-align:right}.sample td{max-width:18em;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}")
            .Append(".kept{color:#1d6b2f}.protected{color:#8a4b00}.dropped{color:#a00}svg{border:1px solid #bbb;background:#f4f8fb}</style>\n</head>\n<body>\n");

        html.Append($"<h1>{E(report.PipelineName)}</h1>\n<table class=\"summary\">\n");
        Row(html, "Rows read", N(report.RowsRead));
        Row(html, "Rows published", N(report.RowsWritten));
        Row(html, "Rows rejected", N(report.RowsRejected));
        if (report.Disclosure is { } d)
        {
            if (d.Cells > 0) Row(html, "Cells (margins included)", $"{N(d.Cells)} from {N(d.SourceRows)} source rows; {N(d.Primary)} primary and {N(d.Secondary)} secondary suppressions");
            if (d.SmallestGroup is { } k) Row(html, "Smallest group (k)", $"{N(k)}; {N(d.RowsSuppressed)} rows in smaller groups suppressed");
        }
        Row(html, "Pipeline file", $"{report.PipelineFile} (sha256 {report.PipelineSha256[..12]}…)");
        foreach (var input in report.Inputs) Row(html, $"Input ({input.Role})", $"{input.Path}, {N(input.Bytes)} bytes, sha256 {input.Sha256[..12]}…");
        foreach (var output in report.Outputs) Row(html, $"Output ({output.Format})", $"{output.File}, {N(output.Bytes)} bytes, sha256 {output.Sha256[..12]}…");
        if (report.KeyId is not null) Row(html, "Pseudonymisation key id", report.KeyId);
        Row(html, "odetl version", report.ToolVersion);
        html.Append("</table>\n");

        html.Append("<h2>Columns of the source</h2>\n<table class=\"columns\">\n<tr><th>Column</th><th>Class</th><th>Action</th><th>Transform</th><th class=\"n\">Values changed</th></tr>\n");
        foreach (var c in report.Columns)
        {
            var css = c.Action switch { "keep" => "kept", "drop" => "dropped", _ => "protected" };
            html.Append($"<tr class=\"{css}\"><td>{E(c.Name)}</td><td>{E(c.Class)}</td><td>{E(c.Action)}</td><td>{E(c.Transform ?? "")}</td><td class=\"n\">{(c.ValuesChanged is { } v ? N(v) : "")}</td></tr>\n");
        }
        html.Append("</table>\n");

        html.Append("<h2>Protection</h2>\n<table class=\"protection\">\n");
        foreach (var (label, action) in new[] { ("Values pseudonymised", "pseudonymise"), ("Values masked", "mask"), ("Values generalised", "generalise"), ("Values derived", "derive") })
            Row(html, label, N(report.Columns.Where(c => c.Action == action).Sum(c => c.ValuesChanged ?? 0)));
        Row(html, "Columns dropped", N(report.Columns.Count(c => c.Action == "drop")));
        html.Append("</table>\n");

        if (report.Extent is { } extent) Map(html, report.Sample, extent);

        var sample = report.Sample;
        html.Append($"<h2>Sample of the published rows (first {sample.Rows.Count})</h2>\n<div style=\"overflow-x:auto\"><table class=\"sample\">\n<tr>");
        foreach (var name in sample.Header) html.Append($"<th>{E(name)}</th>");
        html.Append("</tr>\n");
        foreach (var row in sample.Rows)
        {
            html.Append("<tr>");
            foreach (var value in row) html.Append($"<td>{E(value ?? "")}</td>");
            html.Append("</tr>\n");
        }
        html.Append("</table></div>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>An equirectangular map scaled by cos(latitude) so Sweden keeps its shape; points only, no tiles.</summary>
    private static void Map(StringBuilder html, PublishedSample sample, Geo.GeoBounds extent)
    {
        var midLat = (extent.South + extent.North) / 2 * Math.PI / 180;
        var spanX = Math.Max((extent.East - extent.West) * Math.Cos(midLat), 1e-6);
        var spanY = Math.Max(extent.North - extent.South, 1e-6);
        var scale = Math.Min((MapWidth - 40) / spanX, (MapHeight - 40) / spanY);
        var shown = sample.Points.Count < sample.PointCount ? $", the first {N(sample.Points.Count)} drawn" : "";
        html.Append($"<h2>Published points ({N(sample.PointCount)}{shown})</h2>\n")
            .Append(Inv($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{MapWidth}\" height=\"{MapHeight}\" viewBox=\"0 0 {MapWidth} {MapHeight}\" role=\"img\" aria-label=\"Map of the published points\">\n"))
            .Append("<g fill=\"#c0392b\" fill-opacity=\"0.7\">");
        foreach (var (lon, lat) in sample.Points)
        {
            var x = 20 + (lon - extent.West) * Math.Cos(midLat) * scale;
            var y = MapHeight - 20 - (lat - extent.South) * scale;
            html.Append(Inv($"<circle cx=\"{x:0.#}\" cy=\"{y:0.#}\" r=\"3\"/>"));
        }
        html.Append("</g>\n")
            .Append(Inv($"<text x=\"6\" y=\"{MapHeight - 6}\" font-size=\"11\">{extent.West:0.####}, {extent.South:0.####}</text>"))
            .Append(Inv($"<text x=\"{MapWidth - 6}\" y=\"14\" font-size=\"11\" text-anchor=\"end\">{extent.East:0.####}, {extent.North:0.####}</text>\n</svg>\n"));
    }

    private static void Row(StringBuilder html, string label, string value) => html.Append($"<tr><th>{E(label)}</th><td>{E(value)}</td></tr>\n");

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
