using OpenData.Etl.Metadata;
using OpenData.Etl.Rdf;

namespace OpenData.Etl.Tests.Metadata;

public sealed class RdfWriterTests
{
    private static RdfGraph Tricky()
    {
        var g = new RdfGraph();
        var s = RdfTerm.Iri(Iri.Encode("https://ex.se/data set/å<1>"));
        g.Add(s, Vocab.Type, RdfTerm.Iri(Vocab.Dcat + "Dataset"));
        g.Add(s, Vocab.Dcterms + "title", RdfTerm.Text("Kök & bad <\"citat\"> \\ \n ny rad", "sv"));
        g.Add(s, Vocab.Dcterms + "issued", RdfTerm.Typed("2024-01-01", Vocab.Xsd + "date"));
        var period = RdfTerm.Blank("p1");
        g.Add(s, Vocab.Dcterms + "temporal", period);
        g.Add(period, Vocab.Type, RdfTerm.Iri(Vocab.Dcterms + "PeriodOfTime"));
        g.Add(period, Vocab.Dcat + "startDate", RdfTerm.Typed("2024-01-01", Vocab.Xsd + "date"));
        return g;
    }

    private static HashSet<string> Canonical(RdfGraph g) =>
        [.. g.Triples.Select(t => $"{(t.Subject.Kind == TermKind.Blank ? "_" : t.Subject.ToString())} {t.Predicate} {(t.Object.Kind == TermKind.Blank ? "_" : t.Object.ToString())}")];

    [Fact]
    public void Iris_are_percent_encoded_where_rfc3987_forbids_the_character()
    {
        Assert.Equal("https://ex.se/data%20set/å%3C1%3E", Iri.Encode("https://ex.se/data set/å<1>"));
    }

    [Fact]
    public void Rdf_xml_escapes_text_and_reads_back_to_the_same_triples()
    {
        var graph = Tricky();
        var text = RdfXmlWriter.ToText(graph);
        Assert.Contains("Kök &amp; bad &lt;\"citat\"&gt;", text, StringComparison.Ordinal);
        Assert.Contains("<dcterms:PeriodOfTime>", text, StringComparison.Ordinal); // nested, no blank node label
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text));
        Assert.Equal(Canonical(graph), Canonical(RdfXmlParser.Parse(stream, "x.rdf")));
    }

    [Fact]
    public void Turtle_escapes_text_and_reads_back_to_the_same_triples()
    {
        var graph = Tricky();
        var text = TurtleWriter.ToText(graph);
        Assert.Contains("\\\"citat\\\"", text, StringComparison.Ordinal);
        Assert.Equal(Canonical(graph), Canonical(TurtleParser.Parse(text, "x.ttl")));
    }

    [Fact]
    public void Writing_does_not_depend_on_the_order_triples_were_added()
    {
        var graph = Tricky();
        var reversed = new RdfGraph();
        foreach (var t in graph.Triples.Reverse()) reversed.Add(t.Subject, t.Predicate, t.Object);
        Assert.Equal(RdfXmlWriter.ToText(graph), RdfXmlWriter.ToText(reversed));
        Assert.Equal(TurtleWriter.ToText(graph), TurtleWriter.ToText(reversed));
    }
}
