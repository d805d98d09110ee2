using DanVan.Adapters.Errors;
using DanVan.Hub.Rpc;
using DanVan.Scheduler.Dialogues;

namespace DanVan.Hub.Dialogues;

/// <summary>
/// A validated ListDialogues request. Dialogues are listed by start time, then id (keyset paging);
/// a page token's key is the last dialogue's start in UTC ticks and its id, <c>ticks|id</c>, and a
/// dialogue without a slot sorts last.
/// </summary>
internal sealed record DialogueListQuery(
    string UnitCode, bool IncludeDescendants, DateOnly? From, DateOnly? To, DialogueKind? Kind, DialogueStatus? Status,
    int PageSize, string Fingerprint, (DateTime Start, Guid Id)? After, DateOnly? PinnedDate)
{
    public static string Key(Dialogue last)
    {
        var start = last.Slot?.Start.UtcDateTime ?? DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc);
        return $"{start.Ticks}|{last.Id}";
    }

    /// <summary>The key in a page token, or null with a violation when it is not one this query wrote.</summary>
    public static (DateTime Start, Guid Id)? ParseKey(string key, Violations violations)
    {
        var parts = key.Split('|');
        if (parts.Length == 2 && long.TryParse(parts[0], out var ticks) && ticks is >= 0 && ticks <= DateTime.MaxValue.Ticks
            && Guid.TryParse(parts[1], out var id))
        {
            return (new DateTime(ticks, DateTimeKind.Utc), id);
        }

        violations.Add("page_token", ViolationCodes.PageTokenInvalid, PageTokens.NotIssuedHere);
        return null;
    }
}
