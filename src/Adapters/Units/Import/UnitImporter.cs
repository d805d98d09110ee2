namespace DanVan.Adapters.Units.Import;

/// <summary>
/// Brings the administrative map into the database: always the provinces the hub knows by itself
/// (<see cref="ProvinceFacts"/>), and the districts and communes of the public unit lists in a folder
/// when one is given. Idempotent: importing the same lists again changes nothing.
/// </summary>
public sealed class UnitImporter(UnitMapWriter writer)
{
    public Task<UnitImportResult> ImportAsync(string? folder, CancellationToken cancellationToken) =>
        writer.WriteAsync(BuildMap(folder), cancellationToken);

    public static UnitMap BuildMap(string? folder)
    {
        var provinces = ProvinceFacts.Build();
        if (folder is null)
        {
            return provinces;
        }

        var lists = UnitListReader.Read(folder, provinces.Units.Select(u => u.Code).ToHashSet());
        var map = new UnitMap([.. provinces.Units, .. lists.Units], [.. provinces.Links, .. lists.Links]);

        var keys = map.Units.Select(u => u.Key).ToHashSet();
        var dangling = map.Links.FirstOrDefault(l => !keys.Contains(l.Predecessor) || !keys.Contains(l.Successor));
        if (dangling is not null)
        {
            throw new InvalidDataException($"Lineage link {dangling} names a unit version that is not in the lists.");
        }

        return map;
    }
}
