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
    [InlineData(AdminLevel.Commune, 10599)]
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
        var units = await ListAllAsync(new ListUnitsRequest { Query = query, AsOf = AfterReform });

        var unit = Assert.Single(units);
        Assert.Equal((code, name), (unit.Code, unit.Name));
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
