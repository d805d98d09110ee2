using System.Text.Json;
using System.Text.Json.Serialization;

namespace DanVan.Adapters.Units.Import;

// A little over our usual length: both public formats and their cross-checks, kept together because
// the second format is read against the first.

/// <summary>
/// Reads the two public formats of the Vietnamese unit lists into unit versions and lineage links:
/// <list type="bullet">
/// <item>the three-level snapshot (<c>tinh_tp.json</c>, <c>quan_huyen.json</c>, <c>xa_phuong.json</c>:
/// objects keyed by GSO code), taken in 2023;</item>
/// <item>the 2025-07-01 reform mapping (<c>merges.json</c>: new → old with full/partial links;
/// <c>splits.json</c>: the communes as they stood on the eve of the reform → new).</item>
/// </list>
/// The files may sit anywhere under the folder; either set may be absent.
/// <para>
/// Dating rule. The lists are observations of the map at two moments: the snapshot (no start dates, so
/// its units have an open start) and the eve of the reform (2025-06-30). What changed between the two
/// is not dated by the files, so the earlier state is taken to hold until the later list shows
/// otherwise, and the boundary is flagged as inferred:
/// a commune gone from the eve list ends on 2025-06-30 (<c>valid_to_inferred</c>: gone by then);
/// a commune first seen on the eve list starts on 2025-06-30 (<c>valid_from_inferred</c>: existed by then)
/// and, since that list names no districts, hangs directly under its province;
/// a commune renamed or retyped between the lists gets a second version from 2025-06-30, linked full
/// to the first. Differences of spelling only (tone placement, case) are not renames.
/// Districts end on 2025-07-01, when the level was abolished; every pre-reform commune ends then too,
/// and the reform's communes start that day.
/// </para>
/// </summary>
public static class UnitListReader
{
    public static readonly DateOnly EveOfReform = ProvinceFacts.ReformDate.AddDays(-1);

    private static readonly string[] SnapshotFiles = ["tinh_tp.json", "quan_huyen.json", "xa_phuong.json"];
    private static readonly string[] MappingFiles = ["merges.json", "splits.json"];

