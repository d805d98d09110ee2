using DanVan.Adapters.Units;

namespace DanVan.Scheduler.Dialogues;

/// <summary>
/// The busy times of co-chairs and venues, loaded once (by <see cref="BookingStore.LoadAsync"/>) for a
/// search over many slots (the planner's in-memory view; the database's exclusion constraint stays the final word).
/// </summary>
public sealed class Bookings
{
    private readonly Dictionary<string, List<(DateTimeOffset Start, DateTimeOffset End)>> _busy = [];

    public bool IsFree(DialogueSlot slot) =>
        BookingStore.Resources(slot).All(r => !_busy.TryGetValue(r, out var times) || times.All(t => t.End <= slot.Start || slot.End <= t.Start));

    public void Add(DialogueSlot slot)
    {
        foreach (var resource in BookingStore.Resources(slot))
        {
            Add(resource, slot.Start, slot.End);
        }
    }

    internal void Add(string resource, DateTimeOffset start, DateTimeOffset end)
    {
        if (!_busy.TryGetValue(resource, out var times))
        {
            _busy[resource] = times = [];
        }

        times.Add((start, end));
    }
}

/// <summary>Finds free, allowed slots for a unit's dialogue with its default co-chairs and venue.</summary>
public sealed class SlotFinder(SlotRules rules, DialogueOptions options)
{
    /// <summary>
    /// The first free slot on a day from <paramref name="preferred"/> to <paramref name="to"/>, then from
    /// <paramref name="from"/> up to <paramref name="preferred"/>; null when the window has none.
    /// </summary>
    public DialogueSlot? Find(AdminUnit unit, IReadOnlyList<string> coChairs, string venue, DateOnly from, DateOnly to, DateOnly preferred, Bookings bookings)
    {
        preferred = preferred < from || preferred > to ? from : preferred;
        for (var date = preferred; date <= to; date = date.AddDays(1))
        {
            if (TryDay(date) is { } slot)
            {
                return slot;
            }
        }

        for (var date = from; date < preferred; date = date.AddDays(1))
        {
            if (TryDay(date) is { } slot)
            {
                return slot;
            }
        }

        return null;

        DialogueSlot? TryDay(DateOnly date)
        {
            if (!rules.IsPlannable(unit, coChairs, date))
            {
                return null;
            }

            foreach (var time in options.PlannedStartTimes)
            {
                if (!rules.FitsWorkingHours(date, time, options.DefaultDuration))
                {
                    continue;
                }

                var start = SlotRules.FromLocal(date, time);
                var slot = new DialogueSlot(start, start + options.DefaultDuration, venue, coChairs);
                if (bookings.IsFree(slot))
                {
                    return slot;
                }
            }

            return null;
        }
    }
}
