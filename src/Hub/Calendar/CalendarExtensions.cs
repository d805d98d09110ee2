using DanVan.Hub.Hosting;
using DanVan.Scheduler.Calendar;
using DanVan.Scheduler.Dialogues;

namespace DanVan.Hub.Calendar;

public static partial class CalendarExtensions
{
    /// <summary>
    /// The working calendar: the holiday rules (<c>DanVan:Holidays</c>), office hours
    /// (<c>DanVan:WorkingHours</c>) and the yearly decisions, stored in PostgreSQL and seeded with
    /// the shipped ones at start; and the leaders' reception days set per unit (on top of
    /// <c>DanVan:Dialogues:ReceptionDays</c>). Register after the database startup, which migrates first.
    /// </summary>
    public static IHostApplicationBuilder AddCalendar(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("DanVan:Holidays");
        // Per-year decisions used to be configuration, which could differ between instances; they are data now.
        if (section.GetSection("Years").GetChildren().Any())
        {
            throw new InvalidOperationException(
                "DanVan:Holidays:Years is no longer read: holiday decisions are stored in the database. " +
                "Set each year's with the CalendarService.SetHolidayDecision RPC or `holidays set FILE`, and remove the setting.");
        }

        var services = builder.Services;
        services.AddSettings<HolidayOptions>(builder.Configuration, "DanVan:Holidays");
        services.AddSettings<WorkingHoursOptions>(builder.Configuration, "DanVan:WorkingHours");
        services.AddSingleton<HolidayDecisions>();
        services.AddSingleton<HolidayDecisionStore>();
        services.AddSingleton(sp => new PublicHolidays(sp.GetRequiredService<HolidayOptions>(), sp.GetRequiredService<HolidayDecisions>()));
        services.AddSingleton<WorkingCalendar>();
        services.AddSingleton<ReceptionDays>();
        services.AddSingleton<ReceptionDayStore>();
        services.AddHostedService<HolidayDecisionStartup>();
        return builder;
    }

    public static WebApplication MapCalendar(this WebApplication app)
    {
        app.MapGrpcService<CalendarGrpcService>();
        return app;
    }

    /// <summary>Before the hub serves: the shipped decisions written where they belong, then this instance's copy loaded.</summary>
    private sealed partial class HolidayDecisionStartup(HolidayDecisionStore store, ReceptionDayStore receptions, ILogger<HolidayDecisionStartup> logger) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            var written = await store.SeedAsync(HolidayDecision.Shipped, cancellationToken);
            await store.RefreshAsync(cancellationToken);
            await receptions.RefreshAsync(cancellationToken);
            LogSeeded(logger, HolidayDecision.Shipped.Count, written);
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(Level = LogLevel.Information, Message = "Holiday decisions: {Shipped} shipped, {Written} written now")]
        private static partial void LogSeeded(ILogger logger, int shipped, int written);
    }
}
