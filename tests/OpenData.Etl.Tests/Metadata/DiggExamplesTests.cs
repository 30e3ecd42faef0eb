using OpenData.Etl.Diagnostics;
using OpenData.Etl.Metadata;
using OpenData.Etl.Rdf;
using OpenData.Etl.Tests.Support;

namespace OpenData.Etl.Tests.Metadata;

/// <summary>DIGG's official examples predate DCAT-AP-SE 3.0.1; their known verdicts pin our validator to DIGG's.</summary>
public sealed class DiggExamplesTests
{
    private static List<Diagnostic> Errors(string file)
    {
        var path = Repo.DcatShared(file);
        return [.. DcatValidator.Default.Validate(RdfFiles.Read(path, file), file).Where(d => d.IsError)];
    }

    [Theory]
    [InlineData("obligatoriskt.rdf")]
    [InlineData("obligatoriskt.ttl")]
    public void The_mandatory_example_has_exactly_one_error_the_publisher_type(string file)
    {
        var error = Assert.Single(Errors(file));
        Assert.Equal(Codes.DcatTooFew, error.Code);
        Assert.Contains("<https://example.com/publisher1>", error.Message, StringComparison.Ordinal);
        Assert.Contains("dcterms:type", error.Message, StringComparison.Ordinal);
        Assert.Equal(file.EndsWith(".rdf", StringComparison.Ordinal) ? 15 : 14, error.Location!.Line); // where the publisher is described
    }

    [Theory]
    [InlineData("rekommenderat.rdf")]
    [InlineData("rekommenderat.ttl")]
    public void The_recommended_example_has_exactly_three_errors_old_availability_twice_and_an_untyped_telephone(string file)
    {
        var errors = Errors(file);
        Assert.Equal(3, errors.Count);
        Assert.Equal(2, errors.Count(e => e.Code == Codes.DcatValue && e.Message.Contains("dcatap:availability", StringComparison.Ordinal)
            && e.Message.Contains("r5r/availability/experimental", StringComparison.Ordinal)));
        Assert.Contains(errors, e => e.Message.Contains("<https://example.com/distribution1>", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Message.Contains("<https://example.com/distribution2>", StringComparison.Ordinal));
        var phone = Assert.Single(errors, e => e.Code == Codes.DcatConstraints);
        Assert.Contains("<https://example.com/contactpoint1>", phone.Message, StringComparison.Ordinal);
        Assert.Contains("vcard:hasTelephone", phone.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metadata_validate_prints_diagnostics_and_exits_with_the_data_error_code()
    {
        var result = await Odetl.RunAsync("metadata", "validate", Repo.DcatShared("rekommenderat.rdf"), "-q");
        Assert.Equal(ExitCodes.DataError, result.ExitCode);
        Assert.Equal(3, result.Stderr.Split('\n').Count(l => l.Contains(": error ODE08", StringComparison.Ordinal)));
        Assert.Contains("3 errors", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metadata_validate_refuses_a_file_that_is_not_well_formed_with_its_position()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("broken.rdf"), "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n<unclosed>\n</rdf:RDF>");
        var result = await Odetl.RunAsync("metadata", "validate", dir.File("broken.rdf"));
        Assert.Equal(ExitCodes.DataError, result.ExitCode);
        Assert.Contains($"({3},", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(Codes.RdfSyntax, result.Stderr, StringComparison.Ordinal);
    }
}
