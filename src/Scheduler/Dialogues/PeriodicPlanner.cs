using Dapper;
using DanVan.Adapters.Database;
using DanVan.Adapters.Errors;
using DanVan.Adapters.Time;
using DanVan.Adapters.Units;
using Npgsql;

namespace DanVan.Scheduler.Dialogues;

public sealed record PlannedDialogue(AdminUnit Unit, DialogueSlot Slot, Guid? DialogueId);

public sealed record UnitWithoutDialogue(AdminUnit Unit, string Reason);

/// <param name="HolidaysProvisional">No official holiday decision is stored for the year: the slots follow the Labour Code rule.</param>
public sealed record PlanResult(
    IReadOnlyList<PlannedDialogue> Planned, int UnitsConsidered, int UnitsAlreadyPlanned, IReadOnlyList<UnitWithoutDialogue> UnitsWithoutDialogue, DateOnly DueDate,
    bool HolidaysProvisional);

/// <summary>
/// Keeps every unit of a subtree planned to its yearly number of periodic dialogues. The part of the
/// year up to the due date is cut into as many windows as a unit needs dialogues; each missing dialogue
/// goes on the first free slot from a day picked by the unit's code within its window (so that a
/// province's communes are spread over the window rather than piled on its first day), on a working
/// day in office hours, not on a chair's reception day, at least the notice period ahead. Plans are
/// applied under one advisory lock and count what exists first, so running the planner again, or on
/// two instances at once, creates nothing twice; the bookings' exclusion constraint backs that up.
/// </summary>
public sealed class PeriodicPlanner(
    NpgsqlDataSource dataSource, IUnitRegistry units, SlotRules rules, SlotFinder finder, DialogueOptions options,
    IDialogueMilestones milestones, TimeProvider clock)
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
        var root = await units.FindAsync(unitCode, asOf, cancellationToken)
            ?? throw new NotFoundException("admin unit", $"No administrative unit had code {unitCode} on {asOf:yyyy-MM-dd}.");
        var subtree = await SubtreeAsync(root, asOf, cancellationToken);
        var dueDate = options.DueDate(year);
        var from = Max(new DateOnly(year, 1, 1), rules.EarliestWithNotice(now));
        var yearEnd = new DateOnly(year, 12, 31);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("select pg_advisory_xact_lock(@PlanLock)", new { PlanLock = AdvisoryLocks.PeriodicPlan }, transaction, cancellationToken: cancellationToken));

        var existing = (await connection.QueryAsync<(long UnitId, int Count, bool ByDueDate)>(new CommandDefinition("""
            select unit_id, count(*)::int, bool_or(coalesce(held_on, (starts_at at time zone @zone)::date) <= @dueDate)
              from dialogue
             where kind = @periodic and plan_year = @year and status <> @cancelled and unit_id = any(@ids)
             group by unit_id
            """, new
        {
            year, dueDate, ids = subtree.Select(u => u.Id).ToArray(), zone = VietnamTime.TimeZoneId,
            periodic = StoredNames.Of(DialogueKind.Periodic), cancelled = StoredNames.Of(DialogueStatus.Cancelled),
        }, transaction, cancellationToken: cancellationToken)))
            .ToDictionary(e => e.UnitId);

        var bookings = await Bookings.LoadAsync(connection, transaction,
            subtree.SelectMany(u => DialogueStore.Resources(CoChairs.Default(u.Code), CoChairs.DefaultVenue(u))),
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

            var (coChairs, venue) = (CoChairs.Default(unit.Code), CoChairs.DefaultVenue(unit));
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
            await InsertAsync(connection, transaction, planned, year, cancellationToken);
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

    private static async Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<PlannedDialogue> planned, int year, CancellationToken cancellationToken)
    {
        var ids = planned.Select(p => p.DialogueId!.Value).ToArray();
        await connection.ExecuteAsync(new CommandDefinition("""
            with planned as (
                select * from unnest(@ids, @unitIds, @titles, @starts, @ends, @venues, @chairs) as p(id, unit_id, title, starts_at, ends_at, venue, chairs)
            )
            insert into dialogue (id, unit_id, unit_path, kind, status, title, starts_at, ends_at, venue, co_chairs, plan_year)
            select p.id, p.unit_id, unit_ancestry(p.unit_id, (p.starts_at at time zone @zone)::date), @periodic, @scheduled,
                   p.title, p.starts_at, p.ends_at, p.venue, string_to_array(p.chairs, '|'), @year
              from planned p
            """, new
        {
            ids,
            unitIds = planned.Select(p => p.Unit.Id).ToArray(),
            titles = planned.Select(p => $"Đối thoại định kỳ năm {year} – {p.Unit.Name}").ToArray(),
            starts = planned.Select(p => p.Slot.Start).ToArray(),
            ends = planned.Select(p => p.Slot.End).ToArray(),
            venues = planned.Select(p => p.Slot.Venue).ToArray(),
            chairs = planned.Select(p => string.Join('|', p.Slot.CoChairs)).ToArray(),
            year,
            zone = VietnamTime.TimeZoneId,
            periodic = StoredNames.Of(DialogueKind.Periodic),
            scheduled = StoredNames.Of(DialogueStatus.Scheduled),
        }, transaction, cancellationToken: cancellationToken, commandTimeout: 600));

        var bookings = planned.SelectMany(p => DialogueStore.Resources(p.Slot).Select(r => (Id: p.DialogueId!.Value, Resource: r, p.Slot))).ToList();
        await connection.ExecuteAsync(new CommandDefinition("""
            insert into dialogue_booking (dialogue_id, resource, during)
            select d, r, tstzrange(s, e) from unnest(@ids, @resources, @starts, @ends) as b(d, r, s, e)
            """, new
        {
            ids = bookings.Select(b => b.Id).ToArray(),
            resources = bookings.Select(b => b.Resource).ToArray(),
            starts = bookings.Select(b => b.Slot.Start).ToArray(),
            ends = bookings.Select(b => b.Slot.End).ToArray(),
        }, transaction, cancellationToken: cancellationToken, commandTimeout: 600));

        await connection.ExecuteAsync(new CommandDefinition("""
            insert into dialogue_event (dialogue_id, unit_path, event_type, status, message)
            select d.id, d.unit_path, 'dialogue.planned', d.status,
                   d.title || ' planned for ' || to_char(d.starts_at at time zone @zone, 'YYYY-MM-DD HH24:MI') || '.'
              from dialogue d where d.id = any(@ids)
            """, new { ids, zone = VietnamTime.TimeZoneId }, transaction, cancellationToken: cancellationToken, commandTimeout: 600));
    }
}
