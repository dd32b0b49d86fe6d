using System.Collections.Immutable;
using System.Globalization;
using Pipeline.Ingest;
using Pipeline.Reference;

namespace Pipeline.Quality;

/// <summary>
/// Conditions that make tonight's figures untrustworthy. When any holds, the run is recorded as blocked with the
/// reasons, latest.json stays on the last good snapshot, and the data-quality outputs are still written. (A missing
/// required table or a manifest mismatch never gets this far: the ingest rejects the set.)
/// </summary>
public static class PublicationGate
{
    /// <param name="previousFiles">The previous night's per-file counts (its run manifest), or null on the first night.</param>
    public static ImmutableArray<string> Check(ImmutableArray<FileIngestStats> tonight, IReadOnlyList<FileIngestStats>? previousFiles, IndicatorSettings settings)
    {
        var reasons = ImmutableArray.CreateBuilder<string>();
        foreach (var file in tonight.Where(f => f.Status != FileIngestStats.NotRead && f.RowsRead > 0))
        {
            var share = (double)file.RowsQuarantined / file.RowsRead;
            if (share > settings.GateMaxQuarantinedShare)
            {
                reasons.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{file.Table}: {file.RowsQuarantined:N0} of {file.RowsRead:N0} rows quarantined ({share:P1}, more than {settings.GateMaxQuarantinedShare:P1})"));
            }
        }

        foreach (var before in previousFiles ?? [])
        {
            var now = tonight.FirstOrDefault(f => f.Table == before.Table);
            var rowsNow = now?.RowsRead ?? 0;
            // Small tables swing naturally; a collapse is judged only where there was something to collapse.
            if (before.RowsRead >= 100 && rowsNow < before.RowsRead * settings.GateMinVolumeRatio)
            {
                reasons.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{before.Table}: {rowsNow:N0} rows tonight against {before.RowsRead:N0} last time (below {settings.GateMinVolumeRatio:P0})"));
            }
        }

        return reasons.ToImmutable();
    }
}
