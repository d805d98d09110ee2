using Dapper;
using DanVan.Adapters.Privacy;
using Npgsql;

namespace DanVan.Scheduler.Calendar;

/// <summary>
/// The yearly holiday decisions in PostgreSQL (tables <c>holiday_decision</c> and
/// <c>holiday_decision_period</c>), shared by every hub instance. A change is announced on the
/// <c>holiday_decision</c> channel; each instance then reloads its <see cref="HolidayDecisions"/>.
/// Reloads are serialised, so once a write has returned, this instance plans with it.
/// </summary>
public sealed class HolidayDecisionStore(NpgsqlDataSource dataSource, HolidayDecisions decisions, TimeProvider clock) : IDisposable
{
    public const string Channel = "holiday_decision";
    public const string ShippedBy = "shipped";

    private readonly SemaphoreSlim _refresh = new(1, 1);

    /// <summary>Stores an operator's decision for its year, replacing any earlier one, and reloads.</summary>
    public async Task<StoredHolidayDecision> SetAsync(HolidayDecision decision, string setBy, CancellationToken cancellationToken)
    {
        decision.Validate();
        // Free text: no citizen's ID or phone number is kept in it.
        decision = decision with
        {
            Note = PersonalDataScrubber.Scrub(decision.Note)!,
            Periods = decision.Periods.Select(p => p with { LegalSource = PersonalDataScrubber.Scrub(p.LegalSource)! }).ToList(),
        };
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var stored = new StoredHolidayDecision(decision, Shipped: false, setBy, clock.GetUtcNow());
        await WriteAsync(connection, transaction, stored, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await RefreshAsync(cancellationToken);
        return decisions.For(decision.Year) ?? stored;
    }

    /// <summary>
    /// Writes the shipped decisions for the years that have none, or whose stored one was shipped and
    /// has since been corrected; a year an operator decided is left as they set it.
    /// </summary>
    public async Task<int> SeedAsync(IReadOnlyList<HolidayDecision> shipped, CancellationToken cancellationToken)
    {
        var existing = (await LoadAsync(cancellationToken)).ToDictionary(d => d.Decision.Year);
        var changed = 0;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        foreach (var decision in shipped)
        {
            if (existing.TryGetValue(decision.Year, out var current) && (!current.Shipped || current.Decision.SameAs(decision)))
            {
                continue;
            }

            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            // Another instance seeding at the same time, or an operator meanwhile, may have written the year.
            var shippedOrAbsent = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "select coalesce((select shipped from holiday_decision where year = @Year for update), true)",
                new { decision.Year }, transaction, cancellationToken: cancellationToken));
            if (shippedOrAbsent)
            {
                await WriteAsync(connection, transaction, new StoredHolidayDecision(decision, Shipped: true, ShippedBy, clock.GetUtcNow()), cancellationToken);
                changed++;
            }

            await transaction.CommitAsync(cancellationToken);
        }

        return changed;
    }

    /// <summary>Reads every stored decision into this instance's copy.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _refresh.WaitAsync(cancellationToken);
        try
        {
            decisions.Replace(await LoadAsync(cancellationToken));
        }
        finally
        {
            _refresh.Release();
        }
    }

    public async Task<IReadOnlyList<StoredHolidayDecision>> LoadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var years = await connection.QueryAsync<YearRow>(new CommandDefinition(
            "select year, note, shipped, set_by, updated_at from holiday_decision order by year", cancellationToken: cancellationToken));
        // Read directly: Dapper cannot construct a row from a date[] column.
        var periods = new List<(int Year, HolidayPeriod Period)>();
        await using (var command = new NpgsqlCommand("""
            select year, holiday, first_day, last_day, working_days, legal_source
              from holiday_decision_period order by year, first_day
            """, connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                periods.Add((reader.GetInt32(0), new HolidayPeriod(
                    Kind(reader.GetString(1)), reader.GetFieldValue<DateOnly>(2), reader.GetFieldValue<DateOnly>(3),
                    reader.GetFieldValue<DateOnly[]>(4).Order().ToList(), reader.GetString(5))));
            }
        }

        var byYear = periods.ToLookup(p => p.Year, p => p.Period);
        return years.Select(y => new StoredHolidayDecision(
            new HolidayDecision(y.year, byYear[y.year].ToList(), y.note),
            y.shipped, y.set_by, new DateTimeOffset(DateTime.SpecifyKind(y.updated_at, DateTimeKind.Utc)))).ToList();
    }

    private static async Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, StoredHolidayDecision stored, CancellationToken cancellationToken)
    {
        var decision = stored.Decision;
        await connection.ExecuteAsync(new CommandDefinition("""
            insert into holiday_decision (year, note, shipped, set_by, updated_at)
            values (@Year, @Note, @Shipped, @SetBy, @UpdatedAt)
            on conflict (year) do update set note = excluded.note, shipped = excluded.shipped,
                                             set_by = excluded.set_by, updated_at = excluded.updated_at
            """, new { decision.Year, decision.Note, stored.Shipped, stored.SetBy, stored.UpdatedAt }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "delete from holiday_decision_period where year = @Year", new { decision.Year }, transaction, cancellationToken: cancellationToken));
        foreach (var p in decision.Periods)
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                insert into holiday_decision_period (year, holiday, first_day, last_day, working_days, legal_source)
                values (@Year, @Holiday, @FirstDay, @LastDay, @WorkingDays, @LegalSource)
                """, new
            {
                decision.Year, Holiday = Name(p.Holiday), p.FirstDay, p.LastDay, WorkingDays = p.WorkingDays.ToArray(), p.LegalSource,
            }, transaction, cancellationToken: cancellationToken));
        }

        // Delivered at commit, to every instance listening (this one too).
        await connection.ExecuteAsync(new CommandDefinition(
            "select pg_notify(@Channel, @Year::text)", new { Channel, decision.Year }, transaction, cancellationToken: cancellationToken));
    }

    /// <summary>The stored name of a holiday: the same kebab-case as the shipped JSON.</summary>
    public static string Name(HolidayKind kind) => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(kind.ToString());

    private static HolidayKind Kind(string name) =>
        Enum.GetValues<HolidayKind>().FirstOrDefault(k => Name(k) == name, (HolidayKind)(-1)) is var kind && Enum.IsDefined(kind)
            ? kind
            : throw new InvalidOperationException($"Unknown stored holiday {name}.");

    // Parameter names match the SQL's column names, which is how Dapper maps them.
    private sealed record YearRow(int year, string note, bool shipped, string set_by, DateTime updated_at);

    public void Dispose() => _refresh.Dispose();
}
