using Dapper;
using Npgsql;

namespace DanVan.Adapters.Units;

/// <summary>Which units to list: see <see cref="IUnitRegistry.ListAsync"/>.</summary>
public sealed record UnitListFilter(string? ParentCode, AdminLevel? Level, DateOnly AsOf, string? Query);

/// <summary>Reads the administrative map: units by code and date, lists, and lineage to today.</summary>
public interface IUnitRegistry
{
    /// <summary>The unit that carried <paramref name="code"/> on <paramref name="asOf"/>, or null.</summary>
    Task<AdminUnit?> FindAsync(string code, DateOnly asOf, CancellationToken cancellationToken);

    /// <summary>
    /// Units valid on the filter's date, ordered by code, after <paramref name="afterCode"/>: the children
    /// of the parent (or its descendants of the level); without a parent, the units of the level
    /// nationwide (provinces when no level is given, every level when a query is). Names match the
    /// query ignoring case, diacritics and the apostrophe variant.
    /// </summary>
    Task<IReadOnlyList<AdminUnit>> ListAsync(UnitListFilter filter, string? afterCode, int limit, CancellationToken cancellationToken);

    /// <summary>The units valid on <paramref name="today"/> that <paramref name="unit"/> became, through lineage.</summary>
    Task<IReadOnlyList<LinkedUnit>> SuccessorsAsync(AdminUnit unit, DateOnly today, CancellationToken cancellationToken);

    /// <summary>Every unit version that went, whole or in part, into <paramref name="unit"/>, through lineage.</summary>
    Task<IReadOnlyList<LinkedUnit>> PredecessorsAsync(AdminUnit unit, CancellationToken cancellationToken);

    /// <summary>Unit versions by id.</summary>
    Task<IReadOnlyDictionary<long, AdminUnit>> GetByIdsAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken);

    /// <summary>The ids of <paramref name="unit"/> and of its ancestors on <paramref name="asOf"/>, the unit first.</summary>
    Task<IReadOnlyList<long>> AncestryAsync(AdminUnit unit, DateOnly asOf, CancellationToken cancellationToken);
}

public static class UnitRegistryExtensions
{
    /// <summary>The unit that carried <paramref name="code"/> on <paramref name="date"/>; NOT_FOUND (<c>ADMIN_UNIT_NOT_FOUND</c>) when none did.</summary>
    public static async Task<AdminUnit> GetAsync(this IUnitRegistry registry, string code, DateOnly date, CancellationToken cancellationToken) =>
        await registry.FindAsync(code, date, cancellationToken)
        ?? throw new Errors.NotFoundException("admin unit", $"No administrative unit had code {code} on {date:yyyy-MM-dd}.");

    /// <summary>
    /// The ids of <paramref name="unit"/> and of every unit version that went whole into it: the roots
    /// under which records kept against the unit, before or after a reform, are found.
    /// </summary>
    public static async Task<long[]> WithFullPredecessorsAsync(this IUnitRegistry registry, AdminUnit unit, CancellationToken cancellationToken) =>
        (await registry.PredecessorsAsync(unit, cancellationToken)).Where(p => p.Kind == LineageKind.Full).Select(p => p.Unit.Id).Prepend(unit.Id).ToArray();

    /// <summary>Every unit the filter matches, read page by page.</summary>
    public static async Task<List<AdminUnit>> ListAllAsync(this IUnitRegistry registry, UnitListFilter filter, CancellationToken cancellationToken)
    {
        const int pageSize = 1000;
        var all = new List<AdminUnit>();
        string? after = null;
        while (true)
        {
            var page = await registry.ListAsync(filter, after, pageSize, cancellationToken);
            all.AddRange(page);
            if (page.Count < pageSize)
            {
                return all;
            }

            after = page[^1].Code;
        }
    }
}

public sealed class UnitRegistry(NpgsqlDataSource dataSource) : IUnitRegistry
{
    private const string Columns = """
        u.id, u.code, u.name, u.level, u.unit_type as UnitType, u.parent_code as ParentCode,
        nullif(u.valid_from, '-infinity') as ValidFrom, nullif(u.valid_to, 'infinity') as ValidTo,
        u.valid_from_inferred as ValidFromInferred, u.valid_to_inferred as ValidToInferred
        """;

    private const string ValidOn = "u.valid_from <= @date and @date < u.valid_to";

    public async Task<AdminUnit?> FindAsync(string code, DateOnly asOf, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<UnitRow>(new CommandDefinition(
            $"select {Columns} from admin_unit u where u.code = @code and {ValidOn}",
            new { code, date = asOf }, cancellationToken: cancellationToken));
        return row?.ToUnit();
    }

