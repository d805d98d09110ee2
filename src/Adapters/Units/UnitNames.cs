using System.Globalization;
using System.Text;

namespace DanVan.Adapters.Units;

/// <summary>
/// Unit names are stored in Unicode NFC with single spaces; searches compare a folded form without
/// case or diacritics, so "ba dinh" finds "Phường Ba Đình" and "hoa binh" finds both "Hoà Bình" and
/// "Hòa Bình" (old and new tone placement), and the apostrophe variants of ethnic-minority names
/// ("Ea H’Leo", "Ea H'Leo") are one.
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
            folded.Append(c switch
            {
                'đ' or 'Đ' => 'd',
                '\u2019' or '\u2018' or '\u02BC' or '`' => '\'',
                _ => char.ToLowerInvariant(c),
            });
        }

        return string.Join(' ', folded.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>
    /// True when two names differ at most in spelling: case, spacing, apostrophe variant, or where the
    /// tone mark sits in a syllable ("Hoà"/"Hòa", "Thuỷ"/"Thủy"). A different letter, vowel mark or
    /// tone ("Sặp"/"Sập", "Phố"/"Phó") is a different name.
    /// </summary>
    public static bool SameSpelling(string a, string b) => SpellingKey(a) == SpellingKey(b);

    /// <summary>Each syllable lower-cased with its tone mark taken off and put after it, so its placement no longer counts.</summary>
    public static string SpellingKey(string name)
    {
        var key = new StringBuilder(name.Length + 8);
        foreach (var word in Normalize(name).Split(' '))
        {
            var tone = '0';
            var letters = new StringBuilder(word.Length);
            foreach (var c in word.Normalize(NormalizationForm.FormD))
            {
                if (c is '\u0300' or '\u0301' or '\u0303' or '\u0309' or '\u0323')
                {
                    tone = c;
                }
                else
                {
                    letters.Append(c is '\u2019' or '\u2018' or '\u02BC' or '`' ? '\'' : char.ToLowerInvariant(c));
                }
            }

            if (key.Length > 0)
            {
                key.Append(' ');
            }

            key.Append(letters.ToString().Normalize(NormalizationForm.FormC)).Append(tone);
        }

        return key.ToString();
    }
}
