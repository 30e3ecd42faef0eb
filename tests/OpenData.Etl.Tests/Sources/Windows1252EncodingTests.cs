using System.Text;
using OpenData.Etl.Sources;

namespace OpenData.Etl.Tests.Sources;

/// <summary>The fast Windows-1252 decoder must give exactly what .NET's code-page decoder gives.</summary>
public sealed class Windows1252EncodingTests
{
    private static readonly Encoding CodePage = CodePagesEncodingProvider.Instance.GetEncoding(1252)!;

    [Fact]
    public void Every_byte_decodes_as_the_code_page_decodes_it()
    {
        var bytes = Enumerable.Range(0, 256).Select(b => (byte)b).ToArray();

        Assert.Equal(CodePage.GetString(bytes), SourceFileInspector.Windows1252.GetString(bytes));
        Assert.Equal('€', SourceFileInspector.Windows1252.GetString([0x80])[0]); // where Latin-1 would give U+0080
        Assert.Equal("windows-1252", SourceFileInspector.Windows1252.WebName);
    }

    [Fact]
    public void Long_mixed_text_read_through_a_stream_reader_matches_the_code_page()
    {
        // Long enough for the vectorised paths and several reader buffers, with the 0x80-0x9F bytes at every
        // position of a vector, next to each other, and at the very end.
        var random = new Random(1252);
        var bytes = new byte[200_003];
        for (var i = 0; i < bytes.Length; i++)
            bytes[i] = (i % 97) switch { < 60 => (byte)random.Next(0x20, 0x7F), < 80 => (byte)random.Next(0x80, 0xA0), _ => (byte)random.Next(0xA0, 0x100) };
        bytes[^1] = 0x96;

        using var reader = new StreamReader(new MemoryStream(bytes), SourceFileInspector.Windows1252, detectEncodingFromByteOrderMarks: false, bufferSize: 4096);
        Assert.Equal(CodePage.GetString(bytes), reader.ReadToEnd());
    }

    [Fact]
    public void Text_is_encoded_as_the_code_page_encodes_it()
    {
        const string text = "Smörgåsbord – “Café” för 12 €";

        Assert.Equal(CodePage.GetBytes(text), SourceFileInspector.Windows1252.GetBytes(text));
    }
}
