using System.Globalization;
using Dapper;
using DanVan.Adapters.Time;
using Npgsql;

namespace DanVan.Scheduler.Dialogues;

/// <summary>Which opinions to read.</summary>
public abstract record OpinionFilter
{
    public sealed record ById(Guid Id) : OpinionFilter;

    public sealed record ByIds(IReadOnlyList<Guid> Ids) : OpinionFilter;

    /// <summary>The opinions raised at one dialogue.</summary>
    public sealed record RaisedAt(Guid DialogueId) : OpinionFilter;

    /// <summary>
    /// The opinions a dialogue's agenda carries: unresolved ones raised at its unit's earlier dialogues
    /// (frozen onto it when it is held).
    /// </summary>
    public sealed record CarriedOnto(Dialogue Dialogue) : OpinionFilter;

    /// <summary>
    /// The opinions of the dialogues held in a unit's subtree (<paramref name="Roots"/>: the unit and the
    /// units that went whole into it), narrowed by status, by agency (a case-insensitive part of its
    /// name), by due date (inclusive) and by whether they are overdue; unset: any.
    /// </summary>
    public sealed record InSubtree(
        IReadOnlyList<long> Roots, OpinionStatus? Status, string? Agency, DateOnly? DueFrom, DateOnly? DueTo, bool? Overdue) : OpinionFilter;
}

/// <summary>
/// The opinions board's question: the opinions raised at dialogues under <paramref name="Roots"/>,
/// narrowed to some statuses (none: all), an agency (a case-insensitive part of its name, as the export reads it), a due-date range and those overdue on
/// <paramref name="Today"/>, one page of them in the order they were raised.
/// </summary>
public sealed record OpinionBoardQuery(
    long[] Roots, IReadOnlyList<OpinionStatus> Statuses, string? Agency, DateOnly? DueFrom, DateOnly? DueTo, bool OverdueOnly, DateOnly Today,
    int Offset, int Limit);

/// <summary>An opinion on the board with what it was raised at; overdue means open and past its due date today.</summary>
public sealed record BoardOpinion(Opinion Opinion, string DialogueTitle, string UnitName);

public sealed record OpinionBoardPage(IReadOnlyList<BoardOpinion> Opinions, int Total);

/// <summary>One change of an opinion's status: who made it (a person's user name or a system's client name) and when.</summary>
public sealed record OpinionStatusChange(Guid OpinionId, OpinionStatus From, OpinionStatus To, string ChangedBy, DateTimeOffset ChangedAt);

