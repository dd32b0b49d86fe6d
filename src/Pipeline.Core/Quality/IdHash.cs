using System.Text;

namespace Pipeline.Quality;

/// <summary>FNV-1a over an id's characters: stable across processes and runs, so it can be stored and compared next night.</summary>
public static class IdHash
{
    private const ulong Basis = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    public static ulong Of(string id) => Of(id.AsSpan());

    public static ulong Of(ReadOnlySpan<char> id)
    {
        var hash = Basis;
        foreach (var c in id)
        {
            hash = (hash ^ c) * Prime;
        }

        return hash;
    }

    /// <summary>The same hash as <see cref="Of(string)"/> of the id whose UTF-8 bytes are <paramref name="utf8"/>.</summary>
    /// <remarks>NOTE: an ASCII byte is its own UTF-16 char, so an ASCII id (nearly every id) is hashed from its bytes with no
    /// string built; only an id with other characters is decoded.</remarks>
    public static ulong OfUtf8(ReadOnlySpan<byte> utf8)
    {
        var hash = Basis;
        foreach (var b in utf8)
        {
            if (b >= 0x80)
            {
                return Of(Encoding.UTF8.GetString(utf8));
            }

            hash = (hash ^ b) * Prime;
        }

        return hash;
    }
}
