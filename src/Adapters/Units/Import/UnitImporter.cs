namespace DanVan.Adapters.Units.Import;

/// <summary>What an import wrote, what each edition changed, and what the sources disagreed on.</summary>
public sealed record UnitImportReport(UnitImportResult Written, IReadOnlyList<EditionSummary> Editions, IReadOnlyList<string> Problems);

/// <summary>
/// Brings the administrative map into the database: always the provinces the hub knows by itself
/// (<see cref="ProvinceFacts"/>), and the units of the lists in a folder when one is given. Idempotent:
/// importing the same lists again changes nothing.
/// <para>
/// When the folder holds the official editions (a folder <c>editions</c> of <c>YYYY-MM-DD.csv</c>, with
/// <c>conversion-YYYY-MM-DD.csv</c> beside it) the map is built from them (<see cref="EditionHistory"/>);
/// the older inputs then only add what the editions do not state: the 2023 snapshot is the state
/// before the first edition, and the 2025-07-01 mapping is compared with the editions and the
/// conversion table, every disagreement reported and the editions kept. Without editions the older
/// inputs are read as <see cref="UnitListReader"/> describes.
/// </para>
/// </summary>
public sealed class UnitImporter(UnitMapWriter writer)
{
    public async Task<UnitImportReport> ImportAsync(string? folder, CancellationToken cancellationToken)
    {
        var built = Build(folder);
        var written = await writer.WriteAsync(built.Map, cancellationToken);
        return new UnitImportReport(written, built.Editions, built.Problems);
    }

    public static UnitMap BuildMap(string? folder) => Build(folder).Map;

    public static EditionImport Build(string? folder)
    {
        var provinces = ProvinceFacts.Build();
        if (folder is null)
        {
            return new EditionImport(provinces with { OnlyMissing = true }, [], []);
        }

        var gso = Directory.Exists(folder) ? FindEditions(folder) : null;
        if (gso is null)
        {
            var lists = UnitListReader.Read(folder, provinces.Units.Select(u => u.Code).ToHashSet());
            return new EditionImport(CheckLinks(new UnitMap([.. provinces.Units, .. lists.Units], [.. provinces.Links, .. lists.Links])), [], []);
        }

        var (editionPaths, conversionPath) = gso.Value;
        var editions = editionPaths.Select(p => GsoFiles.ReadEdition(GsoFiles.DateOfFile(p)!.Value, File.ReadAllBytes(p), p)).ToList();
        var conversion = conversionPath is null
            ? null
            : GsoFiles.ReadConversion(GsoFiles.DateOfFile(conversionPath)!.Value, File.ReadAllBytes(conversionPath), conversionPath);
        var snapshot = UnitListReader.ReadSnapshotUnits(folder);
        var built = EditionHistory.Build(editions, conversion, snapshot);

        var problems = new List<string>(built.Problems);
        if (snapshot is not null)
        {
            problems.Add($"the 2023 snapshot (older input) differs from the edition of {built.Editions[0].EffectiveDate:yyyy-MM-dd} on " +
                         $"{built.Editions[0].Changes.Count} units: the edition holds from its date, the snapshot before it (boundary inferred)");
        }

        if (UnitListReader.ReadReformMapping(folder) is { } mapping && conversion is not null)
        {
            problems.AddRange(CompareMapping(mapping, built.Map, conversion.EffectiveDate));
        }

        var keys = built.Map.Units.Select(u => u.Key).ToHashSet();
        var missing = provinces.Units.Where(p => !keys.Contains(p.Key)).Select(p => $"{p.Code} from {p.ValidFrom:yyyy-MM-dd}").ToList();
        if (missing.Count > 0)
        {
            problems.Add($"the editions do not have these province versions the hub knows: {string.Join(", ", missing)}");
        }

        return built with { Map = CheckLinks(built.Map), Problems = problems };
    }

    /// <summary>The edition files under <paramref name="folder"/> and the conversion table beside them, or null if there are none.</summary>
    private static (List<string> Editions, string? Conversion)? FindEditions(string folder)
    {
        var dirs = Directory.GetDirectories(folder, "editions", SearchOption.AllDirectories)
            .Where(d => Directory.GetFiles(d, "*.csv").Any(f => GsoFiles.DateOfFile(f) is not null)).ToList();
        if (dirs.Count == 0)
        {
            return null;
        }

        if (dirs.Count > 1)
        {
            throw new InvalidDataException($"Expected one folder of editions under '{folder}', found {dirs.Count}: {string.Join(", ", dirs)}.");
        }

        var editions = Directory.GetFiles(dirs[0], "*.csv").Where(f => GsoFiles.DateOfFile(f) is not null).Order(StringComparer.Ordinal).ToList();
        var conversions = Directory.GetFiles(Path.GetDirectoryName(dirs[0])!, "conversion-*.csv").Where(f => GsoFiles.DateOfFile(f) is not null).ToList();
        if (conversions.Count > 1)
        {
            throw new InvalidDataException($"Expected at most one conversion table beside '{dirs[0]}', found {conversions.Count}.");
        }

        return (editions, conversions.SingleOrDefault());
    }

