using DanVan.Adapters.Units.Import;
using DanVan.Contracts.V1;
using DanVan.Hub.Rpc;
using AdminLevel = DanVan.Adapters.Units.AdminLevel;
using LineageKind = DanVan.Adapters.Units.LineageKind;
using ProtoUnit = DanVan.Contracts.V1.AdminUnit;
using ProtoLevel = DanVan.Contracts.V1.AdminLevel;
using ProtoLineage = DanVan.Contracts.V1.LineageKind;

namespace DanVan.Hub.Units;

/// <summary>Unit types to and from the contract's messages; enums by explicit tables, as in <see cref="Dialogues.DialogueMapping"/>.</summary>
internal static class UnitMapping
{
    public static ProtoUnit ToProto(this Adapters.Units.AdminUnit unit) => Unit(
        unit.Code, unit.Name, unit.Level, unit.UnitType, unit.ParentCode, unit.ValidFrom, unit.ValidTo, unit.ValidFromInferred, unit.ValidToInferred);

    public static ProtoLevel ToProto(AdminLevel level) => level switch
    {
        AdminLevel.Province => ProtoLevel.Province,
        AdminLevel.District => ProtoLevel.District,
        AdminLevel.Commune => ProtoLevel.Commune,
        _ => throw Contract.Unmapped(level),
    };

    public static AdminLevel? ToDomain(ProtoLevel level) => level switch
    {
        ProtoLevel.Province => AdminLevel.Province,
        ProtoLevel.District => AdminLevel.District,
        ProtoLevel.Commune => AdminLevel.Commune,
        _ => null,
    };

    public static ProtoLineage ToProto(LineageKind kind) => kind switch
    {
        LineageKind.Full => ProtoLineage.Full,
        LineageKind.Partial => ProtoLineage.Partial,
        _ => throw Contract.Unmapped(kind),
    };

    public static ImportUnitEditionResponse ToProto(this EditionImportReport report)
    {
        var summary = report.Summary;
        var response = new ImportUnitEditionResponse
        {
            UnitsStarted = summary.Started,
            UnitsEnded = summary.Ended,
            UnitsRenamed = summary.Renamed,
            UnitsRetyped = summary.Retyped,
            UnitsMoved = summary.Moved,
            UnitsUnchanged = summary.Unchanged,
            UnitsRespelled = summary.Respelled,
            VersionsWritten = report.Written.Units.Inserted + report.Written.Units.Updated,
            LinksWritten = report.Written.Links.Inserted + report.Written.Links.Updated,
            DryRun = report.DryRun,
        };
        response.Changes.AddRange(summary.Changes.OrderBy(c => c.Code, StringComparer.Ordinal).Select(c =>
        {
            var change = new UnitEditionChange
            {
                Code = c.Code,
                Started = c.Kinds.HasFlag(UnitChangeKinds.Started),
                Ended = c.Kinds.HasFlag(UnitChangeKinds.Ended),
                Renamed = c.Kinds.HasFlag(UnitChangeKinds.Renamed),
                Retyped = c.Kinds.HasFlag(UnitChangeKinds.Retyped),
                Moved = c.Kinds.HasFlag(UnitChangeKinds.Moved),
            };
            if (c.Before is { } before)
            {
                change.Before = before.ToProto();
            }

            if (c.After is { } after)
            {
                change.After = after.ToProto();
            }

            return change;
        }));
        return response;
    }

    private static ProtoUnit ToProto(this UnitVersion version) => Unit(
        version.Code, version.Name, version.Level, version.UnitType, version.ParentCode, version.ValidFrom, version.ValidTo,
        version.ValidFromInferred, version.ValidToInferred);

    private static ProtoUnit Unit(
        string code, string name, AdminLevel level, string unitType, string? parentCode, DateOnly? validFrom, DateOnly? validTo,
        bool validFromInferred, bool validToInferred)
    {
        var proto = new ProtoUnit
        {
            Code = code,
            Name = name,
            Level = ToProto(level),
            UnitType = unitType,
            ParentCode = parentCode ?? "",
            ValidFromInferred = validFromInferred,
            ValidToInferred = validToInferred,
        };
        if (validFrom is { } from)
        {
            proto.ValidFrom = ProtoDates.ToProto(from);
        }

        if (validTo is { } to)
        {
            proto.ValidTo = ProtoDates.ToProto(to);
        }

        return proto;
    }
}
