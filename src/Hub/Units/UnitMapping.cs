using DanVan.Adapters.Units.Import;
using DanVan.Contracts.V1;
using DanVan.Hub.Rpc;
using ProtoUnit = DanVan.Contracts.V1.AdminUnit;
using ProtoLevel = DanVan.Contracts.V1.AdminLevel;

namespace DanVan.Hub.Units;

internal static class UnitMapping
{
    public static ProtoUnit ToProto(this Adapters.Units.AdminUnit unit)
    {
        var proto = new ProtoUnit
        {
            Code = unit.Code,
            Name = unit.Name,
            Level = (ProtoLevel)(int)unit.Level,
            UnitType = unit.UnitType,
            ParentCode = unit.ParentCode ?? "",
            ValidFromInferred = unit.ValidFromInferred,
            ValidToInferred = unit.ValidToInferred,
        };
        if (unit.ValidFrom is { } from)
        {
            proto.ValidFrom = ProtoDates.ToProto(from);
        }

        if (unit.ValidTo is { } to)
        {
            proto.ValidTo = ProtoDates.ToProto(to);
        }

        return proto;
    }

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

    private static ProtoUnit ToProto(this UnitVersion version)
    {
        var proto = new ProtoUnit
        {
            Code = version.Code,
            Name = version.Name,
            Level = (ProtoLevel)(int)version.Level,
            UnitType = version.UnitType,
            ParentCode = version.ParentCode ?? "",
            ValidFromInferred = version.ValidFromInferred,
            ValidToInferred = version.ValidToInferred,
        };
        if (version.ValidFrom is { } from)
        {
            proto.ValidFrom = ProtoDates.ToProto(from);
        }

        if (version.ValidTo is { } to)
        {
            proto.ValidTo = ProtoDates.ToProto(to);
        }

        return proto;
    }
}
