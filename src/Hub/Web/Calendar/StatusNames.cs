using DanVan.Scheduler.Dialogues;

namespace DanVan.Hub.Web.Calendar;

/// <summary>A dialogue's status as the secretaries call it.</summary>
public static class StatusNames
{
    public static string Of(DialogueStatus status) => status switch
    {
        DialogueStatus.Proposed => "Đề xuất",
        DialogueStatus.Scheduled => "Đã xếp lịch",
        DialogueStatus.Announced => "Đã thông báo",
        DialogueStatus.Held => "Đã tổ chức",
        DialogueStatus.ResultsPublished => "Đã công khai kết quả",
        DialogueStatus.Closed => "Đã kết thúc",
        _ => "Đã hủy",
    };
}
