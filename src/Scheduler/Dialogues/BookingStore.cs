using Dapper;
using DanVan.Adapters.Errors;
using DanVan.Adapters.Time;
using Npgsql;

namespace DanVan.Scheduler.Dialogues;

/// <summary>
/// What dialogues book: each co-chair and the venue, for the dialogue's slot. No resource is booked
/// twice at overlapping times; the table's exclusion constraint is the final word on that.
/// </summary>
public sealed class BookingStore
{
    public static string[] Resources(DialogueSlot slot) => Resources(slot.CoChairs, slot.Venue);

    /// <summary>What a dialogue books: each co-chair and the venue, compared without case or surrounding spaces.</summary>
    public static string[] Resources(IEnumerable<string> coChairs, string venue) =>
        coChairs.Select(c => "chair:" + c.Trim().ToLowerInvariant()).Append("venue:" + venue.Trim().ToLowerInvariant()).Distinct().ToArray();

    /// <summary>
    /// Books the slot's co-chairs and venue for the dialogue, replacing its earlier bookings (none when
    /// <paramref name="slot"/> is null). A clash is FAILED_PRECONDITION naming who or what is taken;
    /// the exclusion constraint settles races between concurrent writers the same way.
    /// </summary>
    public async Task BookAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid dialogueId, DialogueSlot? slot, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition(
            "delete from dialogue_booking where dialogue_id = @dialogueId", new { dialogueId }, transaction, cancellationToken: cancellationToken));
        if (slot is null)
        {
            return;
        }

        var resources = Resources(slot);
        var taken = await connection.QueryFirstOrDefaultAsync<string>(new CommandDefinition("""
            select resource from dialogue_booking
             where resource = any(@resources) and during && tstzrange(@start, @end) and dialogue_id <> @dialogueId
             limit 1
            """, new { resources, start = slot.Start, end = slot.End, dialogueId }, transaction, cancellationToken: cancellationToken));
        if (taken is not null)
        {
            throw DoubleBooked(taken);
        }

        try
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                insert into dialogue_booking (dialogue_id, resource, during)
                select @dialogueId, r, tstzrange(@start, @end) from unnest(@resources) r
                """, new { dialogueId, resources, start = slot.Start, end = slot.End }, transaction, cancellationToken: cancellationToken));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ExclusionViolation)
        {
            throw DoubleBooked("a co-chair or the venue");
        }
    }

    /// <summary>Books the slots of a plan's new dialogues, all at once; the planner has kept them apart already.</summary>
    public async Task BookPlannedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<PlannedDialogue> planned, CancellationToken cancellationToken)
    {
        var bookings = planned.SelectMany(p => Resources(p.Slot).Select(r => (Id: p.DialogueId!.Value, Resource: r, p.Slot))).ToList();
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
    }

    /// <summary>The busy times of <paramref name="resources"/> between two instants, for a search over many slots.</summary>
    public async Task<Bookings> LoadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, IEnumerable<string> resources, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<(string Resource, DateTime Start, DateTime End)>(new CommandDefinition("""
            select resource, lower(during), upper(during) from dialogue_booking
             where resource = any(@resources) and during && tstzrange(@from, @to)
            """, new { resources = resources.Distinct().ToArray(), from, to }, transaction, cancellationToken: cancellationToken));
        var bookings = new Bookings();
        foreach (var (resource, start, end) in rows)
        {
            bookings.Add(resource, UtcInstants.From(start), UtcInstants.From(end));
        }

        return bookings;
    }

    private static PreconditionFailedException DoubleBooked(string resource) =>
        new("DOUBLE_BOOKED", $"{resource} is already booked for another dialogue at that time.");
}
