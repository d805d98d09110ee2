using DanVan.Adapters.Errors;
using DanVan.Scheduler.Dialogues;

namespace DanVan.Hub.Web.Dialogues;

/// <summary>
/// Why the domain refused a change (the stable reason of its FAILED_PRECONDITION), in Vietnamese: the
/// reasons a dialogue's forms can meet. A dialogue whose state moved on meanwhile says so in general terms.
/// </summary>
public static class Refusals
{
    public static readonly IReadOnlyDictionary<string, string> Vietnamese = new Dictionary<string, string>
    {
        ["SLOT_IN_PAST"] = "Thời gian này đã qua.",
        ["NOT_A_WORKING_DAY"] = "Ngày này là ngày nghỉ cuối tuần hoặc ngày nghỉ lễ.",
        ["OUTSIDE_WORKING_HOURS"] = "Thời gian này nằm ngoài giờ hành chính.",
        ["CITIZEN_RECEPTION_DAY"] = "Ngày này là ngày tiếp công dân của người chủ trì.",
        ["INSIDE_NOTICE_PERIOD"] = "Ngày này nằm trong thời hạn thông báo; cần ghi lý do để vẫn tổ chức.",
        ["DOUBLE_BOOKED"] = "Người chủ trì hoặc địa điểm đã có lịch khác vào thời gian này.",
        ["NO_FREE_SLOT"] = "Không còn thời gian trống trong 90 ngày tới.",
        ["HELD_ON_IN_FUTURE"] = "Ngày tổ chức không được sau ngày hôm nay.",
        ["OPINION_TRANSITION"] = "Không thể chuyển ý kiến sang trạng thái này.",
        ["OPINION_NEEDS_AGENCY"] = "Ý kiến đã giao cần có cơ quan chịu trách nhiệm.",
        ["DIALOGUE_NOT_HELD"] = "Cuộc đối thoại chưa được tổ chức.",
        ["DIALOGUE_MANDATORY"] = "Cuộc đối thoại này bắt buộc phải tổ chức (theo kiến nghị của cử tri): có thể đổi lịch, không thể hủy hay bỏ.",
    };

    /// <summary>The refusal in Vietnamese; a state the form did not expect (someone else moved the dialogue on).</summary>
    public static string For(PreconditionFailedException refusal) =>
        Vietnamese.TryGetValue(refusal.Reason, out var text) ? text
        : refusal.Reason.StartsWith("DIALOGUE_", StringComparison.Ordinal) ? "Trạng thái của cuộc đối thoại đã thay đổi; đề nghị tải lại trang."
        : "Không thực hiện được thao tác này.";

    /// <summary>The slot refusals, whose day's reasons the form shows beside them.</summary>
    public static bool IsAboutTheDay(string reason) => reason is "NOT_A_WORKING_DAY" or "CITIZEN_RECEPTION_DAY" or "INSIDE_NOTICE_PERIOD";

    /// <summary>What is due next for a dialogue in its state, and by when (a local date); null when nothing is.</summary>
    public static (string What, DateOnly By)? NextStep(Dialogue dialogue, DialogueOptions options)
    {
        if (dialogue.Slot is not { } slot)
        {
            return null;
        }

        var day = DateOnly.FromDateTime(SlotRules.Local(slot.Start));
        return dialogue.Status switch
        {
            DialogueStatus.Scheduled => ("Hạn thông báo", day.AddDays(-options.NoticeDays)),
            DialogueStatus.Announced => ("Hạn nhập kết quả, biên bản", day.AddDays(options.MinutesDueDays)),
            DialogueStatus.Held => ("Hạn công bố kết quả", day.AddDays(options.ResultsDueDays)),
            _ => null,
        };
    }
}
