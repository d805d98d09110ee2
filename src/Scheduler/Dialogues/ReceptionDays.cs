using Dapper;
using DanVan.Adapters.Errors;
using DanVan.Adapters.Units;
using Npgsql;

namespace DanVan.Scheduler.Dialogues;

/// <summary>A role's citizen-reception days: weekdays of every week and days of every month.</summary>
public sealed record ReceptionSchedule(string Role, IReadOnlyList<DayOfWeek> Weekdays, IReadOnlyList<int> DaysOfMonth)
{
    public bool IsEmpty => Weekdays.Count == 0 && DaysOfMonth.Count == 0;

    public bool Blocks(DateOnly date) => Weekdays.Contains(date.DayOfWeek) || DaysOfMonth.Contains(date.Day);

    /// <summary>Days it gives in every month: four of each weekday, and the days of the month every month has (1–28).</summary>
    public int DaysInEveryMonth => Weekdays.Distinct().Count() * 4 + DaysOfMonth.Distinct().Count(d => d <= 28);
}

/// <summary>The fewest reception days a role must have at a level, a week or a month.</summary>
public sealed class ReceptionMinimum
{
    public string Role { get; set; } = "";

    public AdminLevel Level { get; set; }

    [System.ComponentModel.DataAnnotations.Range(1, 7)]
    public int? PerWeek { get; set; }

    [System.ComponentModel.DataAnnotations.Range(1, 31)]
    public int? PerMonth { get; set; }

    /// <summary>What <paramref name="days"/> lack against the minimums for their role at <paramref name="level"/>; null when nothing.</summary>
    public static string? Shortfall(IEnumerable<ReceptionMinimum> minimums, AdminLevel level, ReceptionSchedule days)
    {
        foreach (var minimum in minimums.Where(m => m.Role == days.Role && m.Level == level))
        {
            if (minimum.PerWeek is { } perWeek && days.Weekdays.Distinct().Count() < perWeek)
            {
                return $"at least {perWeek} day(s) a week are required, {days.Weekdays.Distinct().Count()} given";
            }

            if (minimum.PerMonth is { } perMonth && days.DaysInEveryMonth < perMonth)
            {
                return $"at least {perMonth} day(s) a month are required, {days.DaysInEveryMonth} given in every month";
            }
        }

        return null;
    }
}

public enum ReceptionSource
{
    Configuration,
    ProvinceDefault,
    Unit,
}

/// <summary>Reception days set for a unit (or, <see cref="ProvinceDefault"/>, for a province's communes) through the RPC.</summary>
public sealed record ReceptionSetting(string UnitCode, bool ProvinceDefault, ReceptionSchedule Days, string SetBy, DateTimeOffset UpdatedAt);

/// <summary>The reception days in force for a unit's role, and where they come from (the stored setting, when one).</summary>
public sealed record EffectiveReception(ReceptionSchedule Days, ReceptionSource Source, ReceptionSetting? Setting);

/// <summary>
/// The citizen-reception days in force, per unit and role: the unit's own setting, else (for a commune)
/// its province's default, else the configured days (<see cref="DialogueOptions.ReceptionDays"/>, for
/// the unit, its province's communes, then its level). This instance's copy of the stored settings is
/// kept by <see cref="ReceptionDayStore"/>.
/// </summary>
public sealed class ReceptionDays(DialogueOptions options)
{
    /// <summary>The roles that have reception days of their own.</summary>
    public static readonly IReadOnlyList<string> Roles = [CoChairs.PeopleCommitteeChair, CoChairs.PartySecretary];

    private volatile IReadOnlyDictionary<(string UnitCode, bool ProvinceDefault, string Role), ReceptionSetting> _settings =
        new Dictionary<(string, bool, string), ReceptionSetting>();

    /// <summary>The days of <paramref name="role"/> in the unit with this code; <paramref name="province"/> is its province when it is a commune.</summary>
    public EffectiveReception For(string unitCode, string? province, string role)
    {
        var level = UnitCodes.LevelOf(unitCode);
        var settings = _settings;
        if (settings.TryGetValue((unitCode, false, role), out var own))
        {
            return new(own.Days, ReceptionSource.Unit, own);
        }

        if (Configured(role, level, unitCode) is { } configuredOwn)
        {
            return new(configuredOwn, ReceptionSource.Configuration, null);
        }

        return level == AdminLevel.Commune && province is not null ? ForCommunesOf(province, role) : Default(role, level);
    }

    /// <summary>The days of <paramref name="role"/> in a commune of <paramref name="province"/> that has none of its own.</summary>
    public EffectiveReception ForCommunesOf(string province, string role)
    {
        if (_settings.TryGetValue((province, true, role), out var byProvince))
        {
            return new(byProvince.Days, ReceptionSource.ProvinceDefault, byProvince);
        }

        return Configured(role, AdminLevel.Commune, province) is { } configured
            ? new(configured, ReceptionSource.Configuration, null)
            : Default(role, AdminLevel.Commune);
    }

    /// <summary>The province whose commune defaults apply to <paramref name="unit"/>: its parent when that is a province (communes since July 2025).</summary>
    public static string? ProvinceOf(AdminUnit unit) => unit.Level == AdminLevel.Commune && unit.ParentCode is { Length: 2 } parent ? parent : null;

