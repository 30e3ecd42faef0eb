namespace OpenData.Etl.Running;

/// <summary>
/// Collects the young generation after every <c>budget</c> bytes the process allocates, checked between batches.
/// <para>
/// .NET sizes its young-generation budget from the processor's last-level cache, and virtual machines may report
/// hundreds of megabytes (this project's CI host reports 300 MiB, which makes a budget of about 150 MB): dead
/// batches would pile up to that much before the collector looks, and the resident set would depend on the host
/// more than on the pipeline. A run's garbage lives for one batch, so a young collection finds little alive and
/// is short; collecting every 32 MB keeps the resident set near the live data on any host.
/// The runtime's own setting (<c>DOTNET_GCgen0size</c>) does the same but is read only from the environment,
/// not from <c>runtimeconfig.json</c>, so a tool cannot ship it.
/// </para>
/// </summary>
internal sealed class YoungGenerationPacer(long budget = YoungGenerationPacer.DefaultBudget)
{
    public const long DefaultBudget = 32L << 20;

    private long _allocatedAtLastCollection = GC.GetTotalAllocatedBytes();

    /// <summary>Collections this pacer asked for.</summary>
    public int Collections { get; private set; }

    /// <summary>Called between batches: collects the young generation if the budget is spent.</summary>
    public void Tick()
    {
        var allocated = GC.GetTotalAllocatedBytes();
        if (allocated - _allocatedAtLastCollection < budget) return;
        GC.Collect(0, GCCollectionMode.Forced, blocking: true);
        _allocatedAtLastCollection = allocated;
        Collections++;
    }
}
