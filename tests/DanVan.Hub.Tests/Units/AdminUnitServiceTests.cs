using DanVan.Contracts.V1;
using Google.Rpc;
using Grpc.Core;
using Date = Google.Type.Date;

namespace DanVan.Hub.Tests.Units;

/// <summary>AdminUnitService over a real channel, on the real map loaded from ../shared/data/units.</summary>
public sealed class AdminUnitServiceTests(RealMapHubFixture fixture) : HubTest<RealMapHubFixture>(fixture)
{
    private readonly AdminUnitService.AdminUnitServiceClient _client = new(fixture.Host.CallInvoker);

    private static readonly Date AfterReform = new() { Year = 2025, Month = 8, Day = 1 };
    private static readonly Date MidYear2023 = new() { Year = 2023, Month = 6, Day = 1 };
    private static readonly Date NewYear2024 = new() { Year = 2024, Month = 1, Day = 1 };

    [Theory]
    [InlineData(AdminLevel.Province, 34)]
    [InlineData(AdminLevel.Commune, 3321)]
    [InlineData(AdminLevel.District, 0)]
    public async Task Listing_a_level_nationwide_after_the_reform_counts_the_two_level_map(AdminLevel level, int expected)
    {
        var units = await ListAllAsync(new ListUnitsRequest { Level = level, AsOf = AfterReform, PageSize = 1000 });

        Assert.Equal(expected, units.Count);
        Assert.All(units, u => Assert.Equal(level, u.Level));
        Assert.Equal(units.Count, units.Select(u => u.Code).Distinct().Count());
    }

    [Theory]
    [InlineData(AdminLevel.Province, 63)]
    [InlineData(AdminLevel.District, 705)]
    // The official edition of 2023-04-10 (10,598 communes) wins over the older snapshot (10,599).
    [InlineData(AdminLevel.Commune, 10598)]
    public async Task Listing_a_level_nationwide_in_mid_2023_counts_the_three_level_map(AdminLevel level, int expected)
    {
        var units = await ListAllAsync(new ListUnitsRequest { Level = level, AsOf = MidYear2023, PageSize = 1000 });

        Assert.Equal(expected, units.Count);
    }

    [Fact]
    public async Task Listing_with_no_parent_and_no_level_gives_the_provinces()
    {
        var units = await ListAllAsync(new ListUnitsRequest { AsOf = AfterReform });

        Assert.Equal(34, units.Count);
        Assert.Contains(units, u => u.Code == "24" && u.Name == "Tỉnh Bắc Ninh");
    }

    [Fact]
    public async Task Code_24_meant_Bac_Giang_before_the_reform_and_Bac_Ninh_after()
    {
        var before = await _client.GetUnitAsync(new GetUnitRequest { Code = "24", AsOf = NewYear2024 });
        var after = await _client.GetUnitAsync(new GetUnitRequest { Code = "24", AsOf = AfterReform });

        Assert.Equal("Tỉnh Bắc Giang", before.Unit.Name);
        Assert.Equal(new Date { Year = 2025, Month = 7, Day = 1 }, before.Unit.ValidTo);
        Assert.Equal("Tỉnh Bắc Ninh", after.Unit.Name);
        Assert.Equal(new Date { Year = 2025, Month = 7, Day = 1 }, after.Unit.ValidFrom);
        Assert.Null(after.Unit.ValidTo);
    }

    [Fact]
    public async Task Commune_00004_was_Truc_Bach_and_is_now_Ba_Dinh()
    {
        var before = await _client.GetUnitAsync(new GetUnitRequest { Code = "00004", AsOf = NewYear2024 });
        var after = await _client.GetUnitAsync(new GetUnitRequest { Code = "00004", AsOf = AfterReform });

        Assert.Equal("Phường Trúc Bạch", before.Unit.Name);
        Assert.Equal("001", before.Unit.ParentCode);
        Assert.Equal(AdminLevel.Commune, before.Unit.Level);
        Assert.Equal("Phường Ba Đình", after.Unit.Name);
        Assert.Equal("01", after.Unit.ParentCode);
        Assert.Equal("phuong", after.Unit.UnitType);
    }

