using OpenData.Etl.Diagnostics;
using OpenData.Etl.Protection;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace OpenData.Etl.Pipelines;

/// <summary>
/// Loads a pipeline file and checks its shape: unknown keys, wrong types and missing keys are all
/// reported together with <c>file(line,col)</c>. Nothing about the data is looked at here.
/// </summary>
public static class PipelineLoader
{
    /// <summary>Pipeline files are hand-written configuration; anything larger is refused unread.</summary>
    public const int MaxFileBytes = 1 << 20;
    public const int MaxDepth = 16;

    private static readonly string[] TopKeys = ["name", "description", "source", "columns", "derive", "protection", "geometry", "specification", "mapping", "outputs", "dataset", "aggregate", "k-anonymity"];
    private static readonly string[] SourceKeys = ["path", "encoding", "delimiter", "decimal", "header-row", "missing", "timezone", .. SourceOptions.Keys];
    private static readonly string[] ColumnKeys = ["class", "action", "reason", "allow", "keep-start", "keep-end", "char", "only", "bands", "to", "grid", "review"];
    private static readonly string[] ProtectionKeys = ["key", "domain"];
    private static readonly string[] KeyKeys = ["env", "file"];
    private static readonly string[] DeriveKeys = ["from", "value", "reference-date", "bands", "markers"];
    private static readonly string[] DeriveValues = ["birth-year", "age", "age-band", "legal-sex", "marker"];
    private static readonly string[] GeneraliseTargets = ["year", "quarter", "month", "nothing"];
    private static readonly string[] SpecificationKeys = ["uri", "schema"];
    private static readonly string[] MappingKeys = ["row-uri", "row-uri-field", "fields"];
    private static readonly string[] FieldKeys = ["from", "value", "strip", "format", "map", "split", "items", "decimals"];
    private static readonly string[] OutputKeys = ["dir", "name", "formats", "base-url"];
    private static readonly string[] Encodings = ["auto", "utf-8", "windows-1252"];
    private static readonly string[] Delimiters = ["auto", ";", ",", "tab", "|"];
    private static readonly string[] Classes = ["public", "internal", "personal", "sensitive"];
    private static readonly string[] Actions = ["keep", "drop", "pseudonymise", "mask", "generalise"];
    private static readonly string[] Formats = ["csv", "json", "parquet", "geojson"];
    private static readonly string[] ItemTypes = ["string", "number"];

    /// <summary>Loads and checks <paramref name="path"/>; throws <see cref="EtlException"/> with every problem found.</summary>
    public static Pipeline Load(string path)
    {
        var display = path;
        if (!File.Exists(path))
            throw new EtlException(FailureKind.Configuration, Diagnostic.Error(Codes.FileNotFound, "pipeline file not found.", new TextLocation(display)));
        // Read as a pipeline it would fail with a list of unknown and missing keys, which says nothing useful.
        if (Metadata.CatalogConfigLoader.IsCatalogFile(path))
            throw new EtlException(FailureKind.Configuration, Diagnostic.Error(Codes.NotAPipeline,
                $"{Metadata.CatalogConfigLoader.DefaultFileName} is the catalog configuration that the pipelines beside it share, not a pipeline: give a pipeline file, or the folder ('odetl run FOLDER' runs every pipeline in it, then writes the catalog). 'odetl validate' checks it.",
                new TextLocation(display)));
        if (new FileInfo(path).Length > MaxFileBytes)
            throw new EtlException(FailureKind.Configuration, Diagnostic.Error(Codes.PipelineTooLarge,
                $"pipeline file is larger than {MaxFileBytes / 1024} KiB; pipeline files are configuration, not data.", new TextLocation(display)));
        return Parse(File.ReadAllText(path), display);
    }

    public static Pipeline Parse(string yaml, string file)
    {
        var root = ReadDocument(yaml, file);
        var reader = new YamlNodeReader(file);
        var pipeline = Build(reader, root, file);
        if (reader.Diagnostics.Count > 0 || pipeline is null)
            throw new EtlException(FailureKind.Configuration, reader.Diagnostics);
        return pipeline;
    }

