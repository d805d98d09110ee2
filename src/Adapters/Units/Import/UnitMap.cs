namespace DanVan.Adapters.Units.Import;

/// <summary>A unit version as an importer states it, before it has a database id.</summary>
public sealed record UnitVersion(
    string Code,
    AdminLevel Level,
    string UnitType,
    string Name,
    string? ParentCode,
    DateOnly? ValidFrom,
    DateOnly? ValidTo,
    bool ValidFromInferred = false,
    bool ValidToInferred = false)
{
    public UnitVersionKey Key => new(Code, ValidFrom);
}

/// <summary>Natural key of a unit version: its code and first day (null: before the earliest list).</summary>
public sealed record UnitVersionKey(string Code, DateOnly? ValidFrom);

/// <summary>A predecessor → successor link of the administrative map.</summary>
public sealed record LineageLink(UnitVersionKey Predecessor, UnitVersionKey Successor, LineageKind Kind);

/// <summary>A set of unit versions and lineage links to be written together.</summary>
public sealed record UnitMap(IReadOnlyList<UnitVersion> Units, IReadOnlyList<LineageLink> Links);
