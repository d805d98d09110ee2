using System.Globalization;
using System.Text;

namespace DanVan.Adapters.Units;

/// <summary>
/// Unit names are stored in Unicode NFC with single spaces; searches compare a folded form without
/// case or diacritics, so "ba dinh" finds "Phường Ba Đình" and "hoa binh" finds both "Hoà Bình" and
/// "Hòa Bình" (old and new tone placement).
/// </summary>
public static class UnitNames
{
    public static string Normalize(string name) =>
        string.Join(' ', name.Normalize(NormalizationForm.FormC)
            .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    public static string Fold(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            // Đ/đ is a letter of its own, not D with a combining mark, so NFD leaves it alone.
            folded.Append(c is 'đ' or 'Đ' ? 'd' : char.ToLowerInvariant(c));
        }

        return string.Join(' ', folded.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }
}
