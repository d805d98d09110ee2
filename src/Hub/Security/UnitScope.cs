using System.Collections.Concurrent;
using Dapper;
using DanVan.Adapters.Time;
using DanVan.Adapters.Units;
using DanVan.Scheduler.Dialogues;
using Npgsql;

namespace DanVan.Hub.Security;

/// <summary>
/// Whether what a request names lies in a caller's subtree. A caller limited to a unit acts on that
/// unit (valid today) and everything below it, including records kept against the units it was
/// formed from (full lineage). Answers about the map are cached per day: the map changes only by import,
/// which notifies every hub (<see cref="DanVan.Adapters.Units.Import.UnitMapWriter.Channel"/>) to <see cref="Forget"/> them.
/// </summary>
public sealed class UnitScope(NpgsqlDataSource dataSource, IUnitRegistry units, DialogueStore dialogues, OpinionStore opinions, TimeProvider clock)
{
    private readonly ConcurrentDictionary<(string Code, DateOnly Day), long[]> _roots = new();
    private readonly ConcurrentDictionary<(string Code, DateOnly Day), long[]> _ancestry = new();
    private readonly ConcurrentDictionary<(string Code, DateOnly Day), AdminUnit?> _units = new();
    private readonly ConcurrentDictionary<(string Code, DateOnly Day), IReadOnlyList<AdminUnit>> _communes = new();

    // Raised by every Forget, so that an answer read before an import is not cached after it.
    private long _generation;

    /// <summary>Drops every cached answer: the map was imported.</summary>
    public void Forget()
    {
        Interlocked.Increment(ref _generation);
        _roots.Clear();
        _ancestry.Clear();
        _units.Clear();
        _communes.Clear();
    }

    /// <summary>The unit with <paramref name="unitCode"/> valid today (null when none is): what a person's every page is headed with.</summary>
    public async Task<AdminUnit?> UnitAsync(string unitCode, CancellationToken cancellationToken)
    {
        var today = VietnamTime.Today(clock);
        if (_units.TryGetValue((unitCode, today), out var cached))
        {
            return cached;
        }

        var generation = Interlocked.Read(ref _generation);
        return Keep(_units, (unitCode, today), generation, await units.FindAsync(unitCode, today, cancellationToken));
    }

    /// <summary>The communes of a province valid today, by code: a province secretary's filter on every calendar page.</summary>
    public async Task<IReadOnlyList<AdminUnit>> CommunesAsync(string provinceCode, CancellationToken cancellationToken)
    {
        var today = VietnamTime.Today(clock);
        if (_communes.TryGetValue((provinceCode, today), out var cached))
        {
            return cached;
        }

        var generation = Interlocked.Read(ref _generation);
        return Keep(_communes, (provinceCode, today), generation,
            await units.ListAllAsync(new UnitListFilter(provinceCode, AdminLevel.Commune, today, null), cancellationToken));
    }

    /// <summary>Caches what was read, unless the map was imported meanwhile (then the next call reads it again).</summary>
    private T Keep<T>(ConcurrentDictionary<(string Code, DateOnly Day), T> cache, (string Code, DateOnly Day) key, long generation, T value)
    {
        cache[key] = value;
        if (Interlocked.Read(ref _generation) != generation)
        {
            cache.TryRemove(key, out _);
        }

        return value;
    }

    /// <summary>The ids a limited caller's subtree hangs from: its unit today and the units that went whole into it.</summary>
    public async Task<long[]> RootsAsync(string unitCode, CancellationToken cancellationToken)
    {
        var today = VietnamTime.Today(clock);
        if (_roots.TryGetValue((unitCode, today), out var cached))
        {
            return cached;
        }

        var generation = Interlocked.Read(ref _generation);
        var unit = await units.FindAsync(unitCode, today, cancellationToken);
        long[] roots = unit is null ? [] : await units.WithFullPredecessorsAsync(unit, cancellationToken);
        return Keep(_roots, (unitCode, today), generation, roots);
    }

    /// <summary>
    /// Whether the unit with <paramref name="code"/> (today's, or the last one to carry the code) lies in
    /// the subtree; null when no unit ever had the code (the call will answer NOT_FOUND itself).
    /// </summary>
    public async Task<bool?> ContainsCodeAsync(long[] roots, string code, CancellationToken cancellationToken)
    {
        var today = VietnamTime.Today(clock);
        if (!_ancestry.TryGetValue((code, today), out var ancestry))
        {
            var generation = Interlocked.Read(ref _generation);
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            var lastDay = await connection.QuerySingleOrDefaultAsync<DateTime?>(new CommandDefinition("""
                select least(@today, valid_to - 1) from admin_unit where code = @code order by valid_from desc limit 1
                """, new { code, today }, cancellationToken: cancellationToken));
            if (lastDay is not { } found)
            {
                return null;
            }

            var day = DateOnly.FromDateTime(found);
            var unit = (await units.FindAsync(code, day, cancellationToken))!;
            ancestry = (await units.AncestryAsync(unit, day, cancellationToken)).ToArray();
            Keep(_ancestry, (code, today), generation, ancestry);
        }

        return ancestry.Intersect(roots).Any();
    }

    /// <summary>Whether a dialogue (or the dialogue an opinion was raised at) lies in the subtree; null when there is none.</summary>
    public Task<bool?> ContainsRecordAsync(long[] roots, string table, Guid id, CancellationToken cancellationToken) => table switch
    {
        "dialogue" => dialogues.LiesUnderAsync(id, roots, cancellationToken),
        "opinion" => opinions.LiesUnderAsync(id, roots, cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(table)),
    };
}
