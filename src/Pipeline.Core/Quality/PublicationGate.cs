using System.Collections.Immutable;
using System.Globalization;
using Pipeline.Ingest;
using Pipeline.Reference;

namespace Pipeline.Quality;

/// <summary>A snapshot tonight is compared with: its per-file counts, and how messages name it.</summary>
/// <param name="Name">How a reason names it, e.g. "last time" or "in the snapshot this rerun would replace".</param>
public sealed record GateBaseline(string Name, IReadOnlyList<FileIngestStats> Files);

/// <summary>
/// Conditions that make tonight's figures untrustworthy. When any holds, the run is recorded as blocked with the
/// reasons, latest.json stays on the last good snapshot, and the data-quality outputs are still written. (A missing
/// required table or a manifest mismatch never gets this far: the ingest rejects the set.)
/// </summary>
/// <remarks>
/// Two gates. The quarantine gate is a share of each table's rows, so it needs no history. The volume gate compares the
/// rows each table contributes (rows accepted: read and not quarantined) with every baseline: the previous night, and,
/// for a rerun of a night already published, the snapshot the rerun would replace, so an emptied table cannot replace
/// a good snapshot of the same night any more than it can follow one.
/// </remarks>
public static class PublicationGate
{
    /// <summary>Tables this small swing naturally; a collapse is judged only where there was something to collapse.</summary>
    public const int MinRowsJudged = 100;

    public static ImmutableArray<string> Check(ImmutableArray<FileIngestStats> tonight, IReadOnlyList<GateBaseline> baselines, IndicatorSettings settings)
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

        foreach (var baseline in baselines)
        {
            foreach (var before in baseline.Files.Where(f => f.Status == FileIngestStats.Accepted))
            {
                var now = tonight.FirstOrDefault(f => f.Table == before.Table);
                var rowsNow = now?.Status == FileIngestStats.Accepted ? now.RowsAccepted : 0;
                if (before.RowsAccepted >= MinRowsJudged && rowsNow < before.RowsAccepted * settings.GateMinVolumeRatio)
                {
                    reasons.Add(string.Create(CultureInfo.InvariantCulture,
                        $"{before.Table}: {rowsNow:N0} rows tonight against {before.RowsAccepted:N0} {baseline.Name} (below {settings.GateMinVolumeRatio:P0})"));
                }
            }
        }

        return reasons.Distinct().ToImmutableArray();
    }
}