    [Fact]
    public async Task Resolving_Ha_Nam_in_2024_gives_Ninh_Binh_as_its_full_successor()
    {
        var resolved = await _client.ResolveUnitAsync(new ResolveUnitRequest { Code = "35", AsOf = NewYear2024 });

        Assert.Equal("Tỉnh Hà Nam", resolved.Unit.Name);
        var successor = Assert.Single(resolved.Successors);
        Assert.Equal("37", successor.Unit.Code);
        Assert.Equal("Tỉnh Ninh Bình", successor.Unit.Name);
        Assert.Equal(LineageKind.Full, successor.Kind);
    }

    [Fact]
    public async Task Resolving_a_commune_split_over_several_new_ones_marks_each_link_partial()
    {
        // Phường Ngọc Hà (00016) was split between the new Ba Đình (00004) and Ngọc Hà (00008), among others.
        var resolved = await _client.ResolveUnitAsync(new ResolveUnitRequest { Code = "00016", AsOf = NewYear2024 });

        Assert.True(resolved.Successors.Count >= 2);
        Assert.All(resolved.Successors, s => Assert.Equal(LineageKind.Partial, s.Kind));
        Assert.Contains(resolved.Successors, s => s.Unit.Code == "00004" && s.Unit.Name == "Phường Ba Đình");
    }

    [Fact]
    public async Task Resolving_a_unit_valid_today_gives_itself()
    {
        var resolved = await _client.ResolveUnitAsync(new ResolveUnitRequest { Code = "00004" });

        Assert.Equal("Phường Ba Đình", resolved.Unit.Name);
        var successor = Assert.Single(resolved.Successors);
        Assert.Equal("00004", successor.Unit.Code);
        Assert.Equal(LineageKind.Full, successor.Kind);
    }

    [Theory]
    [InlineData("ha noi", "01", "Thành phố Hà Nội")]
    [InlineData("HÀ NỘI", "01", "Thành phố Hà Nội")]
    [InlineData("bac ninh", "24", "Tỉnh Bắc Ninh")]
    public async Task Name_search_ignores_case_and_diacritics(string query, string code, string name)
    {
        var units = await ListAllAsync(new ListUnitsRequest { Query = query, Level = AdminLevel.Province, AsOf = AfterReform });

        var unit = Assert.Single(units);
        Assert.Equal((code, name), (unit.Code, unit.Name));
    }

    [Fact]
    public async Task Name_search_with_no_parent_and_no_level_searches_every_level_nationwide()
    {
        var units = await ListAllAsync(new ListUnitsRequest { Query = "bac ninh", AsOf = AfterReform });

        Assert.Contains(units, u => u.Code == "24" && u.Level == AdminLevel.Province);
        Assert.Contains(units, u => u.Level == AdminLevel.Commune && u.Code == "22546" && u.Name == "Xã Bắc Ninh Hòa");
        Assert.All(units, u => Assert.Contains("bac ninh", Fold(u.Name)));
        Assert.Equal(units.Select(u => u.Code).Order(StringComparer.Ordinal), units.Select(u => u.Code));
    }

    [Theory]
    [InlineData("ea h'leo")]
    [InlineData("ea h\u2019leo")]
    [InlineData("Ea H\u02BCLeo")]
    public async Task Name_search_folds_the_apostrophe_variants(string query)
    {
        var units = await ListAllAsync(new ListUnitsRequest { Query = query, AsOf = NewYear2024 });

        Assert.Contains(units, u => u.Level == AdminLevel.District && u.Code == "645" && u.Name == "Huyện Ea H'leo");
        Assert.Contains(units, u => u.Level == AdminLevel.Commune && u.ParentCode == "645" && u.Name == "Xã Ea H'leo");
    }

