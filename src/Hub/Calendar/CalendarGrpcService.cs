using DanVan.Adapters.Errors;
using DanVan.Adapters.Time;
using DanVan.Contracts.V1;
using DanVan.Hub.Rpc;
using DanVan.Hub.Security;
using DanVan.Adapters.Units;
using DanVan.Scheduler.Calendar;
using DanVan.Scheduler.Dialogues;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Domain = DanVan.Scheduler.Calendar;
using Holiday = DanVan.Contracts.V1.Holiday;
using HolidayPeriod = DanVan.Scheduler.Calendar.HolidayPeriod;

namespace DanVan.Hub.Calendar;

/// <summary>danvan.v1.CalendarService: the yearly holiday decisions and the working calendar they give, and the leaders' reception days.</summary>
public sealed class CalendarGrpcService(
    HolidayDecisionStore store, WorkingCalendar calendar, ReceptionDayStore receptionStore, DanVan.Scheduler.Dialogues.ReceptionDays receptions, IUnitRegistry units, TimeProvider clock)
    : CalendarService.CalendarServiceBase
{
    public override async Task<SetReceptionDaysResponse> SetReceptionDays(SetReceptionDaysRequest request, ServerCallContext context)
    {
        var v = new Violations();
        var unitCode = v.UnitCode(request.UnitCode);
        if (request.ProvinceDefault && UnitCodes.IsWellFormed(unitCode) && UnitCodes.LevelOf(unitCode) != DanVan.Adapters.Units.AdminLevel.Province)
        {
            v.Add("unit_code", ViolationCodes.UnitNotAProvince, "must be a province's code for a province default");
        }

        var role = ReceptionMapping.ToDomain(request.Role) ?? "";
        if (request.Role == ReceptionRole.Unspecified)
        {
            v.Add("role", ViolationCodes.ChoiceRequired, "is required (RECEPTION_ROLE_PEOPLE_COMMITTEE_CHAIR or RECEPTION_ROLE_PARTY_SECRETARY)");
        }
        else if (role == "")
        {
            v.Add("role", ViolationCodes.ChoiceUnknown, $"{(int)request.Role} is not a valid ReceptionRole");
        }
        var weekdays = new List<System.DayOfWeek>();
        for (var i = 0; i < request.Weekdays.Count; i++)
        {
            if (ReceptionMapping.ToDomain(request.Weekdays[i]) is { } weekday)
            {
                weekdays.Add(weekday);
            }
            else
            {
                v.Add($"weekdays[{i}]", ViolationCodes.ChoiceUnknown, "must be a day of the week (MONDAY … SUNDAY)");
            }
        }

        for (var i = 0; i < request.DaysOfMonth.Count; i++)
        {
            if (request.DaysOfMonth[i] is < 1 or > 31)
            {
                v.Add($"days_of_month[{i}]", ViolationCodes.DayOfMonthInvalid, "must be between 1 and 31");
            }
        }

        v.ThrowIfAny();
        // The unit must be on today's map: a setting for a code nobody carries would never apply.
        var unit = await units.GetAsync(unitCode, VietnamTime.Today(clock), context.CancellationToken);
        var stored = await receptionStore.SetAsync(unitCode, DanVan.Scheduler.Dialogues.ReceptionDays.ProvinceOf(unit), request.ProvinceDefault, new ReceptionSchedule(role, weekdays, request.DaysOfMonth.ToList()),
            Caller.Of(context)?.Client.Name ?? "", context.CancellationToken);
        return new SetReceptionDaysResponse { ReceptionDays = ReceptionMapping.ToProto(unitCode, request.ProvinceDefault, stored) };
    }

    public override async Task<GetReceptionDaysResponse> GetReceptionDays(GetReceptionDaysRequest request, ServerCallContext context)
    {
        var v = new Violations();
        var unitCode = v.UnitCode(request.UnitCode);
        v.ThrowIfAny();
        var unit = await units.GetAsync(unitCode, VietnamTime.Today(clock), context.CancellationToken);
        var response = new GetReceptionDaysResponse();
        response.ReceptionDays.AddRange(DanVan.Scheduler.Dialogues.ReceptionDays.Roles.Select(role =>
            ReceptionMapping.ToProto(unit.Code, false, receptions.For(unit.Code, DanVan.Scheduler.Dialogues.ReceptionDays.ProvinceOf(unit), role))));
        return response;
    }

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

/// <summary>Reception days to and from the contract, through explicit tables.</summary>
public static class ReceptionMapping
{
    public static string? ToDomain(ReceptionRole role) => role switch
    {
        ReceptionRole.PeopleCommitteeChair => CoChairs.PeopleCommitteeChair,
        ReceptionRole.PartySecretary => CoChairs.PartySecretary,
        _ => null,
    };

    public static ReceptionRole ToProto(string role) => role switch
    {
        CoChairs.PeopleCommitteeChair => ReceptionRole.PeopleCommitteeChair,
        CoChairs.PartySecretary => ReceptionRole.PartySecretary,
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    public static System.DayOfWeek? ToDomain(Google.Type.DayOfWeek day) => day switch
    {
        Google.Type.DayOfWeek.Monday => System.DayOfWeek.Monday,
        Google.Type.DayOfWeek.Tuesday => System.DayOfWeek.Tuesday,
        Google.Type.DayOfWeek.Wednesday => System.DayOfWeek.Wednesday,
        Google.Type.DayOfWeek.Thursday => System.DayOfWeek.Thursday,
        Google.Type.DayOfWeek.Friday => System.DayOfWeek.Friday,
        Google.Type.DayOfWeek.Saturday => System.DayOfWeek.Saturday,
        Google.Type.DayOfWeek.Sunday => System.DayOfWeek.Sunday,
        _ => null,
    };

    public static Google.Type.DayOfWeek ToProto(System.DayOfWeek day) => day switch
    {
        System.DayOfWeek.Monday => Google.Type.DayOfWeek.Monday,
        System.DayOfWeek.Tuesday => Google.Type.DayOfWeek.Tuesday,
        System.DayOfWeek.Wednesday => Google.Type.DayOfWeek.Wednesday,
        System.DayOfWeek.Thursday => Google.Type.DayOfWeek.Thursday,
        System.DayOfWeek.Friday => Google.Type.DayOfWeek.Friday,
        System.DayOfWeek.Saturday => Google.Type.DayOfWeek.Saturday,
        System.DayOfWeek.Sunday => Google.Type.DayOfWeek.Sunday,
        _ => throw new ArgumentOutOfRangeException(nameof(day)),
    };

    public static ReceptionDaysSource ToProto(ReceptionSource source) => source switch
    {
        ReceptionSource.Configuration => ReceptionDaysSource.Configuration,
        ReceptionSource.ProvinceDefault => ReceptionDaysSource.ProvinceDefault,
        ReceptionSource.Unit => ReceptionDaysSource.Unit,
        _ => throw new ArgumentOutOfRangeException(nameof(source)),
    };

    public static Contracts.V1.ReceptionDays ToProto(string unitCode, bool provinceDefault, EffectiveReception effective)
    {
        var proto = new Contracts.V1.ReceptionDays
        {
            UnitCode = unitCode,
            ProvinceDefault = provinceDefault,
            Role = ToProto(effective.Days.Role),
            Source = ToProto(effective.Source),
            SetBy = effective.Setting?.SetBy ?? "",
            UpdateTime = effective.Setting is { } setting ? Timestamp.FromDateTimeOffset(setting.UpdatedAt) : null,
        };
        proto.Weekdays.AddRange(effective.Days.Weekdays.Order().Select(ToProto));
        proto.DaysOfMonth.AddRange(effective.Days.DaysOfMonth.Order());
        return proto;
    }
}
