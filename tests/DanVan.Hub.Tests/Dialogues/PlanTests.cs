using Dapper;
using DanVan.Contracts.V1;
using DanVan.Scheduler.Calendar;
using DanVan.Scheduler.Dialogues;
using DanVan.Scheduler.Dialogues.Jobs;
using Grpc.Core;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static DanVan.Hub.Tests.Dialogues.DialogueTestSupport;
using static DanVan.Hub.Tests.Ingest.IngestTestSupport;

namespace DanVan.Hub.Tests.Dialogues;

/// <summary>A hub whose periodic dialogues are due by 10 March, so that this year's plan (made on 4 March) comes too late.</summary>
public sealed class EarlyDueDateFixture : DialogueHubFixture
{
    public static readonly string[] DueDateSettings = ["--DanVan:Dialogues:DueMonth=3", "--DanVan:Dialogues:DueDay=10"];

    protected override string[] Settings => DueDateSettings;
}

public sealed class PlanTests(EarlyDueDateFixture fixture) : HubTest<EarlyDueDateFixture>(fixture)
{
    private readonly DialogueService.DialogueServiceClient _dialogues = new(fixture.Host.CallInvoker);

    [Fact]
    public async Task A_national_plan_gives_every_unit_its_dialogue_on_allowed_slots_without_double_booking_and_once_only()
    {
        var units = new AdminUnitService.AdminUnitServiceClient(Fixture.Host.CallInvoker);
        var valid = (await units.ListUnitsAsync(new ListUnitsRequest { PageSize = 100 })).Units.Select(u => u.Code).ToList();
        Assert.Equal(34, valid.Count);

        var preview = await Task.WhenAll(valid.Select(code => _dialogues.PlanPeriodicDialoguesAsync(new PlanPeriodicDialoguesRequest { UnitCode = code, Year = 2031, DryRun = true }).ResponseAsync));
        Assert.Equal(34 + 3321, preview.Sum(p => p.UnitsConsidered));
        Assert.Equal(0, await CountAsync("select count(*)::int from dialogue where plan_year = 2031"));

        var applied = await Task.WhenAll(valid.Select(code => _dialogues.PlanPeriodicDialoguesAsync(new PlanPeriodicDialoguesRequest { UnitCode = code, Year = 2031 }).ResponseAsync));
        var again = await Task.WhenAll(valid.Select(code => _dialogues.PlanPeriodicDialoguesAsync(new PlanPeriodicDialoguesRequest { UnitCode = code, Year = 2031 }).ResponseAsync));

        Assert.Equal(3355, applied.Sum(p => p.Planned.Count));
        Assert.Equal(preview.SelectMany(p => p.Planned).Select(p => (p.UnitCode, p.StartTime)), applied.SelectMany(p => p.Planned).Select(p => (p.UnitCode, p.StartTime)));
        Assert.Equal((0, 3355), (again.Sum(p => p.Planned.Count), again.Sum(p => p.UnitsAlreadyPlanned)));
        Assert.Empty(applied.SelectMany(p => p.UnitsWithoutDialogue));

        // Every commune and province valid in 2031 has exactly its one dialogue…
        Assert.Equal(0, await CountAsync("""
            select count(*)::int from admin_unit u
             where u.level in (1, 3) and u.valid_from <= '2031-01-01' and '2031-01-01' < u.valid_to
               and (select count(*) from dialogue d where d.unit_id = u.id and d.plan_year = 2031) <> 1
            """));
        // …no co-chair or venue is booked twice at overlapping times…
        Assert.Equal(0, await CountAsync("""
            select count(*)::int from dialogue_booking a join dialogue_booking b
              on a.resource = b.resource and a.dialogue_id < b.dialogue_id and a.during && b.during
            """));
        // …and every slot is a working day in office hours, outside the chair's reception day, after the notice period.
        var calendar = Fixture.Host.Services.GetRequiredService<WorkingCalendar>();
        foreach (var start in applied.SelectMany(p => p.Planned).Select(p => p.StartTime.ToDateTimeOffset().ToOffset(TimeSpan.FromHours(7))))
        {
            var day = DateOnly.FromDateTime(start.DateTime);
            Assert.True(calendar.IsWithinWorkingHours(day, TimeOnly.FromDateTime(start.DateTime), TimeSpan.FromHours(2)), $"{start} is not in working hours");
            Assert.True(start >= DialogueHubFixture.Start.AddDays(7));
        }

        Assert.Equal(0, await CountAsync("""
            select count(*)::int from dialogue d join admin_unit u on u.id = d.unit_id
             where u.level = 3 and extract(isodow from d.starts_at at time zone 'Asia/Ho_Chi_Minh') = 4
            """));
        // A province's dialogue is the Party secretary's (Regulation 11), off the secretary's reception day
        // (the 25th); a commune's is co-chaired by the three, with the Party committee invited and its
        // secretary's reception days (the 9th and 24th) left free.
        Assert.Equal(0, await CountAsync("""
            select count(*)::int from dialogue d join admin_unit u on u.id = d.unit_id
             where d.plan_year = 2031 and (
                   (u.level = 1 and (d.co_chairs <> array[u.code || ':party-secretary'] or d.invitees <> '{}'
                                     or extract(day from d.starts_at at time zone 'Asia/Ho_Chi_Minh') = 25))
                or (u.level = 3 and (d.co_chairs[3] <> u.code || ':people-council-standing' or d.invitees <> array[u.code || ':party-committee']
                                     or extract(day from d.starts_at at time zone 'Asia/Ho_Chi_Minh') in (9, 24))))
            """));
        // Spread over the window before the due date (10 March here) rather than piled up on its first days.
        Assert.True(await CountAsync("select count(distinct (starts_at at time zone 'Asia/Ho_Chi_Minh')::date)::int from dialogue where plan_year = 2031") >= 35);
    }

