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
        foreach (var (prefix, type) in PrefixesOf(level))
        {
            if (nameWithType.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return type;
            }
        }

        return null;
    }

    /// <summary>
    /// <paramref name="nameWithType"/> in NFC with single spaces and its type prefix capitalised as the
    /// lists usually write it ("xã Bắc Sơn", "Thị Trấn X" → "Xã Bắc Sơn", "Thị trấn X").
    /// </summary>
    public static string CanonicalName(string nameWithType, AdminLevel level)
    {
        var name = UnitNames.Normalize(nameWithType);
        foreach (var (prefix, _) in PrefixesOf(level))
        {
            if (name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return prefix + name[prefix.Length..];
            }
        }

        return name;
    }

    /// <summary>The name without its type prefix ("Phường Ba Đình" → "Ba Đình").</summary>
    public static string BareName(string nameWithType, AdminLevel level)
    {
        foreach (var (prefix, _) in PrefixesOf(level))
        {
            if (nameWithType.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return nameWithType[prefix.Length..];
            }
        }

        return nameWithType;
    }

    private static (string Prefix, string Type)[] PrefixesOf(AdminLevel level) => level switch
    {
        AdminLevel.Province => ProvincePrefixes,
        AdminLevel.District => DistrictPrefixes,
        _ => CommunePrefixes,
    };
}
