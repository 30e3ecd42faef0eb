using OpenData.Etl.Diagnostics;
using OpenData.Etl.Pipelines;
using YamlDotNet.RepresentationModel;

namespace OpenData.Etl.Aggregation;

/// <summary>What happens to rows whose quasi-identifier combination is shared by fewer than k rows.</summary>
public enum KViolation { Fail, Suppress }

/// <summary>The pipeline's 'k-anonymity' section: row-level output where every combination of the quasi-identifiers occurs at least k times.</summary>
public sealed record KAnonymitySpec(IReadOnlyList<string> QuasiIdentifiers, int K, KViolation OnViolation, TextLocation Location);

internal static class KAnonymitySectionReader
{
    private static readonly string[] Keys = ["quasi-identifiers", "k", "on-violation"];

    public static KAnonymitySpec? Read(YamlNodeReader r, YamlMappingNode root)
    {
        var node = YamlNodeReader.Get(root, "k-anonymity");
        if (node is null) return null;
        var map = r.Mapping(node, "k-anonymity", Keys);
        if (map is null) return null;
        var before = r.Diagnostics.Count;
        var columns = r.StringList(r.Required(map, "quasi-identifiers", "k-anonymity", node), "k-anonymity.quasi-identifiers") ?? [];
        if (columns.Count == 0 && YamlNodeReader.Get(map, "quasi-identifiers") is { } q)
            r.Error(Codes.KAnonymityInvalid, "'k-anonymity.quasi-identifiers' names at least one column (age band, sex, district...).", q);
        if (YamlNodeReader.Get(map, "k") is null) r.Error(Codes.KAnonymityInvalid, "'k-anonymity' needs 'k', the smallest group that may be published; there is no default.", node);
        var k = r.Int(map, "k", "k-anonymity", 2, 1_000_000);
        var action = r.Choice(r.Required(map, "on-violation", "k-anonymity", node), "k-anonymity.on-violation", ["fail", "suppress"]);
        if (YamlNodeReader.Get(root, "aggregate") is not null)
            r.Error(Codes.KAnonymityInvalid, "'k-anonymity' protects row-level outputs; an 'aggregate' table is protected by its own 'min-count'. Use one or the other.", node);
        if (r.Diagnostics.Count > before || k is null || action is null) return null;
        return new KAnonymitySpec(columns, k.Value, action == "fail" ? KViolation.Fail : KViolation.Suppress, r.At(node));
    }
}
