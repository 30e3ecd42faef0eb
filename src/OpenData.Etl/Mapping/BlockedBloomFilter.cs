namespace OpenData.Etl.Mapping;

/// <summary>
/// A Bloom filter over 128-bit hashes that costs one cache line a lookup: a key picks one 512-bit block and
/// sets one bit in each of its eight 64-bit words (a split-block filter, as in Parquet). With 10 bits a key
/// about 1 % of absent keys answer "maybe". The keys are already uniform hashes, so the block and the bit
/// positions are taken from their bits instead of hashing again.
/// </summary>
internal sealed class BlockedBloomFilter
{
    private const int WordsPerBlock = 8;
    private const int BitsPerKey = 10;

    private readonly ulong[] _words;
    private readonly ulong _blocks;

    public BlockedBloomFilter(int keys)
    {
        _blocks = (ulong)Math.Max(1, ((long)keys * BitsPerKey + 511) / 512);
        _words = new ulong[_blocks * WordsPerBlock];
    }

    /// <summary>Bytes held, for the memory accounting in tests and docs.</summary>
    public long Bytes => _words.LongLength * sizeof(ulong);

    public void Add(UInt128 hash)
    {
        var block = Block(hash);
        var bits = BitSource(hash);
        for (var i = 0; i < WordsPerBlock; i++, bits >>= 6) block[i] |= 1UL << (int)(bits & 63);
    }

    public bool MightContain(UInt128 hash)
    {
        var block = Block(hash);
        var bits = BitSource(hash);
        for (var i = 0; i < WordsPerBlock; i++, bits >>= 6)
        {
            if ((block[i] & (1UL << (int)(bits & 63))) == 0) return false;
        }
        return true;
    }

    /// <summary>The block from the top bits of the hash's upper half (multiply-shift maps them onto any block count without a division).</summary>
    private Span<ulong> Block(UInt128 hash) =>
        _words.AsSpan((int)Math.BigMul((ulong)(hash >> 64), _blocks, out _) * WordsPerBlock, WordsPerBlock);

    /// <summary>Eight 6-bit bit numbers from bits 16–63 of the lower half; the table slot uses the lowest bits, so they stay apart.</summary>
    private static ulong BitSource(UInt128 hash) => (ulong)hash >> 16;
}