    /// <summary>
    /// Parses with a pre-pass over the event stream that refuses aliases (a billion-laughs file cannot
    /// expand) and nesting deeper than any pipeline needs, before a node tree is built.
    /// </summary>
    internal static YamlMappingNode ReadDocument(string yaml, string file)
    {
        try
        {
            var parser = new Parser(new StringReader(yaml));
            var depth = 0;
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case AnchorAlias alias:
                        throw Fail(Codes.YamlSyntax, "YAML aliases (*name) are not allowed in pipeline files; write the value out.", file, alias.Start);
                    case MappingStart or SequenceStart:
                        if (++depth > MaxDepth)
                            throw Fail(Codes.YamlSyntax, $"nesting deeper than {MaxDepth} levels; a pipeline file never needs that.", file, parser.Current.Start);
                        break;
                    case MappingEnd or SequenceEnd:
                        depth--;
                        break;
                }
            }

            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            if (stream.Documents.Count != 1)
                throw new EtlException(FailureKind.Configuration, Diagnostic.Error(Codes.YamlSyntax, "a pipeline file holds exactly one YAML document.", new TextLocation(file, 1, 1)));
            if (stream.Documents[0].RootNode is not YamlMappingNode root)
                throw Fail(Codes.WrongType, "a pipeline file must be a mapping with keys such as source, columns, specification, mapping and outputs.", file, stream.Documents[0].RootNode.Start);
            return root;
        }
        catch (YamlException e)
        {
            var message = e.InnerException?.Message ?? e.Message;
            // YamlDotNet prefixes its messages with the position, which we already give in our own form.
            var idx = message.IndexOf("): ", StringComparison.Ordinal);
            if (message.StartsWith("(Line:", StringComparison.Ordinal) && idx > 0) message = message[(idx + 3)..];
            throw Fail(Codes.YamlSyntax, $"invalid YAML: {message}", file, e.Start);
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner gives up this way on some unterminated constructs; point at the end.
            var lines = yaml.Split('\n');
            throw new EtlException(FailureKind.Configuration, Diagnostic.Error(Codes.YamlSyntax,
                "invalid YAML: the document ends inside an unclosed construct (a bracket, brace or quote).", new TextLocation(file, lines.Length, lines[^1].Length + 1)));
        }
    }

    private static EtlException Fail(string code, string message, string file, Mark mark) =>
        new(FailureKind.Configuration, Diagnostic.Error(code, message, new TextLocation(file, (int)mark.Line, (int)mark.Column)));

    private static Pipeline? Build(YamlNodeReader r, YamlMappingNode root, string file)
    {
        r.Mapping(root, "pipeline", TopKeys);
        var name = r.String(root, "name", "pipeline") ?? Path.GetFileNameWithoutExtension(file);
        if (!IsSafeName(name))
        {
            var message = $"'name' must be letters, digits, '-', '_' or '.', found '{name}'; it names the output files.";
            if (YamlNodeReader.Get(root, "name") is { } nameNode) r.Error(Codes.InvalidValue, message, nameNode);
            else r.Error(Codes.InvalidValue, message + " The file name is used when there is no 'name:'; add one.", new TextLocation(file, 1, 1));
        }

        var source = ReadSource(r, root);
        var columns = ReadColumns(r, root);
        var derived = ReadDerived(r, root);
        var protection = ReadProtection(r, root);
        var specification = ReadSpecification(r, root);
        var mapping = ReadMapping(r, root);
        var outputs = ReadOutputs(r, root, name);
        var geometryNode = YamlNodeReader.Get(root, "geometry");
        var geometry = GeometryLoader.Read(r, geometryNode);
        if (outputs is not null && geometryNode is null && outputs.Formats.Contains(OutputFormat.GeoJson))
            r.Error(Codes.GeometryMissing, "output format 'geojson' needs a 'geometry' section that says which columns hold each row's point.", YamlNodeReader.Get((YamlMappingNode)YamlNodeReader.Get(root, "outputs")!, "formats")!);
        var dataset = DatasetSectionReader.Read(r, root);
        var aggregate = Aggregation.AggregateSectionReader.Read(r, root);
        var kAnonymity = Aggregation.KAnonymitySectionReader.Read(r, root);

        if (source is null || columns is null || specification is null || mapping is null || outputs is null) return null;
        if (dataset is not null && outputs.BaseUrl is null)
            r.Error(Codes.MissingKey, "'outputs' needs 'base-url' when the pipeline has a 'dataset:' section: distributions are described by their download URL.", YamlNodeReader.Get(root, "outputs")!);
        if (geometryNode is not null && geometry is null) return null;
        return new Pipeline(file, name, source, columns, derived, protection, specification, mapping, outputs) { Geometry = geometry, Dataset = dataset, Aggregate = aggregate, KAnonymity = kAnonymity };
    }

    private static SourceSpec? ReadSource(YamlNodeReader r, YamlMappingNode root)
    {
        var node = r.Required(root, "source", "pipeline", root);
        var map = r.Mapping(node, "source", SourceKeys);
        if (map is null) return null;

        var path = r.String(map, "path", "source", required: true, owner: node);
        var encoding = r.Choice(YamlNodeReader.Get(map, "encoding"), "source.encoding", Encodings) switch
        {
            "utf-8" => TextEncodingOption.Utf8,
            "windows-1252" => TextEncodingOption.Windows1252,
            _ => TextEncodingOption.Auto,
        };
        char? delimiter = r.Choice(YamlNodeReader.Get(map, "delimiter"), "source.delimiter", Delimiters) switch
        {
            null or "auto" => null,
            "tab" => '\t',
            var d => d[0],
        };
        var decimalNode = YamlNodeReader.Get(map, "decimal");
        var decimalText = r.Scalar(decimalNode, "source.decimal") ?? ".";
        if (decimalText is not ("." or ","))
            r.Error(Codes.InvalidValue, $"'source.decimal' must be \".\" or \",\", found '{decimalText}'.", decimalNode!);
        var headerRow = r.Int(map, "header-row", "source", 1, 1000) ?? 1;
        var missing = r.StringList(YamlNodeReader.Get(map, "missing"), "source.missing") ?? [""];
        var timeZone = r.String(map, "timezone", "source") ?? "Europe/Stockholm";
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out _))
            r.Error(Codes.InvalidValue, $"'source.timezone' '{timeZone}' is not a known IANA time zone (e.g. Europe/Stockholm).", YamlNodeReader.Get(map, "timezone")!);

        return path is null ? null : SourceOptions.Read(r, map, new SourceSpec(path, encoding, delimiter, decimalText == "," ? ',' : '.', headerRow, missing, timeZone, r.At(node!)));
    }

    private static List<ColumnRule>? ReadColumns(YamlNodeReader r, YamlMappingNode root)
    {
        var node = r.Required(root, "columns", "pipeline", root);
        var map = r.Mapping(node, "columns", allowed: null);
        if (map is null) return null;

        var rules = new List<ColumnRule>();
        foreach (var (keyNode, valueNode) in map.Children)
        {
            var name = ((YamlScalarNode)keyNode).Value ?? "";
            if (valueNode is YamlScalarNode)
            {
                // Shorthand: `Name: public`.
                if (r.Choice(valueNode, $"columns.{name}", Classes) is { } shortClass)
                    rules.Add(new ColumnRule(name, Enum.Parse<DataClass>(shortClass, ignoreCase: true), ColumnAction.Keep, r.At(keyNode)));
                continue;
            }

            var what = $"columns.{name}";
            var column = r.Mapping(valueNode, what, ColumnKeys);
            var cls = r.Choice(r.Required(column, "class", what, valueNode), $"{what}.class", Classes);
            var actionNode = YamlNodeReader.Get(column, "action");
            if ((actionNode as YamlScalarNode)?.Value is "hash" or "sha256" or "sha1" or "md5")
            {
                r.Error(Codes.ProtectionInvalid, $"'{what}.action': plain hashing is refused; anyone can hash every possible personnummer and reverse it. Use 'pseudonymise', which needs a secret key.", actionNode!);
                continue;
            }
            var action = actionNode is not null ? r.Choice(actionNode, $"{what}.action", Actions) : "keep";
            if (cls is null || action is null || column is null) continue;

            var parsedAction = Enum.Parse<ColumnAction>(action, ignoreCase: true);
            var mask = parsedAction == ColumnAction.Mask ? ReadMask(r, column, what) : null;
            var generalise = parsedAction == ColumnAction.Generalise ? ReadGeneralise(r, column, what, valueNode) : null;
            CheckOptionsBelong(r, column, what, parsedAction);
            var allow = r.StringList(YamlNodeReader.Get(column, "allow"), $"{what}.allow");
            foreach (var kind in allow ?? [])
            {
                if (!PersonalDataKinds.Names.Contains(kind))
                    r.Error(Codes.InvalidValue, $"'{what}.allow' names '{kind}'; known kinds: {string.Join(", ", PersonalDataKinds.Names)}.{DidYouMean.Hint(kind, PersonalDataKinds.Names)}", YamlNodeReader.Get(column, "allow")!);
            }
            var reason = r.String(column, "reason", what);
            if (allow is { Count: > 0 } && string.IsNullOrWhiteSpace(reason))
                r.Error(Codes.MissingKey, $"'{what}' allows personal data ({string.Join(", ", allow)}) and must say why in 'reason'.", valueNode);
            rules.Add(new ColumnRule(name, Enum.Parse<DataClass>(cls, ignoreCase: true), parsedAction, r.At(keyNode), mask, generalise, allow, reason, r.String(column, "review", what)));
        }
        return rules;
    }

    private static MaskOptions ReadMask(YamlNodeReader r, YamlMappingNode column, string what)
    {
        var character = r.String(column, "char", what) ?? "X";
        if (character.Length != 1) r.Error(Codes.InvalidValue, $"'{what}.char' must be one character.", YamlNodeReader.Get(column, "char")!);
        var only = YamlNodeReader.Get(column, "only") is { } onlyNode ? r.Choice(onlyNode, $"{what}.only", ["personnummer"]) : null;
        return new MaskOptions(r.Int(column, "keep-start", what, 0, 100) ?? 0, r.Int(column, "keep-end", what, 0, 100) ?? 0, character.Length == 1 ? character[0] : 'X', only);
    }

    private static GeneraliseOptions? ReadGeneralise(YamlNodeReader r, YamlMappingNode column, string what, YamlNode owner)
    {
        var bands = ReadNumbers(r, YamlNodeReader.Get(column, "bands"), $"{what}.bands");
        var to = YamlNodeReader.Get(column, "to") is { } toNode ? r.Choice(toNode, $"{what}.to", GeneraliseTargets) : null;
        var gridNode = YamlNodeReader.Get(column, "grid");
        decimal? grid = null;
        if (r.Scalar(gridNode, $"{what}.grid") is { } gridText)
        {
            if (decimal.TryParse(gridText, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var g) && g > 0) grid = g;
            else r.Error(Codes.InvalidValue, $"'{what}.grid' must be a positive number of metres, found '{gridText}'.", gridNode!);
        }
        var given = (bands is null ? 0 : 1) + (to is null ? 0 : 1) + (grid is null ? 0 : 1);
        if (given != 1)
        {
            r.Error(Codes.MissingKey, $"'{what}' generalises with exactly one of 'bands' (e.g. [0, 18, 65]), 'to' ({string.Join(", ", GeneraliseTargets)}) or 'grid' (metres).", owner);
            return null;
        }
        return new GeneraliseOptions(bands, to, grid);
    }

    /// <summary>Options of one action given with another are a mistake worth pointing at.</summary>
    private static void CheckOptionsBelong(YamlNodeReader r, YamlMappingNode column, string what, ColumnAction action)
    {
        string[] maskKeys = ["keep-start", "keep-end", "char", "only"];
        string[] generaliseKeys = ["bands", "to", "grid"];
        foreach (var key in maskKeys.Where(_ => action != ColumnAction.Mask).Concat(generaliseKeys.Where(_ => action != ColumnAction.Generalise)))
        {
            if (YamlNodeReader.Get(column, key) is { } node)
                r.Error(Codes.InvalidValue, $"'{what}.{key}' belongs to action '{(maskKeys.Contains(key) ? "mask" : "generalise")}', but the action is '{action.ToString().ToLowerInvariant()}'.", node);
        }
    }

    private static List<decimal>? ReadNumbers(YamlNodeReader r, YamlNode? node, string what)
    {
        var texts = r.StringList(node, what);
        if (texts is null) return null;
        var numbers = new List<decimal>();
        foreach (var text in texts)
        {
            if (decimal.TryParse(text, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var d)) numbers.Add(d);
            else r.Error(Codes.InvalidValue, $"'{what}' must be a list of numbers, found '{text}'.", node!);
        }
        if (numbers.Count < 2 || numbers.Zip(numbers.Skip(1)).Any(p => p.First >= p.Second))
            r.Error(Codes.InvalidValue, $"'{what}' must be at least two increasing numbers, e.g. [0, 18, 65].", node!);
        return numbers;
    }

    private static ProtectionSpec ReadProtection(YamlNodeReader r, YamlMappingNode root)
    {
        var node = YamlNodeReader.Get(root, "protection");
        var map = r.Mapping(node, "protection", ProtectionKeys);
        if (map is null) return ProtectionSpec.None;
        KeyReference? key = null;
        if (YamlNodeReader.Get(map, "key") is { } keyNode)
        {
            if (keyNode is YamlScalarNode)
            {
                r.Error(Codes.InvalidValue, "'protection.key' names where the key is, never the key itself: use { env: VARIABLE } or { file: path }.", keyNode);
            }
            else if (r.Mapping(keyNode, "protection.key", KeyKeys) is { } keyMap)
            {
                var env = r.String(keyMap, "env", "protection.key");
                var file = r.String(keyMap, "file", "protection.key");
                if ((env is null) == (file is null))
                    r.Error(Codes.InvalidValue, "'protection.key' takes exactly one of 'env' or 'file'.", keyNode);
                key = new KeyReference(env, file, r.At(keyNode));
            }
        }
        var domain = r.String(map, "domain", "protection");
        return new ProtectionSpec(key, domain, r.At(node!));
    }

    private static List<DeriveRule> ReadDerived(YamlNodeReader r, YamlMappingNode root)
    {
        var rules = new List<DeriveRule>();
        var map = r.Mapping(YamlNodeReader.Get(root, "derive"), "derive", allowed: null);
        if (map is null) return rules;
        foreach (var (keyNode, valueNode) in map.Children)
        {
            var name = ((YamlScalarNode)keyNode).Value ?? "";
            var what = $"derive.{name}";
            var rule = r.Mapping(valueNode, what, DeriveKeys);
            var from = r.String(rule, "from", what, required: true, owner: valueNode);
            var value = r.Choice(r.Required(rule, "value", what, valueNode), $"{what}.value", DeriveValues);
            DateOnly? reference = null;
            if (r.String(rule, "reference-date", what) is { } dateText)
            {
                if (DateOnly.TryParseExact(dateText, "yyyy-MM-dd", out var date)) reference = date;
                else r.Error(Codes.InvalidValue, $"'{what}.reference-date' must be a date as yyyy-MM-dd, found '{dateText}'.", YamlNodeReader.Get(rule, "reference-date")!);
            }
            var bands = ReadNumbers(r, YamlNodeReader.Get(rule, "bands"), $"{what}.bands");
            if (value is "birth-year" or "age" or "age-band" && reference is null)
                r.Error(Codes.MissingKey, $"'{what}' needs 'reference-date': it fixes ages so they do not change with the day the job runs, and the century of 10-digit numbers.", valueNode);
            if (value == "age-band" && bands is null)
                r.Error(Codes.MissingKey, $"'{what}' needs 'bands', e.g. [0, 18, 65].", valueNode);
            var markers = ReadValueMap(r, YamlNodeReader.Get(rule, "markers"), $"{what}.markers");
            if (value == "marker" && markers is not { Count: > 0 })
                r.Error(Codes.MissingKey, $"'{what}' needs 'markers', e.g. {{ \"..\": suppressed, \"~\": approximate }}.", valueNode);
            if (markers is not null && markers.Values.Any(v => v.Length == 0))
                r.Error(Codes.InvalidValue, $"'{what}.markers' needs a non-empty flag for every marker.", YamlNodeReader.Get(rule, "markers")!);
            if (from is not null && value is not null)
                rules.Add(new DeriveRule(name, from, value, reference, bands, r.At(keyNode)) { Markers = markers });
        }
        return rules;
    }

    private static SpecificationRef? ReadSpecification(YamlNodeReader r, YamlMappingNode root)
    {
        var node = r.Required(root, "specification", "pipeline", root);
        var map = r.Mapping(node, "specification", SpecificationKeys);
        if (map is null) return null;
        var uri = r.String(map, "uri", "specification", required: true, owner: node);
        var schema = r.String(map, "schema", "specification", required: true, owner: node);
        if (uri is not null && !IsAbsoluteHttpUri(uri))
            r.Error(Codes.InvalidValue, $"'specification.uri' must be an absolute http(s) URI, found '{uri}'.", YamlNodeReader.Get(map, "uri")!);
        return uri is null || schema is null ? null : new SpecificationRef(uri, schema, r.At(node!));
    }

    private static MappingSpec? ReadMapping(YamlNodeReader r, YamlMappingNode root)
    {
        var node = r.Required(root, "mapping", "pipeline", root);
        var map = r.Mapping(node, "mapping", MappingKeys);
        if (map is null) return null;
        var rowUri = r.String(map, "row-uri", "mapping");
        var rowUriField = r.String(map, "row-uri-field", "mapping") ?? "uri";
        var fieldsNode = r.Required(map, "fields", "mapping", node);
        var fieldsMap = r.Mapping(fieldsNode, "mapping.fields", allowed: null);
        if (fieldsMap is null) return null;

        var fields = new List<FieldMapping>();
        foreach (var (keyNode, valueNode) in fieldsMap.Children)
        {
            var field = ((YamlScalarNode)keyNode).Value ?? "";
            var what = $"mapping.fields.{field}";
            if (valueNode is YamlScalarNode shorthand)
            {
                // Shorthand: `spec.field: SourceColumn`.
                fields.Add(new FieldMapping(field, [shorthand.Value ?? ""], null, null, null, null, null, null, null, r.At(keyNode)));
                continue;
            }

            var f = r.Mapping(valueNode, what, FieldKeys);
            if (f is null) continue;
            var from = r.StringList(YamlNodeReader.Get(f, "from"), $"{what}.from") ?? [];
            var constant = r.String(f, "value", what);
            if (from.Count == 0 && constant is null)
                r.Error(Codes.MissingKey, $"'{what}' needs 'from' (source columns) or 'value' (a constant).", valueNode);
            if (from.Count > 0 && constant is not null)
                r.Error(Codes.InvalidValue, $"'{what}' has both 'from' and 'value'; choose one.", valueNode);
            var valueMap = ReadValueMap(r, YamlNodeReader.Get(f, "map"), $"{what}.map");
            var decimals = r.Int(f, "decimals", what, 0, 18);
            fields.Add(new FieldMapping(field, from, constant, r.String(f, "strip", what), r.String(f, "format", what), valueMap, r.String(f, "split", what), r.Choice(YamlNodeReader.Get(f, "items"), $"{what}.items", ItemTypes), decimals, r.At(keyNode)));
        }
        return new MappingSpec(rowUri, rowUriField, fields, r.At(node!));
    }

    private static Dictionary<string, string>? ReadValueMap(YamlNodeReader r, YamlNode? node, string what)
    {
        var map = r.Mapping(node, what, allowed: null);
        if (map is null) return null;
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in map.Children)
        {
            if (r.Scalar(k, what) is { } key && r.Scalar(v, $"{what}.{key}") is { } value) result[key] = value;
        }
        return result;
    }

    private static OutputSpec? ReadOutputs(YamlNodeReader r, YamlMappingNode root, string pipelineName)
    {
        var node = r.Required(root, "outputs", "pipeline", root);
        var map = r.Mapping(node, "outputs", OutputKeys);
        if (map is null) return null;
        var dir = r.String(map, "dir", "outputs", required: true, owner: node);
        var stem = r.String(map, "name", "outputs") ?? pipelineName;
        if (YamlNodeReader.Get(map, "name") is not null && !IsSafeName(stem))
            r.Error(Codes.InvalidValue, $"'outputs.name' must be letters, digits, '-', '_' or '.', found '{stem}'; it is a file name inside the output folder.", YamlNodeReader.Get(map, "name")!);
        var formatsNode = YamlNodeReader.Get(map, "formats");
        var formats = new List<OutputFormat>();
        foreach (var text in r.StringList(formatsNode, "outputs.formats") ?? ["csv", "json", "parquet"])
        {
            var choice = Formats.FirstOrDefault(f => f.Equals(text, StringComparison.OrdinalIgnoreCase));
            if (choice is null)
                r.Error(Codes.InvalidValue, $"unknown output format '{text}'; use {string.Join(", ", Formats)}.{DidYouMean.Hint(text, Formats)}", formatsNode!);
            else if (!formats.Contains(Enum.Parse<OutputFormat>(choice, true)))
                formats.Add(Enum.Parse<OutputFormat>(choice, true));
        }
        var baseUrl = r.String(map, "base-url", "outputs");
        if (baseUrl is not null && (!IsAbsoluteHttpUri(baseUrl) || !baseUrl.EndsWith('/')))
            r.Error(Codes.InvalidValue, $"'outputs.base-url' must be an absolute http(s) URL ending in '/', found '{baseUrl}'.", YamlNodeReader.Get(map, "base-url")!);
        return dir is null ? null : new OutputSpec(dir, stem, formats, baseUrl, r.At(node!));
    }

    /// <summary>Names become file names; keeping them to a safe alphabet means they can never leave the output folder.</summary>
    public static bool IsSafeName(string name) =>
        name.Length is > 0 and <= 100 && name[0] != '.' && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    private static bool IsAbsoluteHttpUri(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
