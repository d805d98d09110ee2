using System.ComponentModel;
using DanVan.Adapters.Ingest;
using DanVan.Adapters.Time;
using DanVan.Adapters.Units;
using DanVan.Scheduler.Dialogues.Triggers;
using Hangfire;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace DanVan.Scheduler.Dialogues.Jobs;

/// <summary>
/// One reminder or deadline of one dialogue. It carries the dialogue's sequence from when it was
/// scheduled: if the dialogue has changed since (moved, cancelled, announced…), a newer job took over
/// and this one does nothing. Otherwise it posts its notice to the outbox (once, by a dedup key) and
/// schedules the dialogue's next milestone.
/// </summary>
public sealed partial class DialogueMilestoneJob(
    NpgsqlDataSource dataSource, DialogueStore store, DialogueOutbox outbox, Milestones milestones, IBackgroundJobClient jobs,
    TimeProvider clock, ILogger<DialogueMilestoneJob> logger)
{
    [DisplayName("Dialogue {0}: {2}")]
    [AutomaticRetry(Attempts = 5)]
    public async Task RunAsync(Guid dialogueId, int sequence, Milestone milestone, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var dialogue = await store.GetAsync(connection, dialogueId, forUpdate: false, cancellationToken);
        if (dialogue is null || dialogue.Sequence != sequence || dialogue.Status == DialogueStatus.Cancelled)
        {
            LogStale(logger, dialogueId, milestone);
            return;
        }

        if (milestones.Evaluate(dialogue, milestone) is { } notice)
        {
            await outbox.AddAsync(connection, null, dialogue, notice.EventType, notice.Message, $"{dialogueId}:{sequence}:{milestone}", cancellationToken);
        }

        if (milestones.Next(dialogue.Status, dialogue.Slot?.Start, milestones.When(dialogue.Slot!.Start, milestone, dialogue.HeldOn), dialogue.HeldOn) is { } next)
        {
            var jobId = jobs.ScheduleMilestone(dialogueId, sequence, next.Milestone, next.At, clock);
            // Changed while this ran: the change's own arming replaces this job.
            if (!await store.RecordNextMilestoneAsync(connection, dialogueId, sequence, jobId, cancellationToken))
            {
                jobs.Delete(jobId);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Dialogue {DialogueId} changed since its {Milestone} was scheduled; nothing to do")]
    private static partial void LogStale(ILogger logger, Guid dialogueId, Milestone milestone);
}

/// <summary>
/// Schedules the next milestone job of every dialogue changed since its jobs were last scheduled
/// (its sequence ahead of the armed one), and deletes the job it had pending from before the change.
/// Enqueued after every change and after a plan, so a plan of thousands of dialogues costs one job at
/// once and the milestone jobs are created off the request path.
/// </summary>
public sealed class ArmMilestonesJob(NpgsqlDataSource dataSource, DialogueStore store, Milestones milestones, IBackgroundJobClient jobs, TimeProvider clock)
{
    [DisplayName("Schedule dialogue reminders")]
    [AutomaticRetry(Attempts = 5)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var batch = await store.ClaimChangedAsync(connection, transaction, 500, cancellationToken);
            if (batch.Count == 0)
            {
                return;
            }

            var now = clock.GetUtcNow();
            var armed = new List<(Guid, string?)>(batch.Count);
            foreach (var dialogue in batch)
            {
                if (dialogue.PendingJobId is { } stale)
                {
                    jobs.Delete(stale);
                }

                armed.Add((dialogue.Id, milestones.Next(dialogue.Status, dialogue.Start, now, dialogue.HeldOn) is { } next
                    ? jobs.ScheduleMilestone(dialogue.Id, dialogue.Sequence, next.Milestone, next.At, clock)
                    : null));
            }

            await store.MarkArmedAsync(connection, transaction, armed, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
    }
}

internal static class MilestoneJobs
{
    /// <summary>
    /// Schedules a milestone job as a delay from the hub's clock rather than at an instant: Hangfire
    /// runs schedules on the system clock, and the hub's may be another (tests own theirs).
    /// </summary>
    public static string ScheduleMilestone(this IBackgroundJobClient jobs, Guid dialogueId, int sequence, Milestone milestone, DateTimeOffset at, TimeProvider clock) =>
        jobs.Schedule<DialogueMilestoneJob>(j => j.RunAsync(dialogueId, sequence, milestone, CancellationToken.None), at - clock.GetUtcNow());
}

/// <summary>Hands re-arming to Hangfire: one job per change, however many dialogues it touched.</summary>
public sealed class HangfireDialogueMilestones(IBackgroundJobClient jobs) : IDialogueMilestones
{
    public void ArmChanged() => jobs.Enqueue<ArmMilestonesJob>(j => j.RunAsync(CancellationToken.None));
}

/// <summary>The periodic plan as a recurring job: every province's subtree, this year (and next year from the configured month).</summary>
public sealed partial class PlanPeriodicDialoguesJob(PeriodicPlanner planner, IUnitRegistry units, DialogueOptions options, TimeProvider clock, ILogger<PlanPeriodicDialoguesJob> logger)
{
    public const string RecurringJobId = "plan-periodic-dialogues";

    [DisplayName("Plan periodic dialogues")]
    [AutomaticRetry(Attempts = 3)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var today = VietnamTime.Today(clock);
        var provinces = await units.ListAsync(new UnitListFilter(null, AdminLevel.Province, today, null), null, 1000, cancellationToken);
        int[] years = today.Month >= options.PlanNextYearFromMonth ? [today.Year, today.Year + 1] : [today.Year];
        foreach (var year in years)
        {
            foreach (var province in provinces)
            {
                var result = await planner.PlanAsync(province.Code, year, dryRun: false, cancellationToken);
                LogPlanned(logger, year, province.Code, result.Planned.Count, result.UnitsWithoutDialogue.Count, result.DueDate);
                foreach (var unit in result.UnitsWithoutDialogue)
                {
                    LogUnitWithoutDialogue(logger, unit.Unit.Code, result.DueDate, unit.Reason);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Plan {Year} for {Province}: {Planned} dialogues planned, {Without} units without a dialogue by {DueDate}")]
    private static partial void LogPlanned(ILogger logger, int year, string province, int planned, int without, DateOnly dueDate);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unit {UnitCode} has no periodic dialogue held or scheduled by {DueDate}: {Reason}")]
    private static partial void LogUnitWithoutDialogue(ILogger logger, string unitCode, DateOnly dueDate, string reason);
}

/// <summary>The daily sweep of opinions past their due date, and of mandatory dialogues not held by theirs.</summary>
public sealed partial class OverdueOpinionsJob(OpinionWorkflow opinions, ILogger<OverdueOpinionsJob> logger)
{
    public const string RecurringJobId = "sweep-overdue-opinions";

    [DisplayName("Sweep overdue opinions and mandatory dialogues")]
    [AutomaticRetry(Attempts = 3)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var count = await opinions.SweepOverdueAsync(cancellationToken);
        LogOverdue(logger, count);
        var dialogues = await opinions.SweepMandatoryOverdueAsync(cancellationToken);
        LogMandatoryOverdue(logger, dialogues);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} opinions became overdue")]
    private static partial void LogOverdue(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} mandatory dialogues became overdue")]
    private static partial void LogMandatoryOverdue(ILogger logger, int count);
}

/// <summary>The trigger rules, daily and after each batch of data that changed something.</summary>
public sealed class EvaluateTriggersJob(TriggerEvaluator evaluator)
{
    public const string RecurringJobId = "evaluate-dialogue-triggers";

    [DisplayName("Evaluate ad-hoc dialogue triggers")]
    [AutomaticRetry(Attempts = 3)]
    public Task RunAsync(CancellationToken cancellationToken) => evaluator.EvaluateAsync(cancellationToken);
}

/// <summary>Has the trigger rules look at the data as soon as a batch has changed it, or a petition came in.</summary>
public sealed class HangfireTriggerEvaluations(IBackgroundJobClient jobs) : ITriggerEvaluations, IBatchAppliedObserver
{
    public void RequestEvaluation() => jobs.Enqueue<EvaluateTriggersJob>(j => j.RunAsync(CancellationToken.None));

    public void BatchApplied(BatchOptions options, IngestSummary summary) => RequestEvaluation();
}
