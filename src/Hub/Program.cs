using DanVan.Hub.Hosting;

if (args is ["import-units", var folder, .. var rest])
{
    return await ImportUnitsCommand.RunAsync(folder, rest);
}

await HubApplication.Build(args).RunAsync();
return 0;
