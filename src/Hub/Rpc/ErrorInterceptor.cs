using System.Net.Sockets;
using DanVan.Adapters.Errors;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Npgsql;

namespace DanVan.Hub.Rpc;

/// <summary>
/// Maps what the domain and the database throw to gRPC statuses, so that a caller's mistake is never
/// UNKNOWN or INTERNAL: validation → INVALID_ARGUMENT with every field, missing resources → NOT_FOUND,
/// unique violations → ALREADY_EXISTS, a state that does not allow the request → FAILED_PRECONDITION, serialization conflicts → ABORTED, an unreachable database →
/// UNAVAILABLE with a retry hint, a call cancelled or timed out by its caller → CANCELLED or
/// DEADLINE_EXCEEDED. Anything else is a bug and surfaces as INTERNAL, logged by gRPC.
/// </summary>
public sealed partial class ErrorInterceptor(ILogger<ErrorInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception e) when (Map(e, context) is { } mapped)
        {
            throw mapped;
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(new ResetAwareReader<TRequest>(requestStream), context);
        }
        catch (Exception e) when (Map(e, context) is { } mapped)
        {
            throw mapped;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception e) when (Map(e, context) is { } mapped)
        {
            throw mapped;
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(new ResetAwareReader<TRequest>(requestStream), responseStream, context);
        }
        catch (Exception e) when (Map(e, context) is { } mapped)
        {
            throw mapped;
        }
    }

    /// <summary>The status for what was thrown, or null when it is a bug (INTERNAL, logged by gRPC).</summary>
    public RpcException? Map(Exception exception, ServerCallContext context)
    {
        switch (exception)
        {
            case RpcException:
                return null;
            case ValidationException e:
                return RpcErrors.InvalidArgument(e.Violations);
            case NotFoundException e:
                return RpcErrors.NotFound(e.Resource, e.Message);
            case ConflictException e:
                return RpcErrors.AlreadyExists(e.Reason, e.Message);
            case PreconditionFailedException e:
                return RpcErrors.FailedPrecondition(e.Reason, e.Message);
            case PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } e:
                return RpcErrors.AlreadyExists("ALREADY_EXISTS", $"Already exists ({e.ConstraintName}).");
            case PostgresException { SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected }:
                return RpcErrors.Aborted("A concurrent change got there first; retry the call.");
            // A caller that cancels, times out or resets its stream: not a server error.
            case OperationCanceledException or IOException or NpgsqlException { InnerException: OperationCanceledException or TimeoutException }
                when context.CancellationToken.IsCancellationRequested:
                return context.Deadline <= DateTime.UtcNow
                    ? new RpcException(new Status(StatusCode.DeadlineExceeded, "The call's deadline passed."))
                    : new RpcException(new Status(StatusCode.Cancelled, "The call was cancelled."));
            case NpgsqlException { IsTransient: true } or NpgsqlException { InnerException: SocketException or IOException or TimeoutException }:
                LogDatabaseUnavailable(logger, context.Method, exception.Message);
                return RpcErrors.Unavailable("The database is unavailable; retry shortly.", TimeSpan.FromSeconds(2));
            default:
                return null;
        }
    }

    /// <summary>
    /// Kestrel can surface a client's stream reset as an IOException before the call's cancellation
    /// token fires; reading that as a cancellation keeps a caller's broken stream from being logged as
    /// a server error.
    /// </summary>
    private sealed class ResetAwareReader<T>(IAsyncStreamReader<T> inner) : IAsyncStreamReader<T>
    {
        public T Current => inner.Current;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            try
            {
                return await inner.MoveNext(cancellationToken);
            }
            catch (IOException)
            {
                throw new RpcException(new Status(StatusCode.Cancelled, "The caller reset the request stream."));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method}: database unavailable ({Reason})")]
    private static partial void LogDatabaseUnavailable(ILogger logger, string method, string reason);
}
