namespace DanVan.Testing;

/// <summary>
/// A hub's clock that its test owns: it stands still unless the test moves it, and, unlike
/// FakeTimeProvider, may be set back (each test starts from its fixture's instant, whatever the
/// tests before it did). The hub reads only "now" from it; nothing in the hub waits on its timers.
/// </summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    private long _utcTicks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _utcTicks), TimeSpan.Zero);

    // Elapsed time measured on this clock (rate limits) follows it too.
    public override long GetTimestamp() => Interlocked.Read(ref _utcTicks);

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public void Set(DateTimeOffset now) => Interlocked.Exchange(ref _utcTicks, now.UtcTicks);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _utcTicks, by.Ticks);
}
