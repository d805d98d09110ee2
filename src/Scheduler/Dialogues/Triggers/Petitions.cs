using Dapper;
using DanVan.Adapters.Errors;
using DanVan.Adapters.Privacy;
using DanVan.Adapters.Units;
using Npgsql;

namespace DanVan.Scheduler.Dialogues.Triggers;

/// <summary>A petition as a caller records it; its subject and request id are scrubbed of ID and phone numbers as it is made.</summary>
public sealed record PetitionCommand(string RequestId, string UnitCode, DateOnly ReceivedOn, string Subject, int Signatures, int RegisteredVoters)
{
    public string RequestId { get; } = PersonalDataScrubber.Scrub(RequestId);
    public string Subject { get; } = PersonalDataScrubber.Scrub(Subject);
}

/// <summary>Asks for the trigger rules to be evaluated soon (after new data or a petition).</summary>
public interface ITriggerEvaluations
{
    void RequestEvaluation();
}

/// <summary>Citizens' petitions, kept for the petition trigger rule. The request id makes recording idempotent.</summary>
public sealed class Petitions(NpgsqlDataSource dataSource, IUnitRegistry units, ITriggerEvaluations triggers)
{
    public async Task<Guid> RecordAsync(PetitionCommand command, CancellationToken cancellationToken)
    {
        var unit = await units.GetAsync(command.UnitCode, command.ReceivedOn, cancellationToken);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var stored = await connection.QuerySingleAsync<PetitionRow>(new CommandDefinition("""
            with inserted as (
                insert into petition (id, request_id, unit_id, received_on, subject, signatures, registered_voters)
                values (@id, @RequestId, @unitId, @ReceivedOn, @Subject, @Signatures, @RegisteredVoters)
                on conflict (request_id) do nothing
                returning id, unit_id, received_on, subject, signatures, registered_voters
            )
            select id, unit_id as UnitId, received_on as ReceivedOn, subject, signatures, registered_voters as RegisteredVoters from inserted
            union all
            select id, unit_id, received_on, subject, signatures, registered_voters from petition where request_id = @RequestId
            limit 1
            """, new { id = Guid.CreateVersion7(), command.RequestId, unitId = unit.Id, command.ReceivedOn, command.Subject, command.Signatures, command.RegisteredVoters },
            cancellationToken: cancellationToken));
        if (stored.UnitId != unit.Id || DateOnly.FromDateTime(stored.ReceivedOn) != command.ReceivedOn || stored.Subject != command.Subject
            || stored.Signatures != command.Signatures || stored.RegisteredVoters != command.RegisteredVoters)
        {
            throw new ConflictException("REQUEST_ID_REUSED", $"request_id {command.RequestId} was already used for a different petition.");
        }

        triggers.RequestEvaluation();
        return stored.Id;
    }

    /// <summary>
    /// Per unit valid on <paramref name="validOn"/> and month from <paramref name="from"/> up to
    /// <paramref name="to"/> (exclusive): the signatures its petitions gathered, and the most registered voters one stated.
    /// </summary>
    public async Task<IReadOnlyList<(long UnitId, DateOnly Month, long Signatures, long RegisteredVoters)>> MonthlySignaturesAsync(
        DateOnly from, DateOnly to, DateOnly validOn, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long UnitId, DateTime Month, long Signatures, long RegisteredVoters)>(new CommandDefinition("""
            select p.unit_id, date_trunc('month', p.received_on)::date, sum(p.signatures)::bigint, max(p.registered_voters)::bigint
              from petition p join admin_unit u on u.id = p.unit_id and u.valid_from <= @validOn and @validOn < u.valid_to
             where p.received_on >= @from and p.received_on < @to
             group by p.unit_id, date_trunc('month', p.received_on)
            """, new { from, to, validOn }, cancellationToken: cancellationToken));
        return rows.Select(r => (r.UnitId, DateOnly.FromDateTime(r.Month), r.Signatures, r.RegisteredVoters)).ToList();
    }

    /// <summary>
    /// The day the unit's petitions of <paramref name="month"/> (valid unit <paramref name="unitId"/>)
    /// first gathered at least <paramref name="share"/> of the most registered voters stated so far that
    /// month; null when they never did.
    /// </summary>
    public async Task<DateOnly?> ShareReachedOnAsync(long unitId, DateOnly month, double share, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var reached = await connection.QuerySingleOrDefaultAsync<DateTime?>(new CommandDefinition("""
            select received_on from (
                select received_on,
                       sum(signatures) over w as signatures,
                       max(registered_voters) over w as voters
                  from petition
                 where unit_id = @unitId and received_on >= @month and received_on < @next
                window w as (order by received_on, id)
            ) p
             where p.signatures >= @share * p.voters
             order by received_on
             limit 1
            """, new { unitId, month, next = month.AddMonths(1), share }, cancellationToken: cancellationToken));
        return reached is { } day ? DateOnly.FromDateTime(day) : null;
    }

    private sealed class PetitionRow
    {
        public Guid Id { get; init; }
        public long UnitId { get; init; }
        public DateTime ReceivedOn { get; init; }
        public string Subject { get; init; } = "";
        public int Signatures { get; init; }
        public int RegisteredVoters { get; init; }
    }
}
