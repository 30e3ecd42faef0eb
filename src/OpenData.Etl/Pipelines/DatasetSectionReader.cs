using System.Text.RegularExpressions;
using OpenData.Etl.Diagnostics;
using OpenData.Etl.Metadata;
using YamlDotNet.RepresentationModel;

namespace OpenData.Etl.Pipelines;

/// <summary>Reads the optional <c>dataset:</c> section: the DCAT-AP-SE description of what the pipeline publishes.</summary>
internal static partial class DatasetSectionReader
{
    private static readonly string[] Keys =
    [
        "identifier", "title", "description", "keywords", "themes", "licence", "access-rights", "frequency", "landing-page",
        "spatial", "hvd-category", "temporal-field", "availability", "specification-title", "catalog",
    ];

    public static DatasetSpec? Read(YamlNodeReader r, YamlMappingNode root)
    {
        var node = YamlNodeReader.Get(root, "dataset");
        if (node is null) return null;
        var map = r.Mapping(node, "dataset", Keys);
        if (map is null) return null;

        var identifier = r.String(map, "identifier", "dataset", required: true, owner: node);
        if (identifier is not null && !Uuid().IsMatch(identifier))
            r.Error(Codes.MetadataValueInvalid, $"'dataset.identifier' must be a UUID (lower case, e.g. {Guid.Empty:D}); generate one once and never change it: the portal de-duplicates datasets by it.", YamlNodeReader.Get(map, "identifier")!);
        var title = MetadataYaml.Text(r, map, "title", "dataset", required: true);
        var description = MetadataYaml.Text(r, map, "description", "dataset", required: true);
        var keywords = ReadKeywords(r, YamlNodeReader.Get(map, "keywords"));
        var themes = MetadataYaml.FromListMany(r, r.Required(map, "themes", "dataset", node), "dataset.themes", ControlledList.Themes);
        var licence = MetadataYaml.FromList(r, r.Required(map, "licence", "dataset", node), "dataset.licence", ControlledList.Licences);
        var accessRights = YamlNodeReader.Get(map, "access-rights") is { } ar ? MetadataYaml.FromList(r, ar, "dataset.access-rights", ControlledList.AccessRights) : ControlledList.AccessRights.Resolve("PUBLIC");
        var frequency = YamlNodeReader.Get(map, "frequency") is { } f ? MetadataYaml.FromList(r, f, "dataset.frequency", ControlledList.Frequencies) : null;
        var availability = YamlNodeReader.Get(map, "availability") is { } av ? MetadataYaml.FromList(r, av, "dataset.availability", ControlledList.Availabilities) : ControlledList.Availabilities.Resolve("STABLE");
        var landingPage = MetadataYaml.HttpIri(r, map, "landing-page", "dataset");
        var spatial = new List<string>();
        foreach (var text in r.StringList(YamlNodeReader.Get(map, "spatial"), "dataset.spatial") ?? [])
        {
            if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https") spatial.Add(Iri.Encode(text));
            else r.Error(Codes.MetadataValueInvalid, $"'dataset.spatial' entries must be IRIs such as http://sws.geonames.org/2661886 (Sweden), found '{text}'.", YamlNodeReader.Get(map, "spatial")!);
        }
        var hvd = YamlNodeReader.Get(map, "hvd-category") is { } h ? MetadataYaml.FromListMany(r, h, "dataset.hvd-category", ControlledList.HvdCategories) : [];
        var temporalField = r.String(map, "temporal-field", "dataset");
        var specificationTitle = MetadataYaml.Text(r, map, "specification-title", "dataset", required: false);
        var catalog = r.String(map, "catalog", "dataset");

        if (identifier is null || title is null || description is null || licence is null || accessRights is null || availability is null) return null;
        return new DatasetSpec(identifier, title, description, keywords, themes, licence, accessRights, frequency, landingPage, spatial, hvd,
            temporalField, availability, specificationTitle, catalog, r.At(node));
    }

    private static List<KeyValuePair<string, string>> ReadKeywords(YamlNodeReader r, YamlNode? node)
    {
        var result = new List<KeyValuePair<string, string>>();
        var map = r.Mapping(node, "dataset.keywords", allowed: null);
        if (map is null) return result;
        foreach (var (k, v) in map.Children)
        {
            var language = r.Scalar(k, "dataset.keywords") ?? "";
            foreach (var keyword in r.StringList(v, $"dataset.keywords.{language}") ?? [])
            {
                if (!string.IsNullOrWhiteSpace(keyword)) result.Add(KeyValuePair.Create(language, keyword.Trim()));
            }
        }
        return [.. result.Distinct().OrderBy(k => k.Key, StringComparer.Ordinal).ThenBy(k => k.Value, StringComparer.Ordinal)];
    }

    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    private static partial Regex Uuid();
}
