using System.ComponentModel.DataAnnotations;
using System.Collections.Concurrent;

namespace DanVan.Hub.Security;

/// <summary>Failed dashboard logins allowed before a lockout, section <c>DanVan:Security:Login</c>.</summary>
public sealed class LoginOptions : IValidatableObject
{
    /// <summary>Failed logins naming one client (its key id) before it is locked out…</summary>
    [Range(1, 1000)]
    public int MaxFailuresPerAccount { get; set; } = 5;

    /// <summary>…and from one address (an office behind one address shares it, so it is higher).</summary>
    [Range(1, 100_000)]
    public int MaxFailuresPerAddress { get; set; } = 20;

    /// <summary>The first lockout; each failure after a lockout doubles it…</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Lockout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>…up to this.</summary>
    public TimeSpan MaxLockout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Failures are forgotten once this long has passed without one.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(15);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxLockout < Lockout)
        {
            yield return new ValidationResult("The longest lockout cannot be shorter than the first.", [nameof(MaxLockout)]);
        }
    }
}

/// <summary>
/// Lockout of the dashboard login per client address and per account, on the hub's clock. Once an
/// address or an account has failed too often, its logins are refused unchecked until the lockout
/// ends; each failure after that locks it out twice as long as the one before. Kept per hub: behind a
/// load balancer an attacker gets the allowance once per hub, which still bounds guessing.
/// </summary>
public sealed class LoginThrottle(LoginOptions options, TimeProvider clock)
{
    private const int SweepAbove = 10_000;
    private readonly ConcurrentDictionary<string, Failures> _failures = new();

    /// <summary>Whether a login from <paramref name="address"/> naming <paramref name="account"/> may be checked; if not, for how long.</summary>
    public bool IsOpen(string address, string? account, out TimeSpan retryAfter)
    {
        var now = clock.GetUtcNow();
        retryAfter = TimeSpan.Zero;
        foreach (var key in Keys(address, account))
        {
            if (_failures.TryGetValue(key, out var failures))
            {
                lock (failures)
                {
                    if (failures.LockedUntil > now && failures.LockedUntil - now > retryAfter)
                    {
                        retryAfter = failures.LockedUntil - now;
                    }
                }
            }
        }

        return retryAfter == TimeSpan.Zero;
    }

    public void Failed(string address, string? account)
    {
        var now = clock.GetUtcNow();
        if (_failures.Count > SweepAbove)
        {
            Sweep(now);
        }

        Count("address:" + address, options.MaxFailuresPerAddress, now);
        if (account is not null)
        {
            Count("account:" + account, options.MaxFailuresPerAccount, now);
        }
    }

    /// <summary>A successful login clears its account's failures (not its address's, or one valid login would reset a guesser's count).</summary>
    public void Succeeded(string account) => _failures.TryRemove("account:" + account, out _);

    private void Count(string key, int allowed, DateTimeOffset now)
    {
        var failures = _failures.GetOrAdd(key, static _ => new Failures());
        lock (failures)
        {
            if (now - failures.Last > options.FailureWindow)
            {
                failures.Count = 0;
            }

            failures.Count++;
            failures.Last = now;
            if (failures.Count >= allowed)
            {
                var doublings = Math.Min(failures.Count - allowed, 30);
                var lockout = TimeSpan.FromTicks((long)Math.Min(options.MaxLockout.Ticks, options.Lockout.Ticks * Math.Pow(2, doublings)));
                failures.LockedUntil = now + lockout;
            }
        }
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (key, failures) in _failures)
        {
            lock (failures)
            {
                if (failures.LockedUntil <= now && now - failures.Last > options.FailureWindow)
                {
                    _failures.TryRemove(key, out _);
                }
            }
        }
    }

    private static IEnumerable<string> Keys(string address, string? account) =>
        account is null ? ["address:" + address] : ["address:" + address, "account:" + account];

    private sealed class Failures
    {
        public int Count { get; set; }

        public DateTimeOffset Last { get; set; } = DateTimeOffset.MinValue;

        public DateTimeOffset LockedUntil { get; set; } = DateTimeOffset.MinValue;
    }
}
