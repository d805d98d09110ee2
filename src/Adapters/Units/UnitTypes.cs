namespace DanVan.Adapters.Units;

/// <summary>
/// Unit types, named by the slugs the public unit lists use. Lists that give only a name carry the
/// type as the name's prefix ("Phường Ba Đình", "Đặc khu Côn Đảo").
/// </summary>
public static class UnitTypes
{
    private static readonly (string Prefix, string Type)[] ProvincePrefixes =
        [("Thành phố ", "thanh-pho"), ("Tỉnh ", "tinh")];

    private static readonly (string Prefix, string Type)[] DistrictPrefixes =
        [("Quận ", "quan"), ("Huyện ", "huyen"), ("Thị xã ", "thi-xa"), ("Thành phố ", "thanh-pho")];

    private static readonly (string Prefix, string Type)[] CommunePrefixes =
        [("Xã ", "xa"), ("Phường ", "phuong"), ("Thị trấn ", "thi-tran"), ("Đặc khu ", "dac-khu")];

    /// <summary>The type named by the prefix of <paramref name="nameWithType"/> (NFC), or null if none matches.</summary>
    public static string? FromName(string nameWithType, AdminLevel level)
    {
        var prefixes = level switch
        {
            AdminLevel.Province => ProvincePrefixes,
            AdminLevel.District => DistrictPrefixes,
            _ => CommunePrefixes,
        };
        foreach (var (prefix, type) in prefixes)
        {
            if (nameWithType.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return type;
            }
        }

        return null;
    }
}