    /// <summary>Where the older reform mapping disagrees with the editions and the conversion table, reported in a few lines.</summary>
    private static IEnumerable<string> CompareMapping(ReformMapping mapping, UnitMap map, DateOnly reform)
    {
        var eve = map.Units.Where(u => u.Level == AdminLevel.Commune && u.ValidTo == reform).ToDictionary(u => u.Code);
        var current = map.Units.Where(u => u.Level == AdminLevel.Commune && u.ValidFrom == reform).ToDictionary(u => u.Code);

        var eveOnlyMapping = mapping.Eve.Keys.Where(c => !eve.ContainsKey(c)).Order(StringComparer.Ordinal).ToList();
        var eveOnlyEditions = eve.Keys.Where(c => !mapping.Eve.ContainsKey(c)).Order(StringComparer.Ordinal).ToList();
        var eveRenamed = mapping.Eve.Values.Where(c => eve.TryGetValue(c.Code, out var e) && !UnitNames.SameSpelling(c.Name, e.Name))
            .Select(c => $"{c.Code} '{c.Name}' / '{eve[c.Code].Name}'").ToList();
        yield return $"the 2025-07-01 mapping (older input) has {mapping.Eve.Count} communes on the eve of the reform, the last edition before it {eve.Count}: " +
                     $"{eveOnlyMapping.Count} only in the mapping{Examples(eveOnlyMapping)}, {eveOnlyEditions.Count} only in the edition{Examples(eveOnlyEditions)}, " +
                     $"{eveRenamed.Count} named otherwise{Examples(eveRenamed)}; the editions were kept";

        var newOnlyMapping = mapping.Current.Keys.Where(c => !current.ContainsKey(c)).Order(StringComparer.Ordinal).ToList();
        var newRenamed = mapping.Current.Values.Where(c => current.TryGetValue(c.Code, out var e) && !UnitNames.SameSpelling(c.Name, e.Name))
            .Select(c => $"{c.Code} '{c.Name}' / '{current[c.Code].Name}'").ToList();
        yield return $"the 2025-07-01 mapping (older input) has {mapping.Current.Count} new communes: {newOnlyMapping.Count} codes not in the edition of " +
                     $"{reform:yyyy-MM-dd}{Examples(newOnlyMapping)}, {newRenamed.Count} named otherwise{Examples(newRenamed)}; the edition was kept";

        var byKey = map.Units.ToDictionary(u => u.Key);
        var table = map.Links.Where(l => l.Successor.ValidFrom == reform && l.Successor.Code.Length == 5 && byKey[l.Predecessor].ValidTo == reform)
            .ToDictionary(l => (l.Predecessor.Code, l.Successor.Code), l => l.Kind);
        var theirs = mapping.Links.GroupBy(l => (l.OldCode, l.NewCode)).ToDictionary(g => g.Key, g => g.First().Kind);
        var onlyMapping = theirs.Keys.Where(k => !table.ContainsKey(k)).Select(k => $"{k.OldCode} → {k.NewCode}").ToList();
        var onlyTable = table.Keys.Where(k => !theirs.ContainsKey(k)).Select(k => $"{k.Item1} → {k.Item2}").ToList();
        var otherKind = theirs.Where(t => table.TryGetValue(t.Key, out var k) && k != t.Value)
            .Select(t => $"{t.Key.OldCode} → {t.Key.NewCode} {t.Value.ToString().ToLowerInvariant()}").ToList();
        yield return $"the 2025-07-01 mapping (older input) disagrees with the conversion table on {onlyMapping.Count + onlyTable.Count + otherKind.Count} links: " +
                     $"{onlyMapping.Count} only in the mapping{Examples(onlyMapping)}, {onlyTable.Count} only in the table{Examples(onlyTable)}, " +
                     $"{otherKind.Count} of another kind in the mapping{Examples(otherKind)}; the table's were kept";
    }

    private static string Examples(List<string> items) => items.Count == 0 ? "" : $" (e.g. {string.Join(", ", items.Take(3))})";

    private static UnitMap CheckLinks(UnitMap map)
    {
        var keys = map.Units.Select(u => u.Key).ToHashSet();
        var dangling = map.Links.FirstOrDefault(l => !keys.Contains(l.Predecessor) || !keys.Contains(l.Successor));
        if (dangling is not null)
        {
            throw new InvalidDataException($"Lineage link {dangling} names a unit version that is not in the lists.");
        }

        return map;
    }
}
