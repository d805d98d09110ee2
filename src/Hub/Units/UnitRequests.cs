using DanVan.Adapters.Errors;
using DanVan.Adapters.Units;
using DanVan.Contracts.V1;
using DanVan.Hub.Rpc;
using AdminLevel = DanVan.Adapters.Units.AdminLevel;

namespace DanVan.Hub.Units;

/// <summary>A code and the date it is read on.</summary>
internal sealed record UnitAt(string Code, DateOnly AsOf);

/// <summary>A validated ListUnits request; <see cref="AsOf"/> is null when the caller gave no date.</summary>
internal sealed record UnitListQuery(
    string? ParentCode, AdminLevel? Level, DateOnly? AsOf, string Query, int PageSize, string Fingerprint, PageTokens.Token? Token);

/// <summary>A validated ImportUnitEdition request.</summary>
internal sealed record UnitEditionImport(DateOnly EffectiveDate, byte[] Content, bool DryRun);

/// <summary>AdminUnitService requests checked field by field (every violation with its code) into queries.</summary>
internal static class UnitRequests
{
    private const int MaxQuery = 200;

    /// <summary>Without a date, the unit of <paramref name="today"/>.</summary>
    public static UnitAt Validate(GetUnitRequest request, DateOnly today) => CodeAt(request.Code, request.AsOf, today);

    public static UnitAt Validate(ResolveUnitRequest request, DateOnly today) => CodeAt(request.Code, request.AsOf, today);

    public static UnitEditionImport Validate(ImportUnitEditionRequest request)
    {
        var v = new Violations();
        var effectiveDate = v.RequiredDate(request.EffectiveDate, "effective_date");
        if (request.Content.IsEmpty)
        {
            v.Add("content", ViolationCodes.ContentEmpty, "is required: the edition as CSV in GSO's export layout");
        }

        v.ThrowIfAny();
        return new UnitEditionImport(effectiveDate, request.Content.ToByteArray(), request.DryRun);
    }

    public static UnitListQuery Validate(ListUnitsRequest request)
    {
        var v = new Violations();
        var parentCode = string.IsNullOrEmpty(request.ParentCode) ? null : v.UnitCode(request.ParentCode, "parent_code");
        var level = v.Choice(request.Level, UnitMapping.ToDomain, "level");
        if (level is not null && parentCode is not null && UnitCodes.IsWellFormed(parentCode) && level <= UnitCodes.LevelOf(parentCode))
        {
            v.Add("level", ViolationCodes.LevelNotBelowParent, "must be below the level of parent_code");
        }

        var query = v.Text(request.Query, "query", MaxQuery);
        var asOf = v.Date(request.AsOf, "as_of");
        var pageSize = PageTokens.PageSize(request.PageSize, v);
        var fingerprint = PageTokens.Fingerprint("ListUnits", parentCode, level, asOf, query);
        var token = PageTokens.Decode(request.PageToken, fingerprint, v);
        v.ThrowIfAny();
        return new UnitListQuery(parentCode, level, asOf, query, pageSize, fingerprint, token);
    }

    private static UnitAt CodeAt(string code, Google.Type.Date? asOf, DateOnly today)
    {
        var v = new Violations();
        v.UnitCode(code, "code");
        var date = v.Date(asOf, "as_of") ?? today;
        v.ThrowIfAny();
        return new UnitAt(code, date);
    }
}
