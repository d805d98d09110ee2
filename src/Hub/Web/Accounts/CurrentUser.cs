using System.Security.Claims;
using DanVan.Adapters.Time;
using DanVan.Adapters.Units;
using DanVan.Hub.Security;

namespace DanVan.Hub.Web.Accounts;

/// <summary>The person a page is rendered for (one per request) and the unit they work on, as of today on the hub's clock.</summary>
public sealed class CurrentUser(IHttpContextAccessor http, UnitScope scope, TimeProvider clock)
{
    private AdminUnit? _unit;

    private ClaimsPrincipal User => http.HttpContext?.User ?? new ClaimsPrincipal();

    public string UserName => User.Identity?.Name ?? "";

    /// <summary>The person's account id; null for a system's client logged in to the dashboard.</summary>
    public Guid? PersonId => User.IsPerson() && Guid.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    /// <summary>Null for someone of the whole country (an operator, a viewer without a unit).</summary>
    public string? UnitCode => User.UnitCodeOf();

    public UserRole? Role => UserAccounts.ParseRole(User.FindFirstValue(ClaimTypes.Role));

    public bool CanWrite => User.HasScope("dialogues:write");

    public DateOnly Today => VietnamTime.Today(clock);

    public async Task<AdminUnit?> UnitAsync(CancellationToken cancellationToken) =>
        UnitCode is null ? null : _unit ??= await scope.UnitAsync(UnitCode, cancellationToken);
}
