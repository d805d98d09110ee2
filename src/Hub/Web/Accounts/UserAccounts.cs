using System.Security.Cryptography;
using System.Text;
using Dapper;
using DanVan.Adapters.Errors;
using DanVan.Adapters.Time;
using DanVan.Adapters.Units;
using DanVan.Hub.Security;
using Microsoft.AspNetCore.Identity;
using Npgsql;

namespace DanVan.Hub.Web.Accounts;

public enum UserRole
{
    CommuneSecretary,
    ProvinceSecretary,
    Viewer,
    Operator,
}

/// <summary>A person's account as stored (never with its password or link token).</summary>
public sealed record UserAccount(Guid Id, string UserName, UserRole Role, string? UnitCode, bool HasPassword, bool Disabled, Guid SessionStamp)
{
    /// <summary>What the role may do, in the scopes the RPCs and the dashboard already check.</summary>
    public IReadOnlyList<string> Scopes => Role switch
    {
        UserRole.Operator => Security.Scopes.All.ToList(),
        UserRole.CommuneSecretary or UserRole.ProvinceSecretary => ["units:read", "dialogues:write"],
        _ => ["units:read", "dialogues:read"],
    };
}

/// <summary>
/// People's accounts. Passwords are hashed with Identity's <see cref="PasswordHasher{TUser}"/>; a new
/// account has none until its holder follows the one-time link the operator hands over (only the
/// token's SHA-256 is stored, and setting the password spends it). Sessions are checked against the
/// account's row, which each instance caches briefly: every change that can end a session (disabling,
/// a new password, a logout) notifies every hub on <see cref="Channel"/> and each drops its cache, so
/// the next request after the notification reads the row again. A cached row only ever accepts; a
/// session it would refuse (another stamp) is checked against the row itself, as is every request
/// that changes something.
/// </summary>
public sealed class UserAccounts(NpgsqlDataSource dataSource, IUnitRegistry units, TimeProvider clock)
{
    public const string Channel = "user_account";

    /// <summary>How long a cached row is trusted without a notification, in case one is ever lost.</summary>
    public static readonly TimeSpan SessionCacheLifetime = TimeSpan.FromSeconds(10);

    public static readonly TimeSpan LinkLifetime = TimeSpan.FromDays(3);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, (UserAccount? Account, long LoadedAt)> _sessions = new();

    // Raised by every Forget, so that a read that began before a change does not cache what it read.
    private long _generation;
    public const int MinPasswordLength = 10;

    private static readonly PasswordHasher<UserAccount> Hasher = new();

    // Compared against when the user name is unknown, so that a wrong name costs as long as a wrong password.
    private static readonly string DummyHash = Hasher.HashPassword(null!, "not the password of anyone");

    private const string Columns = """
        id, user_name as UserName, role, unit_code as UnitCode, password_hash is not null as HasPassword, disabled, session_stamp as SessionStamp
        """;

    public static string RoleName(UserRole role) => role switch
    {
        UserRole.CommuneSecretary => "commune-secretary",
        UserRole.ProvinceSecretary => "province-secretary",
        UserRole.Viewer => "viewer",
        _ => "operator",
    };

    public static UserRole? ParseRole(string? name) =>
        Enum.GetValues<UserRole>().Cast<UserRole?>().FirstOrDefault(r => RoleName(r!.Value) == name);

