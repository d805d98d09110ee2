using NpgsqlTypes;
using Npgsql;

namespace DanVan.Adapters.Ingest;

/// <summary>
/// The values of a batch being received, kept away from the database until the batch is complete, so
/// that a caller who stalls between messages holds no connection and no transaction. They are kept in
/// memory up to <see cref="MemoryBytes"/>, then in a temporary file deleted when the batch ends: a
/// streamed batch of two million reports costs its caller's hub a few MB of memory, not hundreds.
/// A value takes 21 bytes (unit id, period as a day number, indicator by index, value).
/// </summary>
internal sealed class StagedValues : IDisposable
{
    private const int MemoryBytes = 4 * 1024 * 1024;

    private readonly Dictionary<string, byte> _indicatorIndex = [];
    private readonly List<string> _indicators = [];
    private Stream _stream = new MemoryStream();
    private BinaryWriter _writer;

    public StagedValues() => _writer = new BinaryWriter(_stream);

    public int Count { get; private set; }

    public void Add(long unitId, DateOnly period, string indicator, long value)
    {
        if (_stream is MemoryStream { Length: >= MemoryBytes } memory)
        {
            Spill(memory);
        }

        if (!_indicatorIndex.TryGetValue(indicator, out var index))
        {
            index = checked((byte)_indicators.Count);
            _indicatorIndex.Add(indicator, index);
            _indicators.Add(indicator);
        }

        _writer.Write(unitId);
        _writer.Write(period.DayNumber);
        _writer.Write(index);
        _writer.Write(value);
        Count++;
    }

    /// <summary>Writes every value, in the order added, as rows of (unit_id, period_start, indicator, value).</summary>
    public async Task CopyToAsync(NpgsqlBinaryImporter importer, CancellationToken cancellationToken)
    {
        _writer.Flush();
        _stream.Position = 0;
        using var reader = new BinaryReader(_stream, System.Text.Encoding.UTF8, leaveOpen: true);
        for (var i = 0; i < Count; i++)
        {
            var unitId = reader.ReadInt64();
            var period = DateOnly.FromDayNumber(reader.ReadInt32());
            var indicator = _indicators[reader.ReadByte()];
            var value = reader.ReadInt64();
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(unitId, NpgsqlDbType.Bigint, cancellationToken);
            await importer.WriteAsync(period, NpgsqlDbType.Date, cancellationToken);
            await importer.WriteAsync(indicator, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(value, NpgsqlDbType.Bigint, cancellationToken);
        }
    }

    private void Spill(MemoryStream memory)
    {
        _writer.Flush();
        var file = new FileStream(Path.Combine(Path.GetTempPath(), $"danvan-ingest-{Guid.NewGuid():N}.tmp"), FileMode.CreateNew,
            FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        memory.WriteTo(file);
        _stream = file;
        _writer = new BinaryWriter(file);
        memory.Dispose();
    }

    public void Dispose()
    {
        _writer.Dispose();
        _stream.Dispose();
    }
}
