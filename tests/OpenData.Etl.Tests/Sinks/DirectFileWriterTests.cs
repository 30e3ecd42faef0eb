using System.Text.RegularExpressions;
using Microsoft.Win32.SafeHandles;
using OpenData.Etl.Sinks;
using OpenData.Etl.Tests.Support;

namespace OpenData.Etl.Tests.Sinks;

/// <summary>Direct I/O must give the same file as any other write, and really be direct where Linux allows it.</summary>
public sealed partial class DirectFileWriterTests
{
    private const int ODirect = 0x4000; // x86-64; the kernel reports the file's status flags in octal

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4095)]
    [InlineData(4096)]
    [InlineData(1 << 20)]
    [InlineData((1 << 20) + 4097)]
    [InlineData((3 << 20) + 5)]
    public void The_file_holds_exactly_the_bytes_written_whatever_their_length(int length)
    {
        using var dir = new TempDir();
        var path = dir.File("out.bin");
        var expected = new byte[length];
        new Random(length).NextBytes(expected);

        using (var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write))
        {
            var writer = DirectFileWriter.TryStart(handle);
            Assert.NotNull(writer);
            var random = new Random(1);
            for (var at = 0; at < length;)
            {
                var n = Math.Min(length - at, random.Next(1, 700_000));
                writer.Write(expected.AsSpan(at, n));
                at += n;
                Assert.Equal(at, writer.Position);
            }
            writer.Finish();
        }

        Assert.Equal(expected, File.ReadAllBytes(path));
    }

    [Fact]
    public void The_kernel_writes_the_blocks_directly_and_the_tail_through_the_page_cache()
    {
        if (!OperatingSystem.IsLinux() || System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture != System.Runtime.InteropServices.Architecture.X64) return;
        using var dir = new TempDir();
        using var handle = File.OpenHandle(dir.File("out.bin"), FileMode.CreateNew, FileAccess.Write);
        Assert.Equal(0, StatusFlags(handle) & ODirect);

        var writer = DirectFileWriter.TryStart(handle)!;
        Assert.NotEqual(0, StatusFlags(handle) & ODirect);
        writer.Write(new byte[(2 << 20) + 10]);
        Assert.True(writer.IsDirect);
        Assert.NotEqual(0, StatusFlags(handle) & ODirect);

        writer.Finish();
        Assert.Equal(0, StatusFlags(handle) & ODirect);
        Assert.Equal((2 << 20) + 10, RandomAccess.GetLength(handle));
    }

    /// <summary>The file's status flags as the kernel reports them in /proc/self/fdinfo.</summary>
    private static int StatusFlags(SafeFileHandle handle)
    {
        var info = File.ReadAllText($"/proc/self/fdinfo/{handle.DangerousGetHandle()}");
        return Convert.ToInt32(FlagsLine().Match(info).Groups[1].Value, 8);
    }

    [GeneratedRegex(@"^flags:\s+([0-7]+)$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex FlagsLine();
}
