using DanVan.Adapters.Time;
using DanVan.Adapters.Units;
using DanVan.Contracts.V1;
using Microsoft.Extensions.DependencyInjection;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace DanVan.Hub.Tests.Dialogues;

internal static class DialogueTestSupport
{
    /// <summary>The first slot the hub itself would offer the unit, on the hub's clock.</summary>
    public static async Task<Timestamp> FreeSlotAsync(HubHost host, string unitCode)
    {
        var today = VietnamTime.Today(host.Clock);
        var unit = await host.Services.GetRequiredService<IUnitRegistry>().FindAsync(unitCode, today, CancellationToken.None)
            ?? throw new InvalidOperationException($"{unitCode} is not on the map on {today}");
        var earliest = host.Services.GetRequiredService<DanVan.Scheduler.Dialogues.SlotRules>().EarliestWithNotice(host.Clock.GetUtcNow());
        var slot = host.Services.GetRequiredService<DanVan.Scheduler.Dialogues.SlotFinder>().Find(unit, host.Services.GetRequiredService<DanVan.Scheduler.Dialogues.DialogueOptions>().CoChairsFor(unitCode), "", earliest, earliest.AddDays(90), earliest, new DanVan.Scheduler.Dialogues.Bookings())
            ?? throw new InvalidOperationException($"no free slot for {unitCode} after {earliest}");
        return Timestamp.FromDateTimeOffset(slot.Start);
    }

    /// <summary>A local time in Hanoi as a protobuf timestamp.</summary>
    public static Timestamp At(int year, int month, int day, int hour, int minute = 0) =>
        Timestamp.FromDateTimeOffset(new DateTimeOffset(year, month, day, hour, minute, 0, TimeSpan.FromHours(7)));

    public static ScheduleDialogueRequest Schedule(string unitCode, Timestamp start, string? requestId = null, string? venue = null) => new()
    {
        RequestId = requestId ?? Guid.NewGuid().ToString(),
        UnitCode = unitCode,
        Kind = DialogueKind.AdHoc,
        Title = "Đối thoại về giải phóng mặt bằng",
        StartTime = start,
        Venue = venue ?? "",
        Topics = { "Tiến độ giải phóng mặt bằng" },
    };

    /// <summary>An announcement stating the four items the law requires, through the commune's loudspeakers and portal.</summary>
    public static AnnounceDialogueRequest Announce(string dialogueId, string text = "") => new()
    {
        DialogueId = dialogueId,
        Announcement = text,
        Channels = { AnnouncementChannel.Loudspeaker, AnnouncementChannel.Portal },
        Time = "8 giờ 00, theo lịch đã thông báo",
        Place = "Hội trường UBND",
        Content = "Tiến độ giải phóng mặt bằng",
        HowToTakePart = "Nhân dân đến dự trực tiếp; gửi câu hỏi trước qua tổ trưởng tổ dân phố",
    };

    public static async Task<RpcException> Refused(StatusCode code, Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(code, error.StatusCode);
        return error;
    }

    public static string Reason(RpcException error) => error.GetRpcStatus()!.GetDetail<ErrorInfo>()!.Reason;

    public static IReadOnlyList<string> Fields(RpcException error) =>
        error.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations.Select(v => v.Field).ToList();
}
