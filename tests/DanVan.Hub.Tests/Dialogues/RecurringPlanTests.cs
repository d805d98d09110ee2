using DanVan.Scheduler.Dialogues.Jobs;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using static DanVan.Hub.Tests.Ingest.IngestTestSupport;

namespace DanVan.Hub.Tests.Dialogues;

/// <summary>The recurring plan job itself, run by the hub's Hangfire server on the real map (its own database).</summary>
public sealed class RecurringPlanTests(DialogueHubFixture fixture) : HubTest<DialogueHubFixture>(fixture)
{
    [Fact]
    public async Task The_recurring_plan_job_gives_every_unit_one_dialogue_this_year_and_changes_nothing_when_run_again()
    {
        // The hub's day is 4 March 2030: before October, the job plans this year only.
        const string unitsWithoutExactlyOneDialogue = """
            select count(*)::int from admin_unit u
             where u.level in (1, 3) and u.valid_from <= '2030-01-01' and '2030-01-01' < u.valid_to
               and (select count(*) from dialogue d where d.unit_id = u.id and d.plan_year = 2030) <> 1
            """;

        var first = await RunPlanJobAsync();
        var planned = await CountAsync("select count(*)::int from dialogue where plan_year = 2030");
        var second = await RunPlanJobAsync();

        Assert.NotEqual(first, second);
        Assert.Equal(3355, planned);
        Assert.Equal(0, await CountAsync(unitsWithoutExactlyOneDialogue));
        Assert.Equal(0, await CountAsync("select count(*)::int from dialogue where plan_year <> 2030"));
        Assert.Equal(planned, await CountAsync("select count(*)::int from dialogue"));
    }

    /// <summary>Triggers the recurring job as the dashboard's button does; returns the id of the run once it succeeded.</summary>
    private async Task<string> RunPlanJobAsync()
    {
        var storage = Fixture.Host.Services.GetRequiredService<JobStorage>();
        RecurringJobDto Recurring()
        {
            using var connection = storage.GetConnection();
            return connection.GetRecurringJobs([PlanPeriodicDialoguesJob.RecurringJobId]).Single();
        }

        var previous = Recurring().LastJobId;
        Fixture.Host.Services.GetRequiredService<IRecurringJobManager>().Trigger(PlanPeriodicDialoguesJob.RecurringJobId);
        await Timeouts.Eventually(() => Task.FromResult(Recurring() is { LastJobState: "Succeeded" } job && job.LastJobId != previous),
            Timeouts.Startup, "the plan job to succeed");
        return Recurring().LastJobId;
    }

    private Task<int> CountAsync(string sql) => ScalarAsync<int>(Fixture.ConnectionString, sql);
}
