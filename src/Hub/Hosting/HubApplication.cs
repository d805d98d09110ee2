namespace DanVan.Hub.Hosting;

/// <summary>Builds the hub; shared by <c>Program</c> and the functional tests, which start the real host.</summary>
public static class HubApplication
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddHubServices();
        configure?.Invoke(builder);
        var app = builder.Build();
        app.MapHubEndpoints();
        return app;
    }
}
