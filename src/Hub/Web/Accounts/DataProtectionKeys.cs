using System.Xml.Linq;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DanVan.Hub.Web.Accounts;

/// <summary>
/// The Data Protection key ring in PostgreSQL (table data_protection_key), so that a cookie or an
/// antiforgery token issued by one hub instance is read by every other. The interface is synchronous;
/// the key ring is read once and then only when it is due for a refresh, never per request.
/// </summary>
public sealed class DataProtectionKeys(NpgsqlDataSource dataSource) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = dataSource.OpenConnection();
        return connection.Query<string>("select xml from data_protection_key order by created_at")
            .Select(xml => XElement.Parse(xml))
            .ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var connection = dataSource.OpenConnection();
        connection.Execute("insert into data_protection_key (friendly_name, xml) values (@friendlyName, @xml) on conflict (friendly_name) do nothing",
            new { friendlyName, xml = element.ToString(SaveOptions.DisableFormatting) });
    }

    public static void AddTo(IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName("DanVan");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(o =>
        {
            o.XmlRepository = new DataProtectionKeys(sp.GetRequiredService<NpgsqlDataSource>());
            // The keys are as safe as the database that holds them, whose access is the hub's own; a
            // certificate to wrap them would have to be shared by every instance the same way.
            o.XmlEncryptor = new NullXmlEncryptor();
        }));
    }
}
