using DanVan.Contracts.V1;
using DanVan.Scheduler.Dialogues;
using DanVan.Scheduler.Dialogues.Triggers;

namespace DanVan.Hub.Dialogues;

/// <summary>
/// danvan.v1.DialogueService, one file per concern: lifecycle, past dialogues, queries, watch, planning, follow-up.
/// Each method validates its request into a command (<see cref="DialogueRequests"/>), calls the
/// dialogue domain and maps the result back (<see cref="DialogueMapping"/>).
/// </summary>
public sealed partial class DialogueGrpcService(
    DialogueLifecycle lifecycle, PastDialogues past, OpinionWorkflow opinions, PeriodicPlanner planner, DialogueStore store, DialogueReports reports,
    DialogueEventFeed events, Petitions petitions, FormerUnitSummaries formerUnits, TimeProvider clock) : DialogueService.DialogueServiceBase;
