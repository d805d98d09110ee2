using Dapper;
using DanVan.Contracts.V1;
using Google.Protobuf;
using Npgsql;
using Date = Google.Type.Date;

namespace DanVan.Hub.Tests.Ingest;

internal static class IngestTestSupport
{
    public static Date Day(int year, int month, int day) => new() { Year = year, Month = month, Day = day };

    public static Date Month(int year, int month) => new() { Year = year, Month = month };

    public static ImportFileRequest File(string format, byte[] content, string? batchId = null, bool dryRun = false) => new()
    {
        Format = format,
        Content = ByteString.CopyFrom(content),
        BatchId = batchId ?? Guid.NewGuid().ToString("N"),
        DryRun = dryRun,
    };

    /// <summary>A fingerprint of everything ingest writes, to prove that a call wrote nothing.</summary>
    public static async Task<string> StoreStateAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        return await connection.ExecuteScalarAsync<string>("""
            select (select count(*) from observation) || '/' ||
                   coalesce((select md5(string_agg(o::text, '|' order by indicator, unit_id, period_start, source)) from observation o), '') || '/' ||
                   (select count(*) from observation_audit) || '/' || (select count(*) from ingest_batch)
            """) ?? "";
    }

    public static async Task<T> ScalarAsync<T>(string connectionString, string sql, object? args = null)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        return (await connection.ExecuteScalarAsync<T>(sql, args))!;
    }
}
