using DanVan.Adapters.Errors;
using DanVan.Adapters.Ingest;
using DanVan.Adapters.Time;
using DanVan.Adapters.Units;
using DanVan.Hub.Security;
using DanVan.Scheduler.Calendar;
using DanVan.Scheduler.Dialogues;
using DanVan.Scheduler.Dialogues.Jobs;
using DanVan.Scheduler.Dialogues.Triggers;
using Hangfire;

namespace DanVan.Hub.Dialogues;

public static class DialogueExtensions
{
    /// <summary>
    /// The working calendar, the dialogue lifecycle, planner, trigger rules, opinions, reports and their
    /// jobs. Rules come from configuration: <c>DanVan:Dialogues</c> (with <c>:Triggers</c>); the
    /// working calendar is the calendar feature's (<see cref="Calendar.CalendarExtensions"/>).
    /// </summary>
    public static IHostApplicationBuilder AddDialogues(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.AddSingleton(configuration.GetSection("DanVan:Dialogues").Get<DialogueOptions>() ?? new DialogueOptions());
        services.AddSingleton(configuration.GetSection("DanVan:Dialogues:Triggers").Get<TriggerOptions>() ?? new TriggerOptions());
        services.AddSingleton<SlotRules>();
        services.AddSingleton<SlotFinder>();
        services.AddSingleton<Milestones>();
        services.AddSingleton<MilestoneSchedule>();
        services.AddSingleton<DialogueStore>();
        services.AddSingleton<DialogueLifecycle>();
        services.AddSingleton<OpinionWorkflow>();
        services.AddSingleton<PeriodicPlanner>();
        services.AddSingleton<DialogueReports>();
        services.AddSingleton<DialogueEventFeed>();
        services.AddHostedService<DialogueEventReader>();
        services.AddSingleton<Petitions>();
        services.AddSingleton<TriggerEvaluator>();
        services.AddSingleton<HangfireTriggerQueue>();
        services.AddSingleton<ITriggerQueue>(sp => sp.GetRequiredService<HangfireTriggerQueue>());
        services.AddSingleton<IBatchAppliedObserver>(sp => sp.GetRequiredService<HangfireTriggerQueue>());
        services.AddSingleton<IDialogueMilestones, HangfireDialogueMilestones>();
        services.AddTransient<DialogueMilestoneJob>();
        services.AddTransient<ArmMilestonesJob>();
        services.AddTransient<PlanPeriodicDialoguesJob>();
        services.AddTransient<OverdueOpinionsJob>();
        services.AddTransient<EvaluateTriggersJob>();
        services.AddHostedService<DialogueJobRegistration>();
        return builder;
    }

    public static WebApplication MapDialogues(this WebApplication app, IEndpointRouteBuilder web)
    {
        app.MapGrpcService<DialogueGrpcService>();
        web.MapGet("/calendars/{unitCode}.ics", async (
            string unitCode, HttpContext http, UnitScope scope, DialogueReports reports, DialogueStore store, WorkingCalendar calendar,
            Npgsql.NpgsqlDataSource dataSource, TimeProvider clock, CancellationToken cancellationToken) =>
        {
            if (!Adapters.Units.UnitCodes.IsWellFormed(unitCode))
            {
                return Results.BadRequest(Adapters.Units.UnitCodes.FormatDescription);
            }

            // A secretary's feed credential opens the feeds of their own subtree only.
            if (http.User.UnitCodeOf() is { } own && await scope.ContainsCodeAsync(await scope.RootsAsync(own, cancellationToken), unitCode, cancellationToken) == false)
            {
                return Results.StatusCode(StatusCodes.Status403Forbidden);
            }

            AdminUnit unit;
            IReadOnlyList<long> roots;
            try
            {
                (unit, roots) = await reports.ScopeAsync(unitCode, VietnamTime.Today(clock), cancellationToken);
            }
            catch (NotFoundException)
            {
                // A code no unit carries today (never one, or one merged away): there is no feed to give.
                return Results.NotFound($"No administrative unit has code {unitCode} today.");
            }

            var dialogues = await store.ListAsync(new DialogueFilter(roots, false, null, null, null, null), null, 5000, cancellationToken);
            // Listed dialogues carry their stored agenda; only those still to be held also carry the
            // open opinions of earlier ones, which a full read adds.
            var feed = new List<Dialogue>();
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            foreach (var dialogue in dialogues.Where(d => d.Slot is not null))
            {
                feed.Add(dialogue.IsUpcoming ? (await store.GetAsync(connection, dialogue.Id, forUpdate: false, cancellationToken))! : dialogue);
            }

            return Results.Text(CalendarFeed.Render(unit, feed, calendar.IsProvisional), "text/calendar; charset=utf-8");
        }).RequireAuthorization("dialogues:read");
        return app;
    }

    /// <summary>The recurring dialogue jobs, in Vietnam's time zone, with crons from <see cref="DialogueOptions"/>.</summary>
    private sealed class DialogueJobRegistration(IRecurringJobManager jobs, DialogueOptions options) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            var local = new RecurringJobOptions { TimeZone = VietnamTime.Zone };
            jobs.AddOrUpdate<PlanPeriodicDialoguesJob>(PlanPeriodicDialoguesJob.RecurringJobId, j => j.RunAsync(CancellationToken.None), options.PlanCron, local);
            jobs.AddOrUpdate<EvaluateTriggersJob>(EvaluateTriggersJob.RecurringJobId, j => j.RunAsync(CancellationToken.None), options.TriggerCron, local);
            jobs.AddOrUpdate<OverdueOpinionsJob>(OverdueOpinionsJob.RecurringJobId, j => j.RunAsync(CancellationToken.None), options.OverdueSweepCron, local);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

/// <summary>Runs the event feed's one shared reader for this hub's watchers.</summary>
internal sealed class DialogueEventReader(DialogueEventFeed feed) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => feed.FollowAsync(stoppingToken);
}
