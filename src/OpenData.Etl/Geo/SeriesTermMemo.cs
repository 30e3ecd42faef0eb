namespace OpenData.Etl.Geo;

/// <summary>
/// Remembers the terms of Krüger's inverse series that depend on one axis only: sin and cos of 2ξ, 4ξ, 6ξ, 8ξ
/// (from the northing) and cosh and sinh of 2η, 4η, 6η, 8η (from the easting), sixteen of a point's 24 calls
/// into the maths library.
/// </summary>
/// <remarks>
/// Coordinates generalised to a grid repeat along each axis: a 100 m grid over Sweden has about 6,000 distinct
/// eastings and 15,000 northings, so a million points share far fewer rows and columns. Each axis has a
/// direct-mapped table keyed by the exact bits of ξ or η; a hit returns the very doubles the calls would give,
/// so the projected point is the same to the last bit. A table is per thread, since a projection is shared.
/// </remarks>
internal sealed class SeriesTermMemo
{
    /// <summary>Terms per key: four of one function, then four of the other.</summary>
    public const int Terms = 8;

    private const int SlotBits = 14; // 16,384 slots an axis: 1.2 MB each, most of a 100 m grid's northings and all its eastings

    // No input maps to these bits (a NaN with a payload the arithmetic never makes), and the terms start as
    // NaN, which is what the functions give for a NaN anyway.
    private const long Empty = 0x7FF8_0000_0000_0BADL;

    [ThreadStatic] private static SeriesTermMemo? t_current;

    private readonly Axis _circular = new(Math.Sin, Math.Cos);
    private readonly Axis _hyperbolic = new(Math.Cosh, Math.Sinh);

    public static SeriesTermMemo ForThisThread => t_current ??= new SeriesTermMemo();

    /// <summary>sin 2ξ, sin 4ξ, sin 6ξ, sin 8ξ, cos 2ξ, cos 4ξ, cos 6ξ, cos 8ξ.</summary>
    public ReadOnlySpan<double> Circular(double xi) => _circular.Of(xi);

    /// <summary>cosh 2η, cosh 4η, cosh 6η, cosh 8η, sinh 2η, sinh 4η, sinh 6η, sinh 8η.</summary>
    public ReadOnlySpan<double> Hyperbolic(double eta) => _hyperbolic.Of(eta);

    /// <summary>One axis: <paramref name="first"/> of 2v, 4v, 6v, 8v, then <paramref name="second"/> of the same.</summary>
    private sealed class Axis(Func<double, double> first, Func<double, double> second)
    {
        private readonly long[] _keys = Filled(1 << SlotBits, Empty);
        private readonly double[] _terms = Filled((1 << SlotBits) * Terms, double.NaN);

        public ReadOnlySpan<double> Of(double value)
        {
            var bits = BitConverter.DoubleToInt64Bits(value);
            // Fibonacci hashing: the top bits of the product mix every bit of the key, also the low ones that
            // are all a grid's cells differ in.
            var slot = (int)((ulong)bits * 0x9E37_79B9_7F4A_7C15UL >> (64 - SlotBits));
            var terms = _terms.AsSpan(slot * Terms, Terms);
            if (_keys[slot] != bits)
            {
                for (var k = 1; k <= Terms / 2; k++)
                {
                    // 2k · v with 2k a whole number: the very product the series' formula writes out as 2 * v … 8 * v.
                    terms[k - 1] = first(2 * k * value);
                    terms[k - 1 + Terms / 2] = second(2 * k * value);
                }
                _keys[slot] = bits;
            }
            return terms;
        }

        private static T[] Filled<T>(int length, T value)
        {
            var array = new T[length];
            array.AsSpan().Fill(value);
            return array;
        }
    }
}