    public async Task<IReadOnlyList<AdminUnit>> ListAsync(UnitListFilter filter, string? afterCode, int limit, CancellationToken cancellationToken)
    {
        var sql = filter.ParentCode is null
            ? $"""
               select {Columns} from admin_unit u
                where {ValidOn} and (@level::smallint is null or u.level = @level)
                  and (@pattern::text is null or u.search_name like @pattern) and u.code > @after
                order by u.code limit @limit
               """
            : $"""
               with recursive tree(code, depth) as (
                   select u.code, 0 from admin_unit u where u.code = @parent and {ValidOn}
                   union all
                   select u.code, t.depth + 1
                     from tree t join admin_unit u on u.parent_code = t.code
                    where {ValidOn} and (@level::smallint is null and t.depth = 0 or u.level <= @level)
               )
               select {Columns} from tree t join admin_unit u on u.code = t.code and {ValidOn}
                where t.depth > 0 and (@level::smallint is null or u.level = @level)
                  and (@pattern::text is null or u.search_name like @pattern) and u.code > @after
                order by u.code limit @limit
               """;

        var searching = !string.IsNullOrWhiteSpace(filter.Query);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<UnitRow>(new CommandDefinition(sql, new
        {
            parent = filter.ParentCode,
            level = filter.ParentCode is null && filter.Level is null && !searching ? (short)AdminLevel.Province : (short?)filter.Level,
            date = filter.AsOf,
            pattern = !searching ? null : $"%{EscapeLike(UnitNames.Fold(filter.Query!))}%",
            after = afterCode ?? "",
            limit,
        }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToUnit()).ToList();
    }

    public Task<IReadOnlyList<LinkedUnit>> SuccessorsAsync(AdminUnit unit, DateOnly today, CancellationToken cancellationToken) =>
        WalkLineageAsync(unit, forward: true, today, cancellationToken);

    public Task<IReadOnlyList<LinkedUnit>> PredecessorsAsync(AdminUnit unit, CancellationToken cancellationToken) =>
        WalkLineageAsync(unit, forward: false, null, cancellationToken);

    private async Task<IReadOnlyList<LinkedUnit>> WalkLineageAsync(AdminUnit unit, bool forward, DateOnly? validOn, CancellationToken cancellationToken)
    {
        var (from, to) = forward ? ("predecessor_id", "successor_id") : ("successor_id", "predecessor_id");
        // Lineage is acyclic by construction (links point forward in time); the depth bound only
        // guards against bad data.
        var sql = $"""
            with recursive walk(id, all_full, depth) as (
                select @id::bigint, true, 0
                union all
                select l.{to}, w.all_full and l.kind = 'full', w.depth + 1
                  from walk w join unit_lineage l on l.{from} = w.id
                 where w.depth < 16
            )
            select {Columns}, bool_or(w.all_full) as AllFull
              from walk w join admin_unit u on u.id = w.id
             where (@date::date is null and w.depth > 0 or {ValidOn})
             group by u.id
             order by u.code, u.valid_from
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<LinkedRow>(new CommandDefinition(
            sql, new { id = unit.Id, date = validOn }, cancellationToken: cancellationToken));
        return rows.Select(r => new LinkedUnit(r.ToUnit(), r.AllFull ? LineageKind.Full : LineageKind.Partial)).ToList();
    }

    public async Task<IReadOnlyDictionary<long, AdminUnit>> GetByIdsAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<UnitRow>(new CommandDefinition(
            $"select {Columns} from admin_unit u where u.id = any(@ids)", new { ids = ids.ToArray() }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToUnit()).ToDictionary(u => u.Id);
    }

    public async Task<IReadOnlyList<long>> AncestryAsync(AdminUnit unit, DateOnly asOf, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleAsync<long[]>(new CommandDefinition(
            "select unit_ancestry(@id, @date)", new { id = unit.Id, date = asOf }, cancellationToken: cancellationToken));
    }

    private static string EscapeLike(string text) =>
        text.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_");

    private class UnitRow
    {
        public long Id { get; init; }
        public string Code { get; init; } = "";
        public string Name { get; init; } = "";
        public short Level { get; init; }
        public string UnitType { get; init; } = "";
        public string? ParentCode { get; init; }
        public DateTime? ValidFrom { get; init; }
        public DateTime? ValidTo { get; init; }
        public bool ValidFromInferred { get; init; }
        public bool ValidToInferred { get; init; }

        public AdminUnit ToUnit() => new(
            Id, Code, Name, (AdminLevel)Level, UnitType, ParentCode,
            ValidFrom is { } from ? DateOnly.FromDateTime(from) : null,
            ValidTo is { } to ? DateOnly.FromDateTime(to) : null,
            ValidFromInferred, ValidToInferred);
    }

    private sealed class LinkedRow : UnitRow
    {
        public bool AllFull { get; init; }
    }
}
