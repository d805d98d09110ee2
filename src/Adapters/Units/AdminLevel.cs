namespace DanVan.Adapters.Units;

/// <summary>Level of an administrative unit; the value is the depth in the hierarchy.</summary>
public enum AdminLevel
{
    Province = 1,

    /// <summary>Abolished on 2025-07-01 by the two-level reform.</summary>
    District = 2,

    Commune = 3,
}
