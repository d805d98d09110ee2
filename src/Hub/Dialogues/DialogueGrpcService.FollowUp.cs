using DanVan.Contracts.V1;
using Grpc.Core;

namespace DanVan.Hub.Dialogues;

/// <summary>Following up the opinions raised at a dialogue.</summary>
public sealed partial class DialogueGrpcService
{
    public override async Task<UpdateOpinionResponse> UpdateOpinion(UpdateOpinionRequest request, ServerCallContext context)
    {
        var command = DialogueRequests.Validate(request) with { ChangedBy = context.GetHttpContext().User.Identity?.Name ?? "" };
        return new UpdateOpinionResponse { Opinion = (await opinions.UpdateAsync(command, context.CancellationToken)).ToProto() };
    }
}
