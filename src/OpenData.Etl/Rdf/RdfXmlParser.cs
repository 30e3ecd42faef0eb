using System.Xml;
using OpenData.Etl.Diagnostics;

namespace OpenData.Etl.Rdf;

/// <summary>
/// Reads the part of RDF/XML that catalogs use: <c>rdf:Description</c> and typed node elements,
/// <c>rdf:about</c>, <c>rdf:ID</c>, <c>rdf:nodeID</c>, <c>rdf:resource</c>, <c>rdf:datatype</c>,
/// <c>xml:lang</c>, property attributes, nested node elements and <c>rdf:parseType="Resource"</c>.
/// Anything else (collections, XML literals, reification) is refused with its position, never guessed at.
/// </summary>
public sealed class RdfXmlParser
{
    private readonly string _file;
    private readonly RdfGraph _graph = new();
    private readonly Dictionary<string, RdfTerm> _nodeIds = new(StringComparer.Ordinal);
    private int _blankCounter;
    private string? _base;

    private RdfXmlParser(string file) => _file = file;

    public static RdfGraph Parse(string path, string displayName)
    {
        using var stream = File.OpenRead(path);
        return Parse(stream, displayName, new Uri(Path.GetFullPath(path)).AbsoluteUri);
    }

    public static RdfGraph Parse(Stream stream, string displayName, string? baseUri = null)
    {
        var parser = new RdfXmlParser(displayName) { _base = baseUri };
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true, IgnoreProcessingInstructions = true };
        try
        {
            using var reader = XmlReader.Create(stream, settings);
            var root = new LineDocument { XmlResolver = null, Reader = reader as IXmlLineInfo };
            root.Load(reader);
            parser.Document(root.DocumentElement!);
        }
        catch (XmlException e)
        {
            throw new EtlException(FailureKind.Data, Diagnostic.Error(Codes.RdfSyntax, $"not well-formed XML: {e.Message}", new TextLocation(displayName, e.LineNumber, e.LinePosition)));
        }
        return parser._graph;
    }

    private void Document(XmlElement root)
    {
        if (root.NamespaceURI == Vocab.Rdf && root.LocalName == "RDF")
        {
            foreach (var child in Elements(root)) NodeElement(child, Lang(root, null));
        }
        else
        {
            NodeElement(root, null);
        }
    }

    private RdfTerm NodeElement(XmlElement element, string? inheritedLang)
    {
        var lang = Lang(element, inheritedLang);
        var subject = SubjectOf(element);
        if (element is LineElement { Line: > 0 } located) _graph.SubjectLines.TryAdd(subject, located.Line);
        if (!(element.NamespaceURI == Vocab.Rdf && element.LocalName == "Description"))
            _graph.Add(subject, Vocab.Type, RdfTerm.Iri(element.NamespaceURI + element.LocalName));

        foreach (XmlAttribute attribute in element.Attributes)
        {
            if (IsSyntaxAttribute(attribute)) continue;
            if (attribute.NamespaceURI == Vocab.Rdf && attribute.LocalName == "type")
                _graph.Add(subject, Vocab.Type, RdfTerm.Iri(Resolve(attribute.Value)));
            else
                _graph.Add(subject, attribute.NamespaceURI + attribute.LocalName, lang is null ? RdfTerm.Plain(attribute.Value) : RdfTerm.Text(attribute.Value, lang));
        }

        foreach (var property in Elements(element)) PropertyElement(subject, property, lang);
        return subject;
    }

    private void PropertyElement(RdfTerm subject, XmlElement element, string? inheritedLang)
    {
        var predicate = element.NamespaceURI + element.LocalName;
        if (element.NamespaceURI.Length == 0) throw Fail($"property element <{element.Name}> has no namespace.", element);
        var lang = Lang(element, inheritedLang);
        var resource = RdfAttribute(element, "resource");
        var nodeId = RdfAttribute(element, "nodeID");
        var datatype = RdfAttribute(element, "datatype");
        var parseType = RdfAttribute(element, "parseType");
        var children = Elements(element).ToList();

        if (parseType is not null)
        {
            if (parseType != "Resource") throw Fail($"rdf:parseType=\"{parseType}\" is not supported; use nested elements.", element);
            var node = NewBlank();
            _graph.Add(subject, predicate, node);
            foreach (var child in children) PropertyElement(node, child, lang);
            return;
        }
        if (resource is not null || nodeId is not null)
        {
            if (children.Count > 0) throw Fail($"<{element.Name}> has rdf:resource or rdf:nodeID and also child elements.", element);
            var obj = resource is not null ? RdfTerm.Iri(Resolve(resource)) : BlankFor(nodeId!);
            _graph.Add(subject, predicate, obj);
            // Property attributes on an empty property element describe the object.
            foreach (XmlAttribute attribute in element.Attributes)
            {
                if (IsSyntaxAttribute(attribute) || attribute.NamespaceURI == Vocab.Rdf) continue;
                _graph.Add(obj, attribute.NamespaceURI + attribute.LocalName, lang is null ? RdfTerm.Plain(attribute.Value) : RdfTerm.Text(attribute.Value, lang));
            }
            return;
        }
        if (children.Count == 1)
        {
            _graph.Add(subject, predicate, NodeElement(children[0], lang));
            return;
        }
        if (children.Count > 1) throw Fail($"<{element.Name}> holds more than one node element.", element);

        var text = element.InnerText;
        _graph.Add(subject, predicate, datatype is not null ? RdfTerm.Typed(text, Resolve(datatype)) : lang is not null ? RdfTerm.Text(text, lang) : RdfTerm.Plain(text));
    }

    private RdfTerm SubjectOf(XmlElement element)
    {
        if (RdfAttribute(element, "about") is { } about) return RdfTerm.Iri(Resolve(about));
        if (RdfAttribute(element, "ID") is { } id) return RdfTerm.Iri(Resolve("#" + id));
        if (RdfAttribute(element, "nodeID") is { } nodeId) return BlankFor(nodeId);
        return NewBlank();
    }

    private RdfTerm BlankFor(string nodeId)
    {
        if (!_nodeIds.TryGetValue(nodeId, out var term)) _nodeIds[nodeId] = term = RdfTerm.Blank(nodeId);
        return term;
    }

    private RdfTerm NewBlank() => RdfTerm.Blank($"genid{++_blankCounter}");

    private string Resolve(string reference)
    {
        if (Uri.TryCreate(reference, UriKind.Absolute, out _)) return reference;
        return _base is not null && Uri.TryCreate(new Uri(_base), reference, out var resolved) ? resolved.AbsoluteUri : reference;
    }

    private static string? RdfAttribute(XmlElement element, string localName) =>
        element.GetAttributeNode(localName, Vocab.Rdf)?.Value;

    private static string? Lang(XmlElement element, string? inherited)
    {
        var attribute = element.GetAttributeNode("lang", Vocab.Xml);
        return attribute is null ? inherited : attribute.Value.Length == 0 ? null : attribute.Value;
    }

    private static bool IsSyntaxAttribute(XmlAttribute attribute) =>
        attribute.NamespaceURI is "http://www.w3.org/2000/xmlns/" or Vocab.Xml
        || attribute.Prefix == "xmlns" || attribute.Name == "xmlns"
        || (attribute.NamespaceURI == Vocab.Rdf && attribute.LocalName is "about" or "ID" or "nodeID" or "resource" or "datatype" or "parseType");

    private static IEnumerable<XmlElement> Elements(XmlElement parent) => parent.ChildNodes.OfType<XmlElement>();

    private EtlException Fail(string message, XmlElement element) =>
        new(FailureKind.Data, Diagnostic.Error(Codes.RdfSyntax, message, element is LineElement e ? new TextLocation(_file, e.Line, e.Column) : new TextLocation(_file)));

    /// <summary>An XmlDocument whose elements remember where they started, for messages.</summary>
    private sealed class LineDocument : XmlDocument
    {
        public IXmlLineInfo? Reader { get; init; }

        public override XmlElement CreateElement(string? prefix, string localName, string? namespaceURI) =>
            new LineElement(prefix ?? "", localName, namespaceURI, this) { Line = Reader?.LineNumber ?? 0, Column = Reader?.LinePosition ?? 0 };
    }

    private sealed class LineElement(string prefix, string localName, string? namespaceURI, XmlDocument document)
        : XmlElement(prefix, localName, namespaceURI, document)
    {
        public int Line { get; init; }

        public int Column { get; init; }
    }
}
