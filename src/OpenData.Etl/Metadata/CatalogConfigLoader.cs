using System.Text.RegularExpressions;
using OpenData.Etl.Diagnostics;
using OpenData.Etl.Pipelines;
using YamlDotNet.RepresentationModel;

namespace OpenData.Etl.Metadata;

/// <summary>
/// Loads <c>catalog.yaml</c>, the publisher's catalog configuration, and checks it the way pipeline files
/// are checked: every key known, every problem with <c>file(line,col)</c>, controlled values from bundle.json.
/// </summary>
public static partial class CatalogConfigLoader
{
    public const string DefaultFileName = "catalog.yaml";

    /// <summary>Whether <paramref name="path"/> names a catalog configuration: by its name, as in a folder of pipelines.</summary>
    public static bool IsCatalogFile(string path) => Path.GetFileName(path).Equals(DefaultFileName, StringComparison.OrdinalIgnoreCase);

    private static readonly string[] TopKeys = ["publisher", "catalog", "contact-point"];
    private static readonly string[] PublisherKeys = ["organisation-number", "name", "type"];
    private static readonly string[] CatalogKeys = ["title", "description", "homepage", "base-iri", "output"];
    private static readonly string[] ContactKeys = ["kind", "name", "email", "phone", "address"];
    private static readonly string[] AddressKeys = ["street", "postal-code", "locality", "country"];
    private static readonly string[] Kinds = ["organization", "individual"];

    public static CatalogConfig Load(string path, string displayName)
    {
        if (!File.Exists(path))
            throw new EtlException(FailureKind.Configuration, Diagnostic.Error(Codes.CatalogMissing,
                $"catalog configuration not found; a pipeline with a 'dataset:' section needs {DefaultFileName} beside it (or 'dataset.catalog: PATH').", new TextLocation(displayName)));
        if (new FileInfo(path).Length > PipelineLoader.MaxFileBytes)
            throw new EtlException(FailureKind.Configuration, Diagnostic.Error(Codes.PipelineTooLarge, "catalog configuration is larger than 1 MiB.", new TextLocation(displayName)));
        return Parse(File.ReadAllText(path), displayName, Path.GetFullPath(path));
    }

