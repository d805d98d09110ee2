using Dapper;
using Hangfire;
using Npgsql;

namespace DanVan.Scheduler.Documents;

/// <summary>
/// PDFs made by a Hangfire job, for a caller that waits. The .docx goes into <c>document_render</c>, a
/// job converts it on whichever hub's worker takes it and writes the PDF (or why not) back to that row;
/// the caller, on any hub, polls the row and removes it. So conversions spread over the job servers of
/// every instance, a hub that serves calls only (no workers) still gets its PDFs, and the operator sees
/// each conversion in the dashboard. Job arguments carry the row's id only, never the text.
/// </summary>
public sealed class PdfRenders(NpgsqlDataSource dataSource, IBackgroundJobClient jobs, DocumentOptions options, TimeProvider clock)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Rows older than this were left by a caller that went away (a hub stopped mid-wait): the next render removes them.</summary>
    private static readonly TimeSpan Abandoned = TimeSpan.FromHours(1);

    public async Task<byte[]> RenderAsync(byte[] docx, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid();
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            var now = clock.GetUtcNow();
            await connection.ExecuteAsync(new CommandDefinition("""
                delete from document_render where created_at < @abandoned;
                insert into document_render (id, docx, created_at) values (@id, @docx, @now);
                """, new { id, docx, now, abandoned = now - Abandoned }, cancellationToken: cancellationToken));
        }

        try
        {
            jobs.Enqueue<PdfRenderJob>(job => job.RunAsync(id, CancellationToken.None));
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(options.WaitTimeout);
            while (true)
            {
                try
                {
                    await Task.Delay(PollInterval, wait.Token);
                    await using var connection = await dataSource.OpenConnectionAsync(wait.Token);
                    var done = await connection.QuerySingleOrDefaultAsync<RenderRow>(new CommandDefinition(
                        "select pdf, failure from document_render where id = @id and (pdf is not null or failure is not null)",
                        new { id }, cancellationToken: wait.Token));
                    if (done is not null)
                    {
                        return done.Pdf ?? throw new PdfConversionException(done.Failure!);
                    }
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new PdfConversionException($"No PDF within {options.WaitTimeout.TotalSeconds:0} s: no job server took the conversion, or it is still running.");
                }
            }
        }
        finally
        {
            await using var connection = await dataSource.OpenConnectionAsync(CancellationToken.None);
            await connection.ExecuteAsync("delete from document_render where id = @id", new { id });
        }
    }

    /// <summary>The job's side: converts the row's .docx once and records the PDF or the failure; a row already done or gone is left alone.</summary>
    internal async Task ConvertAsync(Guid id, PdfConverter converter, CancellationToken cancellationToken)
    {
        byte[]? docx;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            docx = await connection.QuerySingleOrDefaultAsync<byte[]>(new CommandDefinition(
                "select docx from document_render where id = @id and pdf is null and failure is null", new { id }, cancellationToken: cancellationToken));
        }

        if (docx is null)
        {
            return;
        }

        byte[]? pdf = null;
        string? failure = null;
        try
        {
            pdf = await converter.ConvertAsync(docx, cancellationToken);
        }
        catch (PdfConversionException e)
        {
            failure = e.Message;
        }

        await using var update = await dataSource.OpenConnectionAsync(cancellationToken);
        await update.ExecuteAsync(new CommandDefinition(
            "update document_render set pdf = @pdf, failure = @failure, finished_at = @now where id = @id and pdf is null and failure is null",
            new { id, pdf, failure, now = clock.GetUtcNow() }, cancellationToken: cancellationToken));
    }

    private sealed class RenderRow
    {
        public byte[]? Pdf { get; init; }
        public string? Failure { get; init; }
    }
}

/// <summary>
/// Converts one document to PDF (Hangfire job, queue default). Not retried: its caller is waiting and
/// gets the failure at once; a caller can ask again.
/// </summary>
public sealed class PdfRenderJob(PdfRenders renders, PdfConverter converter)
{
    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("Convert a document to PDF")]
    public Task RunAsync(Guid renderId, CancellationToken cancellationToken) => renders.ConvertAsync(renderId, converter, cancellationToken);
}
