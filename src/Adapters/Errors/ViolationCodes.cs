using System.Reflection;

namespace DanVan.Adapters.Errors;

/// <summary>
/// Every code a <see cref="FieldViolation"/> can carry. A code is stable: clients (the secretaries'
/// web app) translate it into the message shown next to the field, so a code is never renamed or
/// reused for another meaning; a new rule gets a new code here.
/// </summary>
public static class ViolationCodes
{
    // Request encoding
    /// <summary>The bytes are not the method's protobuf message.</summary>
    public const string MessageMalformed = "MESSAGE_MALFORMED";

    /// <summary>Messages nest deeper than the hub reads.</summary>
    public const string MessageTooDeep = "MESSAGE_TOO_DEEP";

    /// <summary>A string field is not valid UTF-8.</summary>
    public const string TextNotUtf8 = "TEXT_NOT_UTF8";

    /// <summary>A string field holds a NUL character.</summary>
    public const string TextHasNul = "TEXT_HAS_NUL";

    // Field forms
    public const string UnitCodeRequired = "UNIT_CODE_REQUIRED";

    /// <summary>Not a GSO code (2, 3 or 5 digits).</summary>
    public const string UnitCodeMalformed = "UNIT_CODE_MALFORMED";

    public const string IdRequired = "ID_REQUIRED";

    /// <summary>Not an id as the hub issues them (a UUID).</summary>
    public const string IdMalformed = "ID_MALFORMED";

    public const string TextRequired = "TEXT_REQUIRED";
    public const string TextTooLong = "TEXT_TOO_LONG";

    /// <summary>A list holds more entries than allowed.</summary>
    public const string TooManyEntries = "TOO_MANY_ENTRIES";

    /// <summary>An enum or a named choice left unset.</summary>
    public const string ChoiceRequired = "CHOICE_REQUIRED";

    /// <summary>An enum number or a name the hub does not know.</summary>
    public const string ChoiceUnknown = "CHOICE_UNKNOWN";

    public const string TimeRequired = "TIME_REQUIRED";

    /// <summary>An instant outside the years the hub accepts.</summary>
    public const string TimeOutOfRange = "TIME_OUT_OF_RANGE";

    public const string DurationOutOfRange = "DURATION_OUT_OF_RANGE";
    public const string DateRequired = "DATE_REQUIRED";

    /// <summary>Not a day on the calendar (or a partial date).</summary>
    public const string DateInvalid = "DATE_INVALID";

    /// <summary>A calendar date outside the plausible range.</summary>
    public const string DateOutOfRange = "DATE_OUT_OF_RANGE";

    /// <summary>A date given for a month whose day is neither 0 nor 1.</summary>
    public const string MonthInvalid = "MONTH_INVALID";

    /// <summary>The end of a range comes before its start.</summary>
    public const string EndBeforeStart = "END_BEFORE_START";

    /// <summary>A range spans more than allowed.</summary>
    public const string RangeTooLong = "RANGE_TOO_LONG";

    public const string ValueNegative = "VALUE_NEGATIVE";
    public const string ValueBelowMinimum = "VALUE_BELOW_MINIMUM";
    public const string YearOutOfRange = "YEAR_OUT_OF_RANGE";

    /// <summary>A cell of a workbook that should hold a whole number and does not.</summary>
    public const string NumberInvalid = "NUMBER_INVALID";

    // Paging
    /// <summary>A page token the hub did not issue, or one damaged in transit.</summary>
    public const string PageTokenInvalid = "PAGE_TOKEN_INVALID";

    /// <summary>A page token issued for a query with other fields.</summary>
    public const string PageTokenMismatch = "PAGE_TOKEN_MISMATCH";

    // Administrative units
    /// <summary>A level asked for under a parent that is not above it.</summary>
    public const string LevelNotBelowParent = "LEVEL_NOT_BELOW_PARENT";

    // Dialogues and petitions
    public const string SignaturesExceedVoters = "SIGNATURES_EXCEED_VOTERS";

    /// <summary>An outcome dated before the day of the dialogue's slot.</summary>
    public const string HeldOnBeforeSlot = "HELD_ON_BEFORE_SLOT";

