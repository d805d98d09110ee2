using DanVan.Contracts.V1;
using Grpc.Core;

namespace DanVan.Hub.Dialogues;

/// <summary>Scheduling a dialogue and moving it through its lifecycle.</summary>
public sealed partial class DialogueGrpcService
{
    public override async Task<ScheduleDialogueResponse> ScheduleDialogue(ScheduleDialogueRequest request, ServerCallContext context)
    {
        var command = DialogueRequests.Validate(request);
        return new ScheduleDialogueResponse { Dialogue = (await lifecycle.ScheduleAsync(command, context.CancellationToken)).ToProto() };
    }

    public override async Task<ConfirmDialogueResponse> ConfirmDialogue(ConfirmDialogueRequest request, ServerCallContext context)
    {
        var command = DialogueRequests.Validate(request);
        var dialogue = await lifecycle.ConfirmAsync(command.Id, command.Start, command.Venue, command.OverrideReason, context.CancellationToken);
        return new ConfirmDialogueResponse { Dialogue = dialogue.ToProto() };
    }

    public override async Task<AnnounceDialogueResponse> AnnounceDialogue(AnnounceDialogueRequest request, ServerCallContext context)
    {
        var command = DialogueRequests.Validate(request);
        var dialogue = await lifecycle.AnnounceAsync(command, context.CancellationToken);
        return new AnnounceDialogueResponse { Dialogue = dialogue.ToProto() };
    }

    public override async Task<RescheduleDialogueResponse> RescheduleDialogue(RescheduleDialogueRequest request, ServerCallContext context)
    {
        var command = DialogueRequests.Validate(request);
        return new RescheduleDialogueResponse { Dialogue = (await lifecycle.RescheduleAsync(command, context.CancellationToken)).ToProto() };
    }

    public override async Task<CancelDialogueResponse> CancelDialogue(CancelDialogueRequest request, ServerCallContext context)
    {
        var command = DialogueRequests.Validate(request);
        return new CancelDialogueResponse { Dialogue = (await lifecycle.CancelAsync(command.Id, command.Reason, context.CancellationToken)).ToProto() };
    }

    public override async Task<RecordDialogueOutcomeResponse> RecordDialogueOutcome(RecordDialogueOutcomeRequest request, ServerCallContext context)
    {
        var command = DialogueRequests.Validate(request);
        return new RecordDialogueOutcomeResponse { Dialogue = (await lifecycle.RecordOutcomeAsync(command, context.CancellationToken)).ToProto() };
    }

    public override async Task<PublishDialogueResultsResponse> PublishDialogueResults(PublishDialogueResultsRequest request, ServerCallContext context)
    {
        var command = DialogueRequests.Validate(request);
        var dialogue = await lifecycle.PublishResultsAsync(command.Id, command.Results, command.Channels, context.CancellationToken);
        return new PublishDialogueResultsResponse { Dialogue = dialogue.ToProto() };
    }

    public override async Task<CloseDialogueResponse> CloseDialogue(CloseDialogueRequest request, ServerCallContext context)
    {
        var id = DialogueRequests.Validate(request);
        return new CloseDialogueResponse { Dialogue = (await lifecycle.CloseAsync(id, context.CancellationToken)).ToProto() };
    }
}
