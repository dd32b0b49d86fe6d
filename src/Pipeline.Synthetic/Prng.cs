namespace Pipeline.Synthetic;

/// <summary>
/// xoshiro256** seeded through SplitMix64. Hand-rolled rather than System.Random because the output must be
/// byte-identical across runtimes and versions for the same seed, which System.Random does not promise.
/// </summary>
internal sealed class Prng
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    public Prng(ulong seed) => Reseed(seed);

    /// <summary>
    /// A seed for an independent stream: every child gets its own streams so that its history does not depend
    /// on how many numbers earlier children drew (and anomaly injection cannot shift the clean data).
    /// </summary>
    public static ulong StreamSeed(int seed, ulong purpose, long index)
    {
        var x = (ulong)(uint)seed;
        x = SplitMix(ref x) ^ (purpose * 0x9E3779B97F4A7C15UL);
        x = SplitMix(ref x) ^ (ulong)index;
        return SplitMix(ref x);
    }

    public void Reseed(ulong seed)
    {
        var x = seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    public ulong NextUInt64()
    {
        var result = RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, n).</summary>
    public int Below(int n) => n <= 1 ? 0 : (int)((NextUInt64() >> 33) * (ulong)n >> 31);

    /// <summary>Uniform integer in [min, max] inclusive.</summary>
    public int Between(int min, int max) => max <= min ? min : min + Below(max - min + 1);

    public bool Chance(double p) => NextDouble() < p;

    public double Exponential(double mean) => -mean * Math.Log(1.0 - NextDouble());

    public double Normal()
    {
        // Box-Muller; one value per call keeps the stream position easy to reason about.
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    public double LogNormal(double median, double sigma) => median * Math.Exp(sigma * Normal());

    public int Poisson(double mean)
    {
        if (mean <= 0)
        {
            return 0;
        }

        if (mean > 30)
        {
            return Math.Max(0, (int)Math.Round(mean + Math.Sqrt(mean) * Normal()));
        }

        var limit = Math.Exp(-mean);
        var k = 0;
        var p = NextDouble();
        while (p > limit)
        {
            k++;
            p *= NextDouble();
        }

        return k;
    }

    /// <summary>Index drawn with probability proportional to <paramref name="weights"/>.</summary>
    public int PickIndex(ReadOnlySpan<double> weights)
    {
        var total = 0.0;
        foreach (var w in weights)
        {
            total += w;
        }

        var u = NextDouble() * total;
        for (var i = 0; i < weights.Length; i++)
        {
            u -= weights[i];
            if (u < 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }

    public T Pick<T>(T[] items) => items[Below(items.Length)];

    private static ulong SplitMix(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}

/// <summary>A table of weighted choices, so the weights of a code set sit next to its codes.</summary>
internal sealed class Weighted<T>
{
    private readonly T[] _items;
    private readonly double[] _cumulative;

    public Weighted(params (T Item, double Weight)[] choices)
    {
        _items = new T[choices.Length];
        _cumulative = new double[choices.Length];
        var total = 0.0;
        for (var i = 0; i < choices.Length; i++)
        {
            _items[i] = choices[i].Item;
            total += choices[i].Weight;
            _cumulative[i] = total;
        }
    }

    /// <summary>Every item that can be drawn.</summary>
    public IReadOnlyList<T> Items => _items;

    public T Draw(Prng rng)
    {
        var u = rng.NextDouble() * _cumulative[^1];
        var i = Array.BinarySearch(_cumulative, u);
        i = i < 0 ? ~i : i + 1;
        return _items[Math.Min(i, _items.Length - 1)];
    }
}
