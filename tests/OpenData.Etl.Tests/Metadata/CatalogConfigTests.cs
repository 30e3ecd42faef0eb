using System.Text.Json;
using OpenData.Etl.Diagnostics;
using OpenData.Etl.Metadata;
using OpenData.Etl.Pipelines;
using OpenData.Etl.Tests.Support;

namespace OpenData.Etl.Tests.Metadata;

public sealed class CatalogConfigTests
{
    private static readonly string Shipped = File.ReadAllText(Repo.PathOf("pipelines", "catalog.yaml"));

    private static EtlException Fails(string yaml) =>
        Assert.Throws<EtlException>(() => CatalogConfigLoader.Parse(yaml, "catalog.yaml"));

    private static int LineOf(string yaml, string text) =>
        yaml[..yaml.IndexOf(text, StringComparison.Ordinal)].Count(c => c == '\n') + 1;

    [Fact]
    public void The_shipped_catalog_configuration_loads_with_Malmo_as_a_local_authority()
    {
        var config = CatalogConfigLoader.Parse(Shipped, "catalog.yaml");
        Assert.Equal("2120001124", config.OrganisationNumber);
        Assert.Equal("http://dataportal.se/organisation/SE2120001124", config.PublisherIri);
        Assert.Equal("http://purl.org/adms/publishertype/LocalAuthority", config.PublisherType);
        Assert.Equal("tel:+4640341000", config.Contact.Telephone);
        Assert.Equal(["en", "sv"], config.Title.Values.Select(v => v.Key));
    }

    [Theory]
    [InlineData("2120001124", true)]
    [InlineData("5560360793", true)]
    [InlineData("2120001125", false)]
    [InlineData("212000112", false)]
    [InlineData("21200011x4", false)]
    public void Organisation_numbers_need_ten_digits_and_a_valid_check_digit(string number, bool valid) =>
        Assert.Equal(valid, CatalogConfigLoader.IsOrganisationNumber(number));

    [Fact]
    public void A_wrong_check_digit_is_reported_at_its_line_and_column()
    {
        var yaml = Shipped.Replace("\"212000-1124\"", "\"212000-1125\"", StringComparison.Ordinal);
        var error = Assert.Single(Fails(yaml).Diagnostics);
        Assert.Equal(Codes.OrganisationNumberInvalid, error.Code);
        Assert.Equal(LineOf(yaml, "212000-1125"), error.Location!.Line);
        Assert.True(error.Location.Column > 1);
    }

    [Fact]
    public void A_publisher_type_outside_the_bundle_list_suggests_the_closest()
    {
        var error = Assert.Single(Fails(Shipped.Replace("type: LocalAuthority", "type: LocalAutority", StringComparison.Ordinal)).Diagnostics);
        Assert.Equal(Codes.NotInControlledList, error.Code);
        Assert.Contains("Did you mean 'LocalAuthority'", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("email: oppnadata@malmo.example.se", "email: oppnadata-at-malmo", Codes.MetadataValueInvalid)]
    [InlineData("phone: \"+46 40 34 10 00\"", "phone: \"ring oss\"", Codes.MetadataValueInvalid)]
    [InlineData("base-iri: https://data.malmo.example.se/dcat/", "base-iri: https://data.malmo.example.se/dcat", Codes.MetadataValueInvalid)]
    [InlineData("  homepage:", "  homepag:", Codes.UnknownKey)]
    [InlineData("    en: Open data from the City of Malmö\n", "", Codes.MissingKey)]
    public void Malformed_contact_and_catalog_values_are_refused(string find, string replace, string code)
    {
        Assert.Contains(find, Shipped, StringComparison.Ordinal);
        var diagnostics = Fails(Shipped.Replace(find, replace, StringComparison.Ordinal)).Diagnostics;
        Assert.Contains(diagnostics, d => d.Code == code && d.Location!.Line > 0);
    }

    [Fact]
    public void The_embedded_bundle_is_byte_identical_to_DIGGs_bundle_json()
    {
        using var embedded = typeof(DcatBundle).Assembly.GetManifestResourceStream("OpenData.Etl.dcat-ap-se-3.0.1.bundle.json")!;
        using var copy = new MemoryStream();
        embedded.CopyTo(copy);
        Assert.Equal(File.ReadAllBytes(Repo.DcatShared("bundle.json")), copy.ToArray());
    }

    [Fact]
    public void Controlled_lists_are_the_bundles_own_lists()
    {
        // Read independently of DcatBundle, straight from DIGG's file.
        using var json = JsonDocument.Parse(File.ReadAllBytes(Repo.DcatShared("bundle.json")));
        List<string> ChoicesOf(string id) => [.. json.RootElement.GetProperty("templates").EnumerateArray()
            .Single(t => t.GetProperty("id").GetString() == id).GetProperty("choices").EnumerateArray().Select(c => c.GetProperty("value").GetString()!)];

        Assert.Equal(13, ControlledList.Themes.Values.Count);
        Assert.Equal(ChoicesOf("dcat:theme"), ControlledList.Themes.Values);
        Assert.Equal(ChoicesOf("dcat:dcterms:cc-license-choices"), ControlledList.Licences.Values);
        Assert.Equal(ChoicesOf("dcat:dcterms:accrualPeriodicity_da"), ControlledList.Frequencies.Values);
        Assert.Equal(ChoicesOf("dcat:dcterms:accessRights"), ControlledList.AccessRights.Values);
        Assert.Equal(ChoicesOf("adms:publishertype"), ControlledList.PublisherTypes.Values);
        Assert.Equal("http://creativecommons.org/licenses/by/4.0/", ControlledList.Licences.Resolve("CC-BY-4.0"));
        Assert.Equal("http://creativecommons.org/publicdomain/zero/1.0/", ControlledList.Licences.Resolve("CC0"));
    }

    [Fact]
    public void A_dataset_theme_outside_the_13_is_a_configuration_error_at_its_line()
    {
        var yaml = File.ReadAllText(Repo.LivsmedelPipeline).Replace("themes: [GOVE, HEAL]", "themes: [GOVE, HEALTH]", StringComparison.Ordinal);
        var error = Assert.Single(Assert.Throws<EtlException>(() => PipelineLoader.Parse(yaml, "p.yaml")).Diagnostics);
        Assert.Equal(Codes.NotInControlledList, error.Code);
        Assert.Equal(LineOf(yaml, "themes: [GOVE, HEALTH]"), error.Location!.Line);
        Assert.Contains("Did you mean 'HEAL'", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_dataset_identifier_must_be_a_uuid()
    {
        var yaml = File.ReadAllText(Repo.LivsmedelPipeline).Replace("5f0a2510-a9d0-4aba-a9aa-809fdeb9ee25", "livsmedel-1", StringComparison.Ordinal);
        var error = Assert.Single(Assert.Throws<EtlException>(() => PipelineLoader.Parse(yaml, "p.yaml")).Diagnostics);
        Assert.Equal(Codes.MetadataValueInvalid, error.Code);
    }

    [Fact]
    public void A_pipeline_without_a_dataset_section_needs_no_catalog()
    {
        var yaml = File.ReadAllText(Repo.LivsmedelPipeline);
        var pipeline = PipelineLoader.Parse(yaml[..yaml.IndexOf("\ndataset:", StringComparison.Ordinal)], "p.yaml");
        Assert.Null(pipeline.Dataset);
    }
}
