using System.Security.Cryptography;
using System.Text;
using Dapper;
using Npgsql;

namespace DanVan.Hub.Web.Accounts;

/// <summary>
/// People's calendar subscription links (<c>/calendars/subscriptions/TOKEN.ics</c>): a random token per
/// person, stored only as its SHA-256. The link opens the feed of the person's unit while the account is
/// enabled and the link is not revoked or replaced.
/// </summary>
public sealed class CalendarSubscriptions(NpgsqlDataSource dataSource, TimeProvider clock)
{
    /// <summary>A new link's token for the person; any earlier link stops working.</summary>
    public async Task<string> CreateAsync(Guid userId, CancellationToken cancellationToken)
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            insert into calendar_subscription (user_id, token_sha256, created_at) values (@userId, @hash, @now)
            on conflict (user_id) do update set token_sha256 = excluded.token_sha256, created_at = excluded.created_at
            """, new { userId, hash = Hash(token), now = clock.GetUtcNow().UtcDateTime }, cancellationToken: cancellationToken));
        return token;
    }

    public async Task RevokeAsync(Guid userId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "delete from calendar_subscription where user_id = @userId", new { userId }, cancellationToken: cancellationToken));
    }

    /// <summary>When the person's current link was made; null when they have none.</summary>
    public async Task<DateTimeOffset?> CreatedAtAsync(Guid userId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var at = await connection.QuerySingleOrDefaultAsync<DateTime?>(new CommandDefinition(
            "select created_at from calendar_subscription where user_id = @userId", new { userId }, cancellationToken: cancellationToken));
        return at is { } utc ? new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)) : null;
    }

    /// <summary>The unit code whose feed a token opens: null when the token is unknown, its account disabled, or the account has no unit.</summary>
    public async Task<string?> UnitOfAsync(string token, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition("""
            select a.unit_code from calendar_subscription s join user_account a on a.id = s.user_id
             where s.token_sha256 = @hash and not a.disabled
            """, new { hash = Hash(token) }, cancellationToken: cancellationToken));
    }

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
