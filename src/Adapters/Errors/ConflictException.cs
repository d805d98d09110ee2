namespace DanVan.Adapters.Errors;

/// <summary>The request clashes with what is already stored (a reused idempotency key, a duplicate).</summary>
public sealed class ConflictException(string reason, string message) : Exception(message)
{
    /// <summary>Stable machine-readable reason, e.g. BATCH_ID_REUSED.</summary>
    public string Reason { get; } = reason;
}
