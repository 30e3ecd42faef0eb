namespace OpenData.Etl.Rdf;

/// <summary>Namespaces used by DCAT-AP-SE, with the prefixes the writers and messages use.</summary>
public static class Vocab
{
    public const string Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    public const string Rdfs = "http://www.w3.org/2000/01/rdf-schema#";
    public const string Xsd = "http://www.w3.org/2001/XMLSchema#";
    public const string Dcat = "http://www.w3.org/ns/dcat#";
    public const string Dcterms = "http://purl.org/dc/terms/";
    public const string Dcatap = "http://data.europa.eu/r5r/";
    public const string Foaf = "http://xmlns.com/foaf/0.1/";
    public const string Vcard = "http://www.w3.org/2006/vcard/ns#";
    public const string Spdx = "http://spdx.org/rdf/terms#";
    public const string Geo = "http://www.opengis.net/ont/geosparql#";
    public const string Adms = "http://www.w3.org/ns/adms#";
    public const string Locn = "http://www.w3.org/ns/locn#";
    public const string Owl = "http://www.w3.org/2002/07/owl#";
    public const string Skos = "http://www.w3.org/2004/02/skos/core#";
    public const string Prov = "http://www.w3.org/ns/prov#";
    public const string Odrs = "http://schema.theodi.org/odrs#";
    public const string Schema = "http://schema.org/";
    public const string Org = "https://www.w3.org/ns/org#";
    public const string Xml = "http://www.w3.org/XML/1998/namespace";

    public const string Type = Rdf + "type";

    /// <summary>Prefixes in the order the writers declare them; also the prefixes bundle.json uses.</summary>
    public static readonly IReadOnlyList<(string Prefix, string Namespace)> Prefixes =
    [
        ("rdf", Rdf), ("rdfs", Rdfs), ("xsd", Xsd), ("dcat", Dcat), ("dcterms", Dcterms), ("dcatap", Dcatap),
        ("foaf", Foaf), ("vcard", Vcard), ("spdx", Spdx), ("geo", Geo), ("adms", Adms), ("locn", Locn),
        ("owl", Owl), ("skos", Skos), ("prov", Prov), ("odrs", Odrs), ("schema", Schema),
    ];

    /// <summary>Expands <c>prefix:local</c> (bundle.json also writes <c>vc:</c> for vCard); full IRIs pass through.</summary>
    public static string Expand(string name)
    {
        if (name.Contains("://", StringComparison.Ordinal)) return name;
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0) return name;
        var prefix = name[..colon];
        if (prefix == "vc") return Vcard + name[(colon + 1)..];
        foreach (var (p, ns) in Prefixes)
        {
            if (p == prefix) return ns + name[(colon + 1)..];
        }
        return name;
    }

    /// <summary>The shortest <c>prefix:local</c> form of an IRI for messages, or the IRI itself.</summary>
    public static string Shorten(string iri)
    {
        foreach (var (p, ns) in Prefixes)
        {
            if (iri.StartsWith(ns, StringComparison.Ordinal) && iri.Length > ns.Length && !iri.AsSpan(ns.Length).ContainsAny('/', '#')) return $"{p}:{iri[ns.Length..]}";
        }
        return iri;
    }
}
