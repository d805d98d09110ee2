namespace DanVan.Adapters.Units.Import;

/// <summary>
/// The provinces the hub knows without any imported list: the 63 provinces before the 2025 reform and
/// the 34 after it (Resolution 202/2025/QH15, in force 2025-07-01, every province merged whole), plus
/// Thừa Thiên Huế becoming Thành phố Huế on 2025-01-01 (Resolution 1314/NQ-UBTVQH15).
/// Imported lists add districts and communes under these.
/// </summary>
public static class ProvinceFacts
{
    public static readonly DateOnly ReformDate = new(2025, 7, 1);

    private static readonly DateOnly HueCityDate = new(2025, 1, 1);

    private static readonly (string Code, string Name)[] Former =
    [
        ("01", "Thành phố Hà Nội"), ("02", "Tỉnh Hà Giang"), ("04", "Tỉnh Cao Bằng"),
        ("06", "Tỉnh Bắc Kạn"), ("08", "Tỉnh Tuyên Quang"), ("10", "Tỉnh Lào Cai"),
        ("11", "Tỉnh Điện Biên"), ("12", "Tỉnh Lai Châu"), ("14", "Tỉnh Sơn La"),
        ("15", "Tỉnh Yên Bái"), ("17", "Tỉnh Hoà Bình"), ("19", "Tỉnh Thái Nguyên"),
        ("20", "Tỉnh Lạng Sơn"), ("22", "Tỉnh Quảng Ninh"), ("24", "Tỉnh Bắc Giang"),
        ("25", "Tỉnh Phú Thọ"), ("26", "Tỉnh Vĩnh Phúc"), ("27", "Tỉnh Bắc Ninh"),
        ("30", "Tỉnh Hải Dương"), ("31", "Thành phố Hải Phòng"), ("33", "Tỉnh Hưng Yên"),
        ("34", "Tỉnh Thái Bình"), ("35", "Tỉnh Hà Nam"), ("36", "Tỉnh Nam Định"),
        ("37", "Tỉnh Ninh Bình"), ("38", "Tỉnh Thanh Hóa"), ("40", "Tỉnh Nghệ An"),
        ("42", "Tỉnh Hà Tĩnh"), ("44", "Tỉnh Quảng Bình"), ("45", "Tỉnh Quảng Trị"),
        ("46", "Tỉnh Thừa Thiên Huế"), ("48", "Thành phố Đà Nẵng"), ("49", "Tỉnh Quảng Nam"),
        ("51", "Tỉnh Quảng Ngãi"), ("52", "Tỉnh Bình Định"), ("54", "Tỉnh Phú Yên"),
        ("56", "Tỉnh Khánh Hòa"), ("58", "Tỉnh Ninh Thuận"), ("60", "Tỉnh Bình Thuận"),
        ("62", "Tỉnh Kon Tum"), ("64", "Tỉnh Gia Lai"), ("66", "Tỉnh Đắk Lắk"),
        ("67", "Tỉnh Đắk Nông"), ("68", "Tỉnh Lâm Đồng"), ("70", "Tỉnh Bình Phước"),
        ("72", "Tỉnh Tây Ninh"), ("74", "Tỉnh Bình Dương"), ("75", "Tỉnh Đồng Nai"),
        ("77", "Tỉnh Bà Rịa - Vũng Tàu"), ("79", "Thành phố Hồ Chí Minh"), ("80", "Tỉnh Long An"),
        ("82", "Tỉnh Tiền Giang"), ("83", "Tỉnh Bến Tre"), ("84", "Tỉnh Trà Vinh"),
        ("86", "Tỉnh Vĩnh Long"), ("87", "Tỉnh Đồng Tháp"), ("89", "Tỉnh An Giang"),
        ("91", "Tỉnh Kiên Giang"), ("92", "Thành phố Cần Thơ"), ("93", "Tỉnh Hậu Giang"),
        ("94", "Tỉnh Sóc Trăng"), ("95", "Tỉnh Bạc Liêu"), ("96", "Tỉnh Cà Mau"),
    ];

