using System.Text.RegularExpressions;
using OpenData.Etl.Diagnostics;
using OpenData.Etl.Rdf;

namespace OpenData.Etl.Metadata;

/// <summary>
/// Checks a graph against DCAT-AP-SE the way DIGG's validator (RDForms) does: every resource typed with
/// a class that has a template is matched against it in two passes (first values that fit an item
/// exactly, then leftovers to the first item with their property, marked with what is wrong), and then
/// cardinalities are counted over the values that fit. Unknown predicates are ignored, so a wrong value
/// is worse than none.
/// </summary>
public sealed class DcatValidator(DcatBundle bundle)
{
    public static DcatValidator Default { get; } = new(DcatBundle.Default);

    private enum Code { Ok, NodeType, Datatype, Pattern, Value, Constraints }

    /// <summary>Values of one item under one parent: the statements it claimed, each with its verdict.</summary>
    private sealed class Binding(TemplateItem item, Triple? triple, Code code)
    {
        public TemplateItem Item { get; } = item;
        public Triple? Triple { get; } = triple;
        public Code Code { get; } = code;
        public GroupBinding? Group { get; set; }
        public bool IsValid => Code == Code.Ok;
    }

    /// <summary>A group matched against one subject; layout groups (no property) share their parent's subject.</summary>
    private sealed class GroupBinding(TemplateItem item, RdfTerm subject)
    {
        public TemplateItem Item { get; } = item;
        public RdfTerm Subject { get; } = subject;
        public List<Binding> Children { get; } = [];
    }

    public IReadOnlyList<Diagnostic> Validate(RdfGraph graph, string file)
    {
        var diagnostics = new List<Diagnostic>();
        var typed = new Dictionary<RdfTerm, string>();
        foreach (var (type, template) in DcatBundle.TypeTemplates)
        {
            foreach (var subject in graph.SubjectsOfType(type).OrderBy(s => s.Value, StringComparer.Ordinal))
                typed.TryAdd(subject, template);
        }
        if (!graph.SubjectsOfType(Vocab.Dcat + "Catalog").Any())
            diagnostics.Add(Diagnostic.Error(Codes.DcatNoCatalog, "no resource is typed dcat:Catalog; a harvested file holds exactly one root catalog.", new TextLocation(file)));

        foreach (var (subject, template) in typed.OrderBy(t => Rank(t.Value)).ThenBy(t => t.Key.Value, StringComparer.Ordinal))
        {
            var root = new GroupBinding(bundle.Item(template), subject);
            var claimed = new HashSet<Triple>();
            MatchChildren(graph, root, claimed, fuzzy: false);
            MatchChildren(graph, root, claimed, fuzzy: true);
            var context = new Context(graph, file, subject, template, typed, diagnostics);
            Report(context, root, []);
        }
        return diagnostics;
    }

    private static int Rank(string template) => template switch
    {
        "dcat:Catalog" => 0, "dcat:Dataset" => 1, "dcat:Distribution" => 2, "dcat:DataService" => 3, "dcat:DatasetSeries" => 4, "dcat:foaf:Agent" => 5, _ => 6,
    };

    // ---- matching -------------------------------------------------------------------------------

    private void MatchChildren(RdfGraph graph, GroupBinding parent, HashSet<Triple> claimed, bool fuzzy)
    {
        if (fuzzy)
        {
            foreach (var binding in parent.Children.ToList())
            {
                if (binding.Group is not null) MatchChildren(graph, binding.Group, claimed, fuzzy);
            }
        }
        foreach (var item in parent.Item.Children)
        {
            if (item.Property is null)
            {
                // A layout group: its items describe the same subject.
                if (fuzzy || item.Type != "group") continue;
                var layout = new Binding(item, null, Code.Ok) { Group = new GroupBinding(item, parent.Subject) };
                parent.Children.Add(layout);
                MatchChildren(graph, layout.Group, claimed, fuzzy);
                continue;
            }
            foreach (var triple in graph.About(parent.Subject).Where(t => t.Predicate == item.Property).ToList())
            {
                if (claimed.Contains(triple)) continue;
                if (Match(graph, item, triple, fuzzy) is not { } code) continue;
                claimed.Add(triple);
                var binding = new Binding(item, triple, code);
                parent.Children.Add(binding);
                if (item.Type == "group" && code == Code.Ok)
                {
                    binding.Group = new GroupBinding(item, triple.Object);
                    MatchChildren(graph, binding.Group, claimed, fuzzy);
                }
            }
        }
    }

