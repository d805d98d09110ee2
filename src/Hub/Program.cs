using DanVan.Hub.Hosting;
using DanVan.Hub.Security;
using DanVan.Hub.Web.Accounts;

if (args is ["import-units", var folder, .. var rest])
{
    return await ImportUnitsCommand.RunAsync(folder, rest);
}

if (args is ["clients", .. var clientArgs])
{
    return await ClientsCommand.RunAsync(clientArgs);
}

if (args is ["users", .. var userArgs])
{
    return await UsersCommand.RunAsync(userArgs);
}

await HubApplication.Build(args).RunAsync();
return 0;
