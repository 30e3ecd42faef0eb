using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace OpenData.Etl.Sinks;

/// <summary>
/// Asks Linux to start writing a file's dirty pages to disk now, without waiting for them. Publishing flushes every
/// output to disk before its commit point; without this the kernel kept a run's gigabyte of output in memory until
/// then, and the run ended with half a second of waiting for the disk while the cores stood idle. Written back as
/// the run goes, little is left for that flush. Only a hint: elsewhere, or if the call fails, nothing changes.
/// </summary>
internal static class EarlyWriteback
{
    private const uint SyncFileRangeWrite = 2; // SYNC_FILE_RANGE_WRITE: start writing, do not wait

    public static void Start(SafeFileHandle file, long fromOffset)
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            _ = sync_file_range(file, fromOffset, 0, SyncFileRangeWrite); // 0 bytes: to the end of the file
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // A C library without it: the flush at publishing does all the writing, as it would anyway.
        }
    }

#pragma warning disable SYSLIB1054 // LibraryImport needs unsafe code for the handle; this call is rare and not hot
    [DllImport("libc", SetLastError = false)]
    private static extern int sync_file_range(SafeFileHandle fd, long offset, long nbytes, uint flags);
#pragma warning restore SYSLIB1054
}
