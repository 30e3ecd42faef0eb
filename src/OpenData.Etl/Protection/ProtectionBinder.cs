using OpenData.Etl.Diagnostics;
using OpenData.Etl.Pipelines;
using OpenData.Etl.Sources;

namespace OpenData.Etl.Protection;

/// <summary>
/// Turns the pipeline's column actions and derivations into a <see cref="ProtectedSource"/> over the raw
/// source, checking them against the header and loading the key, all before any row is read.
/// </summary>
internal static class ProtectionBinder
{
    /// <summary>The protected source (or the raw one when nothing needs protecting), the key id if a key was loaded, and every problem found.</summary>
    public static (ITabularSource Source, string? KeyId) Wrap(Pipeline pipeline, ITabularSource source, List<Diagnostic> errors)
    {
        var header = source.Header;
        var rules = pipeline.Columns.GroupBy(c => c.Name).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        Pseudonymiser? pseudonymiser = null;
        if (pipeline.Columns.Any(c => c.Action == ColumnAction.Pseudonymise))
        {
            if (pipeline.Protection.Key is { } key)
            {
                try
                {
                    pseudonymiser = new Pseudonymiser(KeyLoader.Load(key, pipeline), pipeline.Protection.Domain ?? pipeline.Name);
                }
                catch (EtlException e)
                {
                    errors.AddRange(e.Diagnostics);
                }
            }
            else
            {
                var first = pipeline.Columns.First(c => c.Action == ColumnAction.Pseudonymise);
                errors.Add(Diagnostic.Error(Codes.KeyMissing, $"column '{first.Name}' is pseudonymised but 'protection.key' does not say where the secret key is ({{ env: VARIABLE }} or {{ file: path }}).", first.Location));
            }
        }

        var transforms = new IColumnTransform?[header.Count];
        var dropped = new bool[header.Count];
        for (var i = 0; i < header.Count; i++)
        {
            if (!rules.TryGetValue(header[i], out var rule)) continue;
            dropped[i] = rule.Action == ColumnAction.Drop;
            transforms[i] = rule.Action switch
            {
                ColumnAction.Pseudonymise when pseudonymiser is not null => new PseudonymiseTransform(pseudonymiser),
                ColumnAction.Mask => new MaskTransform(rule.Mask!),
                ColumnAction.Generalise when rule.Generalise is { Bands: { } bands } => new BandTransform(bands, pipeline.Source.DecimalSeparator),
                ColumnAction.Generalise when rule.Generalise is { Grid: { } grid } => new GridTransform(grid, pipeline.Source.DecimalSeparator),
                ColumnAction.Generalise when rule.Generalise is { To: "nothing" } => new RemoveTransform(),
                ColumnAction.Generalise when rule.Generalise is { To: { } to } => new DatePeriodTransform(to),
                _ => null,
            };
        }

        var derived = new List<(string, int, IColumnTransform)>();
        foreach (var rule in pipeline.Derived)
        {
            var from = header.IndexOf(rule.From);
            if (from < 0)
                errors.Add(Diagnostic.Error(Codes.UnknownColumn, $"'derive.{rule.Name}' reads '{rule.From}', which is not a column of the source.{DidYouMean.Hint(rule.From, header)}", rule.Location));
            else if (header.IndexOf(rule.Name) >= 0 || derived.Any(d => d.Item1 == rule.Name))
                errors.Add(Diagnostic.Error(Codes.ProtectionInvalid, $"'derive.{rule.Name}' would hide a column of the same name; choose another name.", rule.Location));
            else
                derived.Add((rule.Name, from, new DeriveTransform(rule)));
        }

        var needsWrapper = transforms.Any(t => t is not null) || dropped.Any(d => d) || derived.Count > 0;
        var wrapped = needsWrapper ? new ProtectedSource(source, transforms, dropped, derived, pipeline.Source.MissingValues) : source;
        return (wrapped, pseudonymiser?.KeyId);
    }

}
