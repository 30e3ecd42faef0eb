using OpenData.Etl.Diagnostics;
using OpenData.Etl.Pipelines;
using OpenData.Etl.Running;
using OpenData.Etl.Tests.Support;

namespace OpenData.Etl.Tests.Protection;

/// <summary>The personal-data scan of text lists (mapping 'split'): a row is one finding however many items give it away.</summary>
public sealed class ListScanTests
{
    [Fact]
    public async Task A_row_with_two_personnummer_in_one_list_counts_once_and_names_its_row_once()
    {
        using var dir = new TempDir();
        var (first, second) = (TestPersonnummer.All[0], TestPersonnummer.All[1]);
        File.WriteAllText(dir.File("schema.json"), """
            { "fields": [ { "name": "id", "type": "integer" }, { "name": "koder", "type": "array" } ] }
            """);
        File.WriteAllText(dir.File("export.csv"), $"Id;Koder\n1;A01|B02\n2;{first}|{second}\n3;C03\n");
        File.WriteAllText(dir.File("p.yaml"), """
            source: { path: export.csv }
            columns: { Id: public, Koder: public }
            specification: { uri: "https://example.se/spec/1.0", schema: schema.json }
            mapping: { fields: { id: Id, koder: { from: Koder, split: "|" } } }
            outputs: { dir: out }
            """);

        var error = await Assert.ThrowsAsync<EtlException>(() => new PipelineRunner().RunAsync(PipelineLoader.Load(dir.File("p.yaml"))));

        var finding = Assert.Single(error.Diagnostics, d => d.Code == Codes.PersonalDataFound);
        Assert.Contains("in 1 row(s): rows 3.", finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(first, error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("out")) && Directory.EnumerateFiles(dir.File("out")).Any());
    }
}
