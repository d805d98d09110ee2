using System.ComponentModel.DataAnnotations;
using System.Collections.Concurrent;
using DanVan.Hub.Security;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace DanVan.Hub.Rpc;

/// <summary>How many long-lived calls the hub takes and how long a client stream may stay silent, section <c>DanVan:Streams</c>.</summary>
public sealed class StreamOptions
{
    /// <summary>Client streams (the <c>Stream…</c> pushes) open at once per client…</summary>
    [Range(1, 10_000)]
    public int IngestPerClient { get; set; } = 8;

    /// <summary>…and on this hub, all clients together.</summary>
    [Range(1, 100_000)]
    public int IngestPerHub { get; set; } = 32;

    /// <summary>Server streams (<c>WatchDialogues</c>) open at once per client…</summary>
    [Range(1, 100_000)]
    public int WatchesPerClient { get; set; } = 100;

    /// <summary>…and on this hub.</summary>
    [Range(1, 1_000_000)]
    public int WatchesPerHub { get; set; } = 2_000;

    /// <summary>A client stream that sends nothing for this long is ended, DEADLINE_EXCEEDED <c>STREAM_IDLE</c>, and nothing of it is written.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The retry delay a call refused for too many streams is given.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>Counts open streams per kind, per client and per hub.</summary>
public sealed class StreamLimiter(StreamOptions options)
{
    public enum Kind
    {
        Ingest,
        Watch,
    }

    private readonly ConcurrentDictionary<(Guid Client, Kind Kind), StrongBox> _perClient = new();
    private readonly int[] _perHub = new int[2];

    /// <summary>Takes a slot for a stream of <paramref name="kind"/>, or says which limit is reached.</summary>
    public bool TryEnter(Guid client, Kind kind, out string? limit)
    {
        var (clientMax, hubMax) = kind == Kind.Ingest
            ? (options.IngestPerClient, options.IngestPerHub)
            : (options.WatchesPerClient, options.WatchesPerHub);
        var count = _perClient.GetOrAdd((client, kind), _ => new StrongBox());
        if (Interlocked.Increment(ref count.Value) > clientMax)
        {
            Interlocked.Decrement(ref count.Value);
            limit = $"{clientMax} per client";
            return false;
        }

        if (Interlocked.Increment(ref _perHub[(int)kind]) > hubMax)
        {
            Interlocked.Decrement(ref _perHub[(int)kind]);
            Interlocked.Decrement(ref count.Value);
            limit = $"{hubMax} on this hub";
            return false;
        }

        limit = null;
        return true;
    }

    public void Leave(Guid client, Kind kind)
    {
        Interlocked.Decrement(ref _perHub[(int)kind]);
        Interlocked.Decrement(ref _perClient[(client, kind)].Value);
    }

    private sealed class StrongBox
    {
        public int Value;
    }
}

/// <summary>
/// Keeps streams from using up the hub: a client stream or a server stream is let in only within the
/// caller's and the hub's limits (else RESOURCE_EXHAUSTED <c>TOO_MANY_STREAMS</c> with a retry delay), and
/// a client stream that sends nothing for <see cref="StreamOptions.IdleTimeout"/> is ended. The timeout
/// is real elapsed time, not the hub's clock, which tests stand still. Runs inside the security
/// interceptor, which has identified the caller.
/// </summary>
public sealed class StreamInterceptor(StreamLimiter limiter, StreamOptions options) : Interceptor
{
    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var client = Enter(context, StreamLimiter.Kind.Ingest);
        try
        {
            return await continuation(new IdleTimeoutReader<TRequest>(requestStream, options.IdleTimeout), context);
        }
        finally
        {
            limiter.Leave(client, StreamLimiter.Kind.Ingest);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        if (context.Method.StartsWith("/grpc.health.", StringComparison.Ordinal))
        {
            await continuation(request, responseStream, context);
            return;
        }

        var client = Enter(context, StreamLimiter.Kind.Watch);
        try
        {
            await continuation(request, responseStream, context);
        }
        finally
        {
            limiter.Leave(client, StreamLimiter.Kind.Watch);
        }
    }

    private Guid Enter(ServerCallContext context, StreamLimiter.Kind kind)
    {
        var client = Caller.Of(context)?.Client.Id ?? throw new InvalidOperationException("A stream reached the stream limits without a caller.");
        if (!limiter.TryEnter(client, kind, out var limit))
        {
            throw RpcErrors.ResourceExhausted("TOO_MANY_STREAMS",
                $"Too many open {(kind == StreamLimiter.Kind.Ingest ? "client streams" : "watches")} (at most {limit}); close one or retry after {options.RetryAfter.TotalSeconds:0} s.",
                options.RetryAfter);
        }

        return client;
    }

    private sealed class IdleTimeoutReader<T>(IAsyncStreamReader<T> inner, TimeSpan timeout) : IAsyncStreamReader<T>
    {
        public T Current => inner.Current;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            idle.CancelAfter(timeout);
            try
            {
                return await inner.MoveNext(idle.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException && idle.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw RpcErrors.StreamIdle(timeout);
            }
        }
    }
}
