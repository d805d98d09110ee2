using DanVan.Contracts.V1;
using Grpc.Core;

namespace DanVan.Hub.Dialogues;

/// <summary>Recording dialogues that were already held, one or a list at a time.</summary>
public sealed partial class DialogueGrpcService
{
    public override async Task<RecordPastDialogueResponse> RecordPastDialogue(RecordPastDialogueRequest request, ServerCallContext context)
    {
        var command = DialogueRequests.Validate(request);
        var recorded = await past.RecordAsync(command, "dialogue", context.CancellationToken);
        return new RecordPastDialogueResponse { Dialogue = recorded.Single().ToProto() };
    }

    public override async Task<RecordPastDialoguesResponse> RecordPastDialogues(RecordPastDialoguesRequest request, ServerCallContext context)
    {
        var command = DialogueRequests.Validate(request);
        var recorded = await past.RecordAsync(command, "dialogues", context.CancellationToken);
        var response = new RecordPastDialoguesResponse();
        response.DialogueIds.AddRange(recorded.Select(d => d.Id.ToString()));
        return response;
    }
}
