using OpenData.Etl.Pipelines;

namespace OpenData.Etl.Running;

public sealed record OutputFile(OutputFormat Format, string Path, long Bytes, string Sha256);

/// <summary>What a successful run read and published.</summary>
public sealed record RunResult(string PipelineName, string SourceSha256, long RowsRead, long RowsWritten, IReadOnlyList<OutputFile> Outputs)
{
    /// <summary>The DCAT-AP-SE files published with the data (STEM.rdf, STEM.ttl); empty without a <c>dataset:</c> section.</summary>
    public IReadOnlyList<string> MetadataFiles { get; init; } = [];
}
