[assembly: AssemblyFixture(typeof(DanVan.Testing.SharedPostgres))]
