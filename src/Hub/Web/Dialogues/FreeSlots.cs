using DanVan.Adapters.Units;
using DanVan.Scheduler.Dialogues;
using Npgsql;

namespace DanVan.Hub.Web.Dialogues;

/// <summary>
/// The first free slots a unit's dialogue can take with its default co-chairs and venue, after the notice
/// period: the slots <see cref="SlotFinder"/> would pick one after another, offered so that one click books one.
/// </summary>
public sealed class FreeSlots(NpgsqlDataSource dataSource, BookingStore bookings, SlotFinder finder, SlotRules rules, DialogueOptions options, TimeProvider clock)
{
    private const int SearchDays = 90;

    public async Task<IReadOnlyList<DialogueSlot>> FirstAsync(AdminUnit unit, int count, CancellationToken cancellationToken)
    {
        var coChairs = options.CoChairsFor(unit.Code);
        var venue = CoChairs.DefaultVenue(unit);
        var from = rules.EarliestWithNotice(clock.GetUtcNow());
        var to = from.AddDays(SearchDays);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var busy = await bookings.LoadAsync(connection, null, BookingStore.Resources(coChairs, venue),
            SlotRules.FromLocal(from, TimeOnly.MinValue), SlotRules.FromLocal(to.AddDays(1), TimeOnly.MinValue), cancellationToken);
        var found = new List<DialogueSlot>();
        while (found.Count < count && finder.Find(unit, coChairs, venue, from, to, from, busy) is { } slot)
        {
            found.Add(slot);
            // Taken in this view only, so that the next search finds the one after it.
            busy.Add(slot);
        }

        return found;
    }
}
