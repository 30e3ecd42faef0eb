using System.Text;
using System.Xml;

namespace OpenData.Etl.Rdf;

/// <summary>
/// Writes a graph as RDF/XML, the format Sveriges dataportal harvests: typed node elements, one per
/// resource, in a fixed order, so the same graph always gives the same bytes. XmlWriter does the escaping.
/// </summary>
public static class RdfXmlWriter
{
    public static void Write(RdfGraph graph, Stream stream)
    {
        var layout = new RdfLayout(graph);
        var prefixes = UsedPrefixes(graph);
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, IndentChars = "  ", NewLineChars = "\n", NewLineHandling = NewLineHandling.Entitize };
        using var xml = XmlWriter.Create(stream, settings);
        xml.WriteStartDocument();
        xml.WriteStartElement("rdf", "RDF", Vocab.Rdf);
        foreach (var (prefix, ns) in prefixes) xml.WriteAttributeString("xmlns", prefix, null, ns);
        foreach (var subject in layout.TopLevelSubjects()) Node(xml, graph, layout, subject, isNested: false);
        xml.WriteEndElement();
        xml.WriteEndDocument();
    }

    public static string ToText(RdfGraph graph)
    {
        using var stream = new MemoryStream();
        Write(graph, stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Node(XmlWriter xml, RdfGraph graph, RdfLayout layout, RdfTerm subject, bool isNested)
    {
        var type = layout.PrimaryType(subject);
        var (ns, local) = type is not null && Split(type) is { } split ? split : (Vocab.Rdf, "Description");
        var elementType = ns == Vocab.Rdf && local == "Description" ? null : type;
        xml.WriteStartElement(local, ns);
        if (subject.Kind == TermKind.Iri) xml.WriteAttributeString("about", Vocab.Rdf, subject.Value);
        else if (!isNested) xml.WriteAttributeString("nodeID", Vocab.Rdf, subject.Value);
        foreach (var triple in layout.Properties(subject))
        {
            if (triple.Predicate == Vocab.Type && triple.Object.Value == elementType) continue;
            Property(xml, graph, layout, triple);
        }
        xml.WriteEndElement();
    }

    private static void Property(XmlWriter xml, RdfGraph graph, RdfLayout layout, Triple triple)
    {
        var (ns, local) = Split(triple.Predicate) ?? throw new InvalidOperationException($"predicate {triple.Predicate} cannot be written as an XML name.");
        xml.WriteStartElement(local, ns);
        var obj = triple.Object;
        switch (obj.Kind)
        {
            case TermKind.Iri:
                xml.WriteAttributeString("resource", Vocab.Rdf, obj.Value);
                break;
            case TermKind.Blank when layout.IsInline(obj):
                Node(xml, graph, layout, obj, isNested: true);
                break;
            case TermKind.Blank:
                xml.WriteAttributeString("nodeID", Vocab.Rdf, obj.Value);
                break;
            default:
                if (obj.Language is { } language) xml.WriteAttributeString("xml", "lang", Vocab.Xml, language);
                else if (obj.Datatype is { } datatype) xml.WriteAttributeString("datatype", Vocab.Rdf, datatype);
                xml.WriteString(obj.Value);
                break;
        }
        xml.WriteEndElement();
    }

    /// <summary>Namespace and local name, splitting after the last '#' or '/' (the local name must be an XML name).</summary>
    private static (string Namespace, string Local)? Split(string iri)
    {
        var at = iri.LastIndexOfAny(['#', '/']);
        if (at < 0 || at == iri.Length - 1) return null;
        var local = iri[(at + 1)..];
        try
        {
            XmlConvert.VerifyNCName(local);
        }
        catch (XmlException)
        {
            return null;
        }
        return (iri[..(at + 1)], local);
    }

    private static List<(string Prefix, string Namespace)> UsedPrefixes(RdfGraph graph)
    {
        var used = new HashSet<string>(StringComparer.Ordinal) { Vocab.Rdf };
        foreach (var t in graph.Triples)
        {
            if (Split(t.Predicate) is { } p) used.Add(p.Namespace);
            if (t.Predicate == Vocab.Type && Split(t.Object.Value) is { } o) used.Add(o.Namespace);
        }
        return [.. Vocab.Prefixes.Where(p => used.Contains(p.Namespace))];
    }
}
