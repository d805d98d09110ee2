namespace DanVan.Adapters.Units;

/// <summary>
/// One version of an administrative unit. <see cref="ValidFrom"/> is inclusive and null when the unit
/// began before the earliest list the hub holds; <see cref="ValidTo"/> is exclusive and null while the
/// unit is still valid. The parent is the unit carrying <see cref="ParentCode"/> on the same date.
/// </summary>
public sealed record AdminUnit(
    long Id,
    string Code,
    string Name,
    AdminLevel Level,
    string UnitType,
    string? ParentCode,
    DateOnly? ValidFrom,
    DateOnly? ValidTo,
    bool ValidFromInferred,
    bool ValidToInferred);

/// <summary>How much of a predecessor unit went into a successor.</summary>
public enum LineageKind
{
    /// <summary>All of it: figures of the predecessor can be summed into the successor.</summary>
    Full = 1,

    /// <summary>Part of it: figures cannot be assigned to the successor without a split key.</summary>
    Partial = 2,
}

/// <summary>A unit reached from another through lineage; <see cref="Kind"/> is full only if every link on the way is.</summary>
public sealed record LinkedUnit(AdminUnit Unit, LineageKind Kind);
