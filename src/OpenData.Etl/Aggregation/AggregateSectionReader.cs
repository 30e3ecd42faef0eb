using System.Globalization;
using OpenData.Etl.Diagnostics;
using OpenData.Etl.Pipelines;
using YamlDotNet.RepresentationModel;

namespace OpenData.Etl.Aggregation;

/// <summary>Reads the optional <c>aggregate:</c> section of a pipeline file (shape only; columns are checked at binding).</summary>
internal static class AggregateSectionReader
{
    private static readonly string[] Keys = ["group-by", "measures", "totals", "total-label", "min-count", "dominance", "status-column", "marker", "hierarchy"];
    private static readonly string[] HierarchyKeys = ["file", "code", "parent", "column"];
    private static readonly string[] DominanceKeys = ["n", "k"];
    private static readonly string[] MeasureKeys = ["count", "sum", "mean", "min", "max", "median", "decimals"];
    private static readonly string[] Kinds = ["count", "sum", "mean", "min", "max", "median"];
    private static readonly string[] Presets = ["n3", "n5", "n10"];

    public static AggregateSpec? Read(YamlNodeReader r, YamlMappingNode root)
    {
        var node = YamlNodeReader.Get(root, "aggregate");
        if (node is null) return null;
        var map = r.Mapping(node, "aggregate", Keys);
        if (map is null) return null;
        var before = r.Diagnostics.Count;

        var groupBy = r.StringList(r.Required(map, "group-by", "aggregate", node), "aggregate.group-by") ?? [];
        if (groupBy.Count == 0 && YamlNodeReader.Get(map, "group-by") is { } g) r.Error(Codes.AggregateInvalid, "'aggregate.group-by' names at least one column.", g);
        foreach (var dup in groupBy.GroupBy(c => c, StringComparer.Ordinal).Where(x => x.Count() > 1))
            r.Error(Codes.AggregateInvalid, $"'aggregate.group-by' names '{dup.Key}' twice.", YamlNodeReader.Get(map, "group-by")!);

        var measures = ReadMeasures(r, r.Required(map, "measures", "aggregate", node));
        var totals = ReadBool(r, map, "totals") ?? false;
        var totalLabel = r.String(map, "total-label", "aggregate") ?? "Totalt";
        if (totalLabel.Length == 0) r.Error(Codes.AggregateInvalid, "'aggregate.total-label' must not be empty: an empty label reads as a missing value.", YamlNodeReader.Get(map, "total-label")!);

        // No hidden default: a threshold that protects people is a decision the publisher writes down.
        var minCountNode = YamlNodeReader.Get(map, "min-count");
        var minCount = 0;
        if (minCountNode is null)
            r.Error(Codes.AggregateInvalid, "'aggregate' needs 'min-count': the smallest count that may be published (e.g. 5, or a preset n3, n5, n10). There is no default.", node);
        else if (r.Scalar(minCountNode, "aggregate.min-count") is { } text)
        {
            if (Presets.Contains(text, StringComparer.OrdinalIgnoreCase)) minCount = int.Parse(text.AsSpan(1), CultureInfo.InvariantCulture);
            else if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out minCount) || minCount is < 1 or > 1_000_000)
                r.Error(Codes.AggregateInvalid, $"'aggregate.min-count' must be a whole number from 1 to 1000000 or one of {string.Join(", ", Presets)}, found '{text}'.", minCountNode);
        }

        DominanceRule? dominance = null;
        if (r.Mapping(YamlNodeReader.Get(map, "dominance"), "aggregate.dominance", DominanceKeys) is { } dom)
        {
            var n = r.Int(dom, "n", "aggregate.dominance", 1, 10);
            var kNode = r.Required(dom, "k", "aggregate.dominance", dom);
            var k = 0m;
            if (r.Scalar(kNode, "aggregate.dominance.k") is { } kText && (!decimal.TryParse(kText, NumberStyles.Number, CultureInfo.InvariantCulture, out k) || k <= 0 || k >= 100))
                r.Error(Codes.AggregateInvalid, $"'aggregate.dominance.k' is a percentage above 0 and below 100, found '{kText}'.", kNode!);
            if (n is null && YamlNodeReader.Get(dom, "n") is null) r.Error(Codes.MissingKey, "'aggregate.dominance' needs 'n' (how many largest contributors).", dom);
            dominance = new DominanceRule(n ?? 1, k);
            if (!measures.Any(m => m.Kind is MeasureKind.Sum or MeasureKind.Mean))
                r.Error(Codes.AggregateInvalid, "'aggregate.dominance' applies to sums, but no measure is a 'sum' or 'mean'.", dom);
        }

        var status = r.String(map, "status-column", "aggregate") ?? "status";
        var marker = r.String(map, "marker", "aggregate") ?? "..";
        var hierarchies = ReadHierarchies(r, YamlNodeReader.Get(map, "hierarchy"), groupBy);
        var names = groupBy.Concat(hierarchies.Select(h => h.OutputColumn)).Concat(measures.Select(m => m.Name)).Append(status).ToList();
        foreach (var dup in names.GroupBy(c => c, StringComparer.Ordinal).Where(x => x.Count() > 1))
            r.Error(Codes.AggregateInvalid, $"the aggregated table would have two columns named '{dup.Key}'; group-by columns, measures and 'status-column' need distinct names.", node);

        if (r.Diagnostics.Count > before) return null;
        return new AggregateSpec(groupBy, measures, totals, totalLabel, minCount, dominance, status, marker, r.At(node)) { Hierarchies = hierarchies };
    }

    private static List<HierarchySpec> ReadHierarchies(YamlNodeReader r, YamlNode? node, List<string> groupBy)
    {
        var result = new List<HierarchySpec>();
        var map = r.Mapping(node, "aggregate.hierarchy", allowed: null);
        if (map is null) return result;
        foreach (var (keyNode, valueNode) in map.Children)
        {
            var column = ((YamlScalarNode)keyNode).Value ?? "";
            var what = $"aggregate.hierarchy.{column}";
            if (!groupBy.Contains(column))
                r.Error(Codes.AggregateInvalid, $"'{what}': '{column}' is not one of the group-by columns.{DidYouMean.Hint(column, groupBy)}", keyNode);
            var h = r.Mapping(valueNode, what, HierarchyKeys);
            var file = r.String(h, "file", what, required: true, owner: valueNode);
            var code = r.String(h, "code", what, required: true, owner: valueNode);
            var parent = r.String(h, "parent", what, required: true, owner: valueNode);
            var output = r.String(h, "column", what, required: true, owner: valueNode);
            if (file is not null && code is not null && parent is not null && output is not null)
                result.Add(new HierarchySpec(column, file, code, parent, output, r.At(keyNode)));
        }
        return result;
    }

    private static List<MeasureSpec> ReadMeasures(YamlNodeReader r, YamlNode? node)
    {
        var result = new List<MeasureSpec>();
        var map = r.Mapping(node, "aggregate.measures", allowed: null);
        if (map is null) return result;
        if (map.Children.Count == 0) r.Error(Codes.AggregateInvalid, "'aggregate.measures' names at least one measure, e.g. antal: count.", map);
        foreach (var (keyNode, valueNode) in map.Children)
        {
            var name = ((YamlScalarNode)keyNode).Value ?? "";
            var what = $"aggregate.measures.{name}";
            if (valueNode is YamlScalarNode scalar)
            {
                // Shorthand `antal: count`; every other measure needs its column.
                if (r.Choice(scalar, what, ["count"]) is not null) result.Add(new MeasureSpec(name, MeasureKind.Count, null, null, r.At(keyNode)));
                continue;
            }
            var m = r.Mapping(valueNode, what, MeasureKeys);
            if (m is null) continue;
            var kinds = Kinds.Where(k => YamlNodeReader.Get(m, k) is not null).ToList();
            if (kinds.Count != 1)
            {
                r.Error(Codes.AggregateInvalid, $"'{what}' takes exactly one of {string.Join(", ", Kinds)} (e.g. {{ sum: Column }}).", valueNode);
                continue;
            }
            var kind = Enum.Parse<MeasureKind>(kinds[0], ignoreCase: true);
            var column = kind == MeasureKind.Count ? null : r.String(m, kinds[0], what);
            var decimals = r.Int(m, "decimals", what, 0, 10);
            if (decimals is not null && kind is not (MeasureKind.Mean or MeasureKind.Median))
                r.Error(Codes.AggregateInvalid, $"'{what}.decimals' rounds means and medians only.", YamlNodeReader.Get(m, "decimals")!);
            result.Add(new MeasureSpec(name, kind, column, decimals ?? (kind is MeasureKind.Mean or MeasureKind.Median ? 2 : null), r.At(keyNode)));
        }
        return result;
    }

    private static bool? ReadBool(YamlNodeReader r, YamlMappingNode map, string key)
    {
        var node = YamlNodeReader.Get(map, key);
        var text = r.Scalar(node, $"aggregate.{key}");
        if (text is null) return null;
        if (text is "true" or "false") return text == "true";
        r.Error(Codes.WrongType, $"'aggregate.{key}' must be true or false, found '{text}'.", node!);
        return null;
    }
}
