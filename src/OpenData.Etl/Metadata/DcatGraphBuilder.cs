using OpenData.Etl.Rdf;

namespace OpenData.Etl.Metadata;

/// <summary>One published file as a DCAT distribution: its facts are computed from the file itself.</summary>
public sealed record DistributionFacts(string Key, string FileName, string MediaType, string DownloadUrl, long Bytes, string Sha1, string Modified);

/// <summary>What the data itself says about a dataset: period covered, area, and when it last changed.</summary>
public sealed record DatasetFacts(
    DatasetSpec Spec,
    string SpecificationUri,
    IReadOnlyList<DistributionFacts> Distributions,
    string? TemporalStart,
    string? TemporalEnd,
    string? TemporalDatatype,
    string? BoundingBoxWkt,
    string Issued,
    string Modified);

/// <summary>
/// Builds the DCAT-AP-SE graph: one catalog, its publisher and contact point described once, and each
/// dataset with its distributions. IRIs are minted from the catalog's base IRI and the dataset's UUID,
/// so they are the same on every run; only values inside a resource (period, checksum, address) are blank nodes.
/// </summary>
public static class DcatGraphBuilder
{
    public const string HvdLegislation = "http://data.europa.eu/eli/reg_impl/2023/138/oj";
    private const string Sha1Algorithm = Vocab.Spdx + "checksumAlgorithm_sha1";

    public static string DatasetIri(CatalogConfig catalog, DatasetSpec dataset) => $"{catalog.BaseIri}dataset/{dataset.Identifier}";

    public static string DistributionIri(CatalogConfig catalog, DatasetSpec dataset, string key) => $"{DatasetIri(catalog, dataset)}/distribution/{Iri.Segment(key)}";

    public static RdfGraph Build(CatalogConfig catalog, IEnumerable<DatasetFacts> datasets)
    {
        var g = new RdfGraph();
        var catalogIri = RdfTerm.Iri(catalog.CatalogIri);
        var publisher = RdfTerm.Iri(catalog.PublisherIri);
        var contact = RdfTerm.Iri(catalog.ContactIri);

        g.Add(catalogIri, Vocab.Type, RdfTerm.Iri(Vocab.Dcat + "Catalog"));
        AddTexts(g, catalogIri, Vocab.Dcterms + "title", catalog.Title);
        AddTexts(g, catalogIri, Vocab.Dcterms + "description", catalog.Description);
        g.Add(catalogIri, Vocab.Dcterms + "publisher", publisher);
        // DCAT-AP-SE requires the catalog's own licence to be CC0, whatever the datasets' licences are.
        g.Add(catalogIri, Vocab.Dcterms + "license", RdfTerm.Iri("http://creativecommons.org/publicdomain/zero/1.0/"));
        g.Add(catalogIri, Vocab.Dcterms + "language", RdfTerm.Iri("http://publications.europa.eu/resource/authority/language/SWE"));
        g.Add(catalogIri, Vocab.Dcat + "themeTaxonomy", RdfTerm.Iri("http://publications.europa.eu/resource/authority/data-theme"));
        if (catalog.Homepage is { } homepage) g.Add(catalogIri, Vocab.Foaf + "homepage", RdfTerm.Iri(homepage));

        g.Add(publisher, Vocab.Type, RdfTerm.Iri(Vocab.Foaf + "Agent"));
        AddTexts(g, publisher, Vocab.Foaf + "name", catalog.PublisherName);
        g.Add(publisher, Vocab.Dcterms + "type", RdfTerm.Iri(catalog.PublisherType));
        g.Add(publisher, Vocab.Dcterms + "identifier", RdfTerm.Plain(catalog.OrganisationNumber));

        AddContact(g, contact, catalog.Contact);

        var list = datasets.OrderBy(d => d.Spec.Identifier, StringComparer.Ordinal).ToList();
        DateOnlyOrTime? catalogModified = null;
        string? catalogIssued = null;
        foreach (var facts in list)
        {
            var dataset = AddDataset(g, catalog, facts, publisher, contact);
            g.Add(catalogIri, Vocab.Dcat + "dataset", dataset);
            catalogModified = DateOnlyOrTime.Max(catalogModified, facts.Modified);
            if (catalogIssued is null || string.CompareOrdinal(facts.Issued, catalogIssued) < 0) catalogIssued = facts.Issued;
        }
        if (catalogIssued is not null) g.Add(catalogIri, Vocab.Dcterms + "issued", RdfTerm.Typed(catalogIssued, Vocab.Xsd + "dateTime"));
        if (catalogModified is { } modified) g.Add(catalogIri, Vocab.Dcterms + "modified", RdfTerm.Typed(modified.Text, Vocab.Xsd + "dateTime"));
        return g;
    }

