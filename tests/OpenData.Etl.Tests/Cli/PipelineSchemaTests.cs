using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using OpenData.Etl.Pipelines;
using OpenData.Etl.Tests.Support;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OpenData.Etl.Tests.Cli;

/// <summary>schemas/pipeline.schema.json is what editors complete and check pipeline files with; it must say what the loader says.</summary>
public sealed class PipelineSchemaTests
{
    private static readonly JsonSchema Schema = JsonSchema.FromText(File.ReadAllText(Repo.PathOf("schemas", "pipeline.schema.json")));

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, ToJson(c.Value)))),
        YamlSequenceNode seq => new JsonArray([.. seq.Children.Select(ToJson)]),
        // Plain scalars are typed as YAML 1.2's core schema types them; quoted ones stay strings.
        YamlScalarNode { Style: ScalarStyle.Plain } s when s.Value is "true" or "false" => JsonValue.Create(s.Value == "true"),
        YamlScalarNode { Style: ScalarStyle.Plain } s when long.TryParse(s.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => JsonValue.Create(l),
        YamlScalarNode { Style: ScalarStyle.Plain } s when decimal.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => JsonValue.Create(d),
        YamlScalarNode s => JsonValue.Create(s.Value ?? ""),
        _ => throw new NotSupportedException(node.GetType().Name),
    };

    private static EvaluationResults Evaluate(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var json = JsonSerializer.SerializeToElement(ToJson(stream.Documents[0].RootNode));
        return Schema.Evaluate(json, new EvaluationOptions { OutputFormat = Json.Schema.OutputFormat.List });
    }

    private static string Errors(EvaluationResults results) =>
        string.Join("\n", (results.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")));

    public static TheoryData<string> ShippedPipelines() => [.. Directory.GetFiles(Repo.PathOf("pipelines"), "*.yaml")
        .Select(f => Path.GetFileName(f)).Where(f => f != "catalog.yaml").Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(ShippedPipelines))]
    public void Every_shipped_pipeline_is_valid_against_the_schema(string file)
    {
        var results = Evaluate(File.ReadAllText(Repo.PathOf("pipelines", file)));
        Assert.True(results.IsValid, Errors(results));
    }

    [Fact]
    public void The_schema_rejects_an_unknown_key_and_a_wrong_class()
    {
        var yaml = File.ReadAllText(Repo.LivsmedelPipeline);
        Assert.False(Evaluate(yaml.Replace("  encoding: auto", "  encodng: auto", StringComparison.Ordinal)).IsValid);
        Assert.False(Evaluate(yaml.Replace("Riskklass:          { class: public }", "Riskklass:          { class: secret }", StringComparison.Ordinal)).IsValid);
        Assert.False(Evaluate(yaml.Replace("formats: [csv, json, parquet]", "formats: [csv, xlsx]", StringComparison.Ordinal)).IsValid);
    }

    private static string[] LoaderKeys(Type type, string field) =>
        (string[])type.GetField(field, BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null)!;

    private static IEnumerable<string> SchemaKeys(params string[] path)
    {
        JsonNode node = JsonNode.Parse(File.ReadAllText(Repo.PathOf("schemas", "pipeline.schema.json")))!;
        foreach (var step in path) node = node[step]!;
        return node["properties"]!.AsObject().Select(p => p.Key);
    }

    [Fact]
    public void The_schema_names_exactly_the_keys_the_loader_accepts()
    {
        var loader = typeof(PipelineLoader);
        var assembly = loader.Assembly;
        var cases = new (string[] Loader, IEnumerable<string> Schema)[]
        {
            (LoaderKeys(loader, "TopKeys"), SchemaKeys()),
            (LoaderKeys(loader, "SourceKeys"), SchemaKeys("properties", "source")),
            (LoaderKeys(loader, "ColumnKeys"), SchemaKeys("$defs", "column")),
            (LoaderKeys(loader, "ProtectionKeys"), SchemaKeys("properties", "protection")),
            (LoaderKeys(loader, "KeyKeys"), SchemaKeys("properties", "protection", "properties", "key")),
            (LoaderKeys(loader, "DeriveKeys"), SchemaKeys("$defs", "derive")),
            (LoaderKeys(loader, "SpecificationKeys"), SchemaKeys("properties", "specification")),
            (LoaderKeys(loader, "MappingKeys"), SchemaKeys("properties", "mapping")),
            (LoaderKeys(loader, "FieldKeys"), SchemaKeys("$defs", "field")),
            (LoaderKeys(loader, "OutputKeys"), SchemaKeys("properties", "outputs")),
            (LoaderKeys(assembly.GetType("OpenData.Etl.Pipelines.GeometryLoader")!, "Keys"), SchemaKeys("properties", "geometry")),
            (LoaderKeys(assembly.GetType("OpenData.Etl.Pipelines.DatasetSectionReader")!, "Keys"), SchemaKeys("properties", "dataset")),
            (LoaderKeys(assembly.GetType("OpenData.Etl.Aggregation.AggregateSectionReader")!, "Keys"), SchemaKeys("properties", "aggregate")),
            (LoaderKeys(assembly.GetType("OpenData.Etl.Aggregation.KAnonymitySectionReader")!, "Keys"), SchemaKeys("properties", "k-anonymity")),
        };
        foreach (var (fromLoader, fromSchema) in cases)
            Assert.Equal(fromLoader.Order(StringComparer.Ordinal), fromSchema.Order(StringComparer.Ordinal));
    }
}