    [Fact]
    public async Task The_map_has_the_official_counts_of_each_edition()
    {
        foreach (var (asOf, counts) in new[]
                 {
                     (NewYear2024, new[] { 63, 705, 10598 }),
                     (new Date { Year = 2025, Month = 6, Day = 30 }, new[] { 63, 696, 10035 }),
                     (AfterReform, new[] { 34, 0, 3321 }),
                 })
        {
            var found = new List<int>();
            foreach (var level in new[] { AdminLevel.Province, AdminLevel.District, AdminLevel.Commune })
            {
                found.Add((await ListAllAsync(new ListUnitsRequest { Level = level, AsOf = asOf, PageSize = 1000 })).Count);
            }

            Assert.Equal(counts, found);
        }
    }

    [Fact]
    public async Task Dong_Nai_is_a_province_on_2026_04_29_and_a_centrally_run_city_on_2026_05_01()
    {
        var before = await _client.GetUnitAsync(new GetUnitRequest { Code = "75", AsOf = new Date { Year = 2026, Month = 4, Day = 29 } });
        var after = await _client.GetUnitAsync(new GetUnitRequest { Code = "75", AsOf = new Date { Year = 2026, Month = 5, Day = 1 } });

        Assert.Equal(("Tỉnh Đồng Nai", "tinh"), (before.Unit.Name, before.Unit.UnitType));
        Assert.Equal(("Thành phố Đồng Nai", "thanh-pho"), (after.Unit.Name, after.Unit.UnitType));
        Assert.Equal(new Date { Year = 2026, Month = 4, Day = 30 }, after.Unit.ValidFrom);
    }

    [Fact]
    public async Task ResolveUnit_agrees_with_the_conversion_table_on_every_pair_that_is_not_a_known_bad_row()
    {
        var reform = new DateOnly(2025, 7, 1);
        var table = DanVan.Adapters.Units.Import.GsoFiles.ReadConversion(
            reform, await File.ReadAllBytesAsync(Path.Combine(RepoPaths.SharedEditionsDir, "conversion-2025-07-01.csv")), "table");
        // Rows 426, 912 and 1260 carry a wrong old code (repaired by name on import); Ba Chẽ is 06978 in the editions.
        int[] wrongOldCode = [426, 912, 1260];
        var pairs = table.Rows.Where(r => !wrongOldCode.Contains(r.SourceRow) && r.OldName.Length == 0 == (r.OldCode.Length == 0))
            .Where(r => r.OldCode.Length > 0 || r.OldDistrictCode is "318" or "471" or "498" or "536" or "755")
            .Select(r => (Old: r.OldCode.Length > 0 ? r.OldCode : r.OldDistrictCode, New: r.NewCode == "06970" ? "06978" : r.NewCode,
                          Kind: r.Kind == DanVan.Adapters.Units.LineageKind.Full ? LineageKind.Full : LineageKind.Partial))
            .ToList();
        var eve = new Date { Year = 2025, Month = 6, Day = 30 };

        var successors = new System.Collections.Concurrent.ConcurrentDictionary<string, HashSet<(string, LineageKind)>>();
        await Parallel.ForEachAsync(pairs.Select(p => p.Old).Concat(["01651", "02482"]).Distinct(), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (code, ct) =>
        {
            var resolved = await _client.ResolveUnitAsync(new ResolveUnitRequest { Code = code, AsOf = eve }, cancellationToken: ct);
            successors[code] = resolved.Successors.Select(s => (s.Unit.Code, s.Kind)).ToHashSet();
        });

        var disagreeing = pairs.Where(p => !successors[p.Old].Contains((p.New, p.Kind))).ToList();
        Assert.Equal(10562 + 5, pairs.Count);
        Assert.Empty(disagreeing);
        // The only successors the table does not list are those of the three repaired rows (01651 and 02482
        // have no other row: without the repair they would end without successor).
        var listed = pairs.Select(p => (p.Old, p.New)).ToHashSet();
        var extra = successors.SelectMany(s => s.Value.Select(v => (s.Key, v.Item1))).Where(p => !listed.Contains(p)).Order().ToList();
        Assert.Equal([("00556", "00562"), ("01651", "01648"), ("02482", "02494")], extra);
    }

