using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Text.Encodings.Web;
using DanVan.Adapters.Errors;
using DanVan.Hub.Hosting;
using DanVan.Hub.Web.Accounts;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace DanVan.Hub.Security;

/// <summary>Limits and first-start behaviour, section <c>DanVan:Security</c>.</summary>
public sealed class SecurityOptions
{
    /// <summary>Calls per second each client may make on average…</summary>
    [Range(1, int.MaxValue)]
    public int RequestsPerSecond { get; set; } = 200;

    /// <summary>…and in a burst.</summary>
    [Range(1, int.MaxValue)]
    public int Burst { get; set; } = 400;

    /// <summary>Calls without a valid credential each address may make on average (they are all refused)…</summary>
    [Range(1, int.MaxValue)]
    public int AnonymousPerSecond { get; set; } = 10;

    /// <summary>…and in a burst.</summary>
    [Range(1, int.MaxValue)]
    public int AnonymousBurst { get; set; } = 100;

    /// <summary>On a first start (no client registered), create and print a demo operator and a demo agency.</summary>
    public bool DemoClients { get; set; } = true;
}

public static partial class SecurityExtensions
{
    public const string Scheme = "DanVan";
    private const string ScopeClaim = "danvan:scope";
    private const string UnitClaim = "danvan:unit";
    private const string StampClaim = "danvan:session";

    // Marks the session of a person (user_account) rather than of a registered client (api_client).
    private const string PersonClaim = "danvan:person";

    /// <summary>
    /// The client registry, the audit log, per-client rate limits and the web listener's
    /// authentication: a bearer credential (as on gRPC) or the dashboard's login cookie.
    /// </summary>
    public static IHostApplicationBuilder AddSecurity(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSettings<SecurityOptions>(builder.Configuration, "DanVan:Security");
        builder.Services.AddSettings<LoginOptions>(builder.Configuration, "DanVan:Security:Login");
        builder.Services.AddSingleton<LoginThrottle>();
        builder.Services.AddSingleton<ClientRegistry>();
        builder.Services.AddSingleton<UserAccounts>();
        DataProtectionKeys.AddTo(builder.Services);
        builder.Services.AddSingleton<UnitScope>();
        builder.Services.AddSingleton<AuditLog>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AuditLog>());
        builder.Services.AddSingleton<ClientRateLimiter>();
        builder.Services.AddSingleton<SecurityInterceptor>();
        builder.Services.AddHostedService<DemoClients>();

