using Google.Protobuf.Reflection;

namespace DanVan.Hub.Security;

/// <summary>
/// Scopes are "&lt;area&gt;:read" or "&lt;area&gt;:write" (write includes read). A gRPC service's area
/// is its name without "Service", in snake case (DialogueService → dialogues… see <see cref="AreaOf"/>);
/// a method reads when its name starts with Get, List, Resolve, Summarize, Watch or Export, and writes
/// otherwise. "jobs" is the dashboard (read: look; write: retry, trigger, delete).
/// </summary>
public static class Scopes
{
    public static readonly string[] Areas = ["units", "id_issuance", "procedure_stats", "import", "dialogues", "calendar", "audit", "jobs"];

    public static IEnumerable<string> All => Areas.SelectMany(a => new[] { $"{a}:read", $"{a}:write" });

    public static bool IsKnown(string scope) => All.Contains(scope);

    /// <summary>Pushing national data or changing the map touches any unit, and the holiday calendar is national: not for a client limited to a unit.</summary>
    public static bool AllowedWithUnit(string scope) => scope is not ("id_issuance:write" or "procedure_stats:write" or "import:read" or "import:write" or "jobs:write" or "audit:write"
        or "units:write" or "calendar:read" or "calendar:write");

    public static string AreaOf(string serviceName) => serviceName switch
    {
        "AdminUnitService" => "units",
        "IdIssuanceService" => "id_issuance",
        "ProcedureStatsService" => "procedure_stats",
        "ImportService" => "import",
        "DialogueService" => "dialogues",
        // Papers hold what the dialogues hold, so whoever may read those may read these.
        "DocumentService" => "dialogues",
        "CalendarService" => "calendar",
        "AuditService" => "audit",
        _ => throw new ArgumentOutOfRangeException(nameof(serviceName), $"No scope area for {serviceName}."),
    };

    public static bool IsRead(string methodName) =>
        methodName.StartsWith("Get", StringComparison.Ordinal) || methodName.StartsWith("List", StringComparison.Ordinal)
        || methodName.StartsWith("Resolve", StringComparison.Ordinal) || methodName.StartsWith("Summarize", StringComparison.Ordinal)
        || methodName.StartsWith("Watch", StringComparison.Ordinal) || methodName.StartsWith("Export", StringComparison.Ordinal);

    /// <summary>The scope a method needs; none for the audit log, where every client reads its own calls.</summary>
    public static string? Required(MethodDescriptor method) =>
        method.Service.Name == "AuditService" ? null : $"{AreaOf(method.Service.Name)}:{(IsRead(method.Name) ? "read" : "write")}";

    public static bool Grants(IReadOnlyCollection<string> held, string required) =>
        held.Contains(required) || (required.EndsWith(":read", StringComparison.Ordinal) && held.Contains(required[..^5] + ":write"));
}
