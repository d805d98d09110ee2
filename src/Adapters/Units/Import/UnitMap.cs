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

/// <summary>
/// A set of unit versions and lineage links to be written together. With a <see cref="Horizon"/> the
/// map states nothing after that day: a version it leaves open that the database already ends later
/// (an edition imported since) keeps its end. A map that is <see cref="OnlyMissing"/> adds what the
/// database lacks and changes nothing it has: the built-in provinces do not overrule imported editions.
/// </summary>
public sealed record UnitMap(IReadOnlyList<UnitVersion> Units, IReadOnlyList<LineageLink> Links, DateOnly? Horizon = null, bool OnlyMissing = false);

/// <summary>The older 2025-07-01 reform mapping: the communes on its eve, the new communes, and old → new links by code.</summary>
public sealed record ReformMapping(
    IReadOnlyDictionary<string, EditionUnit> Eve,
    IReadOnlyDictionary<string, EditionUnit> Current,
    IReadOnlyList<(string OldCode, string NewCode, LineageKind Kind)> Links);
