using DanVan.Adapters.Errors;
using DanVan.Adapters.Indicators;
using DanVan.Adapters.Ingest.Sources;
using DanVan.Contracts.V1;
using DanVan.Hub.Rpc;

namespace DanVan.Hub.Ingest;

internal sealed record FileImport(ISourceAdapter Adapter, Adapters.Ingest.BatchOptions Options);

internal sealed record UnitOnDate(string UnitCode, DateOnly AsOf);

/// <summary>The children of a unit, or the provinces when <paramref name="ParentCode"/> is null (the whole country).</summary>
internal sealed record ChildrenOnDate(string? ParentCode, DateOnly AsOf, IdIssuanceOrder OrderBy, QueryFields.PageRequest Page);

internal sealed record UnitOverMonths(string UnitCode, PeriodSelection.Months Months);

/// <summary>As <see cref="ChildrenOnDate"/>, over months.</summary>
internal sealed record ChildrenOverMonths(string? ParentCode, PeriodSelection.Months Months, ProcedureStatsOrder OrderBy, QueryFields.PageRequest Page);

/// <summary>
/// The import and indicator query requests checked field by field (every violation with its code) into
/// queries. The typed pushes are checked as they stream, by <see cref="TypedBatches"/>.
/// </summary>
internal static class IngestRequests
{
    private const int MaxMonths = 120;

    /// <summary>The placeholder of a range that did not validate; see <see cref="RequestFields"/>.</summary>
    private static readonly PeriodSelection.Months NoMonths = new(default, default);

    public static FileImport Validate(ImportFileRequest request, IReadOnlyDictionary<string, ISourceAdapter> adapters, long maxFileBytes)
    {
        var v = new Violations();
        var adapter = adapters.GetValueOrDefault(request.Format);
        if (adapter is null)
        {
            if (request.Format.Length == 0)
            {
                v.Add("format", ViolationCodes.ChoiceRequired, "is required");
            }
            else
            {
                v.Add("format", ViolationCodes.ChoiceUnknown, $"is not a known format; known: {string.Join(", ", adapters.Keys.Order())}");
            }
        }

        if (request.Content.IsEmpty)
        {
            v.Add("content", ViolationCodes.ContentEmpty, "is empty");
        }
        else if (request.Content.Length > maxFileBytes)
        {
            v.Add("content", ViolationCodes.ContentTooLarge, $"holds {request.Content.Length:N0} bytes; files are limited to {maxFileBytes:N0}");
        }

        var options = IngestMapping.Options(request.BatchId, "", request.DryRun, request.AllOrNothing, adapter?.Source ?? "", v);
        v.ThrowIfAny();
        return new FileImport(adapter ?? throw new InvalidOperationException("An unknown format is a violation."), options);
    }

    /// <summary>Without a date, the progress as of <paramref name="today"/>.</summary>
    public static UnitOnDate Validate(GetIdIssuanceProgressRequest request, DateOnly today)
    {
        var v = new Violations();
        var unitCode = v.UnitCode(request.UnitCode);
        var asOf = v.Date(request.AsOf, "as_of") ?? today;
        v.ThrowIfAny();
        return new UnitOnDate(unitCode, asOf);
    }

    /// <summary>Without a parent, the provinces.</summary>
    public static ChildrenOnDate Validate(ListIdIssuanceProgressRequest request, DateOnly today)
    {
        var v = new Violations();
        var parentCode = v.ParentCode(request.ParentCode);
        var asOf = v.Date(request.AsOf, "as_of") ?? today;
        var orderBy = v.Defined(request.OrderBy, "order_by");
        var page = QueryFields.Page(request.PageSize, request.PageToken,
            PageTokens.Fingerprint("ListIdIssuanceProgress", request.ParentCode, asOf, request.OrderBy), v);
        v.ThrowIfAny();
        return new ChildrenOnDate(parentCode, asOf, orderBy, page);
    }

    public static UnitOverMonths Validate(GetProcedureStatsRequest request)
    {
        var v = new Violations();
        var unitCode = v.UnitCode(request.UnitCode);
        var months = MonthRange(request.FromMonth, request.ToMonth, v);
        v.ThrowIfAny();
        return new UnitOverMonths(unitCode, months ?? NoMonths);
    }

    /// <summary>Without a parent, the provinces.</summary>
    public static ChildrenOverMonths Validate(ListProcedureStatsRequest request)
    {
        var v = new Violations();
        var parentCode = v.ParentCode(request.ParentCode);
        var months = MonthRange(request.FromMonth, request.ToMonth, v);
        var orderBy = v.Defined(request.OrderBy, "order_by");
        var page = QueryFields.Page(request.PageSize, request.PageToken,
            PageTokens.Fingerprint("ListProcedureStats", request.ParentCode, months?.From, months?.To, request.OrderBy), v);
        v.ThrowIfAny();
        return new ChildrenOverMonths(parentCode, months ?? NoMonths, orderBy, page);
    }

    /// <summary>A parent's code, checked; null when empty (the whole country).</summary>
    private static string? ParentCode(this Violations v, string code) => code.Length == 0 ? null : v.UnitCode(code, "parent_code");

    internal static PeriodSelection.Months? MonthRange(Google.Type.Date? from, Google.Type.Date? to, Violations v)
    {
        var first = IngestMapping.Month(from, "from_month", v);
        var last = IngestMapping.Month(to, "to_month", v);
        if (ProtoDates.IsUnset(from))
        {
            v.Add("from_month", ViolationCodes.DateRequired, "is required");
        }

        if (ProtoDates.IsUnset(to))
        {
            v.Add("to_month", ViolationCodes.DateRequired, "is required");
        }

        if (first is null || last is null)
        {
            return null;
        }

        if (last < first)
        {
            v.Add("to_month", ViolationCodes.EndBeforeStart, "must not be before from_month");
            return null;
        }

        if (first.Value.AddMonths(MaxMonths) <= last)
        {
            v.Add("to_month", ViolationCodes.RangeTooLong, $"the range may span at most {MaxMonths} months");
            return null;
        }

        return new PeriodSelection.Months(first.Value, last.Value);
    }
}
