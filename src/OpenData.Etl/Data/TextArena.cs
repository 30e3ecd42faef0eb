namespace OpenData.Etl.Data;

/// <summary>
/// Characters of many values in chunks that are reused after <see cref="Clear"/>: a row group's text in the Parquet
/// writer, handed to Parquet.Net as memory slices that must stay where they are while the row group grows.
/// Growing adds a chunk: it never copies, nor leaves a discarded array for the collector, and the chunks stay
/// within one chunk of what the most text held at once needed.
/// </summary>
/// <param name="chunkChars">Characters a chunk holds (more for a longer value).</param>
public sealed class TextArena(int chunkChars)
{
    private readonly List<char[]> _chunks = [];
    private char[] _current = [];
    private int _chunk = -1;
    private int _used;

    /// <summary>Copies <paramref name="text"/> into the arena; the memory stays valid until <see cref="Clear"/>.</summary>
    public ReadOnlyMemory<char> Copy(ReadOnlySpan<char> text)
    {
        // The chunk being filled is kept in a field: a list lookup per value showed in the profile.
        if (_current.Length - _used < text.Length) NextChunk(text.Length);
        var start = _used;
        text.CopyTo(_current.AsSpan(start));
        _used = start + text.Length;
        return new ReadOnlyMemory<char>(_current, start, text.Length);
    }

    /// <summary>Forgets the text; the chunks are kept for what comes next.</summary>
    public void Clear() => (_current, _chunk, _used) = ([], -1, 0);

    private void NextChunk(int length)
    {
        (_chunk, _used) = (_chunk + 1, 0);
        if (_chunk == _chunks.Count) _chunks.Add(new char[Math.Max(chunkChars, length)]);
        else if (_chunks[_chunk].Length < length) _chunks[_chunk] = new char[length];
        _current = _chunks[_chunk];
    }
}
