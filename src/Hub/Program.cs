using DanVan.Hub.Calendar;
using DanVan.Hub.Dialogues;
using DanVan.Hub.Hosting;
using DanVan.Hub.Security;
using DanVan.Hub.Web.Accounts;

if (args is ["import-units", var folder, .. var rest])
{
    return await ImportUnitsCommand.RunAsync(folder, rest);
}

if (args is ["import-edition", var file, .. var editionArgs])
{
    return await ImportUnitsCommand.RunEditionAsync(file, editionArgs);
}

if (args is ["import-past-dialogues", var pastFile, .. var pastArgs])
{
    return await PastDialoguesCommand.RunAsync(pastFile, pastArgs);
}

if (args is ["holidays", .. var holidayArgs])
{
    return await HolidaysCommand.RunAsync(holidayArgs);
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
