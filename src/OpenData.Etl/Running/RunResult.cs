using OpenData.Etl.Pipelines;

namespace OpenData.Etl.Running;

public sealed record OutputFile(OutputFormat Format, string Path, long Bytes, string Sha256);

/// <summary>What a successful run read and published.</summary>
/// <param name="KeyId">Identifies the pseudonymisation key used (a digest, not the key), or null when none was.</param>
public sealed record RunResult(string PipelineName, string SourceSha256, long RowsRead, long RowsWritten, IReadOnlyList<OutputFile> Outputs, string? KeyId);
