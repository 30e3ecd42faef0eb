using OpenData.Etl.Diagnostics;

namespace OpenData.Etl.Metadata;

/// <summary>Free text in several languages (always at least Swedish and English), sorted by language tag.</summary>
public sealed record LocalizedText(IReadOnlyList<KeyValuePair<string, string>> Values)
{
    public static LocalizedText Of(params (string Language, string Text)[] values) =>
        new([.. values.OrderBy(v => v.Language, StringComparer.Ordinal).Select(v => KeyValuePair.Create(v.Language, v.Text))]);
}

public sealed record PostalAddress(string? Street, string? PostalCode, string? Locality, string? Country);

/// <summary>Who answers questions about the data: one contact point shared by every dataset of the catalog.</summary>
public sealed record ContactPoint(bool IsIndividual, string Name, string Email, string? Telephone, PostalAddress? Address);

/// <summary>
/// The publishing organisation and its catalog, from <c>catalog.yaml</c>: one file shared by all pipelines,
/// so the publisher and contact point are described once and named by the same IRIs everywhere.
/// </summary>
public sealed record CatalogConfig(
    string FilePath,
    string OrganisationNumber,
    LocalizedText PublisherName,
    string PublisherType,
    LocalizedText Title,
    LocalizedText Description,
    string? Homepage,
    string BaseIri,
    ContactPoint Contact)
{
    /// <summary>DIGG's convention for publisher IRIs, so the portal recognises the organisation across catalogs.</summary>
    public string PublisherIri => $"http://dataportal.se/organisation/SE{OrganisationNumber}";

    public string CatalogIri => BaseIri + "catalog";

    public string ContactIri => BaseIri + "contact-point";

    /// <summary>Where <c>odetl catalog</c> and a folder run publish the merged catalog (<c>catalog.output</c>), if configured.</summary>
    public string? OutputPath { get; init; }
}

/// <summary>The <c>dataset:</c> section of a pipeline file: what the published data is about, in DCAT-AP-SE terms.</summary>
public sealed record DatasetSpec(
    string Identifier,
    LocalizedText Title,
    LocalizedText Description,
    IReadOnlyList<KeyValuePair<string, string>> Keywords,
    IReadOnlyList<string> Themes,
    string Licence,
    string AccessRights,
    string? Frequency,
    string? LandingPage,
    IReadOnlyList<string> Spatial,
    IReadOnlyList<string> HvdCategories,
    string? TemporalField,
    string Availability,
    LocalizedText? SpecificationTitle,
    string? CatalogPath,
    TextLocation Location);
