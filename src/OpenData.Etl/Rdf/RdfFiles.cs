using OpenData.Etl.Diagnostics;

namespace OpenData.Etl.Rdf;

/// <summary>Reads an RDF file by its extension.</summary>
public static class RdfFiles
{
    /// <summary>Catalogs are small; a larger file is refused unread rather than loaded into memory.</summary>
    public const long MaxFileBytes = 256L << 20;

    public static RdfGraph Read(string path, string displayName)
    {
        if (new FileInfo(path).Length > MaxFileBytes)
            throw new EtlException(FailureKind.Data, Diagnostic.Error(Codes.RdfSyntax, $"the file is larger than {MaxFileBytes >> 20} MiB; a DCAT catalog never is.", new TextLocation(displayName)));
        return ReadByExtension(path, displayName);
    }

    private static RdfGraph ReadByExtension(string path, string displayName) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".rdf" or ".xml" or ".owl" => RdfXmlParser.Parse(path, displayName),
        ".ttl" => TurtleParser.Parse(File.ReadAllText(path), displayName),
        var other => throw new EtlException(FailureKind.Configuration, Diagnostic.Error(Codes.RdfSyntax, $"unknown RDF file type '{other}'; use .rdf (RDF/XML) or .ttl (Turtle).", new TextLocation(displayName))),
    };
}
