using System.Runtime.InteropServices;

namespace OpenData.Etl.Running;

/// <summary>
/// A second name for an existing file (POSIX <c>link</c>), where the platform has it. .NET 10 has no API for it.
/// </summary>
internal static class HardLink
{
    /// <summary>Gives <paramref name="existing"/> the further name <paramref name="link"/>; false if that cannot be done here.</summary>
    public static bool TryCreate(string existing, string link)
    {
        if (!(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD())) return false;
        try
        {
            return Link(CString(existing), CString(link)) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>A path as the C library takes it: UTF-8 bytes ending in NUL (a byte array is passed pinned, as is).</summary>
    private static byte[] CString(string path) => System.Text.Encoding.UTF8.GetBytes(path + '\0');

#pragma warning disable SYSLIB1054 // LibraryImport generates unsafe code, which this project does not allow; the call is rare
    [DllImport("libc", EntryPoint = "link")]
    private static extern int Link(byte[] existing, byte[] link);
#pragma warning restore SYSLIB1054
}
