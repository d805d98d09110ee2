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
public interface ITriggerQueue
{
    void RequestEvaluation();
}

/// <summary>Citizens' petitions, kept for the petition trigger rule. The request id makes recording idempotent.</summary>
public sealed class Petitions(NpgsqlDataSource dataSource, IUnitRegistry units, ITriggerQueue triggers)
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
