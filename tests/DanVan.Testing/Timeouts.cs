using System.Diagnostics;

namespace DanVan.Testing;

/// <summary>Upper bounds for awaits in tests, so that a hang fails the test instead of the run.</summary>
public static class Timeouts
{
    public static readonly TimeSpan Call = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan Startup = TimeSpan.FromSeconds(90);

    /// <summary>Polls <paramref name="condition"/> until it holds; fails after <paramref name="timeout"/> (of elapsed time, not of any clock).</summary>
    public static async Task Eventually(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var elapsed = Stopwatch.StartNew();
        while (!await condition().WaitAsync(timeout))
        {
            if (elapsed.Elapsed > timeout)
            {
                throw new TimeoutException($"Timed out after {timeout} waiting for {what}.");
            }

            await Task.Delay(200);
        }
    }
}
