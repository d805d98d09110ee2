using DanVan.Adapters.Indicators;
using DanVan.Adapters.Ingest;
using DanVan.Adapters.Time;
using DanVan.Adapters.Units;
using DanVan.Contracts.V1;
using DanVan.Hub.Rpc;
using DanVan.Hub.Units;
using Grpc.Core;
using IngestSummary = DanVan.Contracts.V1.IngestSummary;

namespace DanVan.Hub.Ingest;

/// <summary>danvan.v1.IdIssuanceService: pushes through the ingest pipeline, reads through the roll-up queries.</summary>
public sealed class IdIssuanceGrpcService(TypedBatches batches, IndicatorQueries queries, IUnitRegistry units, TimeProvider clock)
    : IdIssuanceService.IdIssuanceServiceBase
{
    private const string DefaultSource = "police";

    public override Task<IngestSummary> SubmitIdIssuanceReports(SubmitIdIssuanceReportsRequest request, ServerCallContext context) =>
        batches.SubmitAsync(request.Options, DefaultSource, request.Reports, IngestMapping.ToRecord, context.CancellationToken);

    public override Task<IngestSummary> StreamIdIssuanceReports(IAsyncStreamReader<StreamIdIssuanceReportsRequest> requestStream, ServerCallContext context) =>
        batches.StreamAsync(requestStream, m => m.Options, m => m.Reports, DefaultSource, IngestMapping.ToRecord, context.CancellationToken);

    public override async Task<GetIdIssuanceProgressResponse> GetIdIssuanceProgress(GetIdIssuanceProgressRequest request, ServerCallContext context)
    {
        var (unitCode, asOf) = IngestRequests.Validate(request, VietnamTime.Today(clock));
        var result = await queries.GetAsync(unitCode, asOf, new PeriodSelection.AsOf(asOf),
            IndicatorCodes.IdIssuance, request.Restate, context.CancellationToken);
        return new GetIdIssuanceProgressResponse { Progress = ToProto(result) };
    }

    public override async Task<ListIdIssuanceProgressResponse> ListIdIssuanceProgress(ListIdIssuanceProgressRequest request, ServerCallContext context)
    {
        var (parentCode, asOf, orderBy, page) = IngestRequests.Validate(request, VietnamTime.Today(clock));
        var parent = parentCode is null ? null : await units.GetAsync(parentCode, asOf, context.CancellationToken);
        var children = await queries.ListChildrenAsync(parent, asOf, new PeriodSelection.AsOf(asOf), IndicatorCodes.IdIssuance, context.CancellationToken);
        var ordered = orderBy switch
        {
            IdIssuanceOrder.CoverageAscending => QueryFields.LowestFirst(children, "coverage"),
            IdIssuanceOrder.ReturnRateAscending => QueryFields.LowestFirst(children, "return_rate"),
            _ => children.OrderBy(c => c.Unit.Code, StringComparer.Ordinal).ToList(),
        };

        var response = new ListIdIssuanceProgressResponse();
        response.Progress.AddRange(ordered.Skip(page.Offset).Take(page.Size).Select(ToProto));
        response.NextPageToken = page.Next(ordered.Count);
        return response;
    }

    private static IdIssuanceProgress ToProto(UnitIndicators result)
    {
        var totals = result.Totals;
        var (coverage, returned, eid) = (Rates.Of("coverage", totals), Rates.Of("return_rate", totals), Rates.Of("eid_level2_coverage", totals));
        var progress = new IdIssuanceProgress
        {
            Unit = result.Unit.ToProto(),
            Totals = IngestMapping.ToTotals<Contracts.V1.IdIssuanceReport>(totals),
            Coverage = coverage.Rate.ToProto(),
            ReturnRate = returned.Rate.ToProto(),
            EidLevel2Coverage = eid.Rate.ToProto(),
            CoverageReporting = coverage.ToReporting(),
            ReturnRateReporting = returned.ToReporting(),
            EidLevel2CoverageReporting = eid.ToReporting(),
            ReportingUnits = totals.ReportingUnits,
            EarliestReportDate = totals.EarliestPeriod is { } e ? ProtoDates.ToProto(e) : null,
            LatestReportDate = totals.LatestPeriod is { } l ? ProtoDates.ToProto(l) : null,
        };
        progress.PartialPredecessors.AddRange(result.PartialPredecessors.Select(u => u.ToProto()));
        return progress;
    }
}
