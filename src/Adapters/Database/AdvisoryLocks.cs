namespace DanVan.Adapters.Database;

/// <summary>
/// Every PostgreSQL advisory lock the hub takes, in one place so that no two modules pick the same key.
/// The values never change: hubs of two versions running side by side during an upgrade must take the
/// same locks.
/// </summary>
public static class AdvisoryLocks
{
    /// <summary>Held (a session lock) while migrations run, so that hubs starting together migrate once ("DanVan" in ASCII).</summary>
    public const long Migrations = 0x44616e56616e;

    /// <summary>Held for a periodic plan's transaction: one plan at a time ("danvan" + 1).</summary>
    public const long PeriodicPlan = 0x64616e76616e01;

    /// <summary>
    /// The class of the per-source merge lock, taken in its two-key form (this class, the source's
    /// <c>hashtext</c>), so that a source's batches merge one at a time ("dan" + 2).
    /// </summary>
    public const int IngestMerge = 0x64616e02;

    /// <summary>Held for the transaction of an edition import: editions extend the map one at a time ("danvan" + 3).</summary>
    public const long UnitEdition = 0x64616e76616e03;
}
