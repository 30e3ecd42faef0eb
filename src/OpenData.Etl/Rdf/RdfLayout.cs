namespace OpenData.Etl.Rdf;

/// <summary>
/// The deterministic order both writers use: top-level subjects by kind (catalog, datasets,
/// distributions, agents, contact points, the rest) then IRI; predicates with rdf:type first, then by
/// name; objects by value. Blank nodes referenced exactly once are written inline where they are used.
/// </summary>
internal sealed class RdfLayout
{
    private static readonly string[] TypeOrder =
    [
        Vocab.Dcat + "Catalog", Vocab.Dcat + "Dataset", Vocab.Dcat + "Distribution", Vocab.Dcat + "DataService",
        Vocab.Foaf + "Agent", Vocab.Vcard + "Organization", Vocab.Vcard + "Individual", Vocab.Dcterms + "Standard",
    ];

    private readonly RdfGraph _graph;
    private readonly HashSet<RdfTerm> _inline = [];

    public RdfLayout(RdfGraph graph)
    {
        _graph = graph;
        var references = new Dictionary<RdfTerm, int>();
        foreach (var triple in graph.Triples)
        {
            if (triple.Object.Kind == TermKind.Blank) references[triple.Object] = references.GetValueOrDefault(triple.Object) + 1;
        }
        foreach (var (node, count) in references)
        {
            if (count == 1 && !ReachesItself(node)) _inline.Add(node);
        }
    }

    public bool IsInline(RdfTerm term) => _inline.Contains(term);

    public IEnumerable<RdfTerm> TopLevelSubjects() =>
        _graph.Subjects.Where(s => !_inline.Contains(s))
            .OrderBy(s => s.Kind == TermKind.Blank ? 1 : 0)
            .ThenBy(Rank)
            .ThenBy(s => s.Value, StringComparer.Ordinal);

    /// <summary>The element name for a node: its first rdf:type in the order above (or alphabetically), if any.</summary>
    public string? PrimaryType(RdfTerm subject) =>
        _graph.Objects(subject, Vocab.Type).Where(t => t.Kind == TermKind.Iri).Select(t => t.Value)
            .OrderBy(t => Array.IndexOf(TypeOrder, t) is var i && i < 0 ? int.MaxValue : i).ThenBy(t => t, StringComparer.Ordinal).FirstOrDefault();

    public IEnumerable<Triple> Properties(RdfTerm subject) =>
        _graph.About(subject)
            .OrderBy(t => t.Predicate == Vocab.Type ? 0 : 1)
            .ThenBy(t => Vocab.Shorten(t.Predicate), StringComparer.Ordinal)
            .ThenBy(t => t.Object.Kind)
            .ThenBy(t => t.Object.Language ?? t.Object.Datatype ?? "", StringComparer.Ordinal)
            .ThenBy(t => t.Object.Value, StringComparer.Ordinal);

    private int Rank(RdfTerm subject) => PrimaryType(subject) is { } type && Array.IndexOf(TypeOrder, type) is var i and >= 0 ? i : TypeOrder.Length;

    private bool ReachesItself(RdfTerm start)
    {
        var seen = new HashSet<RdfTerm>();
        var stack = new Stack<RdfTerm>(_graph.About(start).Select(t => t.Object).Where(o => o.Kind == TermKind.Blank));
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (node == start) return true;
            if (!seen.Add(node)) continue;
            foreach (var t in _graph.About(node)) if (t.Object.Kind == TermKind.Blank) stack.Push(t.Object);
        }
        return false;
    }
}
