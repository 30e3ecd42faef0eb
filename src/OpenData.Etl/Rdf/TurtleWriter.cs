using System.Text;

namespace OpenData.Etl.Rdf;

/// <summary>Writes a graph as Turtle in the same fixed order as the RDF/XML writer, with inline <c>[ ... ]</c> blank nodes.</summary>
public static class TurtleWriter
{
    private static readonly System.Buffers.SearchValues<char> NameChars = System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-");

    public static string ToText(RdfGraph graph)
    {
        var layout = new RdfLayout(graph);
        var text = new StringBuilder();
        foreach (var (prefix, ns) in Vocab.Prefixes) text.Append("@prefix ").Append(prefix).Append(": <").Append(ns).Append("> .\n");
        foreach (var subject in layout.TopLevelSubjects())
        {
            text.Append('\n').Append(Term(subject));
            Properties(text, layout, subject, 1);
            text.Append(" .\n");
        }
        return text.ToString();
    }

    public static void Write(RdfGraph graph, Stream stream)
    {
        var bytes = new UTF8Encoding(false).GetBytes(ToText(graph));
        stream.Write(bytes);
    }

    private static void Properties(StringBuilder text, RdfLayout layout, RdfTerm subject, int depth)
    {
        var indent = new string(' ', depth * 4);
        string? last = null;
        foreach (var triple in layout.Properties(subject))
        {
            if (triple.Predicate == last)
            {
                text.Append(" ,\n").Append(indent).Append("    ");
            }
            else
            {
                text.Append(last is null ? "\n" : " ;\n").Append(indent).Append(triple.Predicate == Vocab.Type ? "a" : Name(triple.Predicate)).Append(' ');
                last = triple.Predicate;
            }
            if (triple.Object.Kind == TermKind.Blank && layout.IsInline(triple.Object))
            {
                text.Append('[');
                Properties(text, layout, triple.Object, depth + 1);
                text.Append('\n').Append(indent).Append(']');
            }
            else
            {
                text.Append(Term(triple.Object));
            }
        }
    }

    private static string Name(string iri)
    {
        var shortName = Vocab.Shorten(iri);
        return shortName != iri && shortName.AsSpan(shortName.IndexOf(':') + 1).IndexOfAnyExcept(NameChars) < 0 ? shortName : $"<{EscapeIri(iri)}>";
    }

    private static string Term(RdfTerm term) => term.Kind switch
    {
        TermKind.Iri => Name(term.Value),
        TermKind.Blank => "_:" + term.Value,
        _ => "\"" + Escape(term.Value) + "\"" + (term.Language is { } l ? "@" + l : term.Datatype is { } d ? "^^" + Name(d) : ""),
    };

    private static string EscapeIri(string iri) => iri.Replace(">", "%3E", StringComparison.Ordinal);

    private static string Escape(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            builder.Append(c switch
            {
                '\\' => "\\\\",
                '"' => "\\\"",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => $"\\u{(int)c:X4}",
                _ => c.ToString(),
            });
        }
        return builder.ToString();
    }
}