    private static RdfTerm AddDataset(RdfGraph g, CatalogConfig catalog, DatasetFacts facts, RdfTerm publisher, RdfTerm contact)
    {
        var spec = facts.Spec;
        var d = RdfTerm.Iri(DatasetIri(catalog, spec));
        g.Add(d, Vocab.Type, RdfTerm.Iri(Vocab.Dcat + "Dataset"));
        AddTexts(g, d, Vocab.Dcterms + "title", spec.Title);
        AddTexts(g, d, Vocab.Dcterms + "description", spec.Description);
        g.Add(d, Vocab.Dcterms + "identifier", RdfTerm.Plain(spec.Identifier));
        g.Add(d, Vocab.Dcterms + "publisher", publisher);
        g.Add(d, Vocab.Dcat + "contactPoint", contact);
        foreach (var (language, keyword) in spec.Keywords) g.Add(d, Vocab.Dcat + "keyword", RdfTerm.Text(keyword, language));
        foreach (var theme in spec.Themes) g.Add(d, Vocab.Dcat + "theme", RdfTerm.Iri(theme));
        g.Add(d, Vocab.Dcterms + "accessRights", RdfTerm.Iri(spec.AccessRights));
        if (spec.Frequency is { } frequency) g.Add(d, Vocab.Dcterms + "accrualPeriodicity", RdfTerm.Iri(frequency));
        if (spec.LandingPage is { } landing) g.Add(d, Vocab.Dcat + "landingPage", RdfTerm.Iri(landing));
        foreach (var spatial in spec.Spatial) g.Add(d, Vocab.Dcterms + "spatial", RdfTerm.Iri(spatial));
        if (spec.HvdCategories.Count > 0)
        {
            g.Add(d, Vocab.Dcatap + "applicableLegislation", RdfTerm.Iri(HvdLegislation));
            foreach (var category in spec.HvdCategories) g.Add(d, Vocab.Dcatap + "hvdCategory", RdfTerm.Iri(category));
        }
        g.Add(d, Vocab.Dcterms + "issued", RdfTerm.Typed(facts.Issued, Vocab.Xsd + "dateTime"));
        g.Add(d, Vocab.Dcterms + "modified", RdfTerm.Typed(facts.Modified, Vocab.Xsd + "dateTime"));

        var standard = RdfTerm.Iri(Iri.Encode(facts.SpecificationUri));
        g.Add(d, Vocab.Dcterms + "conformsTo", standard);
        g.Add(standard, Vocab.Type, RdfTerm.Iri(Vocab.Dcterms + "Standard"));
        AddTexts(g, standard, Vocab.Dcterms + "title", spec.SpecificationTitle ?? LocalizedText.Of(("en", facts.SpecificationUri)));

        if (facts.TemporalStart is not null && facts.TemporalEnd is not null)
        {
            var period = RdfTerm.Blank($"period-{spec.Identifier}");
            g.Add(d, Vocab.Dcterms + "temporal", period);
            g.Add(period, Vocab.Type, RdfTerm.Iri(Vocab.Dcterms + "PeriodOfTime"));
            g.Add(period, Vocab.Dcat + "startDate", RdfTerm.Typed(facts.TemporalStart, facts.TemporalDatatype!));
            g.Add(period, Vocab.Dcat + "endDate", RdfTerm.Typed(facts.TemporalEnd, facts.TemporalDatatype!));
        }
        if (facts.BoundingBoxWkt is { } wkt)
        {
            var location = RdfTerm.Blank($"location-{spec.Identifier}");
            g.Add(d, Vocab.Dcterms + "spatial", location);
            g.Add(location, Vocab.Type, RdfTerm.Iri(Vocab.Dcterms + "Location"));
            g.Add(location, Vocab.Dcat + "bbox", RdfTerm.Typed(wkt, Vocab.Geo + "wktLiteral"));
        }

        foreach (var file in facts.Distributions.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var dist = RdfTerm.Iri(DistributionIri(catalog, spec, file.Key));
            g.Add(d, Vocab.Dcat + "distribution", dist);
            g.Add(dist, Vocab.Type, RdfTerm.Iri(Vocab.Dcat + "Distribution"));
            AddTexts(g, dist, Vocab.Dcterms + "title", LocalizedText.Of(("sv", $"{Pick(spec.Title, "sv")} ({file.Key.ToUpperInvariant()})"), ("en", $"{Pick(spec.Title, "en")} ({file.Key.ToUpperInvariant()})")));
            AddTexts(g, dist, Vocab.Dcterms + "description", LocalizedText.Of(("sv", $"Hela datamängden som {file.MediaType}."), ("en", $"The whole dataset as {file.MediaType}.")));
            var url = RdfTerm.Iri(Iri.Encode(file.DownloadUrl));
            g.Add(dist, Vocab.Dcat + "accessURL", url);
            g.Add(dist, Vocab.Dcat + "downloadURL", url);
            g.Add(dist, Vocab.Dcterms + "format", RdfTerm.Plain(file.MediaType));
            g.Add(dist, Vocab.Dcat + "mediaType", RdfTerm.Iri("http://www.iana.org/assignments/media-types/" + file.MediaType));
            g.Add(dist, Vocab.Dcat + "byteSize", RdfTerm.Typed(file.Bytes.ToString(System.Globalization.CultureInfo.InvariantCulture), Vocab.Xsd + "nonNegativeInteger"));
            g.Add(dist, Vocab.Dcterms + "license", RdfTerm.Iri(spec.Licence));
            g.Add(dist, Vocab.Dcatap + "availability", RdfTerm.Iri(spec.Availability));
            g.Add(dist, Vocab.Dcterms + "modified", RdfTerm.Typed(file.Modified, Vocab.Xsd + "dateTime"));
            g.Add(dist, Vocab.Dcterms + "conformsTo", standard);
            if (spec.HvdCategories.Count > 0) g.Add(dist, Vocab.Dcatap + "applicableLegislation", RdfTerm.Iri(HvdLegislation));
            var checksum = RdfTerm.Blank($"checksum-{spec.Identifier}-{file.Key}");
            g.Add(dist, Vocab.Spdx + "checksum", checksum);
            g.Add(checksum, Vocab.Type, RdfTerm.Iri(Vocab.Spdx + "Checksum"));
            g.Add(checksum, Vocab.Spdx + "algorithm", RdfTerm.Iri(Sha1Algorithm));
            g.Add(checksum, Vocab.Spdx + "checksumValue", RdfTerm.Typed(file.Sha1, Vocab.Xsd + "hexBinary"));
        }
        return d;
    }

