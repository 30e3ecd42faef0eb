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

    /// <summary>Rows left out under <c>on-bad-row: skip</c>; <see cref="RowsRead"/> = <see cref="RowsWritten"/> + this.</summary>
    public long RowsRejected { get; init; }

    /// <summary>What run.json and report.html say; also set by a dry run, which publishes nothing.</summary>
    public Reporting.RunReport? Report { get; init; }

    /// <summary>The published run.json and report.html.</summary>
    public IReadOnlyList<string> ReportFiles { get; init; } = [];

    /// <summary>Disclosure-control figures (cells, suppressions, smallest group); null when the pipeline neither aggregates nor checks k-anonymity.</summary>
    public Aggregation.StatisticsFigures? Statistics { get; init; }
}

/// <summary>Progress after a batch: rows read and published so far, source bytes read of its size, and the time spent.</summary>
public sealed record RunProgress(long RowsRead, long RowsWritten, long BytesRead, long SourceBytes, TimeSpan Elapsed)
{
    /// <summary>Remaining time at the average speed so far; null before anything was read.</summary>
    public TimeSpan? Eta => BytesRead <= 0 || SourceBytes <= 0 ? null
        : TimeSpan.FromSeconds(Elapsed.TotalSeconds * Math.Max(0, SourceBytes - BytesRead) / BytesRead);
}