    public static UnitMap Read(string folder, IReadOnlySet<string> provinceCodes)
    {
        if (!Directory.Exists(folder))
        {
            throw new InvalidDataException($"Unit list folder '{folder}' does not exist.");
        }

        var snapshot = FindSet(folder, SnapshotFiles) is { } s ? ReadSnapshot(s) : null;
        var mapping = FindSet(folder, MappingFiles) is { } m ? ReadMapping(m) : null;
        if (snapshot is null && mapping is null)
        {
            throw new InvalidDataException(
                $"No unit lists under '{folder}': expected {string.Join(", ", SnapshotFiles)} and/or {string.Join(", ", MappingFiles)}.");
        }

        var problems = new List<string>();
        var units = new List<UnitVersion>();
        var links = new List<LineageLink>();

        if (snapshot is not null)
        {
            foreach (var d in snapshot.Districts.Values)
            {
                CheckProvince(d.ParentCode, $"district {d.Code}", provinceCodes, problems);
                units.Add(new UnitVersion(d.Code, AdminLevel.District, d.Type, d.Name, d.ParentCode, null, ProvinceFacts.ReformDate));
            }
        }

        var eve = mapping?.Eve;
        foreach (var c in snapshot?.Communes.Values ?? Enumerable.Empty<ListedUnit>())
        {
            if (!snapshot!.Districts.ContainsKey(c.ParentCode))
            {
                problems.Add($"commune {c.Code} names unknown district {c.ParentCode}");
            }

            if (eve is null)
            {
                // Without the eve list nothing says whether the commune lasted until the reform.
                units.Add(new UnitVersion(c.Code, AdminLevel.Commune, c.Type, c.Name, c.ParentCode, null, ProvinceFacts.ReformDate, ValidToInferred: true));
            }
            else if (!eve.TryGetValue(c.Code, out var later))
            {
                units.Add(new UnitVersion(c.Code, AdminLevel.Commune, c.Type, c.Name, c.ParentCode, null, EveOfReform, ValidToInferred: true));
            }
            else if (SameName(c.Name, later.Name) && c.Type == later.Type)
            {
                units.Add(new UnitVersion(c.Code, AdminLevel.Commune, c.Type, c.Name, c.ParentCode, null, ProvinceFacts.ReformDate));
            }
            else
            {
                var first = new UnitVersion(c.Code, AdminLevel.Commune, c.Type, c.Name, c.ParentCode, null, EveOfReform, ValidToInferred: true);
                var second = new UnitVersion(c.Code, AdminLevel.Commune, later.Type, later.Name, c.ParentCode, EveOfReform, ProvinceFacts.ReformDate, ValidFromInferred: true);
                units.Add(first);
                units.Add(second);
                links.Add(new LineageLink(first.Key, second.Key, LineageKind.Full));
            }
        }

        if (mapping is not null)
        {
            var known = snapshot?.Communes ?? new Dictionary<string, ListedUnit>();
            foreach (var c in mapping.Eve.Values.Where(c => !known.ContainsKey(c.Code)))
            {
                CheckProvince(c.ParentCode, $"commune {c.Code}", provinceCodes, problems);
                units.Add(new UnitVersion(c.Code, AdminLevel.Commune, c.Type, c.Name, c.ParentCode,
                    snapshot is null ? null : EveOfReform, ProvinceFacts.ReformDate, ValidFromInferred: snapshot is not null));
            }

            var onEve = units.Where(u => u.Level != AdminLevel.Province && (u.ValidTo == ProvinceFacts.ReformDate))
                .ToDictionary(u => u.Code, u => u.Key);
            foreach (var c in mapping.Current)
            {
                CheckProvince(c.Unit.ParentCode, $"commune {c.Unit.Code}", provinceCodes, problems);
                var unit = new UnitVersion(c.Unit.Code, AdminLevel.Commune, c.Unit.Type, c.Unit.Name, c.Unit.ParentCode, ProvinceFacts.ReformDate, null);
                units.Add(unit);
                foreach (var (oldCode, kind) in c.Predecessors)
                {
                    if (onEve.TryGetValue(oldCode, out var predecessor))
                    {
                        links.Add(new LineageLink(predecessor, unit.Key, kind));
                    }
                    else if (snapshot is not null || UnitCodes.LevelOf(oldCode) != AdminLevel.District)
                    {
                        // Without the snapshot the former districts (island districts became đặc khu) are unknown.
                        problems.Add($"commune {unit.Code} names predecessor {oldCode}, which no list has on {EveOfReform:yyyy-MM-dd}");
                    }
                }
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidDataException(
                $"The unit lists under '{folder}' are inconsistent ({problems.Count} problems), e.g.: {string.Join("; ", problems.Take(5))}");
        }

        return new UnitMap(units, links);
    }

    /// <summary>The districts and communes of the 2023 snapshot under <paramref name="folder"/>, or null if it has none.</summary>
    public static IReadOnlyDictionary<string, EditionUnit>? ReadSnapshotUnits(string folder)
    {
        if (FindSet(folder, SnapshotFiles) is not { } paths)
        {
            return null;
        }

        var snapshot = ReadSnapshot(paths);
        return snapshot.Districts.Values.Select(d => AsEditionUnit(d, AdminLevel.District))
            .Concat(snapshot.Communes.Values.Select(c => AsEditionUnit(c, AdminLevel.Commune)))
            .ToDictionary(u => u.Code);
    }

    /// <summary>The 2025-07-01 mapping under <paramref name="folder"/> (eve list, new communes, links by code), or null if it has none.</summary>
    public static ReformMapping? ReadReformMapping(string folder)
    {
        if (FindSet(folder, MappingFiles) is not { } paths)
        {
            return null;
        }

        var mapping = ReadMapping(paths);
        return new ReformMapping(
            mapping.Eve.Values.ToDictionary(c => c.Code, c => AsEditionUnit(c, AdminLevel.Commune)),
            mapping.Current.ToDictionary(c => c.Unit.Code, c => AsEditionUnit(c.Unit, AdminLevel.Commune)),
            mapping.Current.SelectMany(c => c.Predecessors.Select(p => (p.Code, c.Unit.Code, p.Kind))).ToList());
    }

    private static EditionUnit AsEditionUnit(ListedUnit unit, AdminLevel level) =>
        new(unit.Code, level, unit.Type, UnitTypes.CanonicalName(unit.Name, level), unit.ParentCode);

    private static bool SameName(string a, string b) => UnitNames.Fold(a) == UnitNames.Fold(b);

    private static void CheckProvince(string code, string what, IReadOnlySet<string> provinceCodes, List<string> problems)
    {
        if (!provinceCodes.Contains(code))
        {
            problems.Add($"{what} names unknown province {code}");
        }
    }

    private static string[]? FindSet(string folder, string[] names)
    {
        if (!Directory.Exists(folder))
        {
            return null;
        }

        var paths = names.Select(n => Directory.GetFiles(folder, n, SearchOption.AllDirectories)).ToArray();
        if (paths.All(p => p.Length == 0))
        {
            return null;
        }

        for (var i = 0; i < names.Length; i++)
        {
            if (paths[i].Length != 1)
            {
                throw new InvalidDataException(
                    $"Expected exactly one {names[i]} under '{folder}', found {paths[i].Length}.");
            }
        }

        return paths.Select(p => p[0]).ToArray();
    }

    private sealed record ListedUnit(string Code, string Name, string Type, string ParentCode);

    private sealed record Snapshot(Dictionary<string, ListedUnit> Districts, Dictionary<string, ListedUnit> Communes);

    private sealed record CurrentCommune(ListedUnit Unit, List<(string Code, LineageKind Kind)> Predecessors);

    private sealed record Mapping(Dictionary<string, ListedUnit> Eve, List<CurrentCommune> Current);

    private static Snapshot ReadSnapshot(string[] paths)
    {
        // The province file is read only to check it parses; provinces come from ProvinceFacts.
        _ = ReadKeyed(paths[0], AdminLevel.Province);
        return new Snapshot(ReadKeyed(paths[1], AdminLevel.District), ReadKeyed(paths[2], AdminLevel.Commune));
    }

    private static Dictionary<string, ListedUnit> ReadKeyed(string path, AdminLevel level)
    {
        var entries = Deserialize<Dictionary<string, SnapshotEntry>>(path);
        var result = new Dictionary<string, ListedUnit>(entries.Count);
        foreach (var (key, e) in entries)
        {
            if (e.Code != key || !UnitCodes.IsWellFormed(key) || UnitCodes.LevelOf(key) != level)
            {
                throw new InvalidDataException($"{Path.GetFileName(path)}: entry '{key}' has code '{e.Code}', not a {level} code.");
            }

            var name = UnitNames.Normalize(e.NameWithType ?? throw new InvalidDataException($"{Path.GetFileName(path)}: {key} has no name_with_type."));
            var parent = level == AdminLevel.Province ? "" : e.ParentCode ?? throw new InvalidDataException($"{Path.GetFileName(path)}: {key} has no parent_code.");
            result.Add(key, new ListedUnit(key, name, e.Type ?? UnitTypeOf(name, level, path), parent));
        }

        return result;
    }

    private static Mapping ReadMapping(string[] paths)
    {
        var merges = Deserialize<MergesFile>(paths[0]);
        var splits = Deserialize<SplitsFile>(paths[1]);

        var eve = new Dictionary<string, ListedUnit>();
        foreach (var province in splits.Data)
        {
            foreach (var c in province.Level3s)
            {
                var name = UnitNames.Normalize(c.Name);
                if (!eve.TryAdd(c.Level3Id, new ListedUnit(c.Level3Id, name, UnitTypeOf(name, AdminLevel.Commune, paths[1]), province.Level1Id)))
                {
                    throw new InvalidDataException($"splits.json lists commune {c.Level3Id} twice.");
                }
            }
        }

        var current = new List<CurrentCommune>();
        foreach (var province in merges.Data)
        {
            foreach (var c in province.Level2s)
            {
                var name = UnitNames.Normalize(c.Name);
                var unit = new ListedUnit(c.Level2Id, name, UnitTypeOf(name, AdminLevel.Commune, paths[0]), province.Level1Id);
                var predecessors = c.Merges.Select(m => (m.OldId, m.Type switch
                {
                    "full" => LineageKind.Full,
                    "partial" => LineageKind.Partial,
                    _ => throw new InvalidDataException($"merges.json: commune {c.Level2Id} has link type '{m.Type}'; expected full or partial."),
                })).ToList();
                current.Add(new CurrentCommune(unit, predecessors));
            }
        }

        return new Mapping(eve, current);
    }

    private static string UnitTypeOf(string name, AdminLevel level, string path) =>
        UnitTypes.FromName(name, level)
        ?? throw new InvalidDataException($"{Path.GetFileName(path)}: cannot tell the unit type of '{name}'.");

    private static T Deserialize<T>(string path)
    {
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize<T>(stream)
            ?? throw new InvalidDataException($"{Path.GetFileName(path)} is empty.");
    }

    private sealed record SnapshotEntry(
        [property: JsonPropertyName("code")] string Code,
        [property: JsonPropertyName("name_with_type")] string? NameWithType,
        [property: JsonPropertyName("type")] string? Type,
        [property: JsonPropertyName("parent_code")] string? ParentCode);

    private sealed record MergesFile([property: JsonPropertyName("data")] List<MergedProvince> Data);

    private sealed record MergedProvince(
        [property: JsonPropertyName("level1_id")] string Level1Id,
        [property: JsonPropertyName("level2s")] List<MergedCommune> Level2s);

    private sealed record MergedCommune(
        [property: JsonPropertyName("level2_id")] string Level2Id,
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("merges")] List<MergeLink> Merges);

    private sealed record MergeLink(
        [property: JsonPropertyName("old_id")] string OldId,
        [property: JsonPropertyName("type")] string Type);

    private sealed record SplitsFile([property: JsonPropertyName("data")] List<SplitProvince> Data);

    private sealed record SplitProvince(
        [property: JsonPropertyName("level1_id")] string Level1Id,
        [property: JsonPropertyName("level3s")] List<SplitCommune> Level3s);

    private sealed record SplitCommune(
        [property: JsonPropertyName("level3_id")] string Level3Id,
        [property: JsonPropertyName("name")] string Name);
}