    private static void AddContact(RdfGraph g, RdfTerm contact, ContactPoint c)
    {
        g.Add(contact, Vocab.Type, RdfTerm.Iri(Vocab.Vcard + (c.IsIndividual ? "Individual" : "Organization")));
        g.Add(contact, Vocab.Vcard + "fn", RdfTerm.Plain(c.Name));
        g.Add(contact, Vocab.Vcard + "hasEmail", RdfTerm.Iri("mailto:" + c.Email));
        if (c.Telephone is { } tel)
        {
            var phone = RdfTerm.Blank("contact-telephone");
            g.Add(contact, Vocab.Vcard + "hasTelephone", phone);
            g.Add(phone, Vocab.Type, RdfTerm.Iri(Vocab.Vcard + "Voice"));
            g.Add(phone, Vocab.Vcard + "hasValue", RdfTerm.Iri(tel));
        }
        if (c.Address is { } a)
        {
            var address = RdfTerm.Blank("contact-address");
            g.Add(contact, Vocab.Vcard + "hasAddress", address);
            g.Add(address, Vocab.Type, RdfTerm.Iri(Vocab.Vcard + "Address"));
            if (a.Street is not null) g.Add(address, Vocab.Vcard + "street-address", RdfTerm.Plain(a.Street));
            if (a.PostalCode is not null) g.Add(address, Vocab.Vcard + "postal-code", RdfTerm.Plain(a.PostalCode));
            if (a.Locality is not null) g.Add(address, Vocab.Vcard + "locality", RdfTerm.Plain(a.Locality));
            if (a.Country is not null) g.Add(address, Vocab.Vcard + "country-name", RdfTerm.Plain(a.Country));
        }
    }

    private static void AddTexts(RdfGraph g, RdfTerm subject, string predicate, LocalizedText text)
    {
        foreach (var (language, value) in text.Values) g.Add(subject, predicate, RdfTerm.Text(value, language));
    }

    private static string Pick(LocalizedText text, string language) =>
        text.Values.FirstOrDefault(v => v.Key == language).Value ?? text.Values[0].Value;

    /// <summary>ISO 8601 UTC timestamps compare correctly as strings.</summary>
    private readonly record struct DateOnlyOrTime(string Text)
    {
        public static DateOnlyOrTime Max(DateOnlyOrTime? current, string candidate) =>
            current is { } c && string.CompareOrdinal(c.Text, candidate) >= 0 ? c : new DateOnlyOrTime(candidate);
    }
}
