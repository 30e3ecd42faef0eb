using System.Text.RegularExpressions;
using OpenData.Etl.Diagnostics;
using OpenData.Etl.Pipelines;
using YamlDotNet.RepresentationModel;

namespace OpenData.Etl.Metadata;

/// <summary>Typed reading of metadata values from YAML, every problem reported with its position.</summary>
internal static partial class MetadataYaml
{
    /// <summary>Every free text is given in Swedish and English: the portal shows both, and untagged text is an error.</summary>
    public static readonly string[] RequiredLanguages = ["sv", "en"];

    public static LocalizedText? Text(YamlNodeReader r, YamlMappingNode? map, string key, string what, bool required)
    {
        var node = required ? r.Required(map, key, what, map) : YamlNodeReader.Get(map, key);
        var texts = r.Mapping(node, $"{what}.{key}", allowed: null);
        if (texts is null) return null;
        var values = new List<(string, string)>();
        foreach (var (k, v) in texts.Children)
        {
            var language = r.Scalar(k, $"{what}.{key}") ?? "";
            if (!LanguageTag().IsMatch(language))
            {
                r.Error(Codes.MetadataValueInvalid, $"'{what}.{key}' keys are language tags such as sv or en, found '{language}'.", k);
                continue;
            }
            var text = r.Scalar(v, $"{what}.{key}.{language}");
            if (string.IsNullOrWhiteSpace(text))
                r.Error(Codes.MissingKey, $"'{what}.{key}.{language}' is empty.", v);
            else
                values.Add((language, text.Trim()));
        }
        foreach (var language in RequiredLanguages)
        {
            if (!values.Any(v => v.Item1 == language))
                r.Error(Codes.MissingKey, $"'{what}.{key}' needs a text in '{language}' (Swedish and English are both required).", node!);
        }
        return LocalizedText.Of([.. values]);
    }

    public static string? FromList(YamlNodeReader r, YamlNode? node, string what, ControlledList list)
    {
        var text = r.Scalar(node, what);
        if (text is null) return null;
        var iri = list.Resolve(text);
        if (iri is null)
            r.Error(Codes.NotInControlledList, $"'{what}' '{text}' is not a DCAT-AP-SE {list.What}; use one of {string.Join(", ", list.ShortNames)} (or the full IRI).{DidYouMean.Hint(text, list.ShortNames)}", node!);
        return iri;
    }

    public static List<string> FromListMany(YamlNodeReader r, YamlNode? node, string what, ControlledList list)
    {
        var result = new List<string>();
        if (node is YamlSequenceNode sequence)
        {
            foreach (var item in sequence.Children)
            {
                if (FromList(r, item, what, list) is { } iri && !result.Contains(iri)) result.Add(iri);
            }
        }
        else if (FromList(r, node, what, list) is { } iri)
        {
            result.Add(iri);
        }
        result.Sort(StringComparer.Ordinal);
        return result;
    }

    public static string? HttpIri(YamlNodeReader r, YamlMappingNode? map, string key, string what, bool required = false)
    {
        var text = r.String(map, key, what, required);
        if (text is null) return null;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            r.Error(Codes.MetadataValueInvalid, $"'{what}.{key}' must be an absolute http(s) IRI, found '{text}'.", YamlNodeReader.Get(map, key)!);
            return null;
        }
        return Iri.Encode(text);
    }

    [GeneratedRegex("^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    private static partial Regex LanguageTag();
}
