using DanVan.Adapters.Database;

namespace DanVan.Scheduler;

/// <summary>The migrations of the tables the scheduler owns: dialogues, their bookings, opinions, petitions and the outbox.</summary>
public static class SchedulerMigrations
{
    public static IReadOnlyList<Migration> All { get; } = EmbeddedMigrations.Load(typeof(SchedulerMigrations).Assembly);
}
