using System.Diagnostics;
using DanVan.Adapters.Privacy;
using DanVan.Contracts.V1;
using DanVan.Hub.Rpc;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace DanVan.Hub.Security;

/// <summary>The authenticated caller of a call, for services that filter by it (the audit log).</summary>
public sealed record Caller(ApiClient Client)
{
    private const string Key = "danvan.caller";

    public static Caller? Of(ServerCallContext context) => context.UserState.TryGetValue(Key, out var caller) ? (Caller)caller : null;

    public void AttachTo(ServerCallContext context) => context.UserState[Key] = this;
}

/// <summary>
/// Deny by default, for every call: who is calling (<c>authorization: Bearer</c>; missing or unknown →
/// UNAUTHENTICATED), may they (disabled, expired, without the method's scope, naming a unit or a
/// record outside their subtree, or asking for the whole country (<see cref="WholeCountry"/>) →
/// PERMISSION_DENIED), not too often (per-client token bucket → RESOURCE_EXHAUSTED with a retry
/// delay), and a record of every call in the audit log. Health is open
/// to all; reflection needs a caller but no scope. It runs outside the error interceptor, so the
/// status it audits is the one the caller sees.
/// </summary>
public sealed class SecurityInterceptor(
    ClientRegistry clients, UnitScope scope, AuditLog audit, ClientRateLimiter limiter, ErrorInterceptor errors, TimeProvider clock) : Interceptor
{
    private static readonly Dictionary<string, MethodDescriptor> Methods =
        Contract.Services.SelectMany(s => s.Methods).ToDictionary(m => $"/{m.Service.FullName}/{m.Name}");

    private static readonly (string Field, string Table)[] RecordFields = [("dialogue_id", "dialogue"), ("opinion_id", "opinion")];

    /// <summary>Every method of the contract, as the security rules see it.</summary>
    public static IReadOnlyCollection<MethodDescriptor> ContractMethods => Methods.Values;

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation) =>
        await AuditedAsync(context, request as IMessage, () => continuation(request, context));

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation) =>
        await AuditedAsync(context, null, () => continuation(requestStream, context));

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation) =>
        AuditedAsync(context, request as IMessage, async () =>
        {
            await continuation(request, responseStream, context);
            return true;
        });

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
        AuditedAsync(context, null, async () =>
        {
            await continuation(requestStream, responseStream, context);
            return true;
        });

    private async Task<T> AuditedAsync<T>(ServerCallContext context, IMessage? request, Func<Task<T>> call)
    {
        if (context.Method.StartsWith("/grpc.health.", StringComparison.Ordinal))
        {
            return await call();
        }

        var started = Stopwatch.GetTimestamp();
        var requestId = RequestId(context);
        var units = UnitReferences.TopLevelUnitCodes(request);
        var status = StatusCode.OK;
        try
        {
            try
            {
                await AdmitAsync(context, request);
            }
            catch (Exception e) when (errors.Map(e, context) is { } mapped)
            {
                throw mapped; // e.g. the database being down while looking up the caller: UNAVAILABLE
            }

            return await call();
        }
        catch (RpcException e)
        {
            status = e.StatusCode;
            throw;
        }
        catch
        {
            status = StatusCode.Internal;
            throw;
        }
        finally
        {
            context.ResponseTrailers.Add("x-request-id", requestId);
            var caller = Caller.Of(context);
            audit.Record(new AuditEntry(clock.GetUtcNow(), caller?.Client.Id, caller?.Client.Name, context.Method, units, status.ToString(),
                Stopwatch.GetElapsedTime(started).TotalMilliseconds, requestId, ClientAddress.Text(context.GetHttpContext().Connection.RemoteIpAddress)));
        }
    }

    /// <summary>Lets the call in or throws; the caller, once known, is attached to the call (and so audited) even when refused.</summary>
    private async Task AdmitAsync(ServerCallContext context, IMessage? request)
    {
        var address = ClientAddress.LimitKey(context.GetHttpContext().Connection.RemoteIpAddress);
        var header = context.RequestHeaders.GetValue("authorization");
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            throw Anonymous(address, "Present a credential as 'authorization: Bearer <credential>'.");
        }

        // An address out of allowance for unauthenticated calls costs no more queries: only credentials
        // already in the cache are recognised until its allowance refills.
        var (client, refusal) = await clients.AuthenticateAsync(header[7..].Trim(), context.CancellationToken,
            loadMissing: limiter.HasAnonymousAllowance(address));
        if (client is null)
        {
            throw Anonymous(address, "The credential is not valid.");
        }

        new Caller(client).AttachTo(context);
        if (refusal is not null)
        {
            throw RpcErrors.PermissionDenied("CLIENT_NOT_ALLOWED", $"Refused: {refusal}.");
        }

        if (!limiter.TryAcquire(client.Id, out var retryAfter))
        {
            throw RpcErrors.ResourceExhausted($"Too many calls from {client.Name}; retry after {retryAfter.TotalSeconds:0.###} s.", retryAfter);
        }

        if (!Methods.TryGetValue(context.Method, out var method))
        {
            return; // server reflection: any authenticated caller
        }

        if (Scopes.Required(method) is { } required && !Scopes.Grants(client.Scopes, required))
        {
            throw RpcErrors.PermissionDenied("SCOPE_MISSING", $"{client.Name} lacks the scope {required} that {method.Name} needs.");
        }

        // Client streams carry no request here: they are the ingest pushes, whose scopes a client
        // limited to a unit cannot hold, so the scope check above has already turned such a client away.
        if (client.UnitCode is not null && method.Service.Name != "AdminUnitService" && request is not null)
        {
            if (WholeCountry.IsAskedFor(method, request))
            {
                throw OutsideUnit(client, "the whole country");
            }

            await CheckUnitsAsync(client, request, context.CancellationToken);
        }
    }

    /// <summary>
    /// Every unit the request names (unit codes, people of a unit, venues of a unit, in any annotated
    /// field, nested or repeated) and every record id it names must lie in the caller's subtree.
    /// </summary>
    private async Task CheckUnitsAsync(ApiClient client, IMessage request, CancellationToken cancellationToken)
    {
        var roots = await scope.RootsAsync(client.UnitCode!, cancellationToken);
        var checkedCodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var reference in UnitReferences.In(request))
        {
            if (checkedCodes.Add(reference.UnitCode) && await scope.ContainsCodeAsync(roots, reference.UnitCode, cancellationToken) == false)
            {
                throw OutsideUnit(client, reference.Kind switch
                {
                    UnitReference.Person => $"{reference.Path} names a person of unit {reference.UnitCode}, which",
                    UnitReference.Venue => $"{reference.Path} names a venue of unit {reference.UnitCode}, which",
                    _ => $"unit {reference.UnitCode}",
                });
            }
        }

        foreach (var (field, table) in RecordFields)
        {
            if (request.Descriptor.FindFieldByName(field) is { } f && Guid.TryParse(f.Accessor.GetValue(request) as string, out var id)
                && await scope.ContainsRecordAsync(roots, table, id, cancellationToken) == false)
            {
                throw OutsideUnit(client, $"{table} {id}");
            }
        }
    }

    /// <summary>
    /// The caller's request id, or a new one when it is missing, too long or carries an ID or phone
    /// number: it is stored and sent back in a trailer, which takes ASCII only, so a scrubbed copy will not do.
    /// </summary>
    private static string RequestId(ServerCallContext context) =>
        context.RequestHeaders.GetValue("x-request-id") is { Length: > 0 and <= 100 } given && !PersonalDataScrubber.HasPersonalNumber(given)
            ? given
            : Guid.NewGuid().ToString("N");

    /// <summary>A call without a valid credential: UNAUTHENTICATED while its address has allowance for such calls, then RESOURCE_EXHAUSTED.</summary>
    private RpcException Anonymous(string address, string message) =>
        limiter.TryAcquireAnonymous(address, out var retryAfter)
            ? RpcErrors.Unauthenticated(message)
            : RpcErrors.ResourceExhausted($"Too many calls without a valid credential from {address}; retry after {retryAfter.TotalSeconds:0.###} s.", retryAfter);

    private static RpcException OutsideUnit(ApiClient client, string what) =>
        RpcErrors.PermissionDenied("OUTSIDE_UNIT", $"{client.Name} acts on unit {client.UnitCode} and below; {what} is outside it.");
}
