namespace DanVan.Adapters.Time;

/// <summary>
/// The dates a caller or a source may name. Nothing the hub holds predates the Democratic Republic of
/// Vietnam (2 September 1945), and nothing it plans or reports lies beyond 2999; outside that range a
/// date is a mistake (01/01/0001 would be stored as -infinity, 9999-12-31 has no next day), refused
/// like a date that is not on the calendar.
/// </summary>
public static class PlausibleDates
{
    public static readonly DateOnly Earliest = new(1945, 9, 2);

    public static readonly DateOnly Latest = new(2999, 12, 31);

    public static bool Contains(DateOnly date) => date >= Earliest && date <= Latest;

    public const string Description = "must lie between 1945-09-02 and 2999-12-31";
}
