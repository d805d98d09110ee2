using DanVan.Adapters.Indicators;
using DanVan.Adapters.Ingest;
using DanVan.Adapters.Time;
using DanVan.Adapters.Units;
using DanVan.Contracts.V1;
using DanVan.Hub.Units;
using Grpc.Core;
using IngestSummary = DanVan.Contracts.V1.IngestSummary;

namespace DanVan.Hub.Ingest;

/// <summary>danvan.v1.ProcedureStatsService: pushes through the ingest pipeline, reads through the roll-up queries.</summary>
public sealed class ProcedureStatsGrpcService(TypedBatches batches, IndicatorQueries queries, IUnitRegistry units, TimeProvider clock)
    : ProcedureStatsService.ProcedureStatsServiceBase
{
    private const string DefaultSource = "one-stop";

    public override Task<IngestSummary> SubmitProcedureStats(SubmitProcedureStatsRequest request, ServerCallContext context) =>
        batches.SubmitAsync(request.Options, DefaultSource, request.Reports, IngestMapping.ToRecord, context.CancellationToken);

    public override Task<IngestSummary> StreamProcedureStats(IAsyncStreamReader<StreamProcedureStatsRequest> requestStream, ServerCallContext context) =>
        batches.StreamAsync(requestStream, m => m.Options, m => m.Reports, DefaultSource, IngestMapping.ToRecord, context.CancellationToken);

    public override async Task<GetProcedureStatsResponse> GetProcedureStats(GetProcedureStatsRequest request, ServerCallContext context)
    {
        var (unitCode, months) = IngestRequests.Validate(request);
        var result = await queries.GetAsync(unitCode, UnitDate(months), months,
            IndicatorCodes.ProcedureStats, request.Restate, context.CancellationToken);
        return new GetProcedureStatsResponse { Stats = ToProto(result) };
    }

    public override async Task<ListProcedureStatsResponse> ListProcedureStats(ListProcedureStatsRequest request, ServerCallContext context)
    {
        var (parentCode, months, orderBy, page) = IngestRequests.Validate(request);
        var unitDate = UnitDate(months);
        var parent = parentCode is null ? null : await units.GetAsync(parentCode, unitDate, context.CancellationToken);
        var children = await queries.ListChildrenAsync(parent, unitDate, months, IndicatorCodes.ProcedureStats, context.CancellationToken);
        var ordered = orderBy switch
        {
            ProcedureStatsOrder.OnTimeRateAscending => QueryFields.LowestFirst(children, "on_time_rate"),
            ProcedureStatsOrder.OnlineShareAscending => QueryFields.LowestFirst(children, "online_share"),
            _ => children.OrderBy(c => c.Unit.Code, StringComparer.Ordinal).ToList(),
        };

        var response = new ListProcedureStatsResponse();
        response.Stats.AddRange(ordered.Skip(page.Offset).Take(page.Size).Select(ToProto));
        response.NextPageToken = page.Next(ordered.Count);
        return response;
    }

    /// <summary>The unit a code means for a range: the one valid on its last day, or today if that is later.</summary>
    private DateOnly UnitDate(PeriodSelection.Months months)
    {
        var lastDay = months.To.AddMonths(1).AddDays(-1);
        var today = VietnamTime.Today(clock);
        return lastDay < today ? lastDay : today;
    }

    private static ProcedureStats ToProto(UnitIndicators result)
    {
        var totals = result.Totals;
        var (onTime, online, satisfaction) = (Rates.Of("on_time_rate", totals), Rates.Of("online_share", totals), Rates.Of("satisfaction_rate", totals));
        var stats = new ProcedureStats
        {
            Unit = result.Unit.ToProto(),
            Totals = IngestMapping.ToTotals<Contracts.V1.ProcedureStatsReport>(totals),
            OnTimeRate = onTime.Rate.ToProto(),
            OnlineShare = online.Rate.ToProto(),
            SatisfactionRate = satisfaction.Rate.ToProto(),
            OnTimeRateReporting = onTime.ToReporting(),
            OnlineShareReporting = online.ToReporting(),
            SatisfactionRateReporting = satisfaction.ToReporting(),
            ReportingUnits = totals.ReportingUnits,
        };
        stats.PartialPredecessors.AddRange(result.PartialPredecessors.Select(u => u.ToProto()));
        return stats;
    }
}
