using DanVan.Adapters.Errors;
using DanVan.Adapters.Indicators;
using DanVan.Hub.Rpc;

namespace DanVan.Hub.Ingest;

/// <summary>Paging and ordering shared by the indicator list RPCs.</summary>
internal static class QueryFields
{
    public sealed record PageRequest(int Offset, int Size, string Fingerprint)
    {
        public string Next(int total) =>
            Offset + Size < total ? PageTokens.Encode(Fingerprint, (Offset + Size).ToString(System.Globalization.CultureInfo.InvariantCulture), null) : "";
    }

    /// <summary>Offset paging: the ordering is by computed rates, so the position is the key.</summary>
    public static PageRequest Page(int pageSize, string pageToken, string fingerprint, Violations violations)
    {
        var size = PageTokens.PageSize(pageSize, violations);
        var token = PageTokens.Decode(pageToken, fingerprint, violations);
        var offset = 0;
        if (token is not null && (!int.TryParse(token.LastKey, out offset) || offset < 0))
        {
            violations.Add("page_token", ViolationCodes.PageTokenInvalid, PageTokens.NotIssuedHere);
        }

        return new PageRequest(offset, size, fingerprint);
    }

    /// <summary>Lowest rate first, units without the rate last, ties by code.</summary>
    public static List<UnitIndicators> LowestFirst(IEnumerable<UnitIndicators> items, string rate) =>
        items.Select(i => (Item: i, Rate: Rates.Of(rate, i.Totals).Rate))
            .OrderBy(x => x.Rate is null)
            .ThenBy(x => x.Rate?.Value ?? 0)
            .ThenBy(x => x.Item.Unit.Code, StringComparer.Ordinal)
            .Select(x => x.Item)
            .ToList();
}
