using System.Net;

namespace DanVan.Hub.Security;

/// <summary>Where a call came from, as the limits on callers without a credential count it.</summary>
public static class ClientAddress
{
    /// <summary>
    /// The key a caller's address is limited by: an IPv4 address as it is, an IPv6 one by its /64
    /// (one host usually holds a whole /64, so counting single addresses would count nothing).
    /// </summary>
    public static string LimitKey(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    /// <summary>The address as the audit log stores it.</summary>
    public static string? Text(IPAddress? address) =>
        address is null ? null : (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
}
