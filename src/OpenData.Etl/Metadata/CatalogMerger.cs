using OpenData.Etl.Diagnostics;
using OpenData.Etl.Pipelines;
using OpenData.Etl.Rdf;
using OpenData.Etl.Running;

namespace OpenData.Etl.Metadata;

/// <summary>
/// Merges the metadata each pipeline last published into one catalog: the publisher and contact point
/// are described once from the current catalog.yaml, and every dataset (with its distributions) is
/// taken as published, so the catalog never claims files that are not there.
/// </summary>
public static class CatalogMerger
{
    /// <summary>The pipeline files of a folder, in name order; the catalog configuration is not one of them.</summary>
    public static IReadOnlyList<string> PipelineFiles(string folder) =>
        [.. Directory.GetFiles(folder, "*.yaml").Concat(Directory.GetFiles(folder, "*.yml"))
            .Where(f => !CatalogConfigLoader.IsCatalogFile(f))
            .Order(StringComparer.Ordinal)];

    /// <summary>
    /// Merges the folder's published datasets. <paramref name="outputRoot"/> replaces every pipeline's
    /// outputs.dir by <c>outputRoot/NAME</c>, as a folder run with <c>-o</c> publishes them.
    /// </summary>
    public static (CatalogConfig Config, RdfGraph Graph) Merge(string pipelineDirectory, string? outputRoot = null)
    {
        var pipelines = PipelineFiles(pipelineDirectory)
            .Select(f => PipelineLoader.Load(PathDisplay.For(f)))
            .Where(p => p.Dataset is not null)
            .Select(p => outputRoot is null ? p : p with { Outputs = p.Outputs with { Directory = Path.Combine(Path.GetFullPath(outputRoot), p.Name) } })
            .ToList();
        if (pipelines.Count == 0)
            throw new EtlException(FailureKind.Configuration, Diagnostic.Error(Codes.CatalogMissing, "no pipeline in this folder has a 'dataset:' section; there is nothing to catalog.", new TextLocation(PathDisplay.For(Path.GetFullPath(pipelineDirectory)))));

        var catalogPaths = pipelines.Select(MetadataPublisher.CatalogPathFor).Distinct(StringComparer.Ordinal).ToList();
        if (catalogPaths.Count > 1)
            throw new EtlException(FailureKind.Configuration, Diagnostic.Error(Codes.CatalogMissing, $"the pipelines name {catalogPaths.Count} different catalog configurations; one catalog has one publisher.", new TextLocation(PathDisplay.For(catalogPaths[1]))));
        var catalog = CatalogConfigLoader.Load(catalogPaths[0], PathDisplay.For(catalogPaths[0]));

        var merged = DcatGraphBuilder.Build(catalog, []);
        var catalogIri = RdfTerm.Iri(catalog.CatalogIri);
        var shared = new HashSet<RdfTerm>(merged.Subjects);
        string? issued = null, modified = null;
        var problems = new List<Diagnostic>();
        foreach (var pipeline in pipelines)
        {
            var path = Path.Combine(pipeline.Resolve(pipeline.Outputs.Directory), pipeline.Outputs.FileStem + ".rdf");
            if (!File.Exists(path))
            {
                problems.Add(Diagnostic.Error(Codes.FileNotFound, $"'{pipeline.Name}' has not published metadata yet; run it first (odetl run {PathDisplay.For(Path.GetFullPath(pipeline.FilePath))}).", new TextLocation(PathDisplay.For(path))));
                continue;
            }
            var published = RdfXmlParser.Parse(path, PathDisplay.For(path));
            foreach (var triple in published.Triples)
            {
                // The publisher, contact point and catalog come from the current configuration, described once.
                if (shared.Contains(triple.Subject)) continue;
                merged.Add(triple.Subject, triple.Predicate, triple.Object);
            }
            foreach (var dataset in published.SubjectsOfType(Vocab.Dcat + "Dataset"))
            {
                merged.Add(catalogIri, Vocab.Dcat + "dataset", dataset);
                issued = Earliest(issued, published.Objects(dataset, Vocab.Dcterms + "issued").FirstOrDefault()?.Value, earliest: true);
                modified = Earliest(modified, published.Objects(dataset, Vocab.Dcterms + "modified").FirstOrDefault()?.Value, earliest: false);
            }
        }
        if (problems.Count > 0) throw new EtlException(FailureKind.Io, problems);
        if (issued is not null) merged.Add(catalogIri, Vocab.Dcterms + "issued", RdfTerm.Typed(issued, Vocab.Xsd + "dateTime"));
        if (modified is not null) merged.Add(catalogIri, Vocab.Dcterms + "modified", RdfTerm.Typed(modified, Vocab.Xsd + "dateTime"));
        return (catalog, merged);
    }

    private static string? Earliest(string? current, string? candidate, bool earliest)
    {
        if (candidate is null) return current;
        if (current is null) return candidate;
        var compare = string.CompareOrdinal(candidate, current);
        return (earliest ? compare < 0 : compare > 0) ? candidate : current;
    }
}
