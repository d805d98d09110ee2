using System.Globalization;
using DanVan.Adapters.Errors;
using DanVan.Adapters.Time;
using DanVan.Contracts.V1;
using DanVan.Hub.Rpc;
using Dapper;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Npgsql;

namespace DanVan.Hub.Security;

/// <summary>danvan.v1.AuditService: operators read every call, other clients their own.</summary>
public sealed class AuditGrpcService(NpgsqlDataSource dataSource) : AuditService.AuditServiceBase
{
    public override async Task<ListAuditRecordsResponse> ListAuditRecords(ListAuditRecordsRequest request, ServerCallContext context)
    {
        var caller = Caller.Of(context)!.Client;
        var v = new Violations();
        var pageSize = PageTokens.PageSize(request.PageSize, v);
        var fingerprint = PageTokens.Fingerprint("ListAuditRecords", caller.Id, request.ClientName, request.Method);
        var token = PageTokens.Decode(request.PageToken, fingerprint, v);
        long? before = null;
        if (token is not null)
        {
            if (long.TryParse(token.LastKey, out var last))
            {
                before = last;
            }
            else
            {
                v.Add("page_token", ViolationCodes.PageTokenInvalid, PageTokens.NotIssuedHere);
            }
        }

        v.ThrowIfAny();
        var operatorView = Scopes.Grants(caller.Scopes, "audit:read");
        if (!operatorView && request.ClientName.Length > 0 && request.ClientName != caller.Name)
        {
            throw RpcErrors.PermissionDenied("SCOPE_MISSING", "Only operators (audit:read) read other clients' calls.");
        }

        await using var connection = await dataSource.OpenConnectionAsync(context.CancellationToken);
        var rows = (await connection.QueryAsync<AuditRow>(new CommandDefinition("""
            select id, at, client_name as ClientName, method, unit_codes as UnitCodes, status, duration_ms as DurationMs, request_id as RequestId,
                   client_address as ClientAddress, count
              from audit_record
             where (@own::uuid is null or client_id = @own) and (@name = '' or client_name = @name) and (@method = '' or method = @method)
               and (@before::bigint is null or id < @before)
             order by id desc limit @limit
            """, new
        {
            own = operatorView ? (Guid?)null : caller.Id,
            name = request.ClientName,
            method = request.Method,
            before,
            limit = pageSize + 1,
        }, cancellationToken: context.CancellationToken))).ToList();

        var response = new ListAuditRecordsResponse();
        response.Records.AddRange(rows.Take(pageSize).Select(r => new AuditRecord
        {
            RecordId = r.Id,
            Time = Timestamp.FromDateTimeOffset(UtcInstants.From(r.At)),
            ClientName = r.ClientName ?? "",
            Method = r.Method,
            UnitCodes = { r.UnitCodes },
            Status = r.Status,
            DurationMs = r.DurationMs,
            RequestId = r.RequestId,
            ClientAddress = r.ClientAddress ?? "",
            Count = r.Count,
        }));
        if (rows.Count > pageSize)
        {
            response.NextPageToken = PageTokens.Encode(fingerprint, rows[pageSize - 1].Id.ToString(CultureInfo.InvariantCulture), null);
        }

        return response;
    }

    private sealed class AuditRow
    {
        public long Id { get; init; }
        public DateTime At { get; init; }
        public string? ClientName { get; init; }
        public string Method { get; init; } = "";
        public string[] UnitCodes { get; init; } = [];
        public string Status { get; init; } = "";
        public float DurationMs { get; init; }
        public string RequestId { get; init; } = "";
        public string? ClientAddress { get; init; }
        public int Count { get; init; }
    }
}