    /// <summary>A held date after the hub's today.</summary>
    public const string HeldOnInFuture = "HELD_ON_IN_FUTURE";

    /// <summary>A unit code that named no unit on the date the record is for.</summary>
    public const string UnitNotValidOnDate = "UNIT_NOT_VALID_ON_DATE";

    /// <summary>A request to record a past dialogue without the dialogue.</summary>
    public const string DialogueRequired = "DIALOGUE_REQUIRED";

    /// <summary>A list of past dialogues without any.</summary>
    public const string DialoguesEmpty = "DIALOGUES_EMPTY";

    /// <summary>A past dialogue given both its opinions one by one and their counts.</summary>
    public const string OpinionsAndCounts = "OPINIONS_AND_COUNTS";

    /// <summary>Opinions answered, resolved and still open that add up to more than were received.</summary>
    public const string OpinionCountsExceedReceived = "OPINION_COUNTS_EXCEED_RECEIVED";

    /// <summary>An opinion moved to a status its workflow does not allow from where it is.</summary>
    public const string OpinionTransition = "OPINION_TRANSITION";

    /// <summary>An opinion assigned without a responsible agency.</summary>
    public const string OpinionNeedsAgency = "OPINION_NEEDS_AGENCY";

    /// <summary>An opinion answered, resolved or not accepted without the answer given.</summary>
    public const string OpinionNeedsAnswer = "OPINION_NEEDS_ANSWER";

    /// <summary>An opinion id that names no opinion.</summary>
    public const string OpinionUnknown = "OPINION_UNKNOWN";

    /// <summary>An opinion (or a dialogue) outside the unit subtree the request acts on.</summary>
    public const string OpinionOutsideUnit = "OPINION_OUTSIDE_UNIT";

    /// <summary>The same opinion on two rows of one workbook.</summary>
    public const string OpinionGivenTwice = "OPINION_GIVEN_TWICE";

    /// <summary>A new opinion given a status it cannot be recorded with (only received, assigned or transferred).</summary>
    public const string OpinionStatusNotRecordable = "OPINION_STATUS_NOT_RECORDABLE";

    /// <summary>An announcement that names no channel it went out through.</summary>
    public const string AnnouncementChannelsRequired = "ANNOUNCEMENT_CHANNELS_REQUIRED";

    /// <summary>An announcement that does not state the dialogue's time.</summary>
    public const string AnnouncementTimeRequired = "ANNOUNCEMENT_TIME_REQUIRED";

    /// <summary>An announcement that does not state the dialogue's place.</summary>
    public const string AnnouncementPlaceRequired = "ANNOUNCEMENT_PLACE_REQUIRED";

    /// <summary>An announcement that does not state the dialogue's content.</summary>
    public const string AnnouncementContentRequired = "ANNOUNCEMENT_CONTENT_REQUIRED";

    /// <summary>An announcement that does not state how citizens take part.</summary>
    public const string AnnouncementParticipationRequired = "ANNOUNCEMENT_PARTICIPATION_REQUIRED";

    /// <summary>A session by village cluster outside the dialogue's time.</summary>
    public const string SessionOutsideDialogue = "SESSION_OUTSIDE_DIALOGUE";

    /// <summary>An actual start time that is not on the held date.</summary>
    public const string ActualStartNotOnHeldDay = "ACTUAL_START_NOT_ON_HELD_DAY";

    /// <summary>A channel listed twice.</summary>
    public const string ChannelGivenTwice = "CHANNEL_GIVEN_TWICE";

    /// <summary>A dialogue of a unit outside the unit subtree the request acts on.</summary>
    public const string DialogueOutsideUnit = "DIALOGUE_OUTSIDE_UNIT";

    /// <summary>A breakdown by former units asked for the whole country, which was not formed from units.</summary>
    public const string FormerUnitsOfCountry = "FORMER_UNITS_OF_COUNTRY";

    // Ingest
    /// <summary>A batch id with characters or a length the hub does not take.</summary>
    public const string BatchIdMalformed = "BATCH_ID_MALFORMED";

