using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DanVan.Adapters.Errors;

namespace DanVan.Hub.Rpc;

/// <summary>
/// AIP-158 paging: page sizes with a default and a maximum, and opaque page tokens bound to the query
/// that issued them, so a token replayed against a different query is refused instead of silently
/// skipping rows. A token records the last key returned (keyset paging) and any value the first page
/// fixed, such as the date "today" resolved to.
/// </summary>
public static class PageTokens
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;

    /// <summary>The description of a <see cref="ViolationCodes.PageTokenInvalid"/> violation, also for a key a service cannot read.</summary>
    public const string NotIssuedHere = "is not a page token issued by this service";

    public sealed record Token(string LastKey, DateOnly? PinnedDate);

    private sealed record Payload(string Q, string K, DateOnly? D);

    public static int PageSize(int requested, Violations violations)
    {
        if (requested < 0)
        {
            violations.Add("page_size", ViolationCodes.ValueNegative, "must not be negative");
        }

        return requested <= 0 ? DefaultPageSize : Math.Min(requested, MaxPageSize);
    }

    /// <summary>Fingerprint of a query's parameters (everything but page size and token).</summary>
    public static string Fingerprint(params object?[] parameters) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(parameters))), 0, 12);

    public static string Encode(string fingerprint, string lastKey, DateOnly? pinnedDate) =>
        Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new Payload(fingerprint, lastKey, pinnedDate)));

    /// <summary>The token's contents, or null for the first page; a foreign or corrupt token is a violation.</summary>
    public static Token? Decode(string pageToken, string fingerprint, Violations violations)
    {
        if (string.IsNullOrEmpty(pageToken))
        {
            return null;
        }

        Payload? payload = null;
        try
        {
            payload = JsonSerializer.Deserialize<Payload>(Base64Url.DecodeFromChars(pageToken));
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
        }

        if (payload is null || string.IsNullOrEmpty(payload.K))
        {
            violations.Add("page_token", ViolationCodes.PageTokenInvalid, NotIssuedHere);
            return null;
        }

        if (payload.Q != fingerprint)
        {
            violations.Add("page_token", ViolationCodes.PageTokenMismatch, "was issued for a different query; repeat the other fields unchanged when paging");
            return null;
        }

        return new Token(payload.K, payload.D);
    }
}
