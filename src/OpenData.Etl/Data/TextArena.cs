namespace OpenData.Etl.Data;

/// <summary>
/// Characters of many values in chunks that are reused after <see cref="Clear"/>: a batch's text column, a row
/// group's in the Parquet writer.
/// Growing adds a chunk: it never copies, nor leaves a discarded array for the collector, and the chunks stay
/// within one chunk of what the most text held at once needed.
/// </summary>
/// <param name="chunkChars">Characters a chunk holds (more for a longer value).</param>
public sealed class TextArena(int chunkChars)
{
    private readonly List<char[]> _chunks = [];
    private int _chunk;
    private int _used;

    /// <summary>Copies <paramref name="text"/> into the arena; the memory stays valid until <see cref="Clear"/>.</summary>
    public ReadOnlyMemory<char> Copy(ReadOnlySpan<char> text)
    {
        if (_chunks.Count == 0) _chunks.Add(new char[Math.Max(chunkChars, text.Length)]);
        else if (_chunks[_chunk].Length - _used < text.Length) NextChunk(text.Length);
        var memory = new Memory<char>(_chunks[_chunk], _used, text.Length);
        text.CopyTo(memory.Span);
        _used += text.Length;
        return memory;
    }

    /// <summary>Forgets the text; the chunks are kept for what comes next.</summary>
    public void Clear() => (_chunk, _used) = (0, 0);

    private void NextChunk(int length)
    {
        (_chunk, _used) = (_chunk + 1, 0);
        if (_chunk == _chunks.Count) _chunks.Add(new char[Math.Max(chunkChars, length)]);
        else if (_chunks[_chunk].Length < length) _chunks[_chunk] = new char[length];
    }
}
