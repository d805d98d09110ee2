namespace DanVan.Adapters.Time;

/// <summary>
/// Vietnam's civil time. Instants are stored in UTC; dates of reports and "today" are calendar dates
/// in Asia/Ho_Chi_Minh (UTC+7, no daylight saving).
/// </summary>
public static class VietnamTime
{
    public const string TimeZoneId = "Asia/Ho_Chi_Minh";

    public static TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById(TimeZoneId);

    public static DateOnly Today(TimeProvider clock) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Zone).DateTime);
}
