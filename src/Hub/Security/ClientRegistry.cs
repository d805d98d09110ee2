using System.Security.Cryptography;
using System.Text;
using Dapper;
using DanVan.Adapters.Errors;
using DanVan.Adapters.Time;
using DanVan.Adapters.Units;
using Npgsql;

namespace DanVan.Hub.Security;

public enum ClientKind
{
    Agency,
    Secretary,
    Operator,
}

/// <summary>A registered caller as stored (never with its secret).</summary>
public sealed record ApiClient(
    Guid Id, string Name, ClientKind Kind, IReadOnlyList<string> Scopes, string? UnitCode, DateTimeOffset? ExpiresAt, bool Disabled,
    DateTimeOffset CreatedAt, DateTimeOffset? RotatedAt, Guid SessionStamp);

/// <summary>
/// The registry of callers. A credential is <c>dv.&lt;key id&gt;.&lt;secret&gt;</c>, both parts random;
/// only the SHA-256 of the secret is stored, and it is compared in constant time. Clients are cached
/// by key id so that a call costs no query; any change to a client (here, by the clients command, or
/// by another hub) notifies every hub, which drops its cache, so disabling and rotation take effect
/// on the next call after the notification — milliseconds. Expiry is checked on every call. Entries
/// also lapse after <see cref="CacheLifetime"/>, in case a notification is ever lost.
/// Dashboard sessions are checked the same way, by client id and session stamp (see <see cref="FindSessionAsync"/>).
/// </summary>
public sealed class ClientRegistry(NpgsqlDataSource dataSource, IUnitRegistry units, TimeProvider clock)
{
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(30);

    // The client is mapped once when loaded, not on every call that finds it here.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, CachedClient> _cache = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, CachedSession> _sessions = new();

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task<CachedClient>>> _loading = new();

    // Raised by every Forget, so that a lookup that began before a change does not cache what it read.
    private long _generation;

    /// <summary>Drops every cached client: one changed somewhere.</summary>
    public void Forget()
    {
        Interlocked.Increment(ref _generation);
        _cache.Clear();
        _sessions.Clear();
    }

    private const string Prefix = "dv";
    private const string Columns = """
        id, name, kind, scopes, unit_code as UnitCode, expires_at as ExpiresAt, disabled, created_at as CreatedAt, rotated_at as RotatedAt,
        session_stamp as SessionStamp
        """;

