namespace DanVan.Adapters.Time;

/// <summary>Instants read from <c>timestamptz</c> columns, which Npgsql hands over as UTC <see cref="DateTime"/>s.</summary>
public static class UtcInstants
{
    public static DateTimeOffset From(DateTime utc) => new(DateTime.SpecifyKind(utc, DateTimeKind.Utc));

    public static DateTimeOffset? From(DateTime? utc) => utc is { } value ? From(value) : null;
}
