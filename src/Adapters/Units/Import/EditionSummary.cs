namespace DanVan.Adapters.Units.Import;

/// <summary>What an edition changed about one code; a new version may be renamed, retyped and moved at once.</summary>
[Flags]
public enum UnitChangeKinds
{
    None = 0,
    Started = 1,
    Ended = 2,
    Renamed = 4,
    Retyped = 8,
    Moved = 16,
}

/// <summary>One code's change on an edition's date: the version that ended and the one that began (either may be null).</summary>
public sealed record UnitChange(string Code, AdminLevel Level, UnitChangeKinds Kinds, UnitVersion? Before, UnitVersion? After);

/// <summary>What one edition changed relative to the state before it.</summary>
public sealed record EditionSummary(DateOnly EffectiveDate, IReadOnlyList<UnitChange> Changes, int Unchanged, int Respelled)
{
    public int Started => Count(UnitChangeKinds.Started);
    public int Ended => Count(UnitChangeKinds.Ended);
    public int Renamed => Count(UnitChangeKinds.Renamed);
    public int Retyped => Count(UnitChangeKinds.Retyped);
    public int Moved => Count(UnitChangeKinds.Moved);

    private int Count(UnitChangeKinds kind) => Changes.Count(c => c.Kinds.HasFlag(kind));

    public override string ToString() =>
        $"{EffectiveDate:yyyy-MM-dd}: {Started} started, {Ended} ended, {Renamed} renamed, {Retyped} retyped, {Moved} moved, " +
        $"{Unchanged} unchanged ({Respelled} re-spelled only)";
}

/// <summary>A map built from official editions, with what each edition changed and what the sources got wrong.</summary>
public sealed record EditionImport(UnitMap Map, IReadOnlyList<EditionSummary> Editions, IReadOnlyList<string> Problems);
