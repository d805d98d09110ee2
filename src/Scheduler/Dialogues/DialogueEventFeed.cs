using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace DanVan.Scheduler.Dialogues;

public sealed record DialogueEvent(long Id, string EventType, Guid DialogueId, string UnitCode, DialogueStatus Status, string Message, DateTimeOffset CreatedAt);

/// <summary>
/// The outbox as a feed, shared by every watcher of the hub so that their number costs no connections.
/// One reader (<see cref="FollowAsync"/>, run by the hub) reads the events written since it last looked,
/// once for all watchers, when the hub's one notification listener signals that an event may have been
/// written (by this instance or another) and every 5 s in case a notification was lost, and only while
/// someone watches. It keeps the latest events in memory and wakes the watchers, who pick out their
/// subtree's. A watcher that starts or replays from further back reads the store itself, within
/// <see cref="MaxConcurrentReads"/> reads at once for the whole hub.
/// </summary>
public sealed partial class DialogueEventFeed(DialogueOutbox outbox, DialogueReports reports, ILogger<DialogueEventFeed> logger) : IDisposable
{
    private const int PageSize = 500;
    private const int RetainedEvents = 2_000;
    private const int MaxConcurrentReads = 4;
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _reads = new(MaxConcurrentReads);
    private readonly Lock _lock = new();
    private TaskCompletionSource _signal = NewSignal();
    private TaskCompletionSource _published = NewSignal();
    private int _watchers;

    // Every event with _floor < id <= _head is in _recent, in order of id; _head < 0 when nothing is held.
    private readonly List<StoredEvent> _recent = [];
    private long _floor = -1;
    private long _head = -1;

    /// <summary>
    /// Starts watching a unit's subtree (as it is on <paramref name="today"/>, with the units it was
    /// formed from) after <paramref name="afterEventId"/>, or from now when it is 0.
    /// </summary>
    public async Task<DialogueSubscription> SubscribeAsync(string unitCode, DateOnly today, long afterEventId, CancellationToken cancellationToken)
    {
        await _reads.WaitAsync(cancellationToken);
        try
        {
            var (_, roots) = await reports.ScopeAsync(unitCode, today, cancellationToken);
            var last = afterEventId > 0 ? afterEventId : await outbox.LatestIdAsync(cancellationToken);
            return new DialogueSubscription(this, roots.ToArray(), last);
        }
        finally
        {
            _reads.Release();
        }
    }

    /// <summary>Wakes the shared reader: an event may have been written.</summary>
    public void Signal() => Volatile.Read(ref _signal).TrySetResult();

    /// <summary>The shared reader, until <paramref name="stoppingToken"/>; the hub runs one.</summary>
    public async Task FollowAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await Volatile.Read(ref _signal).Task.WaitAsync(PollInterval, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            // Replaced before reading, so that a signal arriving during the read makes another one.
            Interlocked.Exchange(ref _signal, NewSignal());
            if (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            if (Volatile.Read(ref _watchers) == 0)
            {
                lock (_lock)
                {
                    _recent.Clear();
                    _floor = _head = -1;
                }

                continue;
            }

            try
            {
                await CatchUpAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                LogReadFailed(logger, e.Message);
            }
        }
    }

    private async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        long head;
        lock (_lock)
        {
            head = _head;
        }

        var changed = false;
        if (head < 0)
        {
            head = await outbox.LatestIdAsync(cancellationToken);
            lock (_lock)
            {
                _floor = _head = head;
            }

            changed = true;
        }

        while (true)
        {
            var page = await outbox.ReadAsync(head, null, PageSize, cancellationToken);
            if (page.Count == 0)
            {
                break;
            }

            lock (_lock)
            {
                _recent.AddRange(page.Select(r => new StoredEvent(r.Event, r.UnitPath)));
                _head = head = page[^1].Event.Id;
                if (_recent.Count > RetainedEvents)
                {
                    var dropped = _recent.Count - RetainedEvents;
                    _floor = _recent[dropped - 1].Event.Id;
                    _recent.RemoveRange(0, dropped);
                }
            }

            changed = true;
            if (page.Count < PageSize)
            {
                break;
            }
        }

        if (changed)
        {
            Interlocked.Exchange(ref _published, NewSignal()).TrySetResult();
        }
    }

    internal Task Published => Volatile.Read(ref _published).Task;

    internal void Join() => Interlocked.Increment(ref _watchers);

    internal void Leave() => Interlocked.Decrement(ref _watchers);

    /// <summary>The subtree's events after <paramref name="afterId"/> from memory, or null when memory does not reach back that far.</summary>
    internal List<DialogueEvent>? Recent(long[] roots, long afterId)
    {
        lock (_lock)
        {
            if (_head < 0 || afterId < _floor)
            {
                return null;
            }

            var (low, high) = (0, _recent.Count);
            while (low < high)
            {
                var middle = (low + high) / 2;
                (low, high) = _recent[middle].Event.Id <= afterId ? (middle + 1, high) : (low, middle);
            }

            var events = new List<DialogueEvent>();
            for (var i = low; i < _recent.Count; i++)
            {
                if (_recent[i].UnitPath.AsSpan().ContainsAny(roots))
                {
                    events.Add(_recent[i].Event);
                }
            }

            return events;
        }
    }

    /// <summary>The subtree's events after <paramref name="afterId"/> from the store, a page at most.</summary>
    internal async Task<List<DialogueEvent>> ReadAsync(long[] roots, long afterId, CancellationToken cancellationToken)
    {
        await _reads.WaitAsync(cancellationToken);
        try
        {
            return (await outbox.ReadAsync(afterId, roots, PageSize, cancellationToken)).Select(r => r.Event).ToList();
        }
        finally
        {
            _reads.Release();
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed record StoredEvent(DialogueEvent Event, long[] UnitPath);

    public void Dispose() => _reads.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dialogue events could not be read ({Reason}); trying again shortly")]
    private static partial void LogReadFailed(ILogger logger, string reason);
}

/// <summary>One watcher of a subtree: its events as they come, from the feed's memory when it can, else from the store.</summary>
public sealed class DialogueSubscription : IDisposable
{
    private readonly DialogueEventFeed _feed;
    private readonly long[] _roots;
    private long _last;

    internal DialogueSubscription(DialogueEventFeed feed, long[] roots, long last)
    {
        _feed = feed;
        _roots = roots;
        _last = last;
        feed.Join();
    }

    /// <summary>The events, in order, until <paramref name="cancellationToken"/> ends the watch.</summary>
    public async IAsyncEnumerable<DialogueEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            // Taken before looking, so that what the feed publishes meanwhile wakes this watcher.
            var published = _feed.Published;
            var events = _feed.Recent(_roots, _last) ?? await _feed.ReadAsync(_roots, _last, cancellationToken);
            foreach (var e in events)
            {
                _last = e.Id;
                yield return e;
            }

            if (events.Count == 0)
            {
                await published.WaitAsync(cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    public void Dispose() => _feed.Leave();
}
