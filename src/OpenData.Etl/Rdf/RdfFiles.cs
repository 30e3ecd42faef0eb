using OpenData.Etl.Diagnostics;

namespace OpenData.Etl.Rdf;

/// <summary>Reads an RDF file by its extension.</summary>
public static class RdfFiles
{
    public static RdfGraph Read(string path, string displayName) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".rdf" or ".xml" or ".owl" => RdfXmlParser.Parse(path, displayName),
        ".ttl" => TurtleParser.Parse(File.ReadAllText(path), displayName),
        var other => throw new EtlException(FailureKind.Configuration, Diagnostic.Error(Codes.RdfSyntax, $"unknown RDF file type '{other}'; use .rdf (RDF/XML) or .ttl (Turtle).", new TextLocation(displayName))),
    };
}
