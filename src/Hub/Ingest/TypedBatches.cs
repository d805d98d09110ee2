using DanVan.Adapters.Errors;
using DanVan.Adapters.Ingest;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Proto = DanVan.Contracts.V1;

namespace DanVan.Hub.Ingest;

/// <summary>
/// Feeds typed records pushed over gRPC, in one request or as a client stream, through the ingest
/// pipeline. The payload that identifies a batch is its records' bytes (not the options, so that a dry
/// run and the real run of the same records are the same batch). A stream's records are checked and
/// staged as they arrive, and the database is used only once its last message is in, so a caller that
/// stalls holds no connection (see <see cref="IngestSession"/>).
/// </summary>
public sealed class TypedBatches(IngestPipeline pipeline, IOptions<IngestOptions> options)
{
    public delegate SourceRecord? ToRecord<in TReport>(TReport report, int row, List<RowProblem> problems);

    public async Task<Proto.IngestSummary> SubmitAsync<TReport>(
        Proto.BatchOptions? batch, string defaultSource, IReadOnlyList<TReport> reports, ToRecord<TReport> toRecord, CancellationToken cancellationToken)
        where TReport : IMessage
    {
        var violations = new Violations();
        var batchOptions = IngestMapping.Options(batch, defaultSource, violations);
        if (reports.Count == 0)
        {
            violations.Add("reports", ViolationCodes.ReportsEmpty, "must hold at least one report");
        }
        else if (reports.Count > options.Value.MaxBatchRows)
        {
            violations.Add("reports", ViolationCodes.TooManyReports, $"holds {reports.Count} reports; at most {options.Value.MaxBatchRows} per batch");
        }

        violations.ThrowIfAny();

        using var session = await pipeline.BeginAsync(batchOptions, cancellationToken);
        var row = 0;
        foreach (var report in reports)
        {
            Add(session, report, ++row, toRecord);
        }

        return (await session.CompleteAsync(cancellationToken)).ToProto();
    }

    public async Task<Proto.IngestSummary> StreamAsync<TMessage, TReport>(
        IAsyncStreamReader<TMessage> stream, Func<TMessage, Proto.BatchOptions?> batchOf, Func<TMessage, IReadOnlyList<TReport>> reportsOf,
        string defaultSource, ToRecord<TReport> toRecord, CancellationToken cancellationToken)
        where TReport : IMessage
    {
        if (!await stream.MoveNext(cancellationToken))
        {
            throw new ValidationException([new FieldViolation("options", ViolationCodes.StreamEmpty, "the stream is empty; its first message must carry the batch options")]);
        }

        var violations = new Violations();
        var batchOptions = IngestMapping.Options(batchOf(stream.Current), defaultSource, violations);
        violations.ThrowIfAny();

        using var session = await pipeline.BeginAsync(batchOptions, cancellationToken);
        var row = 0;
        do
        {
            foreach (var report in reportsOf(stream.Current))
            {
                if (++row > options.Value.MaxBatchRows)
                {
                    throw new ValidationException([new FieldViolation("reports", ViolationCodes.TooManyReports, $"the stream exceeds {options.Value.MaxBatchRows} reports per batch")]);
                }

                Add(session, report, row, toRecord);
            }
        }
        while (await stream.MoveNext(cancellationToken));

        if (row == 0)
        {
            throw new ValidationException([new FieldViolation("reports", ViolationCodes.ReportsEmpty, "the stream holds no report")]);
        }

        return (await session.CompleteAsync(cancellationToken)).ToProto();
    }

    private static void Add<TReport>(IngestSession session, TReport report, int row, ToRecord<TReport> toRecord)
        where TReport : IMessage
    {
        session.AppendPayload(report.ToByteArray());
        var problems = new List<RowProblem>();
        if (toRecord(report, row, problems) is { } record)
        {
            session.Add(record);
        }
        else
        {
            session.AddRejectedRow(problems);
        }
    }
}
