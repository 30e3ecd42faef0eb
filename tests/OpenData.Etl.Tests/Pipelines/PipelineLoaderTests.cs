using OpenData.Etl.Diagnostics;
using OpenData.Etl.Pipelines;

namespace OpenData.Etl.Tests.Pipelines;

public sealed class PipelineLoaderTests
{
    private const string Valid = """
        source: { path: export.csv, decimal: "," }
        columns:
          Id: { class: public }
          Namn: public
          Handlaggare: { class: personal, action: drop }
        specification: { uri: "https://example.se/spec/1.0", schema: schema.json }
        mapping:
          row-uri: "https://example.se/id/{id}"
          fields:
            id: Id
            name: { from: Namn }
        outputs: { dir: out, formats: [csv, parquet] }
        """;

    private static EtlException LoadFails(string yaml) =>
        Assert.Throws<EtlException>(() => PipelineLoader.Parse(yaml, "p.yaml"));

    [Fact]
    public void Should_read_a_valid_pipeline_with_defaults()
    {
        var pipeline = PipelineLoader.Parse(Valid, "dir/p.yaml");

        Assert.Equal("p", pipeline.Name);
        Assert.Equal(',', pipeline.Source.DecimalSeparator);
        Assert.Null(pipeline.Source.Delimiter);
        Assert.Equal(TextEncodingOption.Auto, pipeline.Source.Encoding);
        Assert.Equal([""], pipeline.Source.MissingValues);
        Assert.Equal(["Id", "Namn", "Handlaggare"], pipeline.Columns.Select(c => c.Name));
        Assert.Equal(DataClass.Public, pipeline.Columns[1].Class);
        Assert.Equal(ColumnAction.Drop, pipeline.Columns[2].Action);
        Assert.Equal([OutputFormat.Csv, OutputFormat.Parquet], pipeline.Outputs.Formats);
        Assert.Equal("Namn", pipeline.Mapping.Fields[1].From.Single());
    }

    [Fact]
    public void Should_point_at_an_unknown_key_with_line_column_and_suggestion()
    {
        var e = LoadFails(Valid.Replace("decimal:", "decimals:", StringComparison.Ordinal));

        var d = Assert.Single(e.Diagnostics);
        Assert.Equal(Codes.UnknownKey, d.Code);
        Assert.Equal(new TextLocation("p.yaml", 1, 29), d.Location);
        Assert.Contains("Did you mean 'decimal'?", d.Message, StringComparison.Ordinal);
        Assert.StartsWith("p.yaml(1,29): error ODE0101:", d.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Should_report_every_problem_at_once()
    {
        var yaml = Valid
            .Replace("class: personal", "class: persnal", StringComparison.Ordinal)
            .Replace("formats: [csv, parquet]", "formats: [csv, parket]", StringComparison.Ordinal)
            .Replace("schema: schema.json", "schemas: schema.json", StringComparison.Ordinal);

        var codes = LoadFails(yaml).Diagnostics.Select(d => d.Code).Order().ToList();

        Assert.Equal([Codes.UnknownKey, Codes.MissingKey, Codes.InvalidValue, Codes.InvalidValue], codes.OrderBy(c => c == Codes.UnknownKey ? 0 : c == Codes.MissingKey ? 1 : 2));
    }

    [Fact]
    public void Should_suggest_the_closest_class()
    {
        var d = Assert.Single(LoadFails(Valid.Replace("class: personal", "class: persnal", StringComparison.Ordinal)).Diagnostics);
        Assert.Equal(Codes.InvalidValue, d.Code);
        Assert.Contains("Did you mean 'personal'?", d.Message, StringComparison.Ordinal);
        Assert.Equal(5, d.Location!.Line);
    }

    [Fact]
    public void Should_name_a_missing_required_section()
    {
        var yaml = string.Join('\n', Valid.Split('\n').Where(l => !l.StartsWith("specification", StringComparison.Ordinal)));
        var d = Assert.Single(LoadFails(yaml).Diagnostics);
        Assert.Equal(Codes.MissingKey, d.Code);
        Assert.Contains("'specification'", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_reject_a_mapping_where_a_single_value_belongs()
    {
        var d = Assert.Single(LoadFails(Valid.Replace("path: export.csv", "path: { a: 1 }", StringComparison.Ordinal)).Diagnostics);
        Assert.Equal(Codes.WrongType, d.Code);
        Assert.Contains("source.path", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_refuse_yaml_aliases_before_expanding_them()
    {
        var bomb = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n";
        var d = Assert.Single(LoadFails(bomb).Diagnostics);
        Assert.Equal(Codes.YamlSyntax, d.Code);
        Assert.Equal(2, d.Location!.Line);
    }

    [Fact]
    public void Should_report_yaml_syntax_errors_with_position()
    {
        var d = Assert.Single(LoadFails("source: { path: x\ncolumns: [").Diagnostics);
        Assert.Equal(Codes.YamlSyntax, d.Code);
        Assert.NotNull(d.Location);
        Assert.True(d.Location!.Line > 0);
    }

    [Theory]
    [InlineData("name: ../escape")]
    [InlineData("name: .hidden")]
    public void Should_refuse_names_that_could_leave_the_output_folder(string line)
    {
        var d = Assert.Single(LoadFails(line + "\n" + Valid).Diagnostics);
        Assert.Equal(Codes.InvalidValue, d.Code);
    }

    [Fact]
    public void Should_refuse_a_file_larger_than_a_pipeline_needs()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "# " + new string('x', PipelineLoader.MaxFileBytes));
            var e = Assert.Throws<EtlException>(() => PipelineLoader.Load(path));
            Assert.Equal(Codes.PipelineTooLarge, e.Diagnostics.Single().Code);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Should_ask_for_a_name_when_the_file_name_cannot_name_outputs()
    {
        var e = Assert.Throws<EtlException>(() => PipelineLoader.Parse(Valid, "my pipeline.yaml"));
        var d = Assert.Single(e.Diagnostics);
        Assert.Equal(Codes.InvalidValue, d.Code);
        Assert.Contains("add one", d.Message, StringComparison.Ordinal);
    }
}
