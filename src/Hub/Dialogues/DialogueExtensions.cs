using DanVan.Adapters.Errors;
using DanVan.Adapters.Ingest;
using DanVan.Adapters.Time;
using DanVan.Adapters.Units;
using DanVan.Hub.Hosting;
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
        services.AddSettings<DialogueOptions>(configuration, "DanVan:Dialogues");
        services.AddSettings<TriggerOptions>(configuration, "DanVan:Dialogues:Triggers");
        services.AddSingleton<SlotRules>();
        services.AddSingleton<SlotFinder>();
        services.AddSingleton<Milestones>();
        services.AddSingleton<DialogueStore>();
        services.AddSingleton<BookingStore>();
        services.AddSingleton<OpinionStore>();
        services.AddSingleton<DialogueOutbox>();
        services.AddSingleton<CalendarDialogues>();
        services.AddSingleton<DialogueLifecycle>();
        services.AddSingleton<PastDialogues>();
        services.AddSingleton<OpinionWorkflow>();
        services.AddSingleton<PeriodicPlanner>();
        services.AddSingleton<DialogueReports>();
        services.AddSingleton<FormerUnitSummaries>();
        services.AddSingleton<DialogueEventFeed>();
        services.AddHostedService<DialogueEventReader>();
        services.AddSingleton<Petitions>();
        services.AddSingleton<TriggerEvaluator>();
        services.AddSingleton<HangfireTriggerEvaluations>();
        services.AddSingleton<ITriggerEvaluations>(sp => sp.GetRequiredService<HangfireTriggerEvaluations>());
        services.AddSingleton<IBatchAppliedObserver>(sp => sp.GetRequiredService<HangfireTriggerEvaluations>());
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
            string unitCode, HttpContext http, UnitScope scope, DialogueReports reports, CalendarDialogues calendar,
            WorkingCalendar workingCalendar, TimeProvider clock, CancellationToken cancellationToken) =>
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

            var dialogues = await calendar.ListAsync(roots, 5000, cancellationToken);
            return Results.Text(CalendarFeed.Render(unit, dialogues, workingCalendar.IsProvisional), "text/calendar; charset=utf-8");
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
