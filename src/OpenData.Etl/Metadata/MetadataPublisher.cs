using System.Globalization;
using OpenData.Etl.Diagnostics;
using OpenData.Etl.Pipelines;
using OpenData.Etl.Rdf;

namespace OpenData.Etl.Metadata;

/// <summary>A data file about to be published, with the facts its distribution is described by.</summary>
public sealed record StagedFile(string Key, string FileName, string StagedPath, long Bytes, string Sha1);

/// <summary>
/// Describes one run's outputs in DCAT-AP-SE and writes <c>STEM.rdf</c> (the harvest artefact) and
/// <c>STEM.ttl</c> beside the data, in the staging folder, so metadata and data are published together or not at all.
/// Dates only move when the data did: each distribution keeps its previous <c>dcterms:modified</c>
/// while its SHA-1 is unchanged, read back from the metadata published last time.
/// </summary>
public sealed class MetadataPublisher(CatalogConfig catalog, TimeProvider time)
{
    private readonly List<Diagnostic> _warnings = [];

    /// <summary>Problems that did not stop the run (an unreadable earlier metadata file).</summary>
    public IReadOnlyList<Diagnostic> Warnings => _warnings;

    public static string MediaType(string key) => key switch
    {
        "csv" => "text/csv",
        "json" => "application/json",
        "parquet" => "application/vnd.apache.parquet",
        "geojson" => "application/geo+json",
        _ => "application/octet-stream",
    };

    /// <summary>Where a pipeline's catalog configuration is: <c>dataset.catalog</c>, or catalog.yaml beside the pipeline file.</summary>
    public static string CatalogPathFor(Pipeline pipeline) =>
        pipeline.Resolve(pipeline.Dataset?.CatalogPath ?? CatalogConfigLoader.DefaultFileName);

    /// <summary>Facts for the dataset, carrying dates over from <paramref name="previousMetadataPath"/> when the files did not change.</summary>
    public DatasetFacts Describe(Pipeline pipeline, IReadOnlyList<StagedFile> files, TemporalRange? temporal, string? boundingBoxWkt, string previousMetadataPath)
    {
        var spec = pipeline.Dataset ?? throw new InvalidOperationException("the pipeline has no dataset section.");
        var previous = PreviousMetadata.Read(previousMetadataPath);
        if (previous.Unreadable)
            _warnings.Add(Diagnostic.Warning(Codes.PreviousMetadataUnreadable, "the previously published metadata cannot be read; every file counts as changed (dcterms:modified = now).", new TextLocation(Running.PathDisplay.For(previousMetadataPath))));
        var now = time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var distributions = new List<DistributionFacts>();
        foreach (var file in files)
        {
            var url = Iri.Encode(pipeline.Outputs.BaseUrl + Iri.Segment(file.FileName));
            var modified = previous.Files.TryGetValue(url, out var before) && before.Sha1 == file.Sha1 && before.Modified is not null ? before.Modified : now;
            distributions.Add(new DistributionFacts(file.Key, file.FileName, MediaType(file.Key), url, file.Bytes, file.Sha1, modified));
        }
        var datasetModified = distributions.Select(d => d.Modified).DefaultIfEmpty(now).Max(StringComparer.Ordinal)!;
        var (start, end, datatype) = temporal?.Period ?? (null, null, Vocab.Xsd + "date");
        return new DatasetFacts(spec, pipeline.Specification.Uri, distributions, start, end, datatype, boundingBoxWkt, previous.Issued ?? datasetModified, datasetModified);
    }

    /// <summary>Builds, validates (fail closed) and writes the metadata files; returns their names.</summary>
    public IReadOnlyList<string> Write(DatasetFacts facts, string stem, string stagingDirectory)
    {
        var graph = DcatGraphBuilder.Build(catalog, [facts]);
        var rdfName = stem + ".rdf";
        var errors = DcatValidator.Default.Validate(graph, rdfName).Where(d => d.IsError).ToList();
        if (errors.Count > 0) throw new EtlException(FailureKind.Configuration, errors);
        using (var stream = new FileStream(Path.Combine(stagingDirectory, rdfName), FileMode.CreateNew, FileAccess.Write))
            RdfXmlWriter.Write(graph, stream);
        using (var stream = new FileStream(Path.Combine(stagingDirectory, stem + ".ttl"), FileMode.CreateNew, FileAccess.Write))
            TurtleWriter.Write(graph, stream);
        return [rdfName, stem + ".ttl"];
    }
}

/// <summary>What the last published metadata said: each download URL's checksum and modified date, and the dataset's issued date.</summary>
internal sealed record PreviousMetadata(Dictionary<string, (string? Sha1, string? Modified)> Files, string? Issued, bool Unreadable = false)
{
    public static PreviousMetadata Read(string path)
    {
        var files = new Dictionary<string, (string?, string?)>(StringComparer.Ordinal);
        if (!File.Exists(path)) return new PreviousMetadata(files, null);
        RdfGraph graph;
        try
        {
            graph = RdfXmlParser.Parse(path, path);
        }
        catch (EtlException)
        {
            // An unreadable earlier file only costs the carried-over dates: every file counts as changed.
            return new PreviousMetadata(files, null, Unreadable: true);
        }
        foreach (var distribution in graph.SubjectsOfType(Vocab.Dcat + "Distribution"))
        {
            var url = graph.Objects(distribution, Vocab.Dcat + "downloadURL").FirstOrDefault()?.Value;
            if (url is null) continue;
            var checksum = graph.Objects(distribution, Vocab.Spdx + "checksum").FirstOrDefault();
            var sha1 = checksum is null ? null : graph.Objects(checksum, Vocab.Spdx + "checksumValue").FirstOrDefault()?.Value;
            files[url] = (sha1, graph.Objects(distribution, Vocab.Dcterms + "modified").FirstOrDefault()?.Value);
        }
        var dataset = graph.SubjectsOfType(Vocab.Dcat + "Dataset").FirstOrDefault();
        var issued = dataset is null ? null : graph.Objects(dataset, Vocab.Dcterms + "issued").FirstOrDefault()?.Value;
        return new PreviousMetadata(files, issued);
    }
}
