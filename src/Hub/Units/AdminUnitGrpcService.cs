using DanVan.Adapters.Errors;
using DanVan.Adapters.Time;
using DanVan.Adapters.Units;
using DanVan.Adapters.Units.Import;
using DanVan.Contracts.V1;
using DanVan.Hub.Rpc;
using Grpc.Core;
using UnitSuccessor = DanVan.Contracts.V1.UnitSuccessor;

namespace DanVan.Hub.Units;

/// <summary>danvan.v1.AdminUnitService: validates (<see cref="UnitRequests"/>), asks the unit registry or the edition importer, maps back.</summary>
public sealed class AdminUnitGrpcService(IUnitRegistry registry, EditionImporter editions, TimeProvider clock) : AdminUnitService.AdminUnitServiceBase
{
    public override async Task<GetUnitResponse> GetUnit(GetUnitRequest request, ServerCallContext context)
    {
        var (code, asOf) = UnitRequests.Validate(request, VietnamTime.Today(clock));
        return new GetUnitResponse { Unit = (await registry.GetAsync(code, asOf, context.CancellationToken)).ToProto() };
    }

    public override async Task<ListUnitsResponse> ListUnits(ListUnitsRequest request, ServerCallContext context)
    {
        var query = UnitRequests.Validate(request);
        // "Today" is pinned by the first page so that paging across midnight stays one listing.
        var asOf = query.AsOf ?? query.Token?.PinnedDate ?? VietnamTime.Today(clock);
        if (query.ParentCode is not null && query.Token is null)
        {
            await registry.GetAsync(query.ParentCode, asOf, context.CancellationToken);
        }

        var filter = new UnitListFilter(query.ParentCode, query.Level, asOf, query.Query);
        var units = await registry.ListAsync(filter, query.Token?.LastKey, query.PageSize + 1, context.CancellationToken);

        var response = new ListUnitsResponse();
        response.Units.AddRange(units.Take(query.PageSize).Select(u => u.ToProto()));
        if (units.Count > query.PageSize)
        {
            response.NextPageToken = PageTokens.Encode(query.Fingerprint, units[query.PageSize - 1].Code, query.AsOf is null ? asOf : null);
        }

        return response;
    }

    public override async Task<ResolveUnitResponse> ResolveUnit(ResolveUnitRequest request, ServerCallContext context)
    {
        var today = VietnamTime.Today(clock);
        var (code, asOf) = UnitRequests.Validate(request, today);
        var unit = await registry.GetAsync(code, asOf, context.CancellationToken);
        var successors = await registry.SuccessorsAsync(unit, today, context.CancellationToken);

        var response = new ResolveUnitResponse { Unit = unit.ToProto() };
        response.Successors.AddRange(successors.Select(s => new UnitSuccessor { Unit = s.Unit.ToProto(), Kind = UnitMapping.ToProto(s.Kind) }));
        return response;
    }

    public override async Task<ImportUnitEditionResponse> ImportUnitEdition(ImportUnitEditionRequest request, ServerCallContext context)
    {
        var edition = UnitRequests.Validate(request);
        try
        {
            var report = await editions.ImportAsync(edition.EffectiveDate, edition.Content, edition.DryRun, context.CancellationToken);
            return report.ToProto();
        }
        catch (InvalidDataException e)
        {
            var violations = new Violations();
            violations.Add("content", ViolationCodes.ContentUnreadable, e.Message);
            violations.ThrowIfAny();
            throw;
        }
    }
}
