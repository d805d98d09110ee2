using System.Collections.Concurrent;

namespace DanVan.Hub.Security;

/// <summary>
/// A token bucket per client on the hub's clock: <see cref="SecurityOptions.Burst"/> calls at once,
/// refilled at <see cref="SecurityOptions.RequestsPerSecond"/>. Refills are computed from the time
/// elapsed on the hub's <see cref="TimeProvider"/> when a call arrives, so no timer runs per client.
/// </summary>
public sealed class ClientRateLimiter(SecurityOptions options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<Guid, Bucket> _buckets = new();

    /// <summary>Takes one call from the client's allowance; when there is none, says how long until there is.</summary>
    public bool TryAcquire(Guid client, out TimeSpan retryAfter)
    {
        var now = clock.GetTimestamp();
        var bucket = _buckets.GetOrAdd(client, static (_, state) => new Bucket(state.Burst, state.Now), (Burst: (double)options.Burst, Now: now));
        lock (bucket)
        {
            // Max: a clock set back (tests own theirs) refills nothing instead of draining the bucket.
            var elapsed = Math.Max(0, clock.GetElapsedTime(bucket.RefilledAt, now).TotalSeconds);
            bucket.Tokens = Math.Min(options.Burst, bucket.Tokens + elapsed * options.RequestsPerSecond);
            bucket.RefilledAt = now;
            if (bucket.Tokens >= 1)
            {
                bucket.Tokens -= 1;
                retryAfter = TimeSpan.Zero;
                return true;
            }

            retryAfter = TimeSpan.FromSeconds((1 - bucket.Tokens) / options.RequestsPerSecond);
            return false;
        }
    }

    private sealed class Bucket(double tokens, long refilledAt)
    {
        public double Tokens { get; set; } = tokens;

        public long RefilledAt { get; set; } = refilledAt;
    }
}
