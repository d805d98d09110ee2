namespace DanVan.Scheduler.Dialogues;

/// <summary>The reminders and deadlines around a dialogue, in the order they fall.</summary>
public enum Milestone
{
    /// <summary>A day before the notice deadline: is it announced?</summary>
    AnnouncementCheck,

    /// <summary>The day before: remind everyone (or escalate if it was never announced).</summary>
    DayBeforeReminder,

    /// <summary>Minutes due some days after: escalate if the outcome is not recorded.</summary>
    MinutesDue,

    /// <summary>Results due some days after the day it was held (after the slot while not held): escalate if they are not published.</summary>
    ResultsDue,
}

/// <summary>A notification for the outbox.</summary>
public sealed record DialogueNotice(string EventType, string Message);

/// <summary>When each milestone of a dialogue falls, and what it has to say when it does.</summary>
public sealed class Milestones(DialogueOptions options)
{
    /// <summary>The first milestone of the dialogue after <paramref name="after"/>, if any is left.</summary>
    public (Milestone Milestone, DateTimeOffset At)? Next(DialogueStatus status, DateTimeOffset? start, DateTimeOffset after, DateOnly? heldOn = null)
    {
        if (start is null || status is DialogueStatus.Cancelled or DialogueStatus.Closed or DialogueStatus.Proposed)
        {
            return null;
        }

        foreach (var milestone in Enum.GetValues<Milestone>())
        {
            var at = When(start.Value, milestone, heldOn);
            if (at > after)
            {
                return (milestone, at);
            }
        }

        return null;
    }

    /// <summary>When the milestone falls; the results deadline counts from <paramref name="heldOn"/> once the dialogue is held (at the slot's hour).</summary>
    public DateTimeOffset When(DateTimeOffset start, Milestone milestone, DateOnly? heldOn = null) =>
        milestone switch
        {
            Milestone.AnnouncementCheck => start.AddDays(-(options.NoticeDays + 1)),
            Milestone.DayBeforeReminder => start.AddDays(-options.ReminderDaysBefore),
            Milestone.MinutesDue => start.AddDays(options.MinutesDueDays),
            Milestone.ResultsDue => heldOn is { } held
                ? SlotRules.FromLocal(held.AddDays(options.ResultsDueDays), TimeOnly.FromDateTime(SlotRules.Local(start)))
                : start.AddDays(options.ResultsDueDays),
            _ => throw new ArgumentOutOfRangeException(nameof(milestone)),
        };

    /// <summary>What the milestone says about the dialogue in its current state; null when all is in order.</summary>
    public DialogueNotice? Evaluate(Dialogue dialogue, Milestone milestone)
    {
        var local = SlotRules.Local(dialogue.Slot!.Start);
        var what = $"{dialogue.Title} ({dialogue.Unit.Name}, {local:yyyy-MM-dd HH:mm})";
        return (milestone, dialogue.Status) switch
        {
            (Milestone.AnnouncementCheck, DialogueStatus.Scheduled) => new("deadline.announcement_due",
                $"{what} must be announced by {local.AddDays(-options.NoticeDays):yyyy-MM-dd}."),
            (Milestone.DayBeforeReminder, DialogueStatus.Announced) => new("reminder.day_before", $"{what} takes place tomorrow."),
            (Milestone.DayBeforeReminder, DialogueStatus.Scheduled) => new("escalation.not_announced",
                $"{what} takes place tomorrow and was never announced."),
            (Milestone.MinutesDue, DialogueStatus.Scheduled or DialogueStatus.Announced) => new("escalation.minutes_overdue",
                $"{what}: no outcome or minutes recorded {options.MinutesDueDays} days after."),
            (Milestone.ResultsDue, DialogueStatus.Scheduled or DialogueStatus.Announced or DialogueStatus.Held) => new("escalation.results_overdue",
                dialogue.HeldOn is { } held
                    ? $"{what}: results not published within {options.ResultsDueDays} days of {held:yyyy-MM-dd}, when it was held."
                    : $"{what}: results not published within {options.ResultsDueDays} days."),
            _ => null,
        };
    }
}

/// <summary>Arranges for the reminder and deadline jobs of changed dialogues to be scheduled.</summary>
public interface IDialogueMilestones
{
    /// <summary>Called after dialogues were created or changed; their next milestones get (re)scheduled.</summary>
    void ArmChanged();
}
