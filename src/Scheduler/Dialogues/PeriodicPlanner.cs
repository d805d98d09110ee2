using Dapper;
using DanVan.Adapters.Database;
using DanVan.Adapters.Errors;
using DanVan.Adapters.Time;
using DanVan.Adapters.Units;
using Npgsql;

namespace DanVan.Scheduler.Dialogues;

public sealed record PlannedDialogue(AdminUnit Unit, DialogueSlot Slot, Guid? DialogueId);

public sealed record UnitWithoutDialogue(AdminUnit Unit, string Reason);

/// <summary>What a plan for a unit subtree and a year did, or in a dry run would do.</summary>
/// <param name="Planned">The dialogues placed (with their ids once written).</param>
/// <param name="UnitsConsidered">Units of the subtree that must hold periodic dialogues.</param>
/// <param name="UnitsAlreadyPlanned">Those that already had enough, held or scheduled.</param>
/// <param name="UnitsWithoutDialogue">Those no slot could be found for before the due date, and why.</param>
/// <param name="DueDate">The day by which each unit's periodic dialogues must be held or scheduled.</param>
/// <param name="HolidaysProvisional">No official holiday decision is stored for the year: the slots follow the Labour Code rule.</param>
public sealed record PlanResult(
    IReadOnlyList<PlannedDialogue> Planned, int UnitsConsidered, int UnitsAlreadyPlanned, IReadOnlyList<UnitWithoutDialogue> UnitsWithoutDialogue, DateOnly DueDate,
    bool HolidaysProvisional);

