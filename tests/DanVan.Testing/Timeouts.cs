namespace DanVan.Testing;

/// <summary>Upper bounds for awaits in tests, so that a hang fails the test instead of the run.</summary>
public static class Timeouts
{
    public static readonly TimeSpan Call = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan Startup = TimeSpan.FromSeconds(90);

    /// <summary>Polls <paramref name="condition"/> until it holds; fails after <paramref name="timeout"/>.</summary>
    public static async Task Eventually(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition().WaitAsync(timeout))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {timeout} waiting for {what}.");
            }

            await Task.Delay(200);
        }
    }
}
