namespace Pipeline.Quality;

/// <summary>FNV-1a over an id's characters: stable across processes and runs, so it can be stored and compared next night.</summary>
public static class IdHash
{
    public static ulong Of(string id)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in id)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }
}
