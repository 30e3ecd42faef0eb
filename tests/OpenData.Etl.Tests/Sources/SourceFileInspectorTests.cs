using System.Text;
using OpenData.Etl.Diagnostics;
using OpenData.Etl.Pipelines;
using OpenData.Etl.Sources;
using OpenData.Etl.Tests.Support;

namespace OpenData.Etl.Tests.Sources;

public sealed class SourceFileInspectorTests
{
    private static SourceFileFacts Inspect(byte[] bytes, TextEncodingOption option = TextEncodingOption.Auto)
    {
        using var dir = new TempDir();
        var path = dir.File("x.csv");
        File.WriteAllBytes(path, bytes);
        return SourceFileInspector.Inspect(path, "x.csv", option);
    }

    [Fact]
    public void Should_choose_UTF8_for_valid_UTF8_and_note_the_BOM()
    {
        Assert.Equal("utf-8", Inspect(Encoding.UTF8.GetBytes("a;b\nå;ö\n")).Encoding.WebName);
        Assert.Equal(3, Inspect([0xEF, 0xBB, 0xBF, .. "a;b\n"u8]).BomLength);
    }

    [Fact]
    public void Should_choose_Windows1252_when_a_late_byte_is_not_UTF8()
    {
        // The only non-ASCII byte sits past the first megabyte, beyond any sample-based guess.
        var bytes = new byte[(1 << 20) + 100];
        Array.Fill(bytes, (byte)'a');
        bytes[^10] = 0xE4; // 'ä' in Windows-1252, an incomplete sequence in UTF-8
        Assert.Equal("windows-1252", Inspect(bytes).Encoding.WebName);
    }

    [Fact]
    public void Should_find_a_UTF8_sequence_split_across_read_chunks()
    {
        var bytes = new byte[1 << 20];
        Array.Fill(bytes, (byte)'a');
        bytes[^1] = 0xC3; // first byte of 'ä' ends the first chunk...
        byte[] all = [.. bytes, 0xA4, (byte)'\n']; // ...and its second byte starts the next
        Assert.Equal("utf-8", Inspect(all).Encoding.WebName);
    }

    [Fact]
    public void Should_name_the_byte_offset_of_a_file_that_is_neither()
    {
        byte[] bytes = [.. "a;b\nx;y\n"u8, 0x81, (byte)'\n', 0xC3, 0x28];
        var e = Assert.Throws<EtlException>(() => Inspect(bytes));
        Assert.Equal(Codes.InvalidEncoding, e.Diagnostics.Single().Code);
        Assert.Contains("byte 8", e.Message, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.DataError, e.ExitCode);
    }

    [Fact]
    public void Should_refuse_a_declared_UTF8_file_that_is_not()
    {
        var e = Assert.Throws<EtlException>(() => Inspect([.. "ab"u8, 0xE4, .. "\n"u8], TextEncodingOption.Utf8));
        Assert.Contains("byte 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_refuse_binary_files()
    {
        var e = Assert.Throws<EtlException>(() => Inspect([.. "PK"u8, 0x03, 0x04, 0x00, 0x00]));
        Assert.Equal(Codes.InvalidEncoding, e.Diagnostics.Single().Code);
    }

    [Fact]
    public void Should_hash_the_whole_file()
    {
        var bytes = Encoding.UTF8.GetBytes("a;b\n1;2\n");
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), Inspect(bytes).Sha256);
    }

    [Theory]
    [InlineData("Id;Namn;Belopp", ';')]
    [InlineData("Id,Namn,Belopp", ',')]
    [InlineData("Id\tNamn\tBelopp", '\t')]
    [InlineData("\"Id;x\",Namn,Belopp", ',')]
    public void Should_detect_the_delimiter_from_the_header(string header, char expected)
    {
        Assert.Equal(expected, DelimiterDetector.Detect(header));
    }

    [Fact]
    public void Should_not_guess_between_tied_delimiters() => Assert.Null(DelimiterDetector.Detect("a;b,c"));

    [Fact]
    public void Should_read_a_header_without_delimiters_as_one_column() => Assert.Equal(',', DelimiterDetector.Detect("Belopp"));

    [Fact]
    public void Should_refuse_a_NUL_byte_even_after_characters_that_are_valid_UTF8()
    {
        var e = Assert.Throws<EtlException>(() => Inspect([.. "Á;b\n"u8, 0x00, .. "\n"u8]));
        Assert.Contains("byte 5", e.Message, StringComparison.Ordinal);
    }
}
