namespace DanVan.Testing;

/// <summary>Where the repository and the shared reference data (beside it) are.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The real unit lists, read in place from <c>../shared/data/units</c>, never copied.</summary>
    public static string SharedUnitsDir
    {
        get
        {
            var dir = Path.GetFullPath(Path.Combine(Root, "..", "shared", "data", "units"));
            return Directory.Exists(dir)
                ? dir
                : throw new DirectoryNotFoundException($"The shared unit lists are expected at {dir}.");
        }
    }

    /// <summary>The official editions and conversion table, <c>../shared/data/units/gso</c>.</summary>
    public static string SharedEditionsDir => Path.Combine(SharedUnitsDir, "gso");

    /// <summary>
    /// A folder holding only the two older inputs (the 2023 snapshot and the 2025-07-01 mapping), as links
    /// to the shared folders: what the importer reads when no editions are given.
    /// </summary>
    public static string OlderUnitListsDir => OlderLists.Value;

    private static readonly Lazy<string> OlderLists = new(() =>
    {
        var dir = Directory.CreateTempSubdirectory("danvan-older-units-").FullName;
        foreach (var name in new[] { "pre-2025", "2025-07-01" })
        {
            Directory.CreateSymbolicLink(Path.Combine(dir, name), Path.Combine(SharedUnitsDir, name));
        }

        return dir;
    });

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DanVan.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("DanVan.sln not found above " + AppContext.BaseDirectory);
    }
}
