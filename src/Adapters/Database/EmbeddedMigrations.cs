using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace DanVan.Adapters.Database;

/// <summary>A numbered schema change, embedded in the assembly of the module that owns its tables.</summary>
/// <param name="Version">Its number, which orders all modules' migrations into one sequence.</param>
/// <param name="Name">The file name after the number, as recorded in <c>schema_version</c>.</param>
/// <param name="Sql">The text applied, in one transaction.</param>
/// <param name="Checksum">SHA-256 of the text with line endings normalised, so a checkout's line endings change nothing.</param>
/// <param name="Module">The module (assembly) the file belongs to, for error messages.</param>
public sealed record Migration(int Version, string Name, string Sql, string Checksum, string Module);

/// <summary>
/// Reads a module's migrations: its files <c>Migrations/NNNN_description.sql</c>, embedded under
/// <see cref="ResourcePrefix"/> (each module's project file does so).
/// </summary>
public static class EmbeddedMigrations
{
    public const string ResourcePrefix = "DanVan.Migrations.";

    public static IReadOnlyList<Migration> Load(Assembly assembly)
    {
        var module = assembly.GetName().Name!;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => Load(assembly, n, n[ResourcePrefix.Length..^".sql".Length], module))
            .OrderBy(m => m.Version)
            .ToList();
    }

    private static Migration Load(Assembly assembly, string resource, string fileName, string module)
    {
        var separator = fileName.IndexOf('_');
        if (separator <= 0 || !int.TryParse(fileName[..separator], out var version))
        {
            throw new InvalidOperationException($"Migration '{fileName}' of {module} must be named NNNN_description.sql.");
        }

        using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
        var sql = reader.ReadToEnd();
        var checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql.ReplaceLineEndings("\n"))));
        return new Migration(version, fileName[(separator + 1)..], sql, checksum, module);
    }
}

/// <summary>The migrations of the tables the adapters own: the administrative map, observations and ingest batches.</summary>
public static class AdaptersMigrations
{
    public static IReadOnlyList<Migration> All { get; } = EmbeddedMigrations.Load(typeof(AdaptersMigrations).Assembly);
}
