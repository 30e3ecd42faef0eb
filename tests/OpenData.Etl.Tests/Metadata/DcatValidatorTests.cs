using OpenData.Etl.Diagnostics;
using OpenData.Etl.Metadata;
using OpenData.Etl.Rdf;

namespace OpenData.Etl.Tests.Metadata;

/// <summary>Each wrong value the digest warns about is an error naming the resource and the property.</summary>
public sealed class DcatValidatorTests
{
    private const string Valid = """
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        @prefix dcat: <http://www.w3.org/ns/dcat#> .
        @prefix dcterms: <http://purl.org/dc/terms/> .
        @prefix dcatap: <http://data.europa.eu/r5r/> .
        @prefix foaf: <http://xmlns.com/foaf/0.1/> .

        <https://ex.se/catalog> a dcat:Catalog ;
            dcterms:title "Katalog"@sv ;
            dcterms:description "Beskrivning"@sv ;
            dcterms:publisher <http://dataportal.se/organisation/SE2120001124> ;
            dcterms:license <http://creativecommons.org/publicdomain/zero/1.0/> ;
            dcat:dataset <https://ex.se/dataset/1> .

        <http://dataportal.se/organisation/SE2120001124> a foaf:Agent ;
            foaf:name "Malmö stad"@sv ;
            dcterms:type <http://purl.org/adms/publishertype/LocalAuthority> .

        <https://ex.se/dataset/1> a dcat:Dataset ;
            dcterms:title "Titel"@sv ;
            dcterms:description "Beskrivning"@sv ;
            dcterms:publisher <http://dataportal.se/organisation/SE2120001124> ;
            dcat:theme <http://publications.europa.eu/resource/authority/data-theme/HEAL> ;
            dcterms:issued "2024-01-01"^^xsd:date ;
            dcat:distribution <https://ex.se/dist/1> .

        <https://ex.se/dist/1> a dcat:Distribution ;
            dcat:accessURL <https://ex.se/files/f.csv> ;
            dcterms:format "text/csv" ;
            dcat:byteSize "10"^^xsd:nonNegativeInteger .
        """;

    private static List<Diagnostic> Errors(string turtle) =>
        [.. DcatValidator.Default.Validate(TurtleParser.Parse(turtle, "test.ttl"), "test.ttl").Where(d => d.IsError)];

    [Fact]
    public void The_unmutated_document_is_valid() => Assert.Empty(Errors(Valid));

    [Theory]
    [InlineData("a date without datatype", "\"2024-01-01\"^^xsd:date", "\"2024-01-01\"", Codes.DcatDatatype, "https://ex.se/dataset/1", "dcterms:issued")]
    [InlineData("byteSize typed xsd:integer", "\"10\"^^xsd:nonNegativeInteger", "\"10\"^^xsd:integer", Codes.DcatDatatype, "https://ex.se/dist/1", "dcat:byteSize")]
    [InlineData("\"CSV\" as format", "dcterms:format \"text/csv\"", "dcterms:format \"CSV\"", Codes.DcatValue, "https://ex.se/dist/1", "dcterms:format")]
    [InlineData("two formats on one distribution", "dcterms:format \"text/csv\"", "dcterms:format \"text/csv\", \"application/json\"", Codes.DcatDisjoint, "https://ex.se/dist/1", "dcterms:format")]
    [InlineData("a theme outside the 13", "data-theme/HEAL", "data-theme/HEALTH", Codes.DcatValue, "https://ex.se/dataset/1", "dcat:theme")]
    [InlineData("a distribution without accessURL", "dcat:accessURL <https://ex.se/files/f.csv> ;", "", Codes.DcatTooFew, "https://ex.se/dist/1", "dcat:accessURL")]
    [InlineData("HVD legislation without category", "dcterms:issued", "dcatap:applicableLegislation <http://data.europa.eu/eli/reg_impl/2023/138/oj> ; dcterms:issued", Codes.DcatTooFew, "https://ex.se/dataset/1", "dcatap:hvdCategory")]
    [InlineData("a publisher without type", "dcterms:type <http://purl.org/adms/publishertype/LocalAuthority>", "foaf:name \"x\"@en", Codes.DcatTooFew, "http://dataportal.se/organisation/SE2120001124", "dcterms:type")]
    public void A_wrong_value_is_one_error_naming_resource_and_property(string what, string find, string replace, string code, string resource, string property)
    {
        Assert.Contains(find, Valid, StringComparison.Ordinal);
        var errors = Errors(Valid.Replace(find, replace, StringComparison.Ordinal));
        var error = Assert.Single(errors);
        Assert.True(error.Code == code, $"{what}: {error}");
        Assert.Contains($"<{resource}>", error.Message, StringComparison.Ordinal);
        Assert.Contains(property, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_HVD_dataset_with_a_category_is_valid()
    {
        var hvd = Valid.Replace("dcterms:issued", "dcatap:applicableLegislation <http://data.europa.eu/eli/reg_impl/2023/138/oj> ; dcatap:hvdCategory <http://data.europa.eu/bna/c_ac64a52d> ; dcterms:issued", StringComparison.Ordinal);
        Assert.Empty(Errors(hvd));
    }

    [Fact]
    public void A_file_without_a_catalog_is_an_error()
    {
        var errors = Errors(Valid.Replace("<https://ex.se/catalog> a dcat:Catalog ;", "<https://ex.se/catalog> ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Code == Codes.DcatNoCatalog);
    }

    [Fact]
    public void A_deprecated_frequency_is_a_warning_not_an_error()
    {
        var old = Valid.Replace("dcterms:issued", "dcterms:accrualPeriodicity <http://purl.org/cld/freq/monthly> ; dcterms:issued", StringComparison.Ordinal);
        var diagnostics = DcatValidator.Default.Validate(TurtleParser.Parse(old, "test.ttl"), "test.ttl");
        Assert.DoesNotContain(diagnostics, d => d.IsError);
        var warning = Assert.Single(diagnostics, d => d.Code == Codes.DcatDeprecated);
        Assert.Contains("dcterms:accrualPeriodicity", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_recommended_property_is_a_warning()
    {
        var diagnostics = DcatValidator.Default.Validate(TurtleParser.Parse(Valid, "test.ttl"), "test.ttl");
        Assert.Contains(diagnostics, d => d.Code == Codes.DcatRecommended && d.Severity == Severity.Warning
            && d.Message.Contains("<https://ex.se/dist/1>", StringComparison.Ordinal) && d.Message.Contains("dcatap:availability", StringComparison.Ordinal));
    }
}
