using System.Globalization;
using OpenData.Etl.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace OpenData.Etl.Pipelines;

/// <summary>
/// Reads typed values out of YAML nodes and records every problem with its file, line and column,
/// so that one load reports all mistakes at once instead of the first.
/// </summary>
internal sealed class YamlNodeReader(string file)
{
    private readonly List<Diagnostic> _diagnostics = [];

    public IReadOnlyList<Diagnostic> Diagnostics => _diagnostics;

    public TextLocation At(YamlNode node) => new(file, (int)node.Start.Line, (int)node.Start.Column);

    public void Error(string code, string message, YamlNode node) => _diagnostics.Add(Diagnostic.Error(code, message, At(node)));

    public void Error(string code, string message, TextLocation location) => _diagnostics.Add(Diagnostic.Error(code, message, location));

    /// <summary>The node as a mapping whose keys are all in <paramref name="allowed"/>; null (and an error) otherwise.</summary>
    public YamlMappingNode? Mapping(YamlNode? node, string what, IReadOnlyCollection<string>? allowed)
    {
        if (node is null) return null;
        if (node is not YamlMappingNode map)
        {
            Error(Codes.WrongType, $"'{what}' must be a mapping (key: value pairs), found {Describe(node)}.", node);
            return null;
        }

        if (allowed is not null)
        {
            foreach (var key in map.Children.Keys)
            {
                var name = (key as YamlScalarNode)?.Value ?? "";
                if (!allowed.Contains(name))
                {
                    Error(Codes.UnknownKey, $"unknown key '{name}' in '{what}'.{DidYouMean.Hint(name, allowed)} Allowed: {string.Join(", ", allowed)}.", key);
                }
            }
        }
        return map;
    }

    public static YamlNode? Get(YamlMappingNode? map, string key) =>
        map is not null && map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public YamlNode? Required(YamlMappingNode? map, string key, string what, YamlNode? owner)
    {
        if (map is null) return null;
        var value = Get(map, key);
        if (value is null) Error(Codes.MissingKey, $"'{what}' needs the key '{key}'.", owner ?? map);
        return value;
    }

    public string? Scalar(YamlNode? node, string what)
    {
        if (node is null) return null;
        if (node is YamlScalarNode scalar) return scalar.Value ?? "";
        Error(Codes.WrongType, $"'{what}' must be a single value, found {Describe(node)}.", node);
        return null;
    }

    public string? String(YamlMappingNode? map, string key, string what, bool required = false, YamlNode? owner = null)
    {
        var node = required ? Required(map, key, what, owner) : Get(map, key);
        return Scalar(node, $"{what}.{key}");
    }

    public int? Int(YamlMappingNode? map, string key, string what, int min, int max)
    {
        var node = Get(map, key);
        var text = Scalar(node, $"{what}.{key}");
        if (text is null) return null;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            return value;
        Error(Codes.WrongType, $"'{what}.{key}' must be a whole number from {min} to {max}, found '{text}'.", node!);
        return null;
    }

    /// <summary>A scalar that must be one of <paramref name="choices"/> (case-insensitive), returned as written in choices.</summary>
    public string? Choice(YamlNode? node, string what, IReadOnlyList<string> choices)
    {
        var text = Scalar(node, what);
        if (text is null) return null;
        var match = choices.FirstOrDefault(c => string.Equals(c, text, StringComparison.OrdinalIgnoreCase));
        if (match is null)
            Error(Codes.InvalidValue, $"'{what}' must be one of {string.Join(", ", choices)}, found '{text}'.{DidYouMean.Hint(text, choices)}", node!);
        return match;
    }

    /// <summary>A list of scalars; a single scalar counts as a list of one.</summary>
    public List<string>? StringList(YamlNode? node, string what)
    {
        switch (node)
        {
            case null: return null;
            case YamlScalarNode scalar: return [scalar.Value ?? ""];
            case YamlSequenceNode sequence:
                var list = new List<string>(sequence.Children.Count);
                foreach (var item in sequence.Children)
                {
                    if (Scalar(item, what) is { } text) list.Add(text);
                }
                return list;
            default:
                Error(Codes.WrongType, $"'{what}' must be a list of values, found {Describe(node)}.", node);
                return null;
        }
    }

    private static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode s => $"the value '{s.Value}'",
        _ => "something else",
    };
}