    /// <summary>What <paramref name="days"/> lack against the minimums of their role at <paramref name="level"/>; null when nothing.</summary>
    public string? Shortfall(AdminLevel level, ReceptionSchedule days) => ReceptionMinimum.Shortfall(options.ReceptionMinimums, level, days);

    public void Replace(IEnumerable<ReceptionSetting> settings) =>
        _settings = settings.ToDictionary(s => (s.UnitCode, s.ProvinceDefault, s.Days.Role));

    private EffectiveReception Default(string role, AdminLevel level) =>
        new(Configured(role, level, null) ?? new ReceptionSchedule(role, [], []), ReceptionSource.Configuration, null);

    private ReceptionSchedule? Configured(string role, AdminLevel level, string? unitCode)
    {
        var days = options.ReceptionDays.Where(r => r.Role == role && r.Level == level && r.UnitCode == unitCode).ToList();
        return days.Count == 0 ? null : new ReceptionSchedule(role, days.Select(d => d.Weekday).OfType<DayOfWeek>().ToList(), days.Select(d => d.DayOfMonth).OfType<int>().ToList());
    }
}

/// <summary>
/// The reception-day settings in table <c>reception_day_setting</c>, shared by every hub instance. A
/// change is announced on channel <see cref="Channel"/>; each instance then reloads its
/// <see cref="ReceptionDays"/> (this one before the write returns).
/// </summary>
public sealed class ReceptionDayStore(NpgsqlDataSource dataSource, ReceptionDays days, TimeProvider clock) : IDisposable
{
    public const string Channel = "reception_day_setting";

    private readonly SemaphoreSlim _refresh = new(1, 1);

    /// <summary>
    /// Checks and stores a unit's (or a province's commune default) days of a role, replacing any
    /// earlier ones; no days removes the setting. INVALID_ARGUMENT when they fall short of the minimum.
    /// Returns the days now in force (<paramref name="province"/>: the unit's, when it is a commune).
    /// </summary>
    public async Task<EffectiveReception> SetAsync(
        string unitCode, string? province, bool provinceDefault, ReceptionSchedule schedule, string setBy, CancellationToken cancellationToken)
    {
        var level = provinceDefault ? AdminLevel.Commune : UnitCodes.LevelOf(unitCode);
        if (!schedule.IsEmpty && days.Shortfall(level, schedule) is { } shortfall)
        {
            throw new ValidationException([new FieldViolation(schedule.DaysOfMonth.Count == 0 ? "weekdays" : "days_of_month",
                ViolationCodes.ReceptionDaysBelowMinimum, $"{shortfall} ({schedule.Role} at {level.ToString().ToLowerInvariant()} level)")]);
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (schedule.IsEmpty)
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                delete from reception_day_setting where unit_code = @unitCode and province_default = @provinceDefault and role = @Role
                """, new { unitCode, provinceDefault, schedule.Role }, transaction, cancellationToken: cancellationToken));
        }
        else
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                insert into reception_day_setting (unit_code, province_default, role, weekdays, days_of_month, set_by, updated_at)
                values (@unitCode, @provinceDefault, @Role, @weekdays, @daysOfMonth, @setBy, @now)
                on conflict (unit_code, province_default, role) do update
                   set weekdays = excluded.weekdays, days_of_month = excluded.days_of_month, set_by = excluded.set_by, updated_at = excluded.updated_at
                """, new
            {
                unitCode, provinceDefault, schedule.Role,
                weekdays = schedule.Weekdays.Distinct().Order().Select(d => (int)d).ToArray(),
                daysOfMonth = schedule.DaysOfMonth.Distinct().Order().ToArray(),
                setBy, now = clock.GetUtcNow(),
            }, transaction, cancellationToken: cancellationToken));
        }

        // Delivered at commit, to every instance listening (this one too).
        await connection.ExecuteAsync(new CommandDefinition("select pg_notify(@Channel, @unitCode)", new { Channel, unitCode }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        await RefreshAsync(cancellationToken);
        return provinceDefault ? days.ForCommunesOf(unitCode, schedule.Role) : days.For(unitCode, province, schedule.Role);
    }

    /// <summary>Reads every stored setting into this instance's copy.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _refresh.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            var rows = await connection.QueryAsync<SettingRow>(new CommandDefinition("""
                select unit_code as UnitCode, province_default as ProvinceDefault, role, weekdays, days_of_month as DaysOfMonth,
                       set_by as SetBy, updated_at as UpdatedAt
                  from reception_day_setting
                """, cancellationToken: cancellationToken));
            days.Replace(rows.Select(r => new ReceptionSetting(r.UnitCode, r.ProvinceDefault,
                new ReceptionSchedule(r.Role, r.Weekdays.Select(d => (DayOfWeek)d).ToList(), r.DaysOfMonth), r.SetBy,
                new DateTimeOffset(DateTime.SpecifyKind(r.UpdatedAt, DateTimeKind.Utc)))));
        }
        finally
        {
            _refresh.Release();
        }
    }

    public void Dispose() => _refresh.Dispose();

    private sealed class SettingRow
    {
        public string UnitCode { get; init; } = "";
        public bool ProvinceDefault { get; init; }
        public string Role { get; init; } = "";
        public int[] Weekdays { get; init; } = [];
        public int[] DaysOfMonth { get; init; } = [];
        public string SetBy { get; init; } = "";
        public DateTime UpdatedAt { get; init; }
    }
}
