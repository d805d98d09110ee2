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