    /// <summary>Creates the account and returns the token of its one-time link to set a password.</summary>
    public async Task<(UserAccount Account, string LinkToken)> CreateAsync(string userName, UserRole role, string? unitCode, CancellationToken cancellationToken)
    {
        await CheckAsync(userName, role, unitCode, cancellationToken);
        var (token, hash) = NewToken();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var row = await connection.QuerySingleAsync<AccountRow>(new CommandDefinition($"""
                insert into user_account (id, user_name, role, unit_code, password_token_sha256, password_token_until, created_at)
                values (@id, @userName, @role, @unitCode, @hash, @until, @now)
                returning {Columns}
                """, new
            {
                id = Guid.CreateVersion7(), userName, role = RoleName(role), unitCode, hash,
                until = (clock.GetUtcNow() + LinkLifetime).UtcDateTime, now = clock.GetUtcNow().UtcDateTime,
            }, cancellationToken: cancellationToken));
            return (row.ToAccount(), token);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new ConflictException("USER_EXISTS", $"An account named {userName} already exists.");
        }
    }

    /// <summary>A new one-time link for an account (a lost link, or a forgotten password); any earlier link stops working.</summary>
    public async Task<string> NewLinkAsync(string userName, CancellationToken cancellationToken)
    {
        var (token, hash) = NewToken();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            "update user_account set password_token_sha256 = @hash, password_token_until = @until where user_name = @userName",
            new { userName, hash, until = (clock.GetUtcNow() + LinkLifetime).UtcDateTime }, cancellationToken: cancellationToken));
        Found(changed, userName);
        return token;
    }

    public async Task<IReadOnlyList<UserAccount>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<AccountRow>(new CommandDefinition($"select {Columns} from user_account order by user_name", cancellationToken: cancellationToken));
        return rows.Select(r => r.ToAccount()).ToList();
    }

    public async Task DisableAsync(string userName, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            "update user_account set disabled = true where user_name = @userName", new { userName }, transaction, cancellationToken: cancellationToken));
        Found(changed, userName);
        await NotifyAsync(connection, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        Forget();
    }

    /// <summary>Drops every cached session row: an account changed somewhere.</summary>
    public void Forget()
    {
        Interlocked.Increment(ref _generation);
        _sessions.Clear();
    }

    /// <summary>Whether a link token is one that can still set a password (the page asks before showing its form).</summary>
    public async Task<bool> IsLinkValidAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token))
        {
            return false;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition("""
            select exists (select 1 from user_account where password_token_sha256 = @hash and password_token_until > @now and not disabled)
            """, new { hash = Hash(token), now = clock.GetUtcNow().UtcDateTime }, cancellationToken: cancellationToken));
    }

    /// <summary>Sets the password through a one-time link and spends the link; every earlier session ends.</summary>
    public async Task<UserAccount> SetPasswordAsync(string? token, string? password, string? confirmation, CancellationToken cancellationToken)
    {
        var violations = new Violations();
        if (string.IsNullOrEmpty(password))
        {
            violations.Add("password", ViolationCodes.TextRequired, "must be given");
        }
        else if (password.Length < MinPasswordLength)
        {
            violations.Add("password", ViolationCodes.PasswordTooShort, $"must be at least {MinPasswordLength} characters");
        }
        else if (password.Length > 256)
        {
            violations.Add("password", ViolationCodes.TextTooLong, "must be at most 256 characters");
        }

        if (password != confirmation)
        {
            violations.Add("confirmation", ViolationCodes.PasswordsDiffer, "must repeat the password");
        }

        violations.ThrowIfAny();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<AccountRow>(new CommandDefinition($"""
            update user_account set password_hash = @passwordHash, password_token_sha256 = null, password_token_until = null
            where password_token_sha256 = @hash and password_token_until > @now and not disabled
            returning {Columns}
            """, new { hash = Hash(token ?? ""), now = clock.GetUtcNow().UtcDateTime, passwordHash = Hasher.HashPassword(null!, password!) },
            transaction, cancellationToken: cancellationToken));
        await NotifyAsync(connection, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        Forget();
        return row?.ToAccount() ?? throw new ValidationException([new FieldViolation("token", ViolationCodes.LinkInvalid, "is not a valid link, or it has expired or been used")]);
    }

    /// <summary>The account a user name and password open, or null (unknown, disabled, no password yet, or the wrong one).</summary>
    public async Task<UserAccount?> AuthenticateAsync(string userName, string password, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<AccountRow>(new CommandDefinition(
            $"select {Columns}, password_hash as PasswordHash from user_account where user_name = @userName",
            new { userName }, cancellationToken: cancellationToken));
        var result = Hasher.VerifyHashedPassword(null!, row?.PasswordHash ?? DummyHash, password);
        if (row is not { Disabled: false, PasswordHash: not null } || result == PasswordVerificationResult.Failed)
        {
            return null;
        }

        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            // Same password, stronger hash. The new hash gives a new stamp, which this login's session takes.
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var rehashed = await connection.QuerySingleAsync<AccountRow>(new CommandDefinition(
                $"update user_account set password_hash = @passwordHash where id = @id returning {Columns}",
                new { row.Id, passwordHash = Hasher.HashPassword(null!, password) }, transaction, cancellationToken: cancellationToken));
            await NotifyAsync(connection, transaction, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            Forget();
            return rehashed.ToAccount();
        }

        return row.ToAccount();
    }

    /// <summary>
    /// The account of a session, or null when the session has ended (disabled, changed, or logged out since).
    /// <paramref name="fresh"/> reads the row itself rather than the cache, for requests that change something.
    /// </summary>
    public async Task<UserAccount?> FindSessionAsync(Guid id, Guid stamp, bool fresh, CancellationToken cancellationToken)
    {
        if (!fresh && _sessions.TryGetValue(id, out var cached)
            && System.Diagnostics.Stopwatch.GetElapsedTime(cached.LoadedAt) <= SessionCacheLifetime
            && Accepts(cached.Account, stamp))
        {
            return cached.Account;
        }

        var generation = Interlocked.Read(ref _generation);
        var loadedAt = System.Diagnostics.Stopwatch.GetTimestamp();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var account = (await connection.QuerySingleOrDefaultAsync<AccountRow>(new CommandDefinition(
            $"select {Columns} from user_account where id = @id", new { id }, cancellationToken: cancellationToken)))?.ToAccount();
        if (_sessions.Count < 100_000)
        {
            _sessions[id] = (account, loadedAt);
            // A change notified while the row was read may not be in it: leave nothing cached from before it.
            if (Interlocked.Read(ref _generation) != generation)
            {
                _sessions.TryRemove(id, out _);
            }
        }

        return Accepts(account, stamp) ? account : null;
    }

    private static bool Accepts(UserAccount? account, Guid stamp) => account is { Disabled: false } && account.SessionStamp == stamp;

    /// <summary>Ends the session holding <paramref name="stamp"/>, and with it every other session of the account.</summary>
    public async Task EndSessionsAsync(Guid id, Guid stamp, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "update user_account set session_stamp = gen_random_uuid() where id = @id and session_stamp = @stamp",
            new { id, stamp }, transaction, cancellationToken: cancellationToken));
        await NotifyAsync(connection, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        Forget();
    }

    // Delivered at commit, to every instance listening (this one too).
    private static Task<int> NotifyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition("select pg_notify(@Channel, '')", new { Channel }, transaction, cancellationToken: cancellationToken));

    private async Task CheckAsync(string userName, UserRole role, string? unitCode, CancellationToken cancellationToken)
    {
        var violations = new Violations();
        if (!System.Text.RegularExpressions.Regex.IsMatch(userName, "^[a-z0-9][a-z0-9._-]{1,63}$"))
        {
            violations.Add("name", ViolationCodes.ClientNameMalformed, "must be 2-64 of a-z 0-9 . _ - starting with a letter or digit");
        }

        AdminLevel? level = role switch
        {
            UserRole.CommuneSecretary => AdminLevel.Commune,
            UserRole.ProvinceSecretary => AdminLevel.Province,
            _ => null,
        };
        if (unitCode is null)
        {
            if (level is not null)
            {
                violations.Add("unit", ViolationCodes.UnitCodeRequired, "must name the secretary's unit");
            }
        }
        else if (role == UserRole.Operator)
        {
            violations.Add("unit", ViolationCodes.ScopeNotForUnit, "an operator acts on the whole country and has no unit");
        }
        else if (!UnitCodes.IsWellFormed(unitCode) || await units.FindAsync(unitCode, VietnamTime.Today(clock), cancellationToken) is not { } unit)
        {
            violations.Add("unit", ViolationCodes.UnitNotValidToday, $"{unitCode} is not the code of a unit valid today");
        }
        else if (level is not null && unit.Level != level)
        {
            violations.Add("unit", ViolationCodes.UnitLevelNotForRole, $"{unitCode} is not a {level.ToString()!.ToLowerInvariant()}, as the role needs");
        }

        violations.ThrowIfAny();
    }

    private static void Found(int rows, string userName)
    {
        if (rows == 0)
        {
            throw new NotFoundException("user", $"No account is named {userName}.");
        }
    }

    private static (string Token, byte[] Hash) NewToken()
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (token, Hash(token));
    }

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    private sealed class AccountRow
    {
        public Guid Id { get; init; }
        public string UserName { get; init; } = "";
        public string Role { get; init; } = "";
        public string? UnitCode { get; init; }
        public bool HasPassword { get; init; }
        public bool Disabled { get; init; }
        public Guid SessionStamp { get; init; }
        public string? PasswordHash { get; init; }

        public UserAccount ToAccount() => new(Id, UserName, ParseRole(Role)!.Value, UnitCode, HasPassword, Disabled, SessionStamp);
    }
}
