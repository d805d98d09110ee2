using Dapper;
using Npgsql;

namespace DanVan.Adapters.Ingest;

/// <summary>How a reported unit code was resolved for a date.</summary>
public readonly record struct UnitResolution(long? UnitId, string? ProblemCode, string? Message);

/// <summary>
/// Resolves "code X reported for date D" to the unit version valid on D. Sources keep sending old codes
/// after a reorganisation: a code no longer valid on D is followed through lineage to the one unit it
/// went into whole; a code whose unit was split (a partial link on the way) is refused with its
/// successors named, never assigned to one of them. Names are never used. Holds a snapshot of the map,
/// taken once per batch.
/// </summary>
public sealed class UnitResolver
{
    private readonly Dictionary<string, UnitSpan[]> _versions;
    private readonly ILookup<long, (long Successor, bool Full)> _successors;
    private readonly Dictionary<long, UnitSpan> _byId;

    private readonly record struct UnitSpan(long Id, string Code, DateOnly From, DateOnly To);

    private UnitResolver(IEnumerable<UnitSpan> units, IEnumerable<(long Predecessor, long Successor, bool Full)> links)
    {
        var all = units.ToList();
        _byId = all.ToDictionary(u => u.Id);
        _versions = all.GroupBy(u => u.Code).ToDictionary(g => g.Key, g => g.OrderBy(u => u.From).ToArray());
        _successors = links.ToLookup(l => l.Predecessor, l => (l.Successor, l.Full));
    }

    public static async Task<UnitResolver> LoadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var units = await connection.QueryAsync<(long Id, string Code, DateTime From, DateTime To)>(new CommandDefinition(
            "select id, code, valid_from, valid_to from admin_unit", cancellationToken: cancellationToken));
        var links = await connection.QueryAsync<(long Predecessor, long Successor, bool Full)>(new CommandDefinition(
            "select predecessor_id, successor_id, kind = 'full' from unit_lineage", cancellationToken: cancellationToken));
        return new UnitResolver(units.Select(u => new UnitSpan(u.Id, u.Code, DateOnly.FromDateTime(u.From), DateOnly.FromDateTime(u.To))), links);
    }

    public UnitResolution Resolve(string code, DateOnly date)
    {
        if (!_versions.TryGetValue(code, out var versions))
        {
            return new(null, ProblemCodes.UnknownUnit, $"no administrative unit ever had code {code}");
        }

        foreach (var v in versions)
        {
            if (v.From <= date && date < v.To)
            {
                return new(v.Id, null, null);
            }
        }

        var ended = versions.LastOrDefault(v => v.To <= date);
        if (ended == default)
        {
            return new(null, ProblemCodes.UnknownUnit, $"code {code} did not exist yet on {date:dd/MM/yyyy}");
        }

        var reached = new List<(UnitSpan Unit, bool Full)>();
        Follow(ended.Id, date, true, reached, depth: 0);
        var distinct = reached.GroupBy(r => r.Unit.Id).Select(g => (g.First().Unit, Full: g.Any(r => r.Full))).ToList();
        if (distinct.Count == 1 && distinct[0].Full)
        {
            return new(distinct[0].Unit.Id, null, null);
        }

        if (distinct.Count == 0)
        {
            return new(null, ProblemCodes.UnknownUnit, $"code {code} ended on {ended.To:dd/MM/yyyy} and no successor valid on {date:dd/MM/yyyy} is known");
        }

        return new(null, ProblemCodes.UnitSplit,
            $"code {code} ended on {ended.To:dd/MM/yyyy} and was split between {string.Join(", ", distinct.Select(d => d.Unit.Code).Order())}; report each of them instead");
    }

    private void Follow(long id, DateOnly date, bool full, List<(UnitSpan, bool)> reached, int depth)
    {
        foreach (var (successor, linkFull) in _successors[id])
        {
            var unit = _byId[successor];
            if (unit.From <= date && date < unit.To)
            {
                reached.Add((unit, full && linkFull));
            }
            else if (depth < 16 && unit.To <= date)
            {
                Follow(successor, date, full && linkFull, reached, depth + 1);
            }
        }
    }
}