    /// <summary>The verdict for one statement against one item, or null when the item does not take it.</summary>
    private static Code? Match(RdfGraph graph, TemplateItem item, Triple triple, bool fuzzy)
    {
        var obj = triple.Object;
        var nodeType = NodeTypeMatches(item, obj);
        var pattern = PatternMatches(item, obj);
        switch (item.Type)
        {
            case "text":
            {
                // A pattern mismatch leaves a text value unclaimed even in the lenient pass.
                if (!pattern) return null;
                var datatype = DatatypeMatches(item, obj);
                if (!(nodeType && datatype) && !fuzzy) return null;
                return !datatype ? Code.Datatype : !nodeType ? Code.NodeType : Code.Ok;
            }
            case "choice":
            {
                var datatype = DatatypeMatches(item, obj);
                if (!(nodeType && datatype && pattern) && !fuzzy) return null;
                var inList = item.Choices is null || item.Choices.Contains(obj.Value);
                // A strict list does not take foreign values in the first pass; another item may.
                if (!inList && item.HasStyle("strictmatch") && !fuzzy) return null;
                return !nodeType ? Code.NodeType : !datatype ? Code.Datatype : !pattern ? Code.Pattern : !inList ? Code.Value : Code.Ok;
            }
            default:
            {
                var constraints = ConstraintsMet(graph, item, obj);
                if (!(nodeType && pattern && constraints) && !fuzzy) return null;
                return !pattern ? Code.Pattern : !nodeType ? Code.NodeType : !constraints ? Code.Constraints : Code.Ok;
            }
        }
    }

    private static bool NodeTypeMatches(TemplateItem item, RdfTerm obj) => (item.NodeType ?? (item.Type == "group" ? "RESOURCE" : null)) switch
    {
        "LITERAL" or "ONLY_LITERAL" or "PLAIN_LITERAL" or "LANGUAGE_LITERAL" or "DATATYPE_LITERAL" => obj.Kind == TermKind.Literal,
        "RESOURCE" => obj.Kind != TermKind.Literal,
        "URI" => obj.Kind == TermKind.Iri,
        "BLANK" => obj.Kind == TermKind.Blank,
        _ => false,
    };

    private static bool DatatypeMatches(TemplateItem item, RdfTerm obj) =>
        item.NodeType != "DATATYPE_LITERAL" || item.Datatypes.Count == 0 || (obj.Datatype is { } dt && item.Datatypes.Contains(dt));

