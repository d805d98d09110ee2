using DanVan.Adapters.Errors;
using DanVan.Scheduler.Dialogues;

namespace DanVan.Hub.Web.Opinions;

/// <summary>An opinion's status, and why a change of it was refused, as the secretaries say them (keys of Text).</summary>
public static class OpinionTexts
{
    /// <summary>Every status, in the workflow's order; the query string and forms name them by their stored names.</summary>
    public static readonly IReadOnlyList<OpinionStatus> All = Enum.GetValues<OpinionStatus>();

    /// <summary>The status a stored name names; null for any other text.</summary>
    public static OpinionStatus? Parse(string name) => All.Where(s => StoredNames.Of(s) == name).Select(s => (OpinionStatus?)s).FirstOrDefault();

    public static string Of(OpinionStatus status) => status switch
    {
        OpinionStatus.Received => "Đã tiếp nhận",
        OpinionStatus.Assigned => "Đã giao xử lý",
        OpinionStatus.AnsweredAtMeeting => "Đã trả lời tại hội nghị",
        OpinionStatus.InProgress => "Đang giải quyết",
        OpinionStatus.Resolved => "Đã giải quyết",
        OpinionStatus.NotAccepted => "Không tiếp nhận",
        _ => "Đã chuyển cơ quan có thẩm quyền",
    };

    /// <summary>The workflow's refusal reasons (PreconditionFailedException.Reason).</summary>
    public static string Refusal(string reason) => reason switch
    {
        ViolationCodes.OpinionTransition => "Không thể chuyển từ trạng thái «{0}» sang «{1}».",
        ViolationCodes.OpinionNeedsAgency => "Cần có cơ quan chịu trách nhiệm trước khi giao xử lý.",
        ViolationCodes.OpinionNeedsAnswer => "Cần nhập nội dung trả lời cho trạng thái «{1}».",
        _ => "Không thể thay đổi trạng thái ý kiến này.",
    };
}
