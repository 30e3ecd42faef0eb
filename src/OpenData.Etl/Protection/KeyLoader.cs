using System.Text;
using OpenData.Etl.Diagnostics;
using OpenData.Etl.Pipelines;

namespace OpenData.Etl.Protection;

/// <summary>Reads the pseudonymisation key from where the pipeline points; every failure names the place, never the key.</summary>
internal static class KeyLoader
{
    /// <summary>256 bits, written as text: e.g. the output of <c>openssl rand -base64 32</c>.</summary>
    public const int MinimumLength = 32;

    public static byte[] Load(KeyReference reference, Pipeline pipeline)
    {
        string? text;
        string where;
        if (reference.Environment is { } variable)
        {
            where = $"environment variable {variable}";
            text = Environment.GetEnvironmentVariable(variable);
        }
        else
        {
            var path = pipeline.Resolve(reference.File!);
            where = $"key file {reference.File}";
            text = File.Exists(path) ? File.ReadAllText(path) : null;
        }

        if (string.IsNullOrWhiteSpace(text))
            throw Fail($"the pseudonymisation key is missing: {where} is not set or empty. Nothing was read. Create a key with 'openssl rand -base64 32'.", reference);
        var key = Encoding.UTF8.GetBytes(text.Trim());
        if (key.Length < MinimumLength)
            throw Fail($"the pseudonymisation key in {where} is shorter than {MinimumLength} characters; a short key can be guessed. Create one with 'openssl rand -base64 32'.", reference);
        return key;
    }

    private static EtlException Fail(string message, KeyReference reference) =>
        new(FailureKind.Configuration, Diagnostic.Error(Codes.KeyMissing, message, reference.Location));
}