/// <summary>
/// Keeps every unit of a subtree planned to its yearly number of periodic dialogues. The part of the
/// year up to the due date is cut into as many windows as a unit needs dialogues; each missing dialogue
/// goes on the first free slot from a day picked by the unit's code within its window (so that a
/// province's communes are spread over the window rather than piled on its first day), on a working
/// day in office hours, not on a chair's reception day, at least the notice period ahead. Communes'
/// periodic dialogues are Art. 43's (Law on Organisation of Local Government 2025), co-chaired by the
/// three; a province's are Regulation 11-QĐi/TW's, chaired by its Party secretary
/// (<see cref="DialogueOptions.CoChairsFor"/>). Plans are
/// applied under one advisory lock and count what exists first, so running the planner again, or on
/// two instances at once, creates nothing twice; the bookings' exclusion constraint backs that up.
/// </summary>
public sealed class PeriodicPlanner(
    NpgsqlDataSource dataSource, DialogueStore dialogues, BookingStore bookingStore, DialogueOutbox outbox, IUnitRegistry units,
    SlotRules rules, SlotFinder finder, DialogueOptions options, IDialogueMilestones milestones, TimeProvider clock)
{
    public async Task<PlanResult> PlanAsync(string unitCode, int year, bool dryRun, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var today = VietnamTime.Today(clock);
        if (year < today.Year)
        {
            throw new PreconditionFailedException("YEAR_IN_PAST", $"{year} is over; only this year and later can be planned.");
        }

        var asOf = year == today.Year ? today : new DateOnly(year, 1, 1);
        var root = await units.GetAsync(unitCode, asOf, cancellationToken);
        var subtree = await SubtreeAsync(root, asOf, cancellationToken);
        var dueDate = options.DueDate(year);
        var from = Max(new DateOnly(year, 1, 1), rules.EarliestWithNotice(now));
        var yearEnd = new DateOnly(year, 12, 31);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("select pg_advisory_xact_lock(@PlanLock)", new { PlanLock = AdvisoryLocks.PeriodicPlan }, transaction, cancellationToken: cancellationToken));

        var existing = await dialogues.PeriodicCountsAsync(connection, transaction, subtree.Select(u => u.Id).ToList(), year, dueDate, cancellationToken);

        var bookings = await bookingStore.LoadAsync(connection, transaction,
            subtree.SelectMany(u => BookingStore.Resources(options.CoChairsFor(u.Code), CoChairs.DefaultVenue(u))),
            SlotRules.FromLocal(from, TimeOnly.MinValue), SlotRules.FromLocal(yearEnd.AddDays(1), TimeOnly.MinValue), cancellationToken);

        var planned = new List<PlannedDialogue>();
        var without = new List<UnitWithoutDialogue>();
        var alreadyPlanned = 0;
        foreach (var unit in subtree)
        {
            var required = options.PeriodicPerYearFor(unit);
            var (have, byDueDate) = existing.TryGetValue(unit.Id, out var e) ? (e.Count, e.ByDueDate) : (0, false);
            if (have >= required)
            {
                alreadyPlanned++;
            }

            var (coChairs, venue) = (options.CoChairsFor(unit.Code), CoChairs.DefaultVenue(unit));
            var windowDays = dueDate.DayNumber - new DateOnly(year, 1, 1).DayNumber + 1;
            var plannedHere = 0;
            for (var k = have; k < required; k++)
            {
                var windowStart = new DateOnly(year, 1, 1).AddDays(windowDays * k / required);
                var windowEnd = new DateOnly(year, 1, 1).AddDays(windowDays * (k + 1) / required - 1);
                var start = Max(windowStart, from);
                var slot = start <= windowEnd
                    ? finder.Find(unit, coChairs, venue, start, windowEnd, start.AddDays(Spread(unit.Code, windowEnd.DayNumber - start.DayNumber + 1)), bookings)
                    : null;
                slot ??= from <= yearEnd ? finder.Find(unit, coChairs, venue, Max(from, dueDate.AddDays(1)), yearEnd, from, bookings) : null;
                if (slot is null)
                {
                    break;
                }

                bookings.Add(slot);
                planned.Add(new PlannedDialogue(unit, slot, dryRun ? null : Guid.CreateVersion7()));
                plannedHere++;
                byDueDate |= DateOnly.FromDateTime(SlotRules.Local(slot.Start)) <= dueDate;
            }

            if (required > 0 && !byDueDate)
            {
                without.Add(new UnitWithoutDialogue(unit, have + plannedHere == 0
                    ? $"no free slot left in {year} for its co-chairs and venue"
                    : $"its periodic dialogue falls after {dueDate:yyyy-MM-dd}"));
            }
        }

        if (!dryRun && planned.Count > 0)
        {
            // The whole plan in three statements: a province's plan is thousands of dialogues.
            await dialogues.InsertPlannedAsync(connection, transaction, planned, year, unit => $"Đối thoại định kỳ năm {year} – {unit.Name}",
                unit => options.InviteesFor(unit.Code), cancellationToken);
            await bookingStore.BookPlannedAsync(connection, transaction, planned, cancellationToken);
            await outbox.AddPlannedAsync(connection, transaction, planned.Select(p => p.DialogueId!.Value).ToList(), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        if (!dryRun && planned.Count > 0)
        {
            milestones.ArmChanged();
        }

        return new PlanResult(planned, subtree.Count, alreadyPlanned, without, dueDate, rules.Calendar.IsProvisional(year));
    }

    private async Task<List<AdminUnit>> SubtreeAsync(AdminUnit root, DateOnly asOf, CancellationToken cancellationToken)
    {
        var subtree = new List<AdminUnit> { root };
        for (var level = root.Level + 1; level <= AdminLevel.Commune; level++)
        {
            subtree.AddRange(await units.ListAllAsync(new UnitListFilter(root.Code, level, asOf, null), cancellationToken));
        }

        return subtree.Where(u => options.PeriodicPerYearFor(u) > 0).OrderBy(u => u.Code, StringComparer.Ordinal).ToList();
    }

    /// <summary>A day offset in [0, days) fixed by the unit's code (FNV-1a), the same on every run and machine.</summary>
    private static int Spread(string code, int days)
    {
        var hash = 2166136261u;
        foreach (var c in code)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % (uint)Math.Max(days, 1));
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
}
