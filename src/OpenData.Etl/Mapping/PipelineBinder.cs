using OpenData.Etl.Diagnostics;
using OpenData.Etl.Geo;
using OpenData.Etl.Pipelines;
using OpenData.Etl.Protection;
using OpenData.Etl.Schema;

using OpenData.Etl.Sources;

namespace OpenData.Etl.Mapping;

/// <summary>
/// Checks a pipeline against the specification schema and the source header before any row is read:
/// the fail-closed classification gate plus every mapping reference. Reports all problems at once.
/// </summary>
internal static class PipelineBinder
{
    /// <param name="header">The source header as mapping sees it, derived columns included.</param>
    /// <param name="errors">Problems found earlier in binding (protection), reported together with these.</param>
    public static BoundPipeline Bind(Pipeline pipeline, TableSchema schema, IReadOnlyList<string> header, string sourceName, List<Diagnostic> errors)
    {
        var rules = CheckClassification(pipeline, header, sourceName, errors);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(pipeline.Source.TimeZone);

        var mappings = new Dictionary<string, FieldMapping>(StringComparer.Ordinal);
        foreach (var mapping in pipeline.Mapping.Fields)
        {
            if (schema.Find(mapping.Field) is null)
                errors.Add(Diagnostic.Error(Codes.UnknownField, $"'{mapping.Field}' is not a field of the specification.{DidYouMean.Hint(mapping.Field, schema.Fields.Select(f => f.Name))}", mapping.Location));
            else
                mappings[mapping.Field] = mapping;
        }

        var fields = new List<BoundField>(schema.Fields.Count);
        foreach (var field in schema.Fields)
        {
            mappings.TryGetValue(field.Name, out var mapping);
            if (mapping is null)
            {
                if (field.Constraints.Required)
                    errors.Add(Diagnostic.Error(Codes.RequiredFieldUnmapped, $"the specification requires field '{field.Name}', but 'mapping.fields' gives it no source column or value.", pipeline.Mapping.Location));
                fields.Add(new BoundField(field, null, [], true, pipeline.Source.DecimalSeparator, zone));
                continue;
            }

            var indexes = new List<int>();
            var isPublic = true;
            var allowed = PersonalDataKind.None;
            foreach (var column in mapping.From)
            {
                var index = header.IndexOf(column);
                if (index < 0)
                {
                    errors.Add(Diagnostic.Error(Codes.UnknownColumn, $"field '{field.Name}' maps from '{column}', which is not a column of the source.{DidYouMean.Hint(column, header)}", mapping.Location));
                    continue;
                }
                if (rules.TryGetValue(column, out var rule))
                {
                    if (rule.Action == ColumnAction.Drop)
                        errors.Add(Diagnostic.Error(Codes.DroppedColumnMapped, $"field '{field.Name}' maps from '{column}', which is classified with action 'drop'; remove the mapping or change the action.", mapping.Location));
                    isPublic &= rule.IsPublic;
                    foreach (var kind in rule.Allow ?? []) allowed |= PersonalDataKinds.Parse(kind);
                }
                indexes.Add(index);
            }
            CheckOptions(field, mapping, errors);
            fields.Add(new BoundField(field, mapping, [.. indexes], isPublic, pipeline.Source.DecimalSeparator, zone) { AllowedKinds = allowed });
        }

        RowUriTemplate? rowUri = null;
        if (pipeline.Mapping.RowUriTemplate is { } template)
        {
            var offset = 1;
            rowUri = RowUriTemplate.TryParse(template, name => fields.FindIndex(f => f.Field.Name == name && f.Mapping is not null) is var i and >= 0 ? i + offset : -1, out var problem);
            if (rowUri is null)
                errors.Add(Diagnostic.Error(Codes.RowUriInvalid, $"'mapping.row-uri': {problem}.", pipeline.Mapping.Location));
            else if (!Uri.TryCreate(template.Replace("{", "", StringComparison.Ordinal).Replace("}", "", StringComparison.Ordinal), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                errors.Add(Diagnostic.Error(Codes.RowUriInvalid, "'mapping.row-uri' must be an absolute http(s) URI template.", pipeline.Mapping.Location));
            if (schema.Find(pipeline.Mapping.RowUriField) is not null)
                errors.Add(Diagnostic.Error(Codes.RowUriInvalid, $"'mapping.row-uri-field' '{pipeline.Mapping.RowUriField}' clashes with a specification field; choose another name.", pipeline.Mapping.Location));
        }

        var geometry = pipeline.Geometry is { } spec ? BindGeometry(pipeline, spec, schema, header, rules, errors) : null;

        if (errors.Count > 0) throw new EtlException(FailureKind.Configuration, errors);
        return new BoundPipeline(pipeline, schema, header, fields, rowUri) { Geometry = geometry };
    }

    /// <summary>
    /// The fail-closed gate: every source column must be classified, every classified column must exist,
    /// and nothing personal or sensitive may be published unchanged.
    /// </summary>
    internal static Dictionary<string, ColumnRule> CheckClassification(Pipeline pipeline, IReadOnlyList<string> header, string sourceName, List<Diagnostic> errors)
    {
        var rules = new Dictionary<string, ColumnRule>(StringComparer.Ordinal);
        foreach (var rule in pipeline.Columns) rules[rule.Name] = rule;
        // Derived columns come from personal data: classified internal, so their values are never quoted.
        foreach (var derived in pipeline.Derived) rules.TryAdd(derived.Name, new ColumnRule(derived.Name, DataClass.Internal, ColumnAction.Keep, derived.Location));

        var unclassified = header.Where(h => !rules.ContainsKey(h)).ToList();
        for (var i = 0; i < header.Count; i++)
        {
            if (rules.ContainsKey(header[i])) continue;
            errors.Add(Diagnostic.Error(Codes.UnclassifiedColumn,
                $"source column '{header[i]}' is not classified; add it under 'columns' with a class (public, internal, personal, sensitive) and an action before it can be read.",
                new TextLocation(sourceName, pipeline.Source.HeaderRow, i + 1)));
        }
        if (unclassified.Count > 1)
            errors.Add(Diagnostic.Error(Codes.UnclassifiedColumn, $"{unclassified.Count} source columns are not classified: {string.Join(", ", unclassified)}.", new TextLocation(pipeline.FilePath)));

        foreach (var rule in pipeline.Columns)
        {
            if (rule.Review is not null)
                errors.Add(Diagnostic.Error(Codes.ReviewPending, $"column '{rule.Name}' awaits review ({rule.Review}); check its class and action, then delete its 'review' key.", rule.Location));
            if (rule.Allow is { Count: > 0 } && rule.Action == ColumnAction.Drop)
                errors.Add(Diagnostic.Error(Codes.ProtectionInvalid, $"column '{rule.Name}' is dropped, so 'allow' has nothing to allow; remove it.", rule.Location));
            if (header.IndexOf(rule.Name) < 0)
                errors.Add(Diagnostic.Error(Codes.ClassifiedColumnMissing, $"column '{rule.Name}' is classified but the source has no such column.{DidYouMean.Hint(rule.Name, unclassified.Count > 0 ? unclassified : header)}", rule.Location));
            if (rule.Class is DataClass.Personal or DataClass.Sensitive && rule.Action == ColumnAction.Keep)
                errors.Add(Diagnostic.Error(Codes.PersonalDataPublished, $"column '{rule.Name}' is {rule.Class.ToString().ToLowerInvariant()} and its action 'keep' would publish it unchanged; use 'drop'.", rule.Location));
        }
        return rules;
    }

    /// <summary>
    /// The geometry columns must exist, be kept and be public: coordinates are published as they are, and
    /// a later protection step (snapping to a grid) is what will make non-public locations publishable.
    /// </summary>
    private static GeometryBinding? BindGeometry(Pipeline pipeline, GeometrySpec spec, TableSchema schema, IReadOnlyList<string> header, Dictionary<string, ColumnRule> rules, List<Diagnostic> errors)
    {
        var before = errors.Count;
        var indexes = new List<int>();
        foreach (var column in spec.Columns)
        {
            var index = header.IndexOf(column);
            if (index < 0)
            {
                errors.Add(Diagnostic.Error(Codes.UnknownColumn, $"'geometry' reads from '{column}', which is not a column of the source.{DidYouMean.Hint(column, header)}", spec.Location));
                continue;
            }
            if (rules.TryGetValue(column, out var rule))
            {
                if (rule.Action == ColumnAction.Drop)
                    errors.Add(Diagnostic.Error(Codes.DroppedColumnMapped, $"'geometry' reads from '{column}', which is classified with action 'drop'; remove it from 'geometry' or change the action.", spec.Location));
                else if (!rule.IsPublic)
                    errors.Add(Diagnostic.Error(Codes.GeometryColumnNotPublic, $"'geometry' reads from '{column}', which is classified {rule.Class.ToString().ToLowerInvariant()}; coordinates are published as they are, so geometry columns must be public.", spec.Location));
            }
            indexes.Add(index);
        }
        if (schema.Find(GeometryColumnName) is not null || pipeline.Mapping.RowUriField == GeometryColumnName)
            errors.Add(Diagnostic.Error(Codes.GeometryInvalid, $"the output column '{GeometryColumnName}' that carries the points clashes with a field of the same name.", spec.Location));
        return errors.Count == before ? new GeometryBinding(spec, [.. indexes], pipeline.Source.DecimalSeparator) : null;
    }

    /// <summary>Name of the geometry column in Parquet (and GeoParquet's primary column).</summary>
    public const string GeometryColumnName = "geometry";

    private static void CheckOptions(TableField field, FieldMapping mapping, List<Diagnostic> errors)
    {
        void Error(string message) => errors.Add(Diagnostic.Error(Codes.InvalidValue, $"field '{field.Name}': {message}", mapping.Location));

        if (mapping.Decimals is not null && field.Type != FieldType.Number) Error("'decimals' applies to number fields only.");
        if (mapping.Format is not null && field.Type is not (FieldType.Date or FieldType.DateTime)) Error("'format' applies to date and datetime fields only.");
        if ((mapping.Split is not null || mapping.Items is not null) && field.Type != FieldType.Array) Error("'split' and 'items' apply to array fields only.");
        if (mapping.From.Count > 1 && field.Type != FieldType.Array) Error("several 'from' columns can only feed an array field.");
        if (mapping.From.Count > 1 && mapping.Split is not null) Error("use either several 'from' columns or 'split', not both.");
        if (mapping.Format is { } format && !IsUsableFormat(format)) Error($"'format' '{format}' is not a usable date format (e.g. yyyy-MM-dd, dd/MM/yyyy HH:mm).");
    }

    private static bool IsUsableFormat(string format)
    {
        try
        {
            _ = new DateTime(2024, 3, 5, 9, 30, 0, DateTimeKind.Unspecified).ToString(format, System.Globalization.CultureInfo.InvariantCulture);
            return format.Contains("yy", StringComparison.Ordinal);
        }
        catch (FormatException)
        {
            return false;
        }
    }

}
