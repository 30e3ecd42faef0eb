namespace OpenData.Etl.Rdf;

public enum TermKind { Iri, Blank, Literal }

/// <summary>An RDF term. Literals carry either a language tag or a datatype (none means a plain string).</summary>
public sealed record RdfTerm(TermKind Kind, string Value, string? Language = null, string? Datatype = null)
{
    public static RdfTerm Iri(string iri) => new(TermKind.Iri, iri);

    public static RdfTerm Blank(string id) => new(TermKind.Blank, id);

    public static RdfTerm Text(string text, string language) => new(TermKind.Literal, text, Language: language);

    public static RdfTerm Plain(string text) => new(TermKind.Literal, text);

    public static RdfTerm Typed(string text, string datatype) => new(TermKind.Literal, text, Datatype: datatype);

    public bool IsResource => Kind != TermKind.Literal;

    /// <summary>How the term is named in messages: IRIs in angle brackets, blank nodes as _:id, literals quoted.</summary>
    public override string ToString() => Kind switch
    {
        TermKind.Iri => $"<{Value}>",
        TermKind.Blank => $"_:{Value}",
        _ when Language is not null => $"\"{Value}\"@{Language}",
        _ when Datatype is not null => $"\"{Value}\"^^<{Datatype}>",
        _ => $"\"{Value}\"",
    };
}

public sealed record Triple(RdfTerm Subject, string Predicate, RdfTerm Object);

/// <summary>A set of triples with a subject index; insertion order is kept, duplicates are dropped.</summary>
public sealed class RdfGraph
{
    private readonly List<Triple> _triples = [];
    private readonly HashSet<Triple> _set = [];
    private readonly Dictionary<RdfTerm, List<Triple>> _bySubject = [];

    public IReadOnlyList<Triple> Triples => _triples;

    /// <summary>Line where each subject was first described, when the graph came from a file; for messages.</summary>
    public Dictionary<RdfTerm, int> SubjectLines { get; } = [];

    public void Add(RdfTerm subject, string predicate, RdfTerm obj)
    {
        var triple = new Triple(subject, predicate, obj);
        if (!_set.Add(triple)) return;
        _triples.Add(triple);
        if (!_bySubject.TryGetValue(subject, out var list)) _bySubject[subject] = list = [];
        list.Add(triple);
    }

    public IReadOnlyList<Triple> About(RdfTerm subject) => _bySubject.TryGetValue(subject, out var list) ? list : [];

    public IEnumerable<RdfTerm> Objects(RdfTerm subject, string predicate) =>
        About(subject).Where(t => t.Predicate == predicate).Select(t => t.Object);

    public IEnumerable<RdfTerm> Subjects => _bySubject.Keys;

    public IEnumerable<RdfTerm> SubjectsOfType(string typeIri) =>
        _bySubject.Keys.Where(s => Objects(s, Vocab.Rdf + "type").Any(o => o.Kind == TermKind.Iri && o.Value == typeIri));

    public bool HasType(RdfTerm subject, string typeIri) =>
        Objects(subject, Vocab.Rdf + "type").Any(o => o.Kind == TermKind.Iri && o.Value == typeIri);
}