    private static readonly (string Code, string Name, string[] Predecessors)[] Current =
    [
        ("01", "Thành phố Hà Nội", ["01"]),
        ("04", "Tỉnh Cao Bằng", ["04"]),
        ("08", "Tỉnh Tuyên Quang", ["02", "08"]),
        ("11", "Tỉnh Điện Biên", ["11"]),
        ("12", "Tỉnh Lai Châu", ["12"]),
        ("14", "Tỉnh Sơn La", ["14"]),
        ("15", "Tỉnh Lào Cai", ["10", "15"]),
        ("19", "Tỉnh Thái Nguyên", ["06", "19"]),
        ("20", "Tỉnh Lạng Sơn", ["20"]),
        ("22", "Tỉnh Quảng Ninh", ["22"]),
        ("24", "Tỉnh Bắc Ninh", ["24", "27"]),
        ("25", "Tỉnh Phú Thọ", ["17", "25", "26"]),
        ("31", "Thành phố Hải Phòng", ["30", "31"]),
        ("33", "Tỉnh Hưng Yên", ["33", "34"]),
        ("37", "Tỉnh Ninh Bình", ["35", "36", "37"]),
        ("38", "Tỉnh Thanh Hóa", ["38"]),
        ("40", "Tỉnh Nghệ An", ["40"]),
        ("42", "Tỉnh Hà Tĩnh", ["42"]),
        ("44", "Tỉnh Quảng Trị", ["44", "45"]),
        ("46", "Thành phố Huế", ["46"]),
        ("48", "Thành phố Đà Nẵng", ["48", "49"]),
        ("51", "Tỉnh Quảng Ngãi", ["51", "62"]),
        ("52", "Tỉnh Gia Lai", ["52", "64"]),
        ("56", "Tỉnh Khánh Hòa", ["56", "58"]),
        ("66", "Tỉnh Đắk Lắk", ["54", "66"]),
        ("68", "Tỉnh Lâm Đồng", ["60", "67", "68"]),
        ("75", "Tỉnh Đồng Nai", ["70", "75"]),
        ("79", "Thành phố Hồ Chí Minh", ["74", "77", "79"]),
        ("80", "Tỉnh Tây Ninh", ["72", "80"]),
        ("82", "Tỉnh Đồng Tháp", ["82", "87"]),
        ("86", "Tỉnh Vĩnh Long", ["83", "84", "86"]),
        ("91", "Tỉnh An Giang", ["89", "91"]),
        ("92", "Thành phố Cần Thơ", ["92", "93", "94"]),
        ("96", "Tỉnh Cà Mau", ["95", "96"]),
    ];

    /// <summary>The 34 provinces of the reform, each with the codes of the former provinces that went whole into it.</summary>
    public static IReadOnlyList<(string Code, string[] Predecessors)> ReformPredecessors { get; } =
        Current.Select(c => (c.Code, c.Predecessors)).ToArray();

    /// <summary>The provinces and their lineage as a map the importer writes like any other.</summary>
    public static UnitMap Build()
    {
        var units = new List<UnitVersion>();
        var links = new List<LineageLink>();
        foreach (var (code, name) in Former)
        {
            if (code == "46")
            {
                var province = Province(code, name, null, HueCityDate);
                var city = Province(code, "Thành phố Huế", HueCityDate, ReformDate);
                units.Add(province);
                units.Add(city);
                links.Add(new LineageLink(province.Key, city.Key, LineageKind.Full));
            }
            else
            {
                units.Add(Province(code, name, null, ReformDate));
            }
        }

        foreach (var (code, name, predecessors) in Current)
        {
            var province = Province(code, name, ReformDate, null);
            units.Add(province);
            links.AddRange(predecessors.Select(p =>
                new LineageLink(FormerOnEve(units, p), province.Key, LineageKind.Full)));
        }

        return new UnitMap(units, links);
    }

    /// <summary>The former province with <paramref name="code"/> as it stood the day before the reform.</summary>
    private static UnitVersionKey FormerOnEve(List<UnitVersion> units, string code) =>
        units.Single(u => u.Code == code && u.ValidTo == ReformDate).Key;

    private static UnitVersion Province(string code, string name, DateOnly? from, DateOnly? to) =>
        new(code, AdminLevel.Province, UnitTypes.FromName(name, AdminLevel.Province)!, name, null, from, to);
}