    [Fact]
    public async Task Xa_Ia_Mo_is_23938()
    {
        var unit = await _client.GetUnitAsync(new GetUnitRequest { Code = "23938", AsOf = AfterReform });
        var successors = (await _client.ResolveUnitAsync(new ResolveUnitRequest { Code = "23938", AsOf = new Date { Year = 2025, Month = 6, Day = 30 } })).Successors;

        Assert.Equal("Xã Ia Mơ", unit.Unit.Name);
        Assert.Contains(successors, s => s.Unit.Code == "23938" && s.Unit.Name == "Xã Ia Mơ");
    }

    [Fact]
    public async Task Name_search_finds_a_commune_by_its_unaccented_name_inside_its_province()
    {
        var units = await ListAllAsync(new ListUnitsRequest
        {
            ParentCode = "01", Level = AdminLevel.Commune, Query = "ba dinh", AsOf = AfterReform,
        });

        Assert.Contains(units, u => u.Code == "00004" && u.Name == "Phường Ba Đình");
        Assert.All(units, u => Assert.Contains("ba dinh", Fold(u.Name)));
    }

    [Fact]
    public async Task Listing_a_province_by_level_before_the_reform_reaches_communes_through_districts()
    {
        var districts = await ListAllAsync(new ListUnitsRequest { ParentCode = "01", AsOf = MidYear2023 });
        var communes = await ListAllAsync(new ListUnitsRequest { ParentCode = "01", Level = AdminLevel.Commune, AsOf = MidYear2023 });
        var communesOfBaDinh = await ListAllAsync(new ListUnitsRequest { ParentCode = "001", AsOf = MidYear2023 });

        Assert.Equal(30, districts.Count);
        Assert.All(districts, d => Assert.Equal(AdminLevel.District, d.Level));
        Assert.Equal(579, communes.Count);
        Assert.Contains(communesOfBaDinh, c => c.Name == "Phường Trúc Bạch");
        Assert.All(communesOfBaDinh, c => Assert.Equal("001", c.ParentCode));
    }

    [Fact]
    public async Task Paging_returns_every_unit_once_and_an_empty_token_on_the_last_page()
    {
        var first = await _client.ListUnitsAsync(new ListUnitsRequest { AsOf = AfterReform, PageSize = 10 });
        var second = await _client.ListUnitsAsync(new ListUnitsRequest { AsOf = AfterReform, PageSize = 10, PageToken = first.NextPageToken });
        var last = await _client.ListUnitsAsync(new ListUnitsRequest { AsOf = AfterReform, PageSize = 20, PageToken = second.NextPageToken });

        Assert.Equal(10, first.Units.Count);
        Assert.Equal(10, second.Units.Count);
        Assert.Equal(14, last.Units.Count);
        Assert.Equal("", last.NextPageToken);
        var codes = first.Units.Concat(second.Units).Concat(last.Units).Select(u => u.Code).ToList();
        Assert.Equal(codes.Order(StringComparer.Ordinal), codes);
        Assert.Equal(34, codes.Distinct().Count());
    }

    [Fact]
    public async Task An_unknown_code_is_not_found()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            _client.GetUnitAsync(new GetUnitRequest { Code = "99999", AsOf = AfterReform }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Equal("ADMIN_UNIT_NOT_FOUND", error.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason);
    }

    [Fact]
    public async Task A_code_that_did_not_exist_yet_on_the_date_is_not_found()
    {
        // Đặc khu Côn Đảo exists only from the reform on.
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            _client.ResolveUnitAsync(new ResolveUnitRequest { Code = "26732", AsOf = NewYear2024 }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    [Theory]
    [InlineData("", "code")]
    [InlineData("1", "code")]
    [InlineData("0004", "code")]
    [InlineData("0000a", "code")]
    public async Task A_malformed_code_is_an_invalid_argument_naming_the_field(string code, string field)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            _client.GetUnitAsync(new GetUnitRequest { Code = code }).ResponseAsync);

        AssertViolations(error, field);
    }

