using System.Security.Cryptography;
using System.Text;
using OpenData.Etl.Sinks;
using OpenData.Etl.Tests.Support;

namespace OpenData.Etl.Tests.Sinks;

/// <summary>Outputs are hashed on the way out; the digests must be those of the bytes that reached the file.</summary>
public sealed class OutputFileStreamTests
{
    [Fact]
    public async Task Digests_are_those_of_the_file_whatever_way_it_was_written()
    {
        using var dir = new TempDir();
        var path = dir.File("out.bin");
        var stream = new OutputFileStream(path, withSha1: true);
        var big = Enumerable.Range(0, 200_000).Select(i => (byte)(i * 31)).ToArray(); // larger than the 64 KiB buffer
        stream.Write(Encoding.UTF8.GetBytes("åäö;"));
        stream.Write(big, 7, 100_000);
        stream.WriteByte(0x0A);
        await stream.WriteAsync(big.AsMemory(3, 70_000));
        await using (var writer = new StreamWriter(stream, new UTF8Encoding(false), 1024)) await writer.WriteAsync(new string('x', 5000));

        var digests = stream.Digests;
        Assert.NotNull(digests);
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(bytes.LongLength, digests.Bytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), digests.Sha256);
#pragma warning disable CA5350
        Assert.Equal(Convert.ToHexStringLower(SHA1.HashData(bytes)), digests.Sha1);
#pragma warning restore CA5350
        Assert.Equal(digests, OutputDigests.Of(path, withSha1: true));
    }

    [Fact]
    public void Without_metadata_to_write_no_SHA1_is_computed()
    {
        using var dir = new TempDir();
        var path = dir.File("out.bin");
        var stream = new OutputFileStream(path, withSha1: false);
        stream.Write("åäö"u8);
        stream.Dispose();

        Assert.Null(stream.Digests!.Sha1);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData("åäö"u8)), stream.Digests.Sha256);
        Assert.Equal(stream.Digests, OutputDigests.Of(path, withSha1: false));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_large_file_keeps_every_byte_in_order_and_its_digests_written_directly_or_through_the_page_cache(bool direct)
    {
        // Through the page cache, past 8 MB the stream asks the kernel to start writing what it has so far; directly,
        // whole 1 MiB buffers go out (and are hashed) on a task while the next fills. 20 MB in writes of odd sizes, so
        // that the requests fall inside writes and inside the stream's buffer, and the file ends in a partial block.
        using var dir = new TempDir();
        var path = dir.File("out.bin");
        var expected = new MemoryStream();
        var stream = new OutputFileStream(path, withSha1: true, direct);
        using (stream)
        {
            var random = new Random(8);
            while (expected.Length < 20 << 20)
            {
                var chunk = new byte[random.Next(1, 300_000)];
                random.NextBytes(chunk);
                stream.Write(chunk);
                expected.Write(chunk);
            }
            stream.Flush();
            if (!direct) Assert.Equal(expected.Length, new FileInfo(path).Length);
            Assert.Equal(direct && OperatingSystem.IsLinux(), stream.IsDirect);
        }

        Assert.Equal(expected.ToArray(), File.ReadAllBytes(path));
        Assert.Equal(new OutputDigests(expected.Length, Convert.ToHexStringLower(SHA256.HashData(expected.ToArray())),
#pragma warning disable CA5350
            Convert.ToHexStringLower(SHA1.HashData(expected.ToArray()))), stream.Digests);
#pragma warning restore CA5350
    }

    [Fact]
    public void A_file_written_out_of_order_has_no_digests_and_is_read_back_instead()
    {
        using var dir = new TempDir();
        var path = dir.File("out.bin");
        var stream = new OutputFileStream(path, withSha1: true);
        stream.Write("0123456789"u8);
        stream.Seek(2, SeekOrigin.Begin);
        stream.Write("ab"u8);
        stream.Dispose();

        Assert.Null(stream.Digests);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData("01ab456789"u8)), OutputDigests.Of(path, withSha1: true).Sha256);
    }
}
