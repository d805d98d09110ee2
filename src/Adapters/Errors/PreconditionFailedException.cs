namespace DanVan.Adapters.Errors;

/// <summary>The request is well formed but the resource's state does not allow it (a cancelled dialogue cannot be held).</summary>
public sealed class PreconditionFailedException(string reason, string message) : Exception(message)
{
    /// <summary>Stable machine-readable reason, e.g. DIALOGUE_CANCELLED.</summary>
    public string Reason { get; } = reason;
}