    [Theory]
    [InlineData(2025, 2, 30)]
    [InlineData(2025, 13, 1)]
    [InlineData(2025, 0, 1)]
    [InlineData(0, 1, 1)]
    public async Task An_impossible_date_is_an_invalid_argument_naming_as_of(int year, int month, int day)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _client.ResolveUnitAsync(new ResolveUnitRequest
        {
            Code = "01", AsOf = new Date { Year = year, Month = month, Day = day },
        }).ResponseAsync);

        AssertViolations(error, "as_of");
    }

    [Fact]
    public async Task A_negative_page_size_is_an_invalid_argument()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            _client.ListUnitsAsync(new ListUnitsRequest { PageSize = -1 }).ResponseAsync);

        AssertViolations(error, "page_size");
    }

    [Fact]
    public async Task A_page_token_from_another_query_is_an_invalid_argument()
    {
        var provinces = await _client.ListUnitsAsync(new ListUnitsRequest { AsOf = AfterReform, PageSize = 5 });

        var error = await Assert.ThrowsAsync<RpcException>(() => _client.ListUnitsAsync(new ListUnitsRequest
        {
            AsOf = AfterReform, Level = AdminLevel.Commune, PageSize = 5, PageToken = provinces.NextPageToken,
        }).ResponseAsync);

        AssertViolations(error, "page_token");
    }

    [Fact]
    public async Task A_garbage_page_token_is_an_invalid_argument()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            _client.ListUnitsAsync(new ListUnitsRequest { PageToken = "not-a-token!" }).ResponseAsync);

        AssertViolations(error, "page_token");
    }

    [Fact]
    public async Task Every_invalid_field_is_reported_at_once()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _client.ListUnitsAsync(new ListUnitsRequest
        {
            ParentCode = "x1", AsOf = new Date { Year = 2025, Month = 2, Day = 29 }, PageSize = -5, PageToken = "???",
        }).ResponseAsync);

        AssertViolations(error, "parent_code", "as_of", "page_size", "page_token");
    }

    [Fact]
    public async Task A_level_above_the_parent_is_an_invalid_argument()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _client.ListUnitsAsync(new ListUnitsRequest
        {
            ParentCode = "00004", Level = AdminLevel.Province,
        }).ResponseAsync);

        AssertViolations(error, "level");
    }

    [Fact]
    public async Task Listing_under_an_unknown_parent_is_not_found()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            _client.ListUnitsAsync(new ListUnitsRequest { ParentCode = "001", AsOf = AfterReform }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    private static void AssertViolations(RpcException error, params string[] fields)
    {
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var status = error.GetRpcStatus();
        Assert.NotNull(status);
        var badRequest = status.GetDetail<BadRequest>();
        Assert.NotNull(badRequest);
        Assert.Equal(fields.Order(), badRequest.FieldViolations.Select(v => v.Field).Distinct().Order());
        Assert.All(badRequest.FieldViolations, v => Assert.False(string.IsNullOrWhiteSpace(v.Description)));
        Assert.Equal("INVALID_ARGUMENT", status.GetDetail<ErrorInfo>().Reason);
    }

    private async Task<List<DanVan.Contracts.V1.AdminUnit>> ListAllAsync(ListUnitsRequest request)
    {
        var units = new List<DanVan.Contracts.V1.AdminUnit>();
        for (var page = 0; page < 100; page++)
        {
            var response = await _client.ListUnitsAsync(request);
            units.AddRange(response.Units);
            if (response.NextPageToken == "")
            {
                return units;
            }

            request = request.Clone();
            request.PageToken = response.NextPageToken;
        }

        throw new InvalidOperationException("Paging did not end after 100 pages.");
    }

    private static string Fold(string name) => DanVan.Adapters.Units.UnitNames.Fold(name);
}
