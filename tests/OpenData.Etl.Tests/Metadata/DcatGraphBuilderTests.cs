using OpenData.Etl.Diagnostics;
using OpenData.Etl.Metadata;
using OpenData.Etl.Pipelines;
using OpenData.Etl.Rdf;
using OpenData.Etl.Tests.Support;

namespace OpenData.Etl.Tests.Metadata;

public sealed class DcatGraphBuilderTests
{
    private static readonly CatalogConfig Catalog = CatalogConfigLoader.Parse(File.ReadAllText(Repo.PathOf("pipelines", "catalog.yaml")), "catalog.yaml");

    private static DatasetFacts Facts(Func<DatasetSpec, DatasetSpec>? edit = null, string? bbox = null)
    {
        var spec = PipelineLoader.Parse(File.ReadAllText(Repo.LivsmedelPipeline), "p.yaml").Dataset!;
        if (edit is not null) spec = edit(spec);
        DistributionFacts Dist(string key) => new(key, "x." + key, MetadataPublisher.MediaType(key), "https://ex.se/files/x." + key, 10, new string('a', 40), "2026-01-01T00:00:00Z");
        return new DatasetFacts(spec, "https://ex.se/spec", [Dist("csv"), Dist("geojson")], "2024-01-01", "2024-12-31", Vocab.Xsd + "date", bbox, "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z");
    }

    private static IEnumerable<Diagnostic> Errors(RdfGraph graph) => DcatValidator.Default.Validate(graph, "x.rdf").Where(d => d.IsError);

    [Fact]
    public void A_bounding_box_becomes_a_location_with_a_wkt_literal_and_validates()
    {
        const string Wkt = "POLYGON((12.9 55.5, 13.1 55.5, 13.1 55.7, 12.9 55.7, 12.9 55.5))";
        var graph = DcatGraphBuilder.Build(Catalog, [Facts(bbox: Wkt)]);
        var location = Assert.Single(graph.SubjectsOfType(Vocab.Dcterms + "Location"));
        var bbox = Assert.Single(graph.Objects(location, Vocab.Dcat + "bbox"));
        Assert.Equal((Wkt, Vocab.Geo + "wktLiteral"), (bbox.Value, bbox.Datatype));
        Assert.Empty(Errors(graph));
    }

    [Fact]
    public void A_high_value_dataset_carries_the_regulation_on_the_dataset_and_every_distribution()
    {
        var graph = DcatGraphBuilder.Build(Catalog, [Facts(s => s with { HvdCategories = ["http://data.europa.eu/bna/c_ac64a52d"] })]);
        Assert.Empty(Errors(graph));
        var legislation = graph.Triples.Where(t => t.Predicate == Vocab.Dcatap + "applicableLegislation").ToList();
        Assert.Equal(1 + 2, legislation.Count);
        Assert.All(legislation, t => Assert.Equal(DcatGraphBuilder.HvdLegislation, t.Object.Value));
    }

    [Fact]
    public void GeoJSON_is_described_with_its_media_type_literal()
    {
        var graph = DcatGraphBuilder.Build(Catalog, [Facts()]);
        Assert.Contains(graph.Triples, t => t.Predicate == Vocab.Dcterms + "format" && t.Object == RdfTerm.Plain("application/geo+json"));
        Assert.Empty(Errors(graph));
    }

    [Fact]
    public void Catalog_dataset_distribution_publisher_and_contact_point_are_never_blank_nodes()
    {
        var graph = DcatGraphBuilder.Build(Catalog, [Facts()]);
        foreach (var type in new[] { "http://www.w3.org/ns/dcat#Catalog", Vocab.Dcat + "Dataset", Vocab.Dcat + "Distribution", Vocab.Foaf + "Agent", Vocab.Vcard + "Organization" })
        {
            Assert.NotEmpty(graph.SubjectsOfType(type));
            Assert.All(graph.SubjectsOfType(type), s => Assert.Equal(TermKind.Iri, s.Kind));
        }
        Assert.NotEqual(Catalog.PublisherIri, Catalog.ContactIri);
        Assert.All(graph.Triples.Where(t => t.Object.Kind == TermKind.Literal && t.Predicate is Vocab.Dcterms + "title" or Vocab.Dcterms + "description" or Vocab.Dcat + "keyword" or Vocab.Foaf + "name"),
            t => Assert.NotNull(t.Object.Language));
    }

    [Fact]
    public async Task Validate_checks_the_catalog_configuration_and_temporal_field_without_reading_data()
    {
        using var dir = new TempDir();
        var pipeline = PipelineFiles.WriteExamplePipeline(dir, Repo.LivsmedelExport,
            yaml => yaml.Replace("temporal-field: inspection.date", "temporal-field: inspection.dat", StringComparison.Ordinal));
        var result = await Odetl.RunAsync("validate", pipeline);
        Assert.Equal(ExitCodes.ConfigurationError, result.ExitCode);
        Assert.Contains("Did you mean 'inspection.date'", result.Stderr, StringComparison.Ordinal);

        File.Delete(dir.File("catalog.yaml"));
        Assert.Contains(Codes.CatalogMissing, (await Odetl.RunAsync("validate", pipeline)).Stderr, StringComparison.Ordinal);
    }
}
