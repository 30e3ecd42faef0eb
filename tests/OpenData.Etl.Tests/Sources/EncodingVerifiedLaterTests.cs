using System.Text;
using OpenData.Etl.Diagnostics;
using OpenData.Etl.Pipelines;
using OpenData.Etl.Running;
using OpenData.Etl.Sources;
using OpenData.Etl.Tests.Support;

namespace OpenData.Etl.Tests.Sources;

/// <summary>
/// A run settles the source's encoding from the front of the file and checks the rest while it reads. The answer must
/// be the whole-file inspection's, its error the same, and a file that fails the check must fail the run before its
/// rows' errors are reported and before anything is published.
/// </summary>
public sealed class EncodingVerifiedLaterTests
{
    /// <summary>A Windows-1252 export of three megabytes: 'å' in its first row, and <paramref name="late"/> two megabytes in.</summary>
    private static byte[] Export(byte late, string firstValue = "1")
    {
        var text = new StringBuilder("Id;Namn\n").Append(firstValue).Append(";Åsa\n");
        for (var i = 2; text.Length < 3 << 20; i++) text.Append(i).Append(";Rad ").Append(i).Append('\n');
        var bytes = SourceFileInspector.Windows1252.GetBytes(text.ToString());
        var at = Array.IndexOf(bytes, (byte)'\n', 2 << 20) - 1; // the last character of a name
        bytes[at] = late;
        return bytes;
    }

    private static (SourceFileFacts Facts, string? Error) InspectBoth(byte[] bytes, TextEncodingOption option, out string? wholeFileError)
    {
        using var dir = new TempDir();
        var path = dir.File("x.csv");
        File.WriteAllBytes(path, bytes);
        try
        {
            SourceFileInspector.Inspect(path, "x.csv", option);
            wholeFileError = null;
        }
        catch (EtlException e)
        {
            wholeFileError = e.Message;
        }
        var facts = SourceFileInspector.Inspect(path, "x.csv", option, verifyLater: true);
        try
        {
            facts.Verified.GetAwaiter().GetResult();
            return (facts, null);
        }
        catch (EtlException e)
        {
            return (facts, e.Message);
        }
    }

    [Theory]
    [InlineData(TextEncodingOption.Auto, (byte)'x', null)]
    [InlineData(TextEncodingOption.Windows1252, (byte)'x', null)]
    [InlineData(TextEncodingOption.Auto, (byte)0x81, "neither UTF-8")] // unassigned in Windows-1252
    [InlineData(TextEncodingOption.Windows1252, (byte)0x8D, "not a Windows-1252 text character")]
    [InlineData(TextEncodingOption.Auto, (byte)0, "neither UTF-8")]
    public void The_check_of_the_rest_gives_the_whole_file_inspections_answer(TextEncodingOption option, byte late, string? error)
    {
        var (facts, laterError) = InspectBoth(Export(late), option, out var wholeFileError);

        Assert.Equal("windows-1252", facts.Encoding.WebName);
        Assert.Equal(wholeFileError, laterError);
        if (error is null) Assert.Null(laterError);
        else Assert.Contains(error, laterError, StringComparison.Ordinal);
    }

    [Fact]
    public void A_declared_UTF8_file_that_is_not_fails_the_check_with_the_inspections_error()
    {
        var bytes = Encoding.UTF8.GetBytes("Id;Namn\n1;Åsa\n" + string.Concat(Enumerable.Range(2, 300_000).Select(i => $"{i};Rad {i}\n")));
        bytes[^5] = 0xE4; // 'ä' in Windows-1252
        var (facts, laterError) = InspectBoth(bytes, TextEncodingOption.Utf8, out var wholeFileError);
        Assert.Equal("utf-8", facts.Encoding.WebName);
        Assert.NotNull(laterError);
        Assert.Equal(wholeFileError, laterError);
    }

    [Fact]
    public void A_file_cut_inside_a_character_fails_the_check_at_its_end()
    {
        // Only the end of the file tells: its last byte starts a two-byte sequence that never comes.
        byte[] bytes = [.. Encoding.UTF8.GetBytes("Id;Namn\n1;Åsa\n" + string.Concat(Enumerable.Range(2, 300_000).Select(i => $"{i};Rad {i}\n"))), 0xC3];
        var (facts, laterError) = InspectBoth(bytes, TextEncodingOption.Utf8, out var wholeFileError);
        Assert.Equal("utf-8", facts.Encoding.WebName);
        Assert.NotNull(wholeFileError);
        Assert.Equal(wholeFileError, laterError);
    }

    [Fact]
    public async Task A_run_over_a_file_that_fails_the_check_reports_that_before_row_errors_and_publishes_nothing()
    {
        using var dir = new TempDir();
        // Row 2's id is not an integer, an error the run meets at once; the byte two megabytes in is met later.
        File.WriteAllBytes(dir.File("export.csv"), Export(0x81, firstValue: "ett"));
        File.WriteAllText(dir.File("schema.json"), """{ "fields": [ { "name": "id", "type": "integer" }, { "name": "namn", "type": "string" } ] }""");
        File.WriteAllText(dir.File("p.yaml"), """
            source: { path: export.csv, delimiter: ";", encoding: windows-1252 }
            columns: { Id: public, Namn: public }
            specification: { uri: "https://example.se/spec/1.0", schema: schema.json }
            mapping: { fields: { id: Id, namn: Namn } }
            outputs: { dir: out, formats: [csv, json] }
            """);

        var failure = await Assert.ThrowsAsync<EtlException>(() => new PipelineRunner().RunAsync(PipelineLoader.Load(dir.File("p.yaml"))));

        Assert.Equal(Codes.InvalidEncoding, Assert.Single(failure.Diagnostics).Code);
        Assert.False(Directory.Exists(dir.File("out")) && Directory.EnumerateFiles(dir.File("out")).Any());
    }
}