/// <summary>Reads and writes opinions. Writers pass the connection and transaction of the change they are part of.</summary>
public sealed class OpinionStore(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// The rule of <see cref="OpinionFilter.CarriedOnto"/> over opinion <c>o</c>, given SQL for the
    /// dialogue's unit id, id and start (null for a proposal: it carries all of them).
    /// </summary>
    internal static string CarriedSql(string unitId, string dialogueId, string start) => $"""
        o.unit_id = {unitId} and o.status in {OpinionWorkflow.OpenStatusesSql} and o.dialogue_id <> {dialogueId}
        and ({start} is null or exists (select 1 from dialogue r where r.id = o.dialogue_id and r.starts_at < {start}))
        """;

    /// <summary>The opinions <paramref name="filter"/> selects, in the order they were raised; at most <paramref name="limit"/> when given.</summary>
    public async Task<IReadOnlyList<Opinion>> ListAsync(OpinionFilter filter, int? limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await ListAsync(connection, null, filter, cancellationToken, limit);
    }

    public async Task<IReadOnlyList<Opinion>> ListAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, OpinionFilter filter, CancellationToken cancellationToken, int? limit = null)
    {
        var (where, parameters) = filter switch
        {
            OpinionFilter.ById f => ("o.id = @id", (object)new { id = f.Id }),
            OpinionFilter.ByIds f => ("o.id = any(@ids)", new { ids = f.Ids.ToArray() }),
            OpinionFilter.RaisedAt f => ("o.dialogue_id = @id", new { id = f.DialogueId }),
            OpinionFilter.CarriedOnto f => (CarriedSql("@unitId", "@id", "@start::timestamptz"),
                new { unitId = f.Dialogue.Unit.Id, id = f.Dialogue.Id, start = f.Dialogue.Slot?.Start }),
            OpinionFilter.InSubtree f => ("""
                exists (select 1 from dialogue d where d.id = o.dialogue_id and d.unit_path && @roots)
                and (@status::text is null or o.status = @status)
                and (@agency::text is null or strpos(lower(o.responsible_agency), lower(@agency)) > 0)
                and (@dueFrom::date is null or o.due_date >= @dueFrom) and (@dueTo::date is null or o.due_date <= @dueTo)
                and (@overdue::boolean is null or (o.overdue_since is not null) = @overdue)
                """, new
            {
                roots = f.Roots.ToArray(), status = f.Status is { } st ? StoredNames.Of(st) : null, agency = f.Agency,
                dueFrom = f.DueFrom, dueTo = f.DueTo, overdue = f.Overdue,
            }),
            _ => throw new ArgumentOutOfRangeException(nameof(filter)),
        };
        var rows = await connection.QueryAsync<OpinionRow>(new CommandDefinition($"""
            select o.id, o.dialogue_id as DialogueId, u.code as UnitCode, o.topic, o.content, o.responsible_agency as ResponsibleAgency,
                   o.due_date as DueDate, o.status, o.answer, o.overdue_since is not null as Overdue,
                   o.created_at as CreatedAt, o.updated_at as UpdatedAt
              from opinion o join admin_unit u on u.id = o.unit_id
             where {where}
             order by o.seq
            {(limit is null ? "" : $"limit {limit.Value.ToString(CultureInfo.InvariantCulture)}")}
            """, parameters, transaction, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToOpinion()).ToList();
    }

    /// <summary>One page of the board and how many opinions match in all, in one query.</summary>
    public async Task<OpinionBoardPage> BoardAsync(OpinionBoardQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<BoardRow>(new CommandDefinition($"""
            select o.id, o.dialogue_id as DialogueId, u.code as UnitCode, o.topic, o.content, o.responsible_agency as ResponsibleAgency,
                   o.due_date as DueDate, o.status, o.answer, {BoardOverdueSql} as Overdue,
                   o.created_at as CreatedAt, o.updated_at as UpdatedAt, d.title as DialogueTitle, u.name as UnitName,
                   count(*) over () as Total
              from opinion o join dialogue d on d.id = o.dialogue_id join admin_unit u on u.id = o.unit_id
             where d.unit_path && @roots
               and (cardinality(@statuses) = 0 or o.status = any(@statuses))
               and (@agency::text is null or strpos(lower(o.responsible_agency), lower(@agency)) > 0)
               and (@dueFrom::date is null or o.due_date >= @dueFrom)
               and (@dueTo::date is null or o.due_date <= @dueTo)
               and (not @overdueOnly or {BoardOverdueSql})
             order by o.seq
             limit @limit offset @offset
            """, new
        {
            roots = query.Roots, statuses = query.Statuses.Select(StoredNames.Of).ToArray(), agency = query.Agency,
            dueFrom = query.DueFrom, dueTo = query.DueTo, overdueOnly = query.OverdueOnly, today = query.Today,
            limit = query.Limit, offset = query.Offset,
        }, cancellationToken: cancellationToken))).ToList();
        var total = rows.Count > 0 ? (int)rows[0].Total
            // Past the last page the window has no row to count on.
            : query.Offset == 0 ? 0 : (await BoardAsync(query with { Offset = 0, Limit = 1 }, cancellationToken)).Total;
        return new OpinionBoardPage(rows.Select(r => new BoardOpinion(r.ToOpinion(), r.DialogueTitle, r.UnitName)).ToList(), total);
    }

    private const string BoardOverdueSql = $"(o.status in {OpinionWorkflow.OpenStatusesSql} and o.due_date < @today)";

    /// <summary>The responsible agencies named on the opinions under <paramref name="roots"/>, for the board's filter.</summary>
    public async Task<IReadOnlyList<string>> AgenciesAsync(long[] roots, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<string>(new CommandDefinition("""
            select distinct o.responsible_agency
              from opinion o join dialogue d on d.id = o.dialogue_id
             where d.unit_path && @roots and o.responsible_agency <> ''
             order by 1
            """, new { roots }, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>The status changes of the given opinions, oldest first.</summary>
    public async Task<IReadOnlyList<OpinionStatusChange>> HistoryAsync(IReadOnlyList<Guid> ids, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<ChangeRow>(new CommandDefinition("""
            select opinion_id as OpinionId, from_status as FromStatus, to_status as ToStatus, changed_by as ChangedBy, changed_at as ChangedAt
              from opinion_status_change where opinion_id = any(@ids)
             order by opinion_id, seq
            """, new { ids = ids.ToArray() }, cancellationToken: cancellationToken)))
            .Select(r => new OpinionStatusChange(r.OpinionId, StoredNames.Parse<OpinionStatus>(r.FromStatus), StoredNames.Parse<OpinionStatus>(r.ToStatus),
                r.ChangedBy, UtcInstants.From(r.ChangedAt)))
            .ToList();
    }

    /// <summary>Records a change of status, in the transaction that made it.</summary>
    public async Task AddStatusChangeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, OpinionStatusChange change, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition("""
            insert into opinion_status_change (opinion_id, from_status, to_status, changed_by, changed_at)
            values (@OpinionId, @from, @to, @ChangedBy, @ChangedAt)
            """, new
        {
            change.OpinionId, from = StoredNames.Of(change.From), to = StoredNames.Of(change.To), change.ChangedBy, change.ChangedAt,
        }, transaction, cancellationToken: cancellationToken));

    /// <summary>Locks the opinion's row for the caller's transaction; false when there is none.</summary>
    public async Task<bool> LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid id, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<int?>(new CommandDefinition(
            "select 1 from opinion where id = @id for update", new { id }, transaction, cancellationToken: cancellationToken)) is not null;

    /// <summary>
    /// Locks the rows of those of <paramref name="ids"/> that exist, in id order (so two writers of
    /// overlapping sets cannot deadlock), and says for each whether its dialogue lies under <paramref name="roots"/>.
    /// </summary>
    public async Task<IReadOnlyDictionary<Guid, bool>> LockUnderAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<Guid> ids, long[] roots, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<(Guid Id, bool Under)>(new CommandDefinition("""
            select o.id, d.unit_path && @roots from opinion o join dialogue d on d.id = o.dialogue_id
             where o.id = any(@ids) order by o.id for update of o
            """, new { ids = ids.ToArray(), roots }, transaction, cancellationToken: cancellationToken)))
        .ToDictionary(r => r.Id, r => r.Under);

    /// <summary>Stores the opinions raised at a dialogue, each with its initial status (checked by the caller).</summary>
    public async Task AddAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Dialogue dialogue, IReadOnlyList<NewOpinion> opinions, DateOnly defaultDueDate, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition("""
            insert into opinion (id, dialogue_id, unit_id, topic, content, responsible_agency, due_date, status)
            select i, @dialogueId, @unitId, t, c, a, d, s
              from unnest(@ids, @topics, @contents, @agencies, @dueDates, @statuses) with ordinality as x(i, t, c, a, d, s, n)
             order by n
            """, new
        {
            dialogueId = dialogue.Id,
            unitId = dialogue.Unit.Id,
            ids = opinions.Select(_ => Guid.CreateVersion7()).ToArray(),
            topics = opinions.Select(o => o.Topic).ToArray(),
            contents = opinions.Select(o => o.Content).ToArray(),
            agencies = opinions.Select(o => o.ResponsibleAgency).ToArray(),
            dueDates = opinions.Select(o => o.DueDate ?? defaultDueDate).ToArray(),
            statuses = opinions.Select(o => StoredNames.Of(o.InitialStatus)).ToArray(),
        }, transaction, cancellationToken: cancellationToken));

    /// <summary>Writes an opinion's changed fields; an open opinion past its due date stays overdue, any other is not.</summary>
    public async Task UpdateAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Opinion opinion, DateOnly today, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition("""
            update opinion set status = @status, responsible_agency = @agency, due_date = @dueDate, answer = @answer,
                   overdue_since = case when @open and @dueDate::date < @today then overdue_since end, updated_at = now()
             where id = @id
            """, new
        {
            id = opinion.Id,
            status = StoredNames.Of(opinion.Status),
            agency = opinion.ResponsibleAgency,
            dueDate = opinion.DueDate,
            answer = opinion.Answer,
            open = OpinionWorkflow.IsOpen(opinion.Status),
            today,
        }, transaction, cancellationToken: cancellationToken));

    /// <summary>Marks the open opinions due before <paramref name="today"/> overdue (those not marked yet) and returns them.</summary>
    public async Task<IReadOnlyList<OverdueOpinion>> MarkOverdueAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DateOnly today, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<OverdueRow>(new CommandDefinition($"""
            update opinion set overdue_since = @today
             where status in {OpinionWorkflow.OpenStatusesSql} and due_date < @today and overdue_since is null
            returning id, dialogue_id as DialogueId, topic, due_date as DueDate
            """, new { today }, transaction, cancellationToken: cancellationToken)))
        .Select(r => new OverdueOpinion(r.Id, r.DialogueId, r.Topic, DateOnly.FromDateTime(r.DueDate))).ToList();

    /// <summary>Per unit valid on <paramref name="validOn"/> with opinions: how many are open and overdue, and how many there are.</summary>
    public async Task<IReadOnlyList<(long UnitId, long Overdue, long Total)>> OverdueCountsAsync(DateOnly validOn, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<(long, long, long)>(new CommandDefinition($"""
            select o.unit_id, count(*) filter (where o.overdue_since is not null and o.status in {OpinionWorkflow.OpenStatusesSql}), count(*)
              from opinion o join admin_unit u on u.id = o.unit_id and u.valid_from <= @validOn and @validOn < u.valid_to
             group by o.unit_id
            """, new { validOn }, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>Whether the dialogue the opinion was raised at lies under one of <paramref name="roots"/>; null when there is no such opinion.</summary>
    public async Task<bool?> LiesUnderAsync(Guid id, long[] roots, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<bool?>(new CommandDefinition(
            "select d.unit_path && @roots from opinion o join dialogue d on d.id = o.dialogue_id where o.id = @id",
            new { roots, id }, cancellationToken: cancellationToken));
    }

    private sealed class OverdueRow
    {
        public Guid Id { get; init; }
        public Guid DialogueId { get; init; }
        public string Topic { get; init; } = "";
        public DateTime DueDate { get; init; }
    }

    private sealed class ChangeRow
    {
        public Guid OpinionId { get; init; }
        public string FromStatus { get; init; } = "";
        public string ToStatus { get; init; } = "";
        public string ChangedBy { get; init; } = "";
        public DateTime ChangedAt { get; init; }
    }

    private sealed class BoardRow : OpinionRow
    {
        public string DialogueTitle { get; init; } = "";
        public string UnitName { get; init; } = "";
        public long Total { get; init; }
    }

    private class OpinionRow
    {
        public Guid Id { get; init; }
        public Guid DialogueId { get; init; }
        public string UnitCode { get; init; } = "";
        public string Topic { get; init; } = "";
        public string Content { get; init; } = "";
        public string ResponsibleAgency { get; init; } = "";
        public DateOnly? DueDate { get; init; }
        public string Status { get; init; } = "";
        public string Answer { get; init; } = "";
        public bool Overdue { get; init; }
        public DateTime CreatedAt { get; init; }
        public DateTime UpdatedAt { get; init; }

        public Opinion ToOpinion() => new(Id, DialogueId, UnitCode, Topic, Content, ResponsibleAgency, DueDate,
            StoredNames.Parse<OpinionStatus>(Status), Answer, Overdue, UtcInstants.From(CreatedAt), UtcInstants.From(UpdatedAt));
    }
}

/// <summary>An opinion the daily sweep has just found overdue.</summary>
public sealed record OverdueOpinion(Guid Id, Guid DialogueId, string Topic, DateOnly DueDate);