    public const string SourceMalformed = "SOURCE_MALFORMED";

    /// <summary>A client stream that ended before its first message.</summary>
    public const string StreamEmpty = "STREAM_EMPTY";

    public const string ReportsEmpty = "REPORTS_EMPTY";
    public const string TooManyReports = "TOO_MANY_REPORTS";
    public const string ContentEmpty = "CONTENT_EMPTY";
    public const string ContentTooLarge = "CONTENT_TOO_LARGE";

    /// <summary>A file its format's adapter cannot read at all.</summary>
    public const string ContentUnreadable = "CONTENT_UNREADABLE";

    // Clients (the operators' command line)
    public const string ClientNameMalformed = "CLIENT_NAME_MALFORMED";
    public const string ScopeUnknown = "SCOPE_UNKNOWN";

    /// <summary>A scope over every unit's data asked for a client limited to one unit.</summary>
    public const string ScopeNotForUnit = "SCOPE_NOT_FOR_UNIT";

    public const string UnitNotValidToday = "UNIT_NOT_VALID_TODAY";

    // Holiday decisions (Labour Code 2019 Art. 112)
    /// <summary>A decision that gives no holiday's days off.</summary>
    public const string HolidayPeriodsRequired = "HOLIDAY_PERIODS_REQUIRED";

    /// <summary>The same holiday given by two periods of one decision.</summary>
    public const string HolidayGivenTwice = "HOLIDAY_GIVEN_TWICE";

    /// <summary>A date of a year's decision that is not in that year.</summary>
    public const string DateNotInYear = "DATE_NOT_IN_YEAR";

    /// <summary>A period that leaves out the holiday's own day (e.g. Tết's first day, 2/9).</summary>
    public const string HolidayOutsidePeriod = "HOLIDAY_OUTSIDE_PERIOD";

    /// <summary>A period shorter than the days off the Labour Code gives the holiday.</summary>
    public const string HolidayTooShort = "HOLIDAY_TOO_SHORT";

    /// <summary>Two periods giving the same day off.</summary>
    public const string DaysOffOverlap = "DAYS_OFF_OVERLAP";

    /// <summary>A working day given in exchange that is a weekday anyway.</summary>
    public const string WorkingDayNotWeekend = "WORKING_DAY_NOT_WEEKEND";

    /// <summary>A working day given in exchange that the decision also gives off.</summary>
    public const string WorkingDayIsDayOff = "WORKING_DAY_IS_DAY_OFF";

    /// <summary>A date listed twice.</summary>
    public const string DateGivenTwice = "DATE_GIVEN_TWICE";

    // Citizen-reception days (Law on Citizen Reception 2013 Art. 15, Conclusion 215-KL/TW)
    /// <summary>Fewer reception days than the role must have at its level.</summary>
    public const string ReceptionDaysBelowMinimum = "RECEPTION_DAYS_BELOW_MINIMUM";

    /// <summary>A province default asked for a code that is not a province's.</summary>
    public const string UnitNotAProvince = "UNIT_NOT_A_PROVINCE";

    /// <summary>A day of the month outside 1–31.</summary>
    public const string DayOfMonthInvalid = "DAY_OF_MONTH_INVALID";

    // People's accounts (the web app)
    /// <summary>A secretary's unit at another level than the role works at (a commune for a commune secretary…).</summary>
    public const string UnitLevelNotForRole = "UNIT_LEVEL_NOT_FOR_ROLE";

    public const string PasswordTooShort = "PASSWORD_TOO_SHORT";

    /// <summary>The password and its repetition differ.</summary>
    public const string PasswordsDiffer = "PASSWORDS_DIFFER";

    /// <summary>A one-time link that is unknown, expired, already used or of a disabled account.</summary>
    public const string LinkInvalid = "LINK_INVALID";

    /// <summary>Every code above, for documentation and for the test that keeps them unique and in upper snake case.</summary>
    public static IReadOnlyList<string> All { get; } = typeof(ViolationCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral)
        .Select(f => f.GetRawConstantValue())
        .OfType<string>()
        .ToList();
}
