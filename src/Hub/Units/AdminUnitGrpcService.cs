using DanVan.Adapters.Errors;
using DanVan.Adapters.Time;
using DanVan.Adapters.Units;
using DanVan.Adapters.Units.Import;
using DanVan.Contracts.V1;
using DanVan.Hub.Rpc;
using Grpc.Core;
using AdminLevel = DanVan.Adapters.Units.AdminLevel;
using LineageKind = DanVan.Adapters.Units.LineageKind;
using UnitSuccessor = DanVan.Contracts.V1.UnitSuccessor;

namespace DanVan.Hub.Units;

/// <summary>danvan.v1.AdminUnitService: validates, asks the unit registry, maps back.</summary>
public sealed class AdminUnitGrpcService(IUnitRegistry registry, EditionImporter editions, TimeProvider clock) : AdminUnitService.AdminUnitServiceBase
{
    public override async Task<GetUnitResponse> GetUnit(GetUnitRequest request, ServerCallContext context)
    {
        var violations = new Violations();
        CheckCode(request.Code, "code", violations);
        var asOf = ProtoDates.ToDateOnly(request.AsOf, "as_of", violations) ?? VietnamTime.Today(clock);
        violations.ThrowIfAny();

        var unit = await FindAsync(request.Code, asOf, context.CancellationToken);
        return new GetUnitResponse { Unit = unit.ToProto() };
    }

    public override async Task<ListUnitsResponse> ListUnits(ListUnitsRequest request, ServerCallContext context)
    {
        var violations = new Violations();
        var parentCode = string.IsNullOrEmpty(request.ParentCode) ? null : request.ParentCode;
        if (parentCode is not null)
        {
            CheckCode(parentCode, "parent_code", violations);
        }

        AdminLevel? level = request.Level switch
        {
            Contracts.V1.AdminLevel.Unspecified => null,
            Contracts.V1.AdminLevel.Province => AdminLevel.Province,
            Contracts.V1.AdminLevel.District => AdminLevel.District,
            Contracts.V1.AdminLevel.Commune => AdminLevel.Commune,
            _ => Invalid<AdminLevel?>(violations, "level", $"{(int)request.Level} is not an AdminLevel"),
        };
        if (level is not null && parentCode is not null && UnitCodes.IsWellFormed(parentCode)
            && level <= UnitCodes.LevelOf(parentCode))
        {
            violations.Add("level", "must be below the level of parent_code");
        }

        if (request.Query.Length > 200)
        {
            violations.Add("query", "must be at most 200 characters");
        }

        var requestedDate = ProtoDates.ToDateOnly(request.AsOf, "as_of", violations);
        var pageSize = PageTokens.PageSize(request.PageSize, violations);
        var fingerprint = PageTokens.Fingerprint("ListUnits", parentCode, level, requestedDate, request.Query);
        var token = PageTokens.Decode(request.PageToken, fingerprint, violations);
        violations.ThrowIfAny();

        // "Today" is pinned by the first page so that paging across midnight stays one listing.
        var asOf = requestedDate ?? token?.PinnedDate ?? VietnamTime.Today(clock);
        if (parentCode is not null && token is null)
        {
            await FindAsync(parentCode, asOf, context.CancellationToken);
        }

        var filter = new UnitListFilter(parentCode, level, asOf, request.Query);
        var units = await registry.ListAsync(filter, token?.LastKey, pageSize + 1, context.CancellationToken);

        var response = new ListUnitsResponse();
        response.Units.AddRange(units.Take(pageSize).Select(u => u.ToProto()));
        if (units.Count > pageSize)
        {
            response.NextPageToken = PageTokens.Encode(fingerprint, units[pageSize - 1].Code, requestedDate is null ? asOf : null);
        }

        return response;
    }

    public override async Task<ResolveUnitResponse> ResolveUnit(ResolveUnitRequest request, ServerCallContext context)
    {
        var violations = new Violations();
        CheckCode(request.Code, "code", violations);
        var today = VietnamTime.Today(clock);
        var asOf = ProtoDates.ToDateOnly(request.AsOf, "as_of", violations) ?? today;
        violations.ThrowIfAny();

        var unit = await FindAsync(request.Code, asOf, context.CancellationToken);
        var successors = await registry.SuccessorsAsync(unit, today, context.CancellationToken);

        var response = new ResolveUnitResponse { Unit = unit.ToProto() };
        response.Successors.AddRange(successors.Select(s => new UnitSuccessor
        {
            Unit = s.Unit.ToProto(),
            Kind = s.Kind == LineageKind.Full ? Contracts.V1.LineageKind.Full : Contracts.V1.LineageKind.Partial,
        }));
        return response;
    }

    public override async Task<ImportUnitEditionResponse> ImportUnitEdition(ImportUnitEditionRequest request, ServerCallContext context)
    {
        var violations = new Violations();
        var effectiveDate = ProtoDates.ToDateOnly(request.EffectiveDate, "effective_date", violations);
        if (effectiveDate is null && !violations.Any)
        {
            violations.Add("effective_date", "is required");
        }

        if (request.Content.IsEmpty)
        {
            violations.Add("content", "is required: the edition as CSV in GSO's export layout");
        }

        violations.ThrowIfAny();

        EditionImportReport report;
        try
        {
            report = await editions.ImportAsync(effectiveDate!.Value, request.Content.ToByteArray(), request.DryRun, context.CancellationToken);
        }
        catch (InvalidDataException e)
        {
            violations.Add("content", e.Message);
            violations.ThrowIfAny();
            throw;
        }

        return report.ToProto();
    }

    private async Task<Adapters.Units.AdminUnit> FindAsync(string code, DateOnly asOf, CancellationToken cancellationToken) =>
        await registry.FindAsync(code, asOf, cancellationToken)
        ?? throw new NotFoundException("admin unit", $"No administrative unit had code {code} on {asOf:yyyy-MM-dd}.");

    private static void CheckCode(string code, string field, Violations violations)
    {
        if (!UnitCodes.IsWellFormed(code))
        {
            violations.Add(field, string.IsNullOrEmpty(code) ? "is required" : UnitCodes.FormatDescription);
        }
    }

    private static T? Invalid<T>(Violations violations, string field, string description)
    {
        violations.Add(field, description);
        return default;
    }
}
