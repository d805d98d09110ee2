namespace DanVan.Testing;

/// <summary>
/// An assembly fixture (<c>[assembly: AssemblyFixture(typeof(SharedPostgres))]</c>) that stops the
/// shared PostgreSQL cluster once every test of the assembly has run, while the run still waits for it.
/// </summary>
public sealed class SharedPostgres : IAsyncDisposable
{
    public ValueTask DisposeAsync() => new(TestDatabases.StopAsync());
}
