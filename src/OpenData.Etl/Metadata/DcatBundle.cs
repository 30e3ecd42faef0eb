using System.Text.Json.Nodes;
using OpenData.Etl.Rdf;

namespace OpenData.Etl.Metadata;

/// <summary>One RDForms template item from bundle.json, with references and <c>extends</c> resolved and prefixes expanded.</summary>
public sealed class TemplateItem
{
    public required string? Id { get; init; }
    public required string Type { get; init; }
    public required string? Property { get; init; }
    public required string? NodeType { get; init; }
    public required IReadOnlyList<string> Datatypes { get; init; }
    public int? Min { get; init; }
    public int? Pref { get; init; }
    public int? Max { get; init; }
    public required IReadOnlyList<string> Styles { get; init; }
    public string? Pattern { get; init; }
    public string? ValueTemplate { get; init; }
    /// <summary>Null when the item has no fixed list (values are then looked up elsewhere and always accepted).</summary>
    public IReadOnlyList<string>? Choices { get; init; }
    /// <summary>Required rdf:type (or other) values of the object, predicate → any of these values.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> Constraints { get; init; }
    public required IReadOnlyList<TemplateItem> Children { get; init; }
    /// <summary>The item is checked only when its parent has this property with this value (HVD category).</summary>
    public (string Property, string Value)? Deps { get; init; }

    public bool HasStyle(string style) => Styles.Contains(style);

    public string Name => Property is null ? Id ?? Type : Vocab.Shorten(Property);
}

/// <summary>
/// The DCAT-AP-SE 3.0.1 template bundle (bundle.json, CC BY 4.0, DIGG), embedded in the assembly.
/// It is the single source of the validator's rules and of the controlled lists configuration is checked against.
/// </summary>
public sealed class DcatBundle
{
    private readonly Dictionary<string, JsonObject> _raw = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TemplateItem> _resolved = new(StringComparer.Ordinal);

    private static readonly Lazy<DcatBundle> Embedded = new(() =>
    {
        using var stream = typeof(DcatBundle).Assembly.GetManifestResourceStream("OpenData.Etl.dcat-ap-se-3.0.1.bundle.json")
            ?? throw new InvalidOperationException("the embedded DCAT-AP-SE bundle is missing from the assembly.");
        return new DcatBundle(JsonNode.Parse(stream)!.AsObject());
    });

    public static DcatBundle Default => Embedded.Value;

    public DcatBundle(JsonObject bundle)
    {
        foreach (var node in bundle["templates"]!.AsArray())
        {
            var item = node!.AsObject();
            _raw[(string)item["id"]!] = item;
        }
    }

    public static DcatBundle Load(string path) => new(JsonNode.Parse(File.ReadAllText(path))!.AsObject());

    /// <summary>Which template checks a resource of each rdf:type, as DIGG's validator maps them.</summary>
    public static readonly IReadOnlyList<(string Type, string Template)> TypeTemplates =
    [
        (Vocab.Dcat + "Catalog", "dcat:Catalog"),
        (Vocab.Dcat + "Dataset", "dcat:Dataset"),
        (Vocab.Dcat + "Distribution", "dcat:Distribution"),
        (Vocab.Dcat + "DataService", "dcat:DataService"),
        (Vocab.Dcat + "DatasetSeries", "dcat:DatasetSeries"),
        (Vocab.Foaf + "Agent", "dcat:foaf:Agent"),
        (Vocab.Foaf + "Person", "dcat:foaf:Agent"),
        (Vocab.Foaf + "Organization", "dcat:foaf:Agent"),
        (Vocab.Vcard + "Organization", "dcat:contactPoint"),
        (Vocab.Vcard + "Individual", "dcat:contactPoint"),
        (Vocab.Vcard + "Kind", "dcat:contactPoint"),
    ];

    public TemplateItem Item(string id)
    {
        if (_resolved.TryGetValue(id, out var done)) return done;
        if (!_raw.TryGetValue(id, out var raw)) throw new KeyNotFoundException($"bundle.json has no item '{id}'.");
        var item = Build(Merge(raw, 0), 0);
        _resolved[id] = item;
        return item;
    }

    /// <summary>The fixed values of a choice item (e.g. "dcat:theme"), as full IRIs or literals.</summary>
    public IReadOnlyList<string> Choices(string id) => Item(id).Choices ?? [];

    public IEnumerable<string> Ids => _raw.Keys;

    /// <summary>An item that <c>extends</c> another inherits every key it does not set itself.</summary>
    private JsonObject Merge(JsonObject item, int depth)
    {
        if (item["extends"] is not JsonValue extends) return item;
        if (depth > 8) throw new InvalidOperationException("bundle.json: 'extends' nests too deeply.");
        var merged = Merge(_raw[(string)extends!], depth + 1).DeepClone().AsObject();
        foreach (var (key, value) in item)
        {
            if (key == "extends") continue;
            merged[key] = value?.DeepClone();
        }
        return merged;
    }

    private TemplateItem Build(JsonObject item, int depth)
    {
        if (depth > 12) throw new InvalidOperationException("bundle.json: items nest too deeply.");
        var children = new List<TemplateItem>();
        if (item["items"] is JsonArray items)
        {
            foreach (var child in items)
            {
                children.Add(child is JsonValue reference
                    ? Build(Merge(_raw[(string)reference!], 0), depth + 1)
                    : Build(Merge(child!.AsObject(), 0), depth + 1));
            }
        }
        var card = item["cardinality"] as JsonObject;
        var constraints = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (item["constraints"] is JsonObject c)
        {
            foreach (var (key, value) in c)
            {
                constraints[Vocab.Expand(key)] = value is JsonArray array ? [.. array.Select(v => Vocab.Expand((string)v!))] : [Vocab.Expand((string)value!)];
            }
        }
        (string, string)? deps = item["deps"] is JsonArray { Count: 2 } d ? (Vocab.Expand((string)d[0]!), (string)d[1]!) : null;
        var datatypes = item["datatype"] switch
        {
            JsonArray array => array.Select(v => Vocab.Expand((string)v!)).ToList(),
            JsonValue v => [Vocab.Expand((string)v!)],
            _ => new List<string>(),
        };
        return new TemplateItem
        {
            Id = (string?)item["id"],
            Type = (string?)item["type"] ?? "group",
            Property = item["property"] is JsonValue p ? Vocab.Expand((string)p!) : null,
            NodeType = (string?)item["nodetype"],
            Datatypes = datatypes,
            Min = (int?)card?["min"],
            Pref = (int?)card?["pref"],
            Max = (int?)card?["max"],
            Styles = item["styles"] is JsonArray styles ? [.. styles.Select(s => (string)s!)] : [],
            Pattern = (string?)item["pattern"],
            ValueTemplate = (string?)item["valueTemplate"],
            Choices = item["choices"] is JsonArray choices ? [.. choices.Select(ch => (string)ch!["value"]!)] : null,
            Constraints = constraints,
            Children = children,
            Deps = deps,
        };
    }
}