    private static bool PatternMatches(TemplateItem item, RdfTerm obj)
    {
        if (item.Pattern is null) return true;
        var value = Gist(obj.Value, item.ValueTemplate);
        try
        {
            return Regex.IsMatch(value, $"^(?:{item.Pattern})$", RegexOptions.None, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException)
        {
            return true; // RDForms also accepts values when a pattern does not compile.
        }
    }

    /// <summary>The part of a value a pattern is written for: <c>tel:$1</c> strips "tel:", <c>mailto:</c> strips "mailto:".</summary>
    private static string Gist(string value, string? template)
    {
        if (string.IsNullOrEmpty(template)) return value;
        var at = template.IndexOf("$1", StringComparison.Ordinal);
        var (prefix, suffix) = at < 0 ? (template, "") : (template[..at], template[(at + 2)..]);
        if (value.StartsWith(prefix, StringComparison.Ordinal)) value = value[prefix.Length..];
        if (suffix.Length > 0 && value.EndsWith(suffix, StringComparison.Ordinal)) value = value[..^suffix.Length];
        return value;
    }

    private static bool ConstraintsMet(RdfGraph graph, TemplateItem item, RdfTerm obj)
    {
        if (item.Constraints.Count == 0) return true;
        if (obj.Kind == TermKind.Literal) return false;
        foreach (var (predicate, values) in item.Constraints)
        {
            if (!graph.Objects(obj, predicate).Any(o => o.Kind == TermKind.Iri && values.Contains(o.Value))) return false;
        }
        return true;
    }

    // ---- reporting ------------------------------------------------------------------------------

    private sealed record Context(RdfGraph Graph, string File, RdfTerm Resource, string Template, Dictionary<RdfTerm, string> Typed, List<Diagnostic> Diagnostics);

    private void Report(Context context, GroupBinding group, IReadOnlyList<string> path)
    {
        var groupItem = group.Item;
        if (groupItem.HasStyle("disjoint") || groupItem.HasStyle("atMostOneChild"))
        {
            var valid = Flatten(group).Where(b => b.IsValid && b.Triple is not null).ToList();
            if (valid.Count > 1)
            {
                var properties = string.Join(", ", valid.Select(b => Vocab.Shorten(b.Triple!.Predicate)).Distinct());
                Add(context, Codes.DcatDisjoint, Severity.Error, path, properties,
                    $"{valid.Count} values where at most one is allowed ({string.Join(", ", valid.Select(b => b.Triple!.Object))}).");
            }
        }
        else
        {
            foreach (var item in groupItem.Children)
            {
                if (item.Property is null || Skipped(group, item)) continue;
                var valid = group.Children.Count(b => b.Item == item && b.IsValid);
                var name = Vocab.Shorten(item.Property);
                if (item.Min is { } min && min > valid)
                    Add(context, Codes.DcatTooFew, Severity.Error, path, name, $"is mandatory: at least {min} value{(min == 1 ? "" : "s")} required, found {valid}{Expected(item)}.");
                else if (item.Pref is { } pref && pref > valid)
                    Add(context, Codes.DcatRecommended, Severity.Warning, path, name, $"is recommended: {pref} value{(pref == 1 ? "" : "s")} expected, found {valid}.");
                if (item.Max is { } max && max < valid)
                    Add(context, Codes.DcatTooMany, Severity.Error, path, name, $"allows at most {max} value{(max == 1 ? "" : "s")}, found {valid}.");
            }
        }

        foreach (var binding in group.Children)
        {
            if (binding.Triple is { } triple)
            {
                var name = Vocab.Shorten(triple.Predicate);
                if (!binding.IsValid) Add(context, CodeFor(binding.Code), Severity.Error, path, name, Explain(binding));
                if (binding.Item.HasStyle("deprecated"))
                    Add(context, Codes.DcatDeprecated, Severity.Warning, path, name, $"value {triple.Object} uses a deprecated property or list; use its replacement.");
            }
            if (binding.Group is null || Skipped(group, binding.Item)) continue;
            if (binding.Triple is null)
            {
                Report(context, binding.Group, path); // layout group: same subject, same path
            }
            else if (!context.Typed.ContainsKey(binding.Group.Subject))
            {
                // A nested node that is a typed resource of its own is reported under its own name instead.
                Report(context, binding.Group, [.. path, Vocab.Shorten(binding.Triple.Predicate)]);
            }
        }
    }

    private static IEnumerable<Binding> Flatten(GroupBinding group) =>
        group.Children.SelectMany(b => b.Triple is null && b.Group is not null ? Flatten(b.Group) : [b]);

    /// <summary>Deprecated items are not counted, and items with unmet dependencies (HVD category without the HVD regulation) are not checked.</summary>
    private static bool Skipped(GroupBinding group, TemplateItem item)
    {
        if (item.HasStyle("deprecated")) return true;
        if (item.Deps is not { } deps) return false;
        return !Flatten(group).Any(b => b.IsValid && b.Triple is { } t && t.Predicate == deps.Property && t.Object.Value == deps.Value);
    }

    private static string Expected(TemplateItem item) => item.Choices is { Count: > 0 and <= 16 } choices && item.Type == "choice"
        ? $" (one of {string.Join(", ", choices.Select(c => c.Contains("://", StringComparison.Ordinal) ? $"<{c}>" : $"\"{c}\""))})"
        : "";

    private static string CodeFor(Code code) => code switch
    {
        Code.NodeType => Codes.DcatNodeType,
        Code.Datatype => Codes.DcatDatatype,
        Code.Pattern => Codes.DcatPattern,
        Code.Value => Codes.DcatValue,
        _ => Codes.DcatConstraints,
    };

    private static string Explain(Binding binding)
    {
        var item = binding.Item;
        var value = binding.Triple!.Object;
        return binding.Code switch
        {
            Code.NodeType => $"value {value} must be {NodeTypeWords(item)}.",
            Code.Datatype => $"value {value} must be a literal typed {string.Join(" or ", item.Datatypes.Select(Vocab.Shorten))}.",
            Code.Pattern => $"value {value} does not match the pattern {item.Pattern}.",
            Code.Value => $"value {value} is not in the controlled list{(item.Choices is { Count: <= 16 } c ? $" ({string.Join(", ", c.Select(x => x.Contains("://", StringComparison.Ordinal) ? $"<{x}>" : $"\"{x}\""))})" : "")}.",
            _ => $"value {value} must be a node typed {string.Join(" or ", item.Constraints.Values.SelectMany(v => v).Select(Vocab.Shorten))}.",
        };
    }

    private static string NodeTypeWords(TemplateItem item) => (item.NodeType ?? "RESOURCE") switch
    {
        "URI" => "an IRI",
        "RESOURCE" => "an IRI or a node",
        "BLANK" => "a blank node",
        "LANGUAGE_LITERAL" => "a literal with a language tag",
        "DATATYPE_LITERAL" => "a typed literal",
        _ => "a literal",
    };

    private static void Add(Context context, string code, Severity severity, IReadOnlyList<string> path, string property, string message)
    {
        var where = string.Join(" > ", [.. path, property]);
        var resource = context.Resource.ToString();
        var kind = context.Template.Replace("dcat:contactPoint", "vcard:Kind", StringComparison.Ordinal).Replace("dcat:foaf:Agent", "foaf:Agent", StringComparison.Ordinal);
        var line = context.Graph.SubjectLines.GetValueOrDefault(context.Resource);
        context.Diagnostics.Add(new Diagnostic(code, severity, $"{resource} ({kind}): {where} {message}", new TextLocation(context.File, line)));
    }
}
