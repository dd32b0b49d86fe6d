namespace Pipeline.Storage;

/// <summary>An extract set that has landed completely (its manifest is there), and the manifest's version.</summary>
/// <param name="ManifestETag">Changes whenever the manifest is written again: a set re-landed is a new arrival.</param>
public sealed record LandedSet(DateOnly AsAt, string ManifestETag);

/// <summary>Where the nightly sets land, one per as_at: a folder of <c>{as_at}/</c> folders, or the <c>extracts</c> container.</summary>
public interface IExtractStore
{
    string Location { get; }

    /// <summary>Every set whose manifest has landed, oldest first.</summary>
    Task<IReadOnlyList<LandedSet>> ListSetsAsync(CancellationToken cancellationToken);

    IExtractSource Open(DateOnly asAt);
}