    public static CatalogConfig Parse(string yaml, string file, string? fullPath = null)
    {
        var root = PipelineLoader.ReadDocument(yaml, file);
        var r = new YamlNodeReader(file);
        r.Mapping(root, "catalog configuration", TopKeys);

        var publisherNode = r.Required(root, "publisher", "catalog configuration", root);
        var publisher = r.Mapping(publisherNode, "publisher", PublisherKeys);
        var orgNo = r.String(publisher, "organisation-number", "publisher", required: true, owner: publisherNode);
        if (orgNo is not null)
        {
            orgNo = orgNo.Replace("-", "", StringComparison.Ordinal);
            if (!IsOrganisationNumber(orgNo))
                r.Error(Codes.OrganisationNumberInvalid, $"'publisher.organisation-number' must be a Swedish organisation number: 10 digits (NNNNNN-NNNN) with a valid check digit, found '{orgNo}'.", YamlNodeReader.Get(publisher, "organisation-number")!);
        }
        var publisherName = MetadataYaml.Text(r, publisher, "name", "publisher", required: true);
        var publisherType = MetadataYaml.FromList(r, r.Required(publisher, "type", "publisher", publisherNode), "publisher.type", ControlledList.PublisherTypes);

        var catalogNode = r.Required(root, "catalog", "catalog configuration", root);
        var catalog = r.Mapping(catalogNode, "catalog", CatalogKeys);
        var title = MetadataYaml.Text(r, catalog, "title", "catalog", required: true);
        var description = MetadataYaml.Text(r, catalog, "description", "catalog", required: true);
        var homepage = MetadataYaml.HttpIri(r, catalog, "homepage", "catalog");
        var baseIri = MetadataYaml.HttpIri(r, catalog, "base-iri", "catalog", required: true);
        if (baseIri is not null && !baseIri.EndsWith('/'))
            r.Error(Codes.MetadataValueInvalid, $"'catalog.base-iri' must end with '/'; catalog, dataset and distribution IRIs are minted below it.", YamlNodeReader.Get(catalog, "base-iri")!);

        var contact = ReadContact(r, root);
        var output = r.String(catalog, "output", "catalog");
        if (output is not null && !output.EndsWith(".rdf", StringComparison.OrdinalIgnoreCase) && !output.EndsWith(".ttl", StringComparison.OrdinalIgnoreCase))
            r.Error(Codes.MetadataValueInvalid, $"'catalog.output' must name an .rdf (harvested) or .ttl file, found '{output}'.", YamlNodeReader.Get(catalog, "output")!);

        if (r.Diagnostics.Count > 0 || orgNo is null || publisherName is null || publisherType is null || title is null || description is null || baseIri is null || contact is null)
            throw new EtlException(FailureKind.Configuration, r.Diagnostics);
        var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(fullPath ?? file))!;
        return new CatalogConfig(fullPath ?? file, orgNo, publisherName, publisherType, title, description, homepage, baseIri, contact)
        {
            OutputPath = output is null ? null : Path.GetFullPath(Path.Combine(baseDirectory, output)),
        };
    }

    private static ContactPoint? ReadContact(YamlNodeReader r, YamlMappingNode root)
    {
        var node = r.Required(root, "contact-point", "catalog configuration", root);
        var map = r.Mapping(node, "contact-point", ContactKeys);
        if (map is null) return null;
        var kind = YamlNodeReader.Get(map, "kind") is { } kindNode ? r.Choice(kindNode, "contact-point.kind", Kinds) : "organization";
        var name = r.String(map, "name", "contact-point", required: true, owner: node);
        var email = r.String(map, "email", "contact-point", required: true, owner: node);
        if (email is not null && !Email().IsMatch(email))
            r.Error(Codes.MetadataValueInvalid, $"'contact-point.email' must be an e-mail address such as oppnadata@example.se, found '{email}'.", YamlNodeReader.Get(map, "email")!);
        var phone = r.String(map, "phone", "contact-point");
        string? tel = null;
        if (phone is not null)
        {
            tel = Telephone(phone);
            if (tel is null)
                r.Error(Codes.MetadataValueInvalid, $"'contact-point.phone' must be a telephone number such as +46 40 34 10 00 or 040-34 10 00, found '{phone}'.", YamlNodeReader.Get(map, "phone")!);
        }
        PostalAddress? address = null;
        if (r.Mapping(YamlNodeReader.Get(map, "address"), "contact-point.address", AddressKeys) is { } a)
            address = new PostalAddress(r.String(a, "street", "contact-point.address"), r.String(a, "postal-code", "contact-point.address"), r.String(a, "locality", "contact-point.address"), r.String(a, "country", "contact-point.address"));
        return name is null || email is null ? null : new ContactPoint(kind == "individual", name, email, tel, address);
    }

    /// <summary>Swedish organisation numbers: 10 digits whose last is a Luhn (mod 10) check digit over the first nine.</summary>
    public static bool IsOrganisationNumber(string text)
    {
        if (text.Length != 10 || !text.All(char.IsAsciiDigit)) return false;
        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            var d = (text[i] - '0') * (i % 2 == 0 ? 2 : 1);
            sum += d > 9 ? d - 9 : d;
        }
        return (10 - sum % 10) % 10 == text[9] - '0';
    }

    /// <summary>A <c>tel:</c> IRI in international form (+46...), or null when the text is not a telephone number.</summary>
    public static string? Telephone(string text)
    {
        if (!Phone().IsMatch(text)) return null;
        var digits = new string([.. text.Where(c => char.IsAsciiDigit(c) || c == '+')]);
        if (digits.StartsWith("00", StringComparison.Ordinal)) digits = "+" + digits[2..];
        else if (digits.StartsWith('0')) digits = "+46" + digits[1..];
        else if (!digits.StartsWith('+')) return null;
        return digits.Length is >= 8 and <= 16 && digits.LastIndexOf('+') == 0 ? "tel:" + digits : null;
    }

    [GeneratedRegex(@"^[^@\s<>""]+@[^@\s<>""]+\.[A-Za-z]{2,}$")]
    private static partial Regex Email();

    [GeneratedRegex(@"^\+?[0-9][0-9 ()\-]{5,20}$")]
    private static partial Regex Phone();
}
