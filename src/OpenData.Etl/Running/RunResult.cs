using OpenData.Etl.Geo;
using OpenData.Etl.Pipelines;

namespace OpenData.Etl.Running;

public sealed record OutputFile(OutputFormat Format, string Path, long Bytes, string Sha256);

/// <summary>What a successful run read and published.</summary>
/// <param name="KeyId">Identifies the pseudonymisation key used (a digest, not the key), or null when none was.</param>
public sealed record RunResult(string PipelineName, string SourceSha256, long RowsRead, long RowsWritten, IReadOnlyList<OutputFile> Outputs, string? KeyId)
{
    /// <summary>
    /// WGS 84 bounding box of the published points (after rounding to 7 decimals), for the metadata writer;
    /// null when the pipeline has no 'geometry' section or no row has a point.
    /// </summary>
    public GeoBounds? BoundingBox { get; init; }

    /// <summary>The DCAT-AP-SE files published with the data (STEM.rdf, STEM.ttl); empty without a <c>dataset:</c> section.</summary>
    public IReadOnlyList<string> MetadataFiles { get; init; } = [];

    /// <summary>Disclosure-control figures (cells, suppressions, smallest group); null when the pipeline neither aggregates nor checks k-anonymity.</summary>
    public Aggregation.StatisticsFigures? Statistics { get; init; }
}
