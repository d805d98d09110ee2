using System.Globalization;
using DanVan.Adapters.Errors;

namespace DanVan.Adapters.Units.Import;

// Longer than our files usually are, on purpose: the history's rules (ends, versions, gaps, the
// reform's links and their repairs) act on one builder's state, and read best in one place.

/// <summary>
/// Builds the effective-dated map from official editions. An edition says what exists from its date:
/// a code absent from the next edition ended on that edition's date (no successor is guessed); a code
/// whose name, type or parent changed got a new version from that date, linked whole to the old one;
/// a re-spelling (tone placement, case, type-prefix capitalisation) is no change. At the date of a
/// conversion table (the 2025 reform) every unit ended and the new ones began: communes are linked as
/// the table says, provinces as <see cref="ProvinceFacts"/> states.
/// <para>
/// A code missing from some editions but listed before and after them is a defect of those editions,
/// not an end: it is carried through the gap, and when it comes back changed the change is dated from
/// the first edition missing it (flagged inferred). The conversion table is matched by code and its
/// names checked loosely; a row whose code contradicts its names is repaired when the names point at
/// exactly one unit, and every disagreement is reported, never fatal.
/// </para>
/// </summary>
public static class EditionHistory
{
    /// <param name="editions">The editions, each the list in force from its effective date.</param>
    /// <param name="conversion">NSO's 2025 conversion table, or null: the reform's links then come from nothing.</param>
    /// <param name="before">
    /// An older observation of the map than the first edition (the 2023 snapshot), or null: its units
    /// then begin with open start, and what the first edition changed is dated from it, flagged inferred.
    /// </param>
    public static EditionImport Build(IReadOnlyList<UnitEdition> editions, ConversionTable? conversion, IReadOnlyDictionary<string, EditionUnit>? before)
    {
        if (editions.Count == 0)
        {
            throw new ArgumentException("At least one edition is needed.", nameof(editions));
        }

        var ordered = editions.OrderBy(e => e.EffectiveDate).ToList();
        if (ordered.Select(e => e.EffectiveDate).Distinct().Count() != ordered.Count)
        {
            throw new InvalidDataException("Two editions have the same effective date.");
        }

        var problems = new List<string>();
        if (conversion is not null && ordered.All(e => e.EffectiveDate != conversion.EffectiveDate))
        {
            problems.Add($"the conversion table of {conversion.EffectiveDate:yyyy-MM-dd} matches no edition: not used");
            conversion = null;
        }

        var inferredStarts = new HashSet<(string Code, DateOnly Date)>();
        var lists = FillGaps(ordered, conversion?.EffectiveDate, inferredStarts, problems);

        var builder = new Builder();
        var summaries = new List<EditionSummary>();
        if (before is null)
        {
            builder.Begin(lists[0].Units.Values);
            summaries.Add(new EditionSummary(lists[0].EffectiveDate, [], lists[0].Units.Count, 0));
        }
        else
        {
            builder.Begin(before.Values.Concat(lists[0].Units.Values.Where(u => u.Level == AdminLevel.Province && !before.ContainsKey(u.Code))));
            summaries.Add(builder.Advance(lists[0], inferredStarts, inferredBoundary: true));
        }

        foreach (var edition in lists.Skip(1))
        {
            summaries.Add(edition.EffectiveDate == conversion?.EffectiveDate
                ? builder.Reform(edition, conversion, problems)
                : builder.Advance(edition, inferredStarts, inferredBoundary: false));
        }

        return new EditionImport(builder.ToMap(lists[^1].EffectiveDate), summaries, problems);
    }

    /// <summary>
    /// The versions and links a new edition adds to a map: <paramref name="eve"/> is every version valid
    /// the day before the edition's date, <paramref name="fromDate"/> every version beginning on it (when
    /// the same edition was imported before). Unchanged units are not in the result.
    /// </summary>
    public static EditionImport Extend(IReadOnlyList<UnitVersion> eve, IReadOnlyList<UnitVersion> fromDate, UnitEdition edition)
    {
        var builder = new Builder();
        builder.Resume(eve);
        var summary = builder.Advance(edition, new HashSet<(string, DateOnly)>(), inferredBoundary: false);
        var map = builder.ToMap(null);

        // Ending a version that already ends on the edition's date is what a repeated import does;
        // anything else starting that day, or a unit the edition keeps but the map ended, is another edition.
        var stated = map.Units.Select(u => u.Key).ToHashSet();
        var foreign = fromDate.Where(u => !stated.Contains(u.Key)).Select(u => u.Code)
            .Concat(eve.Where(u => u.ValidTo == edition.EffectiveDate && !stated.Contains(u.Key)).Select(u => u.Code))
            .Distinct().Order(StringComparer.Ordinal).ToList();
        if (foreign.Count > 0)
        {
            throw new PreconditionFailedException("EDITION_CONFLICT",
                $"The map already holds other changes on {edition.EffectiveDate:yyyy-MM-dd} ({foreign.Count} units, e.g. {string.Join(", ", foreign.Take(5))}): " +
                "an edition of that date that differs from this one was imported before.");
        }

        return new EditionImport(map, [summary], []);
    }

