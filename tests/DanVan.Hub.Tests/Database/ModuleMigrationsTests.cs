using DanVan.Adapters.Database;
using DanVan.Hub.Database;

namespace DanVan.Hub.Tests.Database;

public sealed class ModuleMigrationsTests
{
    [Fact]
    public void Every_migration_file_in_the_source_tree_is_applied_by_the_migrator_from_the_module_it_sits_in()
    {
        var src = Path.Combine(RepoPaths.Root, "src");
        var files = Directory.EnumerateFiles(src, "*.sql", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(Path.GetDirectoryName(f)) == "Migrations")
            .Select(f => (Module: "DanVan." + Path.GetRelativePath(src, f).Split(Path.DirectorySeparatorChar)[0], File: Path.GetFileNameWithoutExtension(f)))
            .OrderBy(f => f.File, StringComparer.Ordinal)
            .ToList();

        Assert.Equal(files, DatabaseMigrator.Migrations.Select(m => (m.Module, File: $"{m.Version:D4}_{m.Name}")));
        Assert.Contains(files, f => f.Module == "DanVan.Adapters");
        Assert.Contains(files, f => f.Module == "DanVan.Scheduler");
        Assert.Contains(files, f => f.Module == "DanVan.Hub");
    }

    [Fact]
    public void Two_modules_numbering_a_migration_alike_stop_the_start_naming_both()
    {
        IReadOnlyList<Migration> adapters = [new(8, "unit_editions", "select 1", "a", "DanVan.Adapters")];
        IReadOnlyList<Migration> scheduler = [new(7, "agenda_notes", "select 1", "b", "DanVan.Scheduler"), new(8, "minutes_files", "select 1", "c", "DanVan.Scheduler")];

        var error = Assert.Throws<InvalidOperationException>(() => DatabaseMigrator.InOrder([adapters, scheduler]));

        Assert.Contains("0008_unit_editions in DanVan.Adapters", error.Message);
        Assert.Contains("0008_minutes_files in DanVan.Scheduler", error.Message);
    }

    [Fact]
    public void The_modules_migrations_are_applied_in_one_order_by_version_whichever_module_holds_them()
    {
        IReadOnlyList<Migration> adapters = [new(1, "units", "", "a", "DanVan.Adapters"), new(4, "editions", "", "d", "DanVan.Adapters")];
        IReadOnlyList<Migration> scheduler = [new(2, "dialogues", "", "b", "DanVan.Scheduler")];
        IReadOnlyList<Migration> hub = [new(3, "security", "", "c", "DanVan.Hub")];

        Assert.Equal([1, 2, 3, 4], DatabaseMigrator.InOrder([hub, adapters, scheduler]).Select(m => m.Version));
    }
}
