using DanVan.Adapters.Errors;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace DanVan.Hub.Rpc;

/// <summary>
/// Builds errors in gRPC's richer error model: a <c>google.rpc.Status</c> carrying an
/// <c>ErrorInfo</c> with a stable reason and, for bad input, a <c>BadRequest</c> listing every field,
/// each with its stable code (<see cref="ViolationCodes"/>) in the field violation's <c>reason</c>.
/// </summary>
public static class RpcErrors
{
    public const string Domain = "danvan.v1";

    public static RpcException InvalidArgument(IReadOnlyList<FieldViolation> violations)
    {
        var badRequest = new BadRequest();
        badRequest.FieldViolations.AddRange(violations.Select(v =>
            new BadRequest.Types.FieldViolation { Field = v.Field, Reason = v.Code, Description = v.Description }));
        var message = "Invalid request: " + string.Join("; ", violations.Select(v => $"{v.Field} {v.Description}"));
        return Create(Code.InvalidArgument, message, "INVALID_ARGUMENT", badRequest);
    }

    public static RpcException NotFound(string resource, string message) =>
        Create(Code.NotFound, message, resource.ToUpperInvariant().Replace(' ', '_') + "_NOT_FOUND");

    public static RpcException AlreadyExists(string reason, string message) =>
        Create(Code.AlreadyExists, message, reason);

    public static RpcException FailedPrecondition(string reason, string message) =>
        Create(Code.FailedPrecondition, message, reason, new PreconditionFailure
        {
            Violations = { new PreconditionFailure.Types.Violation { Type = reason, Subject = Domain, Description = message } },
        });

    public static RpcException Unauthenticated(string message) => Create(Code.Unauthenticated, message, "UNAUTHENTICATED");

    public static RpcException PermissionDenied(string reason, string message) => Create(Code.PermissionDenied, message, reason);

    public static RpcException ResourceExhausted(string message, TimeSpan retryDelay) => ResourceExhausted("RATE_LIMITED", message, retryDelay);

    public static RpcException ResourceExhausted(string reason, string message, TimeSpan retryDelay) =>
        Create(Code.ResourceExhausted, message, reason, new RetryInfo { RetryDelay = Duration.FromTimeSpan(retryDelay) });

    /// <summary>A client stream that sent nothing for <paramref name="timeout"/>: ended, and nothing of it written.</summary>
    public static RpcException StreamIdle(TimeSpan timeout) =>
        Create(Code.DeadlineExceeded, $"No message arrived for {timeout.TotalSeconds:0.###} s; the stream was ended and nothing of it was written.", "STREAM_IDLE");

    public static RpcException Aborted(string message) =>
        Create(Code.Aborted, message, "CONCURRENT_UPDATE");

    public static RpcException Unavailable(string message, TimeSpan retryDelay) => Unavailable("DATABASE_UNAVAILABLE", message, retryDelay);

    public static RpcException Unavailable(string reason, string message, TimeSpan retryDelay) =>
        Create(Code.Unavailable, message, reason, new RetryInfo { RetryDelay = Duration.FromTimeSpan(retryDelay) });

    private static RpcException Create(Code code, string message, string reason, params Google.Protobuf.IMessage[] details)
    {
        var status = new Google.Rpc.Status { Code = (int)code, Message = message };
        status.Details.Add(Any.Pack(new ErrorInfo { Reason = reason, Domain = Domain }));
        foreach (var detail in details)
        {
            status.Details.Add(Any.Pack(detail));
        }

        return status.ToRpcException();
    }
}
