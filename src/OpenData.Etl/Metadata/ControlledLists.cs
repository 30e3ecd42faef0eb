namespace OpenData.Etl.Metadata;

/// <summary>
/// The DCAT-AP-SE value lists configuration is checked against, read from the embedded bundle.json so
/// they can never drift from the rulebook. Values may be written as the full IRI or by a short name:
/// the IRI's last segment (<c>GOVE</c>, <c>MONTHLY</c>, <c>LocalAuthority</c>) or, for licences, the SPDX id (<c>CC-BY-4.0</c>, <c>CC0-1.0</c>).
/// </summary>
public sealed class ControlledList(string what, IReadOnlyList<string> values)
{
    public static ControlledList Themes => new("theme", DcatBundle.Default.Choices("dcat:theme"));
    public static ControlledList Licences => new("licence", DcatBundle.Default.Choices("dcat:dcterms:cc-license-choices"));
    public static ControlledList Frequencies => new("frequency", DcatBundle.Default.Choices("dcat:dcterms:accrualPeriodicity_da"));
    public static ControlledList AccessRights => new("access right", DcatBundle.Default.Choices("dcat:dcterms:accessRights"));
    public static ControlledList PublisherTypes => new("publisher type", DcatBundle.Default.Choices("adms:publishertype"));
    public static ControlledList HvdCategories => new("high-value dataset category", DcatBundle.Default.Choices("dcatap:hvdCategory"));
    public static ControlledList Availabilities => new("availability", DcatBundle.Default.Choices("dcatap:availability"));

    public string What { get; } = what;

    public IReadOnlyList<string> Values { get; } = values;

    public IReadOnlyList<string> ShortNames => [.. Values.Select(ShortName)];

    /// <summary>The list's IRI for <paramref name="text"/>, or null when it is not in the list.</summary>
    public string? Resolve(string text)
    {
        foreach (var value in Values)
        {
            if (value == text || string.Equals(ShortName(value), text, StringComparison.OrdinalIgnoreCase)) return value;
        }
        if (text.Equals("CC0", StringComparison.OrdinalIgnoreCase)) return Values.FirstOrDefault(v => v.Contains("/publicdomain/zero/", StringComparison.Ordinal));
        return null;
    }

    public static string ShortName(string iri)
    {
        const string Licenses = "creativecommons.org/licenses/";
        var at = iri.IndexOf(Licenses, StringComparison.Ordinal);
        if (at >= 0)
        {
            var parts = iri[(at + Licenses.Length)..].Trim('/').Split('/');
            return $"CC-{parts[0].ToUpperInvariant()}-{parts[^1]}";
        }
        if (iri.Contains("creativecommons.org/publicdomain/zero/", StringComparison.Ordinal)) return "CC0-" + iri.TrimEnd('/').Split('/')[^1];
        return iri.TrimEnd('/').Split('/', '#')[^1];
    }
}
