using DanVan.Adapters.Errors;
using DanVan.Adapters.Time;
using DanVan.Contracts.V1;
using DanVan.Hub.Rpc;
using DanVan.Hub.Security;
using DanVan.Scheduler.Calendar;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Domain = DanVan.Scheduler.Calendar;
using Holiday = DanVan.Contracts.V1.Holiday;
using HolidayPeriod = DanVan.Scheduler.Calendar.HolidayPeriod;

namespace DanVan.Hub.Calendar;

/// <summary>danvan.v1.CalendarService: the yearly holiday decisions and the working calendar they give.</summary>
public sealed class CalendarGrpcService(HolidayDecisionStore store, WorkingCalendar calendar, TimeProvider clock) : CalendarService.CalendarServiceBase
{
    public override async Task<SetHolidayDecisionResponse> SetHolidayDecision(SetHolidayDecisionRequest request, ServerCallContext context)
    {
        var v = new Violations();
        var decision = CalendarMapping.FromProto(request, v);
        v.ThrowIfAny();
        var stored = await store.SetAsync(decision, Caller.Of(context)?.Client.Name ?? "", context.CancellationToken);
        return new SetHolidayDecisionResponse { Decision = CalendarMapping.ToProto(stored) };
    }

    public override Task<ListHolidayDecisionsResponse> ListHolidayDecisions(ListHolidayDecisionsRequest request, ServerCallContext context)
    {
        var response = new ListHolidayDecisionsResponse();
        response.Decisions.AddRange(calendar.Holidays.Decisions.Select(CalendarMapping.ToProto));
        return Task.FromResult(response);
    }

    public override Task<GetWorkingCalendarResponse> GetWorkingCalendar(GetWorkingCalendarRequest request, ServerCallContext context)
    {
        var year = request.Year == 0 ? VietnamTime.Today(clock).Year : request.Year;
        if (year is < Domain.HolidayDecision.MinYear or > Domain.HolidayDecision.MaxYear)
        {
            throw RpcErrors.InvalidArgument([new FieldViolation("year", ViolationCodes.YearOutOfRange, $"must be between {Domain.HolidayDecision.MinYear} and {Domain.HolidayDecision.MaxYear}")]);
        }

        var holidays = calendar.Holidays;
        var response = new GetWorkingCalendarResponse { Year = year, Provisional = holidays.IsProvisional(year) };
        response.DaysOff.AddRange(holidays.For(year).Select(h => new DayOff
        {
            Date = ProtoDates.ToProto(h.Date),
            Holiday = CalendarMapping.ToProto(h.Kind),
            Name = h.Name,
            LegalSource = h.LegalSource ?? "",
        }));
        response.WorkingDays.AddRange(holidays.WorkingWeekendDays(year).Order().Select(ProtoDates.ToProto));
        if (holidays.Decision(year) is { } decision)
        {
            response.Decision = CalendarMapping.ToProto(decision);
        }

        return Task.FromResult(response);
    }
}

public static class CalendarMapping
{
    /// <summary>The decision in a request, every field checked.</summary>
    public static Domain.HolidayDecision FromProto(SetHolidayDecisionRequest decision, Violations v)
    {
        var periods = new List<HolidayPeriod>();
        for (var i = 0; i < decision.Periods.Count; i++)
        {
            var p = decision.Periods[i];
            var field = $"periods[{i}]";
            var kind = p.Holiday switch
            {
                Holiday.NewYear => HolidayKind.NewYear,
                Holiday.Tet => HolidayKind.Tet,
                Holiday.HungKings => HolidayKind.HungKings,
                Holiday.VictoryAndLabourDay => HolidayKind.VictoryAndLabourDay,
                Holiday.NationalDay => HolidayKind.NationalDay,
                _ => (HolidayKind?)null,
            };
            if (kind is null)
            {
                v.Add($"{field}.holiday", ViolationCodes.ChoiceRequired, "is required (HOLIDAY_NEW_YEAR, HOLIDAY_TET, HOLIDAY_HUNG_KINGS, HOLIDAY_VICTORY_AND_LABOUR_DAY or HOLIDAY_NATIONAL_DAY)");
            }

            // A date that does not parse is reported here and left at default, which the domain check skips.
            var first = ProtoDates.RequiredDate(p.FirstDay, $"{field}.first_day", v) ?? default;
            var last = ProtoDates.RequiredDate(p.LastDay, $"{field}.last_day", v) ?? default;
            var working = p.WorkingDays.Select((d, j) => ProtoDates.RequiredDate(d, $"{field}.working_days[{j}]", v) ?? default).ToList();
            // An unknown holiday is reported here; the domain check skips what depends on it.
            periods.Add(new HolidayPeriod(kind ?? (HolidayKind)(-1), first, last, working, p.LegalSource.Trim()));
        }

        var result = new Domain.HolidayDecision(decision.Year, periods, decision.Note.Trim());
        result.Check(v);
        return result;
    }

    public static Contracts.V1.HolidayDecision ToProto(StoredHolidayDecision stored)
    {
        var decision = new Contracts.V1.HolidayDecision
        {
            Year = stored.Decision.Year,
            Note = stored.Decision.Note,
            Shipped = stored.Shipped,
            SetBy = stored.SetBy,
            UpdateTime = Timestamp.FromDateTimeOffset(stored.UpdatedAt),
        };
        decision.Periods.AddRange(stored.Decision.Periods.Select(p =>
        {
            var period = new Contracts.V1.HolidayPeriod
            {
                Holiday = ToProto(p.Holiday),
                FirstDay = ProtoDates.ToProto(p.FirstDay),
                LastDay = ProtoDates.ToProto(p.LastDay),
                LegalSource = p.LegalSource,
            };
            period.WorkingDays.AddRange(p.WorkingDays.Select(ProtoDates.ToProto));
            return period;
        }));
        return decision;
    }

    public static Holiday ToProto(HolidayKind kind) => kind switch
    {
        HolidayKind.NewYear => Holiday.NewYear,
        HolidayKind.Tet => Holiday.Tet,
        HolidayKind.HungKings => Holiday.HungKings,
        HolidayKind.VictoryAndLabourDay => Holiday.VictoryAndLabourDay,
        HolidayKind.NationalDay => Holiday.NationalDay,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
