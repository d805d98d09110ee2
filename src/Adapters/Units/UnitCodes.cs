namespace DanVan.Adapters.Units;

/// <summary>GSO unit codes: 2 digits for a province, 3 for a district, 5 for a commune.</summary>
public static class UnitCodes
{
    public static bool IsWellFormed(string? code) =>
        code is { Length: 2 or 3 or 5 } && code.All(char.IsAsciiDigit);

    public static AdminLevel LevelOf(string code) => code.Length switch
    {
        2 => AdminLevel.Province,
        3 => AdminLevel.District,
        5 => AdminLevel.Commune,
        _ => throw new ArgumentException($"'{code}' is not a GSO unit code.", nameof(code)),
    };

    public const string FormatDescription = "must be a GSO unit code of 2 (province), 3 (district) or 5 (commune) digits";
}