    [Fact]
    public async Task Two_hub_processes_planning_at_once_plan_what_one_would()
    {
        var alone = await _dialogues.PlanPeriodicDialoguesAsync(new PlanPeriodicDialoguesRequest { UnitCode = "12", Year = 2032, DryRun = true });
        using var otherHub = new HubProcess(Fixture.ConnectionString, Fixture.StartsAt, EarlyDueDateFixture.DueDateSettings);
        await Timeouts.Eventually(otherHub.IsServingAsync, Timeouts.Startup, "the second hub process to serve");
        var other = new DialogueService.DialogueServiceClient(otherHub.CallInvokerFor(Fixture.Host.Credential));

        var both = await Task.WhenAll(
            _dialogues.PlanPeriodicDialoguesAsync(new PlanPeriodicDialoguesRequest { UnitCode = "12", Year = 2032 }).ResponseAsync,
            other.PlanPeriodicDialoguesAsync(new PlanPeriodicDialoguesRequest { UnitCode = "12", Year = 2032 }).ResponseAsync);

        Assert.Equal([0, alone.Planned.Count], both.Select(p => p.Planned.Count).Order());
        Assert.Equal(alone.Planned.Count, await CountAsync("select count(*)::int from dialogue where plan_year = 2032"));
        Assert.Equal(alone.Planned.Select(p => (p.UnitCode, p.StartTime)), both.Single(p => p.Planned.Count > 0).Planned.Select(p => (p.UnitCode, p.StartTime)));
        Assert.DoesNotContain("\"LogLevel\":\"Error\"", otherHub.Output);
    }

    [Fact]
    public async Task Units_without_a_dialogue_by_the_due_date_are_reported()
    {
        // Due 10 March 2030; today is 4 March and the notice period ends on 11 March.
        var plan = await _dialogues.PlanPeriodicDialoguesAsync(new PlanPeriodicDialoguesRequest { UnitCode = "11", Year = 2030, DryRun = true });

        Assert.Equal(Day(2030, 3, 10), plan.DueDate);
        Assert.Equal(plan.UnitsConsidered, plan.UnitsWithoutDialogue.Count);
        Assert.Contains("after 2030-03-10", plan.UnitsWithoutDialogue[0].Reason);
        Assert.All(plan.Planned, p => Assert.True(p.StartTime.ToDateTimeOffset() > new DateTimeOffset(2030, 3, 10, 17, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public async Task Plans_for_past_years_and_unknown_units_are_refused()
    {
        var past = await Refused(StatusCode.FailedPrecondition, () => _dialogues.PlanPeriodicDialoguesAsync(new PlanPeriodicDialoguesRequest { UnitCode = "01", Year = 2029 }).ResponseAsync);
        var unknown = await Refused(StatusCode.NotFound, () => _dialogues.PlanPeriodicDialoguesAsync(new PlanPeriodicDialoguesRequest { UnitCode = "06", Year = 2031 }).ResponseAsync);
        var bad = await Refused(StatusCode.InvalidArgument, () => _dialogues.PlanPeriodicDialoguesAsync(new PlanPeriodicDialoguesRequest { UnitCode = "x", Year = 3000 }).ResponseAsync);

        Assert.Equal("YEAR_IN_PAST", Reason(past));
        Assert.Equal("ADMIN_UNIT_NOT_FOUND", Reason(unknown));
        Assert.Equal(["unit_code", "year"], Fields(bad));
    }

    [Fact]
    public async Task The_plan_the_trigger_rules_and_the_overdue_sweep_are_recurring_jobs_in_Hanoi_time()
    {
        // Test hubs run with crons that never fire; this one, on a database of its own, has the defaults.
        var defaults = new DialogueOptions();
        await using var hub = await HubHost.StartAsync(await TestDatabases.CreateAsync(DatabaseContent.Migrated),
            $"--DanVan:Dialogues:PlanCron={defaults.PlanCron}", $"--DanVan:Dialogues:TriggerCron={defaults.TriggerCron}",
            $"--DanVan:Dialogues:OverdueSweepCron={defaults.OverdueSweepCron}");
        using var connection = hub.Services.GetRequiredService<JobStorage>().GetConnection();
        var jobs = connection.GetRecurringJobs().ToDictionary(j => j.Id);

        Assert.Equal(("Asia/Ho_Chi_Minh", "0 2 * * *", typeof(PlanPeriodicDialoguesJob)),
            (jobs["plan-periodic-dialogues"].TimeZoneId, jobs["plan-periodic-dialogues"].Cron, jobs["plan-periodic-dialogues"].Job.Type));
        Assert.Equal(("Asia/Ho_Chi_Minh", defaults.TriggerCron), (jobs["evaluate-dialogue-triggers"].TimeZoneId, jobs["evaluate-dialogue-triggers"].Cron));
        Assert.Equal(("Asia/Ho_Chi_Minh", defaults.OverdueSweepCron), (jobs["sweep-overdue-opinions"].TimeZoneId, jobs["sweep-overdue-opinions"].Cron));
    }

    [Fact]
    public void A_test_hub_runs_no_recurring_job_by_itself()
    {
        using var connection = Fixture.Host.Services.GetRequiredService<JobStorage>().GetConnection();

        Assert.All(connection.GetRecurringJobs(), j => Assert.Equal(Cron.Never(), j.Cron));
    }

    private async Task<int> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Fixture.ConnectionString);
        return await connection.ExecuteScalarAsync<int>(sql);
    }
}
