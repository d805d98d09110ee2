using DanVan.Adapters.Time;
using DanVan.Contracts.V1;
using Grpc.Core;

namespace DanVan.Hub.Dialogues;

/// <summary>What puts dialogues on the calendar besides a secretary: the periodic plan and citizens' petitions (a trigger rule).</summary>
public sealed partial class DialogueGrpcService
{
    public override async Task<PlanPeriodicDialoguesResponse> PlanPeriodicDialogues(PlanPeriodicDialoguesRequest request, ServerCallContext context)
    {
        var command = DialogueRequests.Validate(request, VietnamTime.Today(clock));
        return (await planner.PlanAsync(command.UnitCode, command.Year, command.DryRun, context.CancellationToken)).ToProto();
    }

    public override async Task<RecordPetitionResponse> RecordPetition(RecordPetitionRequest request, ServerCallContext context)
    {
        var command = DialogueRequests.Validate(request);
        return new RecordPetitionResponse { PetitionId = (await petitions.RecordAsync(command, context.CancellationToken)).ToString() };
    }
}
