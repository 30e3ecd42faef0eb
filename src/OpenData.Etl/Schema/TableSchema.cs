using System.Text.RegularExpressions;

namespace OpenData.Etl.Schema;

/// <summary>The Table Schema field types the engine maps, validates and writes.</summary>
public enum FieldType { String, Integer, Number, Boolean, Date, DateTime, Year, Array }

/// <summary>Constraints of a Frictionless Table Schema field that rows are checked against.</summary>
public sealed record FieldConstraints(
    bool Required,
    bool Unique,
    IReadOnlyList<string>? Enum,
    Regex? Pattern,
    string? Minimum,
    string? Maximum,
    int? MinLength,
    int? MaxLength);

public sealed record TableField(string Name, FieldType Type, string? Title, string? Description, FieldConstraints Constraints);

/// <summary>A published specification's schema, as a Frictionless Table Schema.</summary>
public sealed record TableSchema(string FilePath, IReadOnlyList<TableField> Fields, IReadOnlyList<string> PrimaryKey)
{
    public TableField? Find(string name) => Fields.FirstOrDefault(f => f.Name == name);
}
