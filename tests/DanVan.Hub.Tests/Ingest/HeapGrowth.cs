namespace DanVan.Hub.Tests.Ingest;

/// <summary>
/// How far this process's managed heap rises above its collected size while an action runs (the hub
/// under test runs in this process). A thread of its own collects the young generations and samples
/// the heap every few milliseconds, so the figure is what the action holds rather than how much garbage
/// the collector has yet to reclaim. Tests that measure run in <see cref="MemoryMeasurements"/>, alone.
/// </summary>
internal static class HeapGrowth
{
    public static async Task<long> DuringAsync(Func<Task> action)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var peak = baseline;
        using var stop = new CancellationTokenSource();
        var sampler = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                GC.Collect(1, GCCollectionMode.Forced, blocking: true, compacting: false);
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
                Thread.Sleep(5);
            }
        }) { IsBackground = true };
        sampler.Start();
        try
        {
            await action().WaitAsync(Timeouts.Call);
        }
        finally
        {
            stop.Cancel();
            sampler.Join(Timeouts.Call);
        }

        return peak - baseline;
    }
}

/// <summary>Test classes that measure the heap, run one at a time and with no other test, so that they measure only themselves.</summary>
[CollectionDefinition(nameof(MemoryMeasurements), DisableParallelization = true)]
public sealed class MemoryMeasurements;