        // No default scheme: gRPC calls are authenticated by the interceptor alone, not a second time
        // by the middleware; web routes name the scheme through their policies.
        builder.Services.AddAuthentication()
            .AddPolicyScheme(Scheme, "Bearer credential or dashboard login", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.Count > 0 ? BearerHandler.SchemeName : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, BearerHandler>(BearerHandler.SchemeName, null)
            .AddCookie(o =>
            {
                o.Cookie.Name = "danvan.session";
                // Lax, so that a link into the web app (from an e-mail, a calendar) opens logged in; a
                // cross-site post still carries no cookie. Secure follows the request: set under https.
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.HttpOnly = true;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.LoginPath = "/login";
                // Logged in but not allowed (a viewer at the jobs dashboard): 403, not a redirect to a page that does not exist.
                o.Events.OnRedirectToAccessDenied = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                };
                o.Events.OnValidatePrincipal = async context =>
                {
                    // Every request checks the session against the registry: a disabled, expired or
                    // changed client (rotated, scopes changed, logged out) ends it. Reads take the
                    // cached registry, which every change clears through a notification; a request that
                    // changes something reads the registry itself, in case a notification was lost.
                    // A person's session is checked the same way against the account's row (UserAccounts).
                    var http = context.HttpContext;
                    var method = http.Request.Method;
                    var fresh = !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method));
                    if (!Guid.TryParse(context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier), out var id)
                        || !Guid.TryParse(context.Principal?.FindFirstValue(StampClaim), out var stamp)
                        || !(context.Principal!.HasClaim(c => c.Type == PersonClaim)
                            ? await http.RequestServices.GetRequiredService<UserAccounts>().FindSessionAsync(id, stamp, fresh, http.RequestAborted) is not null
                            : await http.RequestServices.GetRequiredService<ClientRegistry>().FindSessionAsync(id, stamp, fresh, http.RequestAborted) is not null))
                    {
                        context.RejectPrincipal();
                        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                    }
                };
            });
        builder.Services.AddAuthorizationBuilder()
            .SetDefaultPolicy(new AuthorizationPolicyBuilder(Scheme).RequireAuthenticatedUser().Build())
            .AddPolicy("jobs:read", p => p.AddAuthenticationSchemes(Scheme).RequireAssertion(c => c.User.HasScope("jobs:read")))
            .AddPolicy("dialogues:read", p => p.AddAuthenticationSchemes(Scheme).RequireAssertion(c => c.User.HasScope("dialogues:read")));
        builder.Services.AddAntiforgery();
        return builder;
    }

    /// <summary>The dashboard's login and logout pages (the only web routes open without a credential, since they are how one gets in).</summary>
    public static WebApplication MapSecurity(this WebApplication app, IEndpointRouteBuilder web)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        web.MapGet("/login", (string? returnUrl) => LoginPage.Result(returnUrl, null, null, StatusCodes.Status200OK))
            .AllowAnonymous();
        web.MapPost("/login", async (HttpContext http, ClientRegistry registry, UserAccounts accounts, LoginThrottle throttle, IAntiforgery antiforgery) =>
        {
            var form = await http.Request.ReadFormAsync(http.RequestAborted);
            var returnUrl = form["returnUrl"].ToString();
            var address = ClientAddress.LimitKey(http.Connection.RemoteIpAddress);
            var local = returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.StartsWith("/\\", StringComparison.Ordinal);
            if (form.ContainsKey("userName"))
            {
                return await PersonLoginAsync(http, form, local ? returnUrl : "/", accounts, throttle, antiforgery, address);
            }

            var credential = form["credential"].ToString().Trim();
            var account = ClientRegistry.KeyIdOf(credential);
            if (!throttle.IsOpen(address, account, out var retryAfter))
            {
                return LockedOut(http, returnUrl, null, retryAfter);
            }

            var (client, refusal) = await registry.AuthenticateAsync(credential, http.RequestAborted);
            // The session starts from the registry as it is now, not as cached: its stamp must be current.
            var current = client is null || refusal is not null || !Scopes.Grants(client.Scopes, "jobs:read")
                ? null
                : await registry.FindSessionAsync(client.Id, client.SessionStamp, fresh: true, http.RequestAborted);
            if (current is null)
            {
                throttle.Failed(address, account);
                return LoginPage.Result(returnUrl, null, LoginPage.CredentialRefused, StatusCodes.Status401Unauthorized);
            }

            throttle.Succeeded(account!);
            await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, Principal(current, CookieAuthenticationDefaults.AuthenticationScheme));
            return Results.LocalRedirect(local ? returnUrl : "/hangfire");
        }).AllowAnonymous().DisableAntiforgery();
        web.MapPost("/logout", async (HttpContext http, ClientRegistry registry, UserAccounts accounts) =>
        {
            // Ends the session in the registry, so a copy of the cookie stops working too.
            if (Guid.TryParse(http.User.FindFirstValue(ClaimTypes.NameIdentifier), out var id)
                && Guid.TryParse(http.User.FindFirstValue(StampClaim), out var stamp))
            {
                if (http.User.HasClaim(c => c.Type == PersonClaim))
                {
                    await accounts.EndSessionsAsync(id, stamp, http.RequestAborted);
                }
                else
                {
                    await registry.EndSessionsAsync(id, stamp, http.RequestAborted);
                }
            }

            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect("/login");
        }).RequireAuthorization();
        app.MapGrpcService<AuditGrpcService>();
        return app;
    }

    /// <summary>
    /// A person's login: the form's antiforgery token first (the credential form above predates it and
    /// systems' operators post it from scripts), then the same lockout as for credentials, counted per user name.
    /// </summary>
    private static async Task<IResult> PersonLoginAsync(
        HttpContext http, IFormCollection form, string returnUrl, UserAccounts accounts, LoginThrottle throttle, IAntiforgery antiforgery, string address)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Results.BadRequest();
        }

        var userName = form["userName"].ToString().Trim().ToLowerInvariant();
        var account = "user:" + userName;
        if (!throttle.IsOpen(address, account, out var retryAfter))
        {
            return LockedOut(http, returnUrl, userName, retryAfter);
        }

        var person = userName.Length is > 0 and <= 64 ? await accounts.AuthenticateAsync(userName, form["password"].ToString(), http.RequestAborted) : null;
        if (person is null)
        {
            throttle.Failed(address, account);
            return LoginPage.Result(returnUrl, userName, LoginPage.PasswordRefused, StatusCodes.Status401Unauthorized);
        }

        throttle.Succeeded(account);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, Principal(person));
        return Results.LocalRedirect(returnUrl);
    }

    private static IResult LockedOut(HttpContext http, string returnUrl, string? userName, TimeSpan retryAfter)
    {
        var seconds = (int)Math.Ceiling(retryAfter.TotalSeconds);
        http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return LoginPage.Result(returnUrl, userName, LoginPage.LockedOut(seconds), StatusCodes.Status429TooManyRequests);
    }

    /// <summary>Whether a web caller is a person logged in to the web app (not a system's client).</summary>
    public static bool IsPerson(this ClaimsPrincipal user) => user.HasClaim(c => c.Type == PersonClaim);

    /// <summary>Whether a web caller's scopes grant <paramref name="scope"/>, by the same rule as gRPC calls (write implies read).</summary>
    public static bool HasScope(this ClaimsPrincipal user, string scope) =>
        Scopes.Grants(user.FindAll(ScopeClaim).Select(c => c.Value).ToList(), scope);

    /// <summary>The unit a web caller is limited to; null for a caller of the whole country.</summary>
    public static string? UnitCodeOf(this ClaimsPrincipal user) => user.FindFirstValue(UnitClaim);

    public static ClaimsPrincipal Principal(ApiClient client, string scheme) => new(new ClaimsIdentity(
        client.Scopes.Select(s => new Claim(ScopeClaim, s))
            .Append(new Claim(ClaimTypes.NameIdentifier, client.Id.ToString()))
            .Append(new Claim(ClaimTypes.Name, client.Name))
            .Append(new Claim(StampClaim, client.SessionStamp.ToString()))
            .Concat(client.UnitCode is null ? [] : [new Claim(UnitClaim, client.UnitCode)]),
        scheme));

    public static ClaimsPrincipal Principal(UserAccount person) => new(new ClaimsIdentity(
        person.Scopes.Select(s => new Claim(ScopeClaim, s))
            .Append(new Claim(ClaimTypes.NameIdentifier, person.Id.ToString()))
            .Append(new Claim(ClaimTypes.Name, person.UserName))
            .Append(new Claim(ClaimTypes.Role, UserAccounts.RoleName(person.Role)))
            .Append(new Claim(StampClaim, person.SessionStamp.ToString()))
            .Append(new Claim(PersonClaim, "true"))
            .Concat(person.UnitCode is null ? [] : [new Claim(UnitClaim, person.UnitCode)]),
        CookieAuthenticationDefaults.AuthenticationScheme));

    /// <summary>A bearer credential on the web listener, checked against the registry on every request.</summary>
    private sealed class BearerHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ClientRegistry registry)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string SchemeName = "Bearer";

        protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            var header = Request.Headers.Authorization.ToString();
            if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                return AuthenticateResult.Fail("Not a bearer credential.");
            }

            var (client, refusal) = await registry.AuthenticateAsync(header[7..].Trim(), Context.RequestAborted);
            return client is null || refusal is not null
                ? AuthenticateResult.Fail("The credential is not valid, or its client is disabled or expired.")
                : AuthenticateResult.Success(new AuthenticationTicket(Principal(client, SchemeName), SchemeName));
        }
    }

    /// <summary>On a first start, a demo operator and a demo agency, their credentials printed once (never logged).</summary>
    private sealed partial class DemoClients(SecurityOptions options, ClientRegistry registry, ILogger<DemoClients> logger) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            if (!options.DemoClients || await registry.AnyAsync(cancellationToken))
            {
                return;
            }

            try
            {
                var (_, operatorCredential) = await registry.CreateAsync("demo-operator", ClientKind.Operator, Scopes.All.ToList(), null, null, cancellationToken);
                var (_, agencyCredential) = await registry.CreateAsync("demo-agency", ClientKind.Agency,
                    ["units:read", "id_issuance:write", "procedure_stats:write", "import:write", "dialogues:read"], null, null, cancellationToken);
                LogDemoClientsCreated(logger);
                Console.Out.WriteLine($"Demo operator (every scope, dashboard login):  {operatorCredential}");
                Console.Out.WriteLine($"Demo agency (push data, read dialogues):       {agencyCredential}");
            }
            catch (ConflictException)
            {
                // Another hub starting on the same database created them first.
            }
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(Level = LogLevel.Warning, Message = "First start: created the clients demo-operator and demo-agency; their credentials are printed on stdout. Disable them before production use.")]
        private static partial void LogDemoClientsCreated(ILogger logger);
}
}
