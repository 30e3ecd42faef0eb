using System.IO.Compression;

namespace OpenData.Etl.Tests.Support;

/// <summary>Debian's headless Chromium (installed by .ci/run), run as a separate process with a fresh profile.</summary>
internal static class Chromium
{
    private static readonly string[] Executables = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

    public static Task<CliResult> RunAsync(TempDir dir, params string[] args)
    {
        var executable = Executables.FirstOrDefault(File.Exists);
        // Not a skip: the acceptance criterion is a real browser, so a machine without one fails the test.
        Assert.True(executable is not null, "chromium is not installed; .ci/run installs Debian's chromium package");
        var profile = dir.File("chromium-profile-" + Guid.NewGuid().ToString("N"));
        string[] options =
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", $"--user-data-dir={profile}",
        ];
        return ChildProcess.RunAsync(executable!, [.. options, .. args], TimeSpan.FromSeconds(90));
    }

    /// <summary>Width, height and the number of distinct bytes in the decompressed image data (a blank page has very few).</summary>
    public static (int Width, int Height, int DistinctBytes) InspectPng(byte[] png)
    {
        Assert.True(png.AsSpan(0, 8).SequenceEqual(new byte[] { 137, 80, 78, 71, 13, 10, 26, 10 }), "not a PNG file");
        int width = 0, height = 0;
        using var idat = new MemoryStream();
        for (var at = 8; at + 8 <= png.Length;)
        {
            var length = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            var type = System.Text.Encoding.ASCII.GetString(png, at + 4, 4);
            var data = png.AsSpan(at + 8, length);
            if (type == "IHDR")
            {
                width = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(data);
                height = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(data[4..]);
            }
            else if (type == "IDAT")
            {
                idat.Write(data);
            }
            at += 12 + length;
        }
        idat.Position = 0;
        using var inflate = new ZLibStream(idat, CompressionMode.Decompress);
        var seen = new bool[256];
        var buffer = new byte[1 << 16];
        int read;
        while ((read = inflate.Read(buffer)) > 0)
        {
            foreach (var b in buffer.AsSpan(0, read)) seen[b] = true;
        }
        return (width, height, seen.Count(s => s));
    }
}