    /// <summary>The editions with each gap of a code (missing, then back before any reform) filled; gaps reported.</summary>
    private static List<UnitEdition> FillGaps(List<UnitEdition> editions, DateOnly? reform, HashSet<(string, DateOnly)> inferredStarts, List<string> problems)
    {
        var units = editions.Select(e => new Dictionary<string, EditionUnit>(e.Units)).ToList();
        for (var k = 1; k < editions.Count - 1; k++)
        {
            if (editions[k].EffectiveDate == reform)
            {
                continue;
            }

            foreach (var (code, last) in units[k - 1].Where(p => !units[k].ContainsKey(p.Key)).OrderBy(p => p.Key, StringComparer.Ordinal).ToList())
            {
                var back = k + 1;
                while (back < editions.Count && editions[back].EffectiveDate != reform && !units[back].ContainsKey(code))
                {
                    back++;
                }

                if (back == editions.Count || editions[back].EffectiveDate == reform)
                {
                    continue;
                }

                var returned = units[back][code];
                var unchanged = Differences(last, returned) == UnitChangeKinds.None;
                for (var g = k; g < back; g++)
                {
                    units[g][code] = unchanged ? last : returned;
                }

                var missing = string.Join(", ", editions.Skip(k).Take(back - k).Select(e => e.EffectiveDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
                if (unchanged)
                {
                    problems.Add($"{code} {last.Name} is missing from the edition(s) of {missing} but listed before and after: taken as not ended");
                }
                else
                {
                    inferredStarts.Add((code, editions[k].EffectiveDate));
                    problems.Add($"{code} {last.Name} is missing from the edition(s) of {missing} and back as {returned.Name}: " +
                                 $"taken as not ended, changed from {editions[k].EffectiveDate:yyyy-MM-dd} (inferred)");
                }
            }
        }

        return editions.Select((e, i) => e with { Units = units[i] }).ToList();
    }

    private static UnitChangeKinds Differences(EditionUnit before, EditionUnit after)
    {
        var kinds = UnitChangeKinds.None;
        if (!UnitNames.SameSpelling(UnitTypes.BareName(before.Name, before.Level), UnitTypes.BareName(after.Name, after.Level)))
        {
            kinds |= UnitChangeKinds.Renamed;
        }

        if (before.UnitType != after.UnitType)
        {
            kinds |= UnitChangeKinds.Retyped;
        }

        if (before.ParentCode != after.ParentCode)
        {
            kinds |= UnitChangeKinds.Moved;
        }

        return kinds;
    }

    private static EditionUnit AsListed(UnitVersion v) => new(v.Code, v.Level, v.UnitType, v.Name, v.ParentCode);

    private static UnitVersion Start(EditionUnit u, DateOnly? from, bool inferred) =>
        new(u.Code, u.Level, u.UnitType, u.Name, u.ParentCode, from, null, ValidFromInferred: inferred);

    /// <summary>Loose match of a conversion-table name with a unit's: type prefix, case, diacritics and punctuation aside.</summary>
    private static bool LooselyNamed(string tableName, UnitVersion unit) =>
        Loose(UnitTypes.BareName(tableName, unit.Level)) == Loose(UnitTypes.BareName(unit.Name, unit.Level));

    private static string Loose(string name) => new(UnitNames.Fold(name).Where(char.IsLetterOrDigit).ToArray());

    private sealed class Builder
    {
        private readonly List<UnitVersion> _closed = [];
        private readonly List<LineageLink> _links = [];
        private Dictionary<string, UnitVersion> _open = [];
        private HashSet<UnitVersionKey> _resumed = [];

        public void Begin(IEnumerable<EditionUnit> units) =>
            _open = units.ToDictionary(u => u.Code, u => Start(u, null, false));

        /// <summary>Continues from versions already on record; those left as they are are not in <see cref="ToMap"/>.</summary>
        public void Resume(IEnumerable<UnitVersion> versions)
        {
            _open = versions.ToDictionary(v => v.Code);
            _resumed = _open.Values.Select(v => v.Key).ToHashSet();
        }

        public UnitMap ToMap(DateOnly? horizon) => new([.. _closed, .. _open.Values.Where(v => !_resumed.Contains(v.Key))], _links, horizon);

        public EditionSummary Advance(UnitEdition edition, HashSet<(string, DateOnly)> inferredStarts, bool inferredBoundary)
        {
            var date = edition.EffectiveDate;
            var changes = new List<UnitChange>();
            var next = new Dictionary<string, UnitVersion>(edition.Units.Count);
            int unchanged = 0, respelled = 0;
            foreach (var (code, old) in _open.Where(p => !edition.Units.ContainsKey(p.Key)).OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                var ended = old with { ValidTo = date, ValidToInferred = inferredBoundary };
                _closed.Add(ended);
                changes.Add(new UnitChange(code, old.Level, UnitChangeKinds.Ended, ended, null));
            }

            foreach (var unit in edition.Units.Values.OrderBy(u => u.Code, StringComparer.Ordinal))
            {
                var inferred = inferredBoundary || inferredStarts.Contains((unit.Code, date));
                if (!_open.TryGetValue(unit.Code, out var old))
                {
                    var started = Start(unit, date, inferred);
                    next.Add(unit.Code, started);
                    changes.Add(new UnitChange(unit.Code, unit.Level, UnitChangeKinds.Started, null, started));
                    continue;
                }

                var kinds = Differences(AsListed(old), unit);
                if (kinds == UnitChangeKinds.None)
                {
                    next.Add(unit.Code, old);
                    unchanged++;
                    respelled += old.Name == unit.Name ? 0 : 1;
                    continue;
                }

                var closed = old with { ValidTo = date, ValidToInferred = inferred };
                var successor = Start(unit, date, inferred);
                _closed.Add(closed);
                next.Add(unit.Code, successor);
                _links.Add(new LineageLink(closed.Key, successor.Key, LineageKind.Full));
                changes.Add(new UnitChange(unit.Code, unit.Level, kinds, closed, successor));
            }

            _open = next;
            return new EditionSummary(date, changes, unchanged, respelled);
        }

        public EditionSummary Reform(UnitEdition edition, ConversionTable table, List<string> problems)
        {
            var date = edition.EffectiveDate;
            var eve = _open;
            var changes = new List<UnitChange>();
            foreach (var old in eve.Values.OrderBy(v => v.Code, StringComparer.Ordinal).ToList())
            {
                var ended = old with { ValidTo = date };
                _closed.Add(ended);
                eve[old.Code] = ended;
                changes.Add(new UnitChange(old.Code, old.Level, UnitChangeKinds.Ended, ended, null));
            }

            _open = edition.Units.Values.ToDictionary(u => u.Code, u => Start(u, date, false));
            changes.AddRange(_open.Values.OrderBy(v => v.Code, StringComparer.Ordinal)
                .Select(v => new UnitChange(v.Code, v.Level, UnitChangeKinds.Started, null, v)));

            foreach (var (code, predecessors) in ProvinceFacts.ReformPredecessors)
            {
                if (!_open.TryGetValue(code, out var province))
                {
                    problems.Add($"province {code} of the reform is not in the {date:yyyy-MM-dd} edition");
                    continue;
                }

                foreach (var p in predecessors)
                {
                    if (eve.TryGetValue(p, out var former))
                    {
                        _links.Add(new LineageLink(former.Key, province.Key, LineageKind.Full));
                    }
                    else
                    {
                        problems.Add($"province {p}, merged into {code}, is not in the edition before {date:yyyy-MM-dd}");
                    }
                }
            }

            foreach (var extra in _open.Values.Where(v => v.Level == AdminLevel.Province && ProvinceFacts.ReformPredecessors.All(r => r.Code != v.Code)))
            {
                problems.Add($"province {extra.Code} of the {date:yyyy-MM-dd} edition is not one of the reform's 34");
            }

            LinkByTable(eve, table, problems);
            return new EditionSummary(date, changes, 0, 0);
        }

        private void LinkByTable(Dictionary<string, UnitVersion> eve, ConversionTable table, List<string> problems)
        {
            var links = new Dictionary<(UnitVersionKey, UnitVersionKey), LineageKind>();
            var eveCommunes = eve.Values.Where(v => v.Level == AdminLevel.Commune).ToList();
            var newCommunes = _open.Values.Where(v => v.Level == AdminLevel.Commune).ToList();
            var at = $"conversion table of {table.EffectiveDate:yyyy-MM-dd}";
            foreach (var row in table.Rows)
            {
                var predecessor = OldUnit(row, eve, eveCommunes, at, problems);
                var successor = NewUnit(row, newCommunes, at, problems);
                if (predecessor is null || successor is null)
                {
                    continue;
                }

                var key = (predecessor.Key, successor.Key);
                if (links.TryGetValue(key, out var kind) && kind != row.Kind)
                {
                    problems.Add($"{at}: row {row.SourceRow} links {predecessor.Code} → {successor.Code} again, as {row.Kind}: taken as partial");
                    links[key] = LineageKind.Partial;
                }
                else
                {
                    links[key] = row.Kind;
                }
            }

            _links.AddRange(links.Select(l => new LineageLink(l.Key.Item1, l.Key.Item2, l.Value)));

            var linkedOld = links.Keys.Select(k => k.Item1).ToHashSet();
            var linkedNew = links.Keys.Select(k => k.Item2).ToHashSet();
            foreach (var orphan in eveCommunes.Where(c => !linkedOld.Contains(c.Key)))
            {
                problems.Add($"{at}: commune {orphan.Code} {orphan.Name} has no row: it ends without successor");
            }

            foreach (var orphan in newCommunes.Where(c => !linkedNew.Contains(c.Key)))
            {
                problems.Add($"{at}: commune {orphan.Code} {orphan.Name} has no row: it begins without predecessor");
            }
        }

        private static UnitVersion? OldUnit(ConversionRow row, Dictionary<string, UnitVersion> eve, List<UnitVersion> eveCommunes, string at, List<string> problems)
        {
            if (row.OldCode.Length == 0)
            {
                // An island district without communes became a đặc khu whole; anything else without a code is no unit.
                if (row.OldName.Length == 0 && eve.TryGetValue(row.OldDistrictCode, out var district) && district.Level == AdminLevel.District)
                {
                    CheckProvince(row, district, district.ParentCode, at, problems);
                    return district;
                }

                problems.Add($"{at}: row {row.SourceRow} has no old unit code ('{row.OldName}', district {row.OldDistrictCode}): no link to {row.NewCode}");
                return null;
            }

            eve.TryGetValue(row.OldCode, out var unit);
            if (unit is null || !LooselyNamed(row.OldName, unit))
            {
                var named = eveCommunes.Where(c => c.ParentCode == row.OldDistrictCode && LooselyNamed(row.OldName, c)).ToList();
                if (named.Count == 1)
                {
                    problems.Add($"{at}: row {row.SourceRow} has old code {row.OldCode} ({unit?.Name ?? "no such unit"}) for {row.OldName}, " +
                                 $"which is {named[0].Code} in district {row.OldDistrictCode}: linked {named[0].Code}");
                    unit = named[0];
                }
                else if (unit is null)
                {
                    problems.Add($"{at}: row {row.SourceRow} names old code {row.OldCode}, which no edition has on the eve: skipped");
                    return null;
                }
                else
                {
                    problems.Add($"{at}: row {row.SourceRow} names {row.OldCode} '{row.OldName}', the edition '{unit.Name}': linked by code");
                }
            }

            CheckProvince(row, unit, eve.TryGetValue(unit.ParentCode!, out var d) ? d.ParentCode : unit.ParentCode, at, problems);
            return unit;
        }

        private static void CheckProvince(ConversionRow row, UnitVersion unit, string? province, string at, List<string> problems)
        {
            if (province is not null && row.OldProvinceCode != province)
            {
                problems.Add($"{at}: row {row.SourceRow} gives {unit.Code} the old province {row.OldProvinceCode}; the edition has {province}");
            }
        }

        private UnitVersion? NewUnit(ConversionRow row, List<UnitVersion> newCommunes, string at, List<string> problems)
        {
            if (_open.TryGetValue(row.NewCode, out var unit))
            {
                if (!LooselyNamed(row.NewName, unit))
                {
                    problems.Add($"{at}: row {row.SourceRow} names {row.NewCode} '{row.NewName}', the edition '{unit.Name}': linked by code");
                }

                return unit;
            }

            var named = newCommunes.Where(c => c.ParentCode == row.NewProvinceCode && LooselyNamed(row.NewName, c)).ToList();
            if (named.Count == 1)
            {
                problems.Add($"{at}: row {row.SourceRow} gives {row.NewName} the new code {row.NewCode}; the edition has {named[0].Code}: linked {named[0].Code}");
                return named[0];
            }

            problems.Add($"{at}: row {row.SourceRow} names new code {row.NewCode}, which the edition does not have: skipped");
            return null;
        }
    }
}
