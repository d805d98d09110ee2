using System.Collections.Concurrent;

namespace DanVan.Hub.Security;

/// <summary>
/// Call allowances on the hub's clock: a token bucket per client (<see cref="SecurityOptions.Burst"/>
/// calls at once, refilled at <see cref="SecurityOptions.RequestsPerSecond"/>), and one per address for
/// calls that present no valid credential (<see cref="SecurityOptions.AnonymousBurst"/>,
/// <see cref="SecurityOptions.AnonymousPerSecond"/>), which have no client to be counted against.
/// </summary>
public sealed class ClientRateLimiter(SecurityOptions options, TimeProvider clock)
{
    private readonly TokenBuckets<Guid> _clients = new(options.RequestsPerSecond, options.Burst, clock);
    private readonly TokenBuckets<string> _anonymous = new(options.AnonymousPerSecond, options.AnonymousBurst, clock);

    /// <summary>Takes one call from the client's allowance; when there is none, says how long until there is.</summary>
    public bool TryAcquire(Guid client, out TimeSpan retryAfter) => _clients.TryAcquire(client, out retryAfter);

    /// <summary>Takes one unauthenticated call from the allowance of the address it came from (see <see cref="ClientAddress.LimitKey"/>).</summary>
    public bool TryAcquireAnonymous(string address, out TimeSpan retryAfter) => _anonymous.TryAcquire(address, out retryAfter);

    /// <summary>Whether the address has an unauthenticated call left, without taking it.</summary>
    public bool HasAnonymousAllowance(string address) => _anonymous.HasToken(address);
}

/// <summary>
/// A token bucket per key. Refills are computed from the time elapsed on the hub's
/// <see cref="TimeProvider"/> when a call arrives, so no timer runs per key; once there are many keys,
/// buckets that have refilled completely (the same as no bucket) are dropped.
/// </summary>
internal sealed class TokenBuckets<TKey>(double perSecond, double burst, TimeProvider clock) where TKey : notnull
{
    private const int SweepAbove = 10_000;
    private readonly ConcurrentDictionary<TKey, Bucket> _buckets = new();

    public bool TryAcquire(TKey key, out TimeSpan retryAfter)
    {
        var now = clock.GetTimestamp();
        if (!_buckets.TryGetValue(key, out var bucket))
        {
            // Counting locks the whole dictionary: only when a key is new, not on every call.
            if (_buckets.Count > SweepAbove)
            {
                Sweep(now);
            }

            bucket = _buckets.GetOrAdd(key, static (_, state) => new Bucket(state.Burst, state.Now), (Burst: burst, Now: now));
        }

        lock (bucket)
        {
            Refill(bucket, now);
            if (bucket.Tokens >= 1)
            {
                bucket.Tokens -= 1;
                retryAfter = TimeSpan.Zero;
                return true;
            }

            retryAfter = TimeSpan.FromSeconds((1 - bucket.Tokens) / perSecond);
            return false;
        }
    }

    public bool HasToken(TKey key)
    {
        if (!_buckets.TryGetValue(key, out var bucket))
        {
            return true;
        }

        lock (bucket)
        {
            Refill(bucket, clock.GetTimestamp());
            return bucket.Tokens >= 1;
        }
    }

    private void Refill(Bucket bucket, long now)
    {
        // Max: a clock set back (tests own theirs) refills nothing instead of draining the bucket.
        var elapsed = Math.Max(0, clock.GetElapsedTime(bucket.RefilledAt, now).TotalSeconds);
        bucket.Tokens = Math.Min(burst, bucket.Tokens + elapsed * perSecond);
        bucket.RefilledAt = now;
    }

    private void Sweep(long now)
    {
        foreach (var (key, bucket) in _buckets)
        {
            lock (bucket)
            {
                Refill(bucket, now);
                if (bucket.Tokens >= burst)
                {
                    _buckets.TryRemove(key, out _);
                }
            }
        }
    }

    private sealed class Bucket(double tokens, long refilledAt)
    {
        public double Tokens { get; set; } = tokens;

        public long RefilledAt { get; set; } = refilledAt;
    }
}
