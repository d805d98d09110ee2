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
    public static ProtoUnit ToProto(this Adapters.Units.AdminUnit unit)
    {
        var proto = new ProtoUnit
        {
            Code = unit.Code,
            Name = unit.Name,
            Level = ToProto(unit.Level),
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
}
