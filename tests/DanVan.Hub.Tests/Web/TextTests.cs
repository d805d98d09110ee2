using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using DanVan.Hub.Web;
using DanVan.Hub.Web.Dialogues;
using DanVan.Hub.Web.Layout;

namespace DanVan.Hub.Tests.Web;

public sealed partial class TextTests
{
    [Fact]
    public void Every_text_a_page_looks_up_by_its_Vietnamese_key_and_every_violation_and_refusal_message_has_its_English_in_the_compiled_resources()
    {
        var web = Path.Combine(RepoPaths.Root, "src", "Hub", "Web");
        var keys = Directory.EnumerateFiles(web, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
            .SelectMany(f => Lookup().Matches(File.ReadAllText(f)).Select(m => Regex.Unescape(m.Groups[1].Value)))
            .Concat(ViolationMessages.Texts).Concat(Refusals.Vietnamese.Values)
            .ToHashSet(StringComparer.Ordinal);
        // The dialogue pages, the proposals inbox, the accounts page and the calendar's subscription link among them.
        Assert.Contains("Ghi kết quả", keys);
        Assert.Contains("Đề xuất đối thoại", keys);
        Assert.Contains("Tạo tài khoản", keys);
        Assert.Contains("Tạo đường dẫn đăng ký lịch", keys);

        var english = new ResourceManager(typeof(Text).FullName!, typeof(Text).Assembly);
        var missing = keys.Where(k => string.IsNullOrEmpty(english.GetString(k, CultureInfo.GetCultureInfo("en")))).Order(StringComparer.Ordinal).ToList();

        Assert.Empty(missing);
    }

    [GeneratedRegex(@"\bL\[\s*""((?:[^""\\]|\\.)*)""")]
    private static partial Regex Lookup();
}