    public async Task<(ApiClient Client, string Credential)> CreateAsync(
        string name, ClientKind kind, IReadOnlyList<string> scopes, string? unitCode, DateTimeOffset? expiresAt, CancellationToken cancellationToken)
    {
        await CheckAsync(name, scopes, unitCode, cancellationToken);
        var (keyId, secret, credential) = NewCredential();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var row = await connection.QuerySingleAsync<ClientRow>(new CommandDefinition($"""
                insert into api_client (id, name, kind, key_id, secret_sha256, scopes, unit_code, expires_at)
                values (@id, @name, @kind, @keyId, @hash, @scopes, @unitCode, @expiresAt)
                returning {Columns}
                """, new
            {
                id = Guid.CreateVersion7(), name, kind = kind.ToString().ToLowerInvariant(), keyId, hash = Hash(secret),
                scopes = scopes.Distinct().Order().ToArray(), unitCode, expiresAt = expiresAt?.ToUniversalTime(),
            }, cancellationToken: cancellationToken));
            return (row.ToClient(), credential);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new ConflictException("CLIENT_EXISTS", $"A client named {name} already exists.");
        }
    }

    public async Task<IReadOnlyList<ApiClient>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<ClientRow>(new CommandDefinition($"select {Columns} from api_client order by name", cancellationToken: cancellationToken));
        return rows.Select(r => r.ToClient()).ToList();
    }

    public async Task<bool> AnyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition("select exists (select 1 from api_client)", cancellationToken: cancellationToken));
    }

    public async Task DisableAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var changed = await connection.ExecuteAsync(new CommandDefinition("update api_client set disabled = true where name = @name", new { name }, cancellationToken: cancellationToken));
        Changed(changed, name);
    }

    /// <summary>Gives the client a new credential; the old one stops working at once.</summary>
    public async Task<string> RotateAsync(string name, CancellationToken cancellationToken)
    {
        var (keyId, secret, credential) = NewCredential();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            "update api_client set key_id = @keyId, secret_sha256 = @hash, rotated_at = now() where name = @name",
            new { name, keyId, hash = Hash(secret) }, cancellationToken: cancellationToken));
        Changed(changed, name);
        return credential;
    }

    /// <summary>Replaces the client's scopes, by the same rules as at creation; its dashboard sessions end.</summary>
    public async Task SetScopesAsync(string name, IReadOnlyList<string> scopes, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var unitCode = await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            "select unit_code from api_client where name = @name", new { name }, cancellationToken: cancellationToken));
        await CheckAsync(name, scopes, unitCode, cancellationToken);
        var changed = await connection.ExecuteAsync(new CommandDefinition("update api_client set scopes = @scopes where name = @name",
            new { name, scopes = scopes.Distinct().Order().ToArray() }, cancellationToken: cancellationToken));
        Changed(changed, name);
    }

    /// <summary>Ends the dashboard session holding <paramref name="stamp"/>, and with it every other session of that client.</summary>
    public async Task EndSessionsAsync(Guid id, Guid stamp, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "update api_client set session_stamp = gen_random_uuid() where id = @id and session_stamp = @stamp",
            new { id, stamp }, cancellationToken: cancellationToken));
        Forget();
    }

    private void Changed(int rows, string name)
    {
        Forget();
        if (rows == 0)
        {
            throw new NotFoundException("client", $"No client is named {name}.");
        }
    }

    /// <summary>
    /// The client of a dashboard session, or null when the session has ended: its client is unknown,
    /// disabled or expired, or changed since the session began (another stamp). <paramref name="fresh"/>
    /// reads the registry itself rather than the cache, for requests that change something.
    /// </summary>
    public async Task<ApiClient?> FindSessionAsync(Guid id, Guid stamp, bool fresh, CancellationToken cancellationToken)
    {
        if (fresh || !_sessions.TryGetValue(id, out var cached) || System.Diagnostics.Stopwatch.GetElapsedTime(cached.LoadedAt) > CacheLifetime)
        {
            var loadedAt = System.Diagnostics.Stopwatch.GetTimestamp();
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            var row = await connection.QuerySingleOrDefaultAsync<ClientRow>(new CommandDefinition(
                $"select {Columns} from api_client where id = @id", new { id }, cancellationToken: cancellationToken));
            cached = new CachedSession(row?.ToClient(), loadedAt);
            if (_sessions.Count < 100_000)
            {
                _sessions[id] = cached;
            }
        }

        return cached.Client is { Disabled: false } client && client.SessionStamp == stamp
            && !(client.ExpiresAt is { } expires && expires <= clock.GetUtcNow())
            ? client
            : null;
    }

    /// <summary>The key id a credential names, if it has the shape of one: the account failed logins are counted against.</summary>
    public static string? KeyIdOf(string credential) =>
        credential.Split('.') is [Prefix, var keyId, _] && keyId.Length == 16 && keyId.All(char.IsAsciiHexDigitLower) ? keyId : null;

    /// <summary>
    /// The client a presented credential belongs to, with why it may not call when that is so.
    /// Without <paramref name="loadMissing"/>, only cached clients are recognised (no query).
    /// </summary>
    public async Task<(ApiClient? Client, string? Refusal)> AuthenticateAsync(string credential, CancellationToken cancellationToken, bool loadMissing = true)
    {
        var parts = credential.Split('.');
        if (parts is not [Prefix, var keyId, var secret] || keyId.Length != 16 || secret.Length == 0)
        {
            return (null, null);
        }

        if (!_cache.TryGetValue(keyId, out var cached) || System.Diagnostics.Stopwatch.GetElapsedTime(cached.LoadedAt) > CacheLifetime)
        {
            if (!loadMissing)
            {
                return (null, null);
            }

            // Calls arriving together with one credential (a burst of streams, or any after the cache was
            // dropped) share one lookup instead of taking a connection each. The lookup is not the first
            // caller's, so that caller's cancellation does not fail the others.
            var load = _loading.GetOrAdd(keyId, k => new Lazy<Task<CachedClient>>(() => LoadAsync(k)));
            try
            {
                cached = await load.Value.WaitAsync(cancellationToken);
            }
            finally
            {
                _loading.TryRemove(new KeyValuePair<string, Lazy<Task<CachedClient>>>(keyId, load));
            }
        }

        if (cached.Client is not { } client || !CryptographicOperations.FixedTimeEquals(cached.SecretSha256, Hash(secret)))
        {
            return (null, null);
        }

        if (client.Disabled)
        {
            return (client, "the client is disabled");
        }

        return client.ExpiresAt is { } expires && expires <= clock.GetUtcNow() ? (client, "the client's credential has expired") : (client, null);
    }

    private async Task<CachedClient> LoadAsync(string keyId)
    {
        var loadedAt = System.Diagnostics.Stopwatch.GetTimestamp();
        var generation = Interlocked.Read(ref _generation);
        await using var connection = await dataSource.OpenConnectionAsync();
        var loaded = await connection.QuerySingleOrDefaultAsync<ClientRow>(
            $"select {Columns}, secret_sha256 as SecretSha256 from api_client where key_id = @keyId", new { keyId });
        var cached = new CachedClient(loaded?.ToClient(), loaded?.SecretSha256 ?? [], loadedAt);
        if (_cache.Count < 100_000 && Interlocked.Read(ref _generation) == generation)
        {
            _cache[keyId] = cached;
        }

        return cached;
    }

    private async Task CheckAsync(string name, IReadOnlyList<string> scopes, string? unitCode, CancellationToken cancellationToken)
    {
        var violations = new Violations();
        if (!System.Text.RegularExpressions.Regex.IsMatch(name, "^[a-z0-9][a-z0-9._-]{1,63}$"))
        {
            violations.Add("name", ViolationCodes.ClientNameMalformed, "must be 2-64 of a-z 0-9 . _ - starting with a letter or digit");
        }

        foreach (var scope in scopes)
        {
            if (!Scopes.IsKnown(scope))
            {
                violations.Add("scopes", ViolationCodes.ScopeUnknown, $"{scope} is not one of {string.Join(", ", Scopes.All)}");
            }
            else if (unitCode is not null && !Scopes.AllowedWithUnit(scope))
            {
                violations.Add("scopes", ViolationCodes.ScopeNotForUnit, $"{scope} acts on data of any unit and cannot go to a client limited to a unit");
            }
        }

        if (unitCode is not null && (!UnitCodes.IsWellFormed(unitCode)
            || await units.FindAsync(unitCode, Adapters.Time.VietnamTime.Today(clock), cancellationToken) is null))
        {
            violations.Add("unit", ViolationCodes.UnitNotValidToday, $"{unitCode} is not the code of a unit valid today");
        }

        violations.ThrowIfAny();
    }

    private static (string KeyId, string Secret, string Credential) NewCredential()
    {
        var keyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (keyId, secret, $"{Prefix}.{keyId}.{secret}");
    }

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    private sealed record CachedClient(ApiClient? Client, byte[] SecretSha256, long LoadedAt);

    private sealed record CachedSession(ApiClient? Client, long LoadedAt);

    private sealed class ClientRow
    {
        public Guid Id { get; init; }
        public string Name { get; init; } = "";
        public string Kind { get; init; } = "";
        public string[] Scopes { get; init; } = [];
        public string? UnitCode { get; init; }
        public DateTime? ExpiresAt { get; init; }
        public bool Disabled { get; init; }
        public DateTime CreatedAt { get; init; }
        public DateTime? RotatedAt { get; init; }
        public Guid SessionStamp { get; init; }
        public byte[] SecretSha256 { get; init; } = [];

        public ApiClient ToClient() => new(Id, Name, Enum.Parse<ClientKind>(Kind, ignoreCase: true), Scopes, UnitCode,
            UtcInstants.From(ExpiresAt), Disabled, UtcInstants.From(CreatedAt), UtcInstants.From(RotatedAt), SessionStamp);
    }
}
