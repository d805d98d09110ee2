using DanVan.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace DanVan.Hub.Tests.Dialogues;

internal static class DialogueTestSupport
{
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
