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
}
