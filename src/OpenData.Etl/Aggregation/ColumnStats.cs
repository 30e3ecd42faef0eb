namespace OpenData.Etl.Aggregation;

/// <summary>
/// Per-cell statistics of one numeric column, stored as parallel arrays indexed by cell: how many values,
/// their sum, minimum and maximum, the <c>n</c> largest (for the dominance rule) and, only when a median
/// is asked for, every value.
/// </summary>
internal sealed class ColumnStats(int topN, bool keepValues)
{
    public long[] N = [];
    public decimal[] Sum = [];
    public decimal[] Min = [];
    public decimal[] Max = [];

    /// <summary>The <see cref="TopN"/> largest values of each cell, descending, at [cell * TopN ..]; only the first min(N, TopN) are set.</summary>
    public decimal[] Top = [];
    public List<decimal>?[]? Values;

    public int TopN { get; } = topN;

    public bool KeepsValues { get; } = keepValues;

    public void Resize(int cells)
    {
        Array.Resize(ref N, cells);
        Array.Resize(ref Sum, cells);
        Array.Resize(ref Min, cells);
        Array.Resize(ref Max, cells);
        Array.Resize(ref Top, cells * TopN);
        if (KeepsValues) Array.Resize(ref Values, cells);
    }

    public void Add(int cell, decimal value)
    {
        var n = N[cell]++;
        Sum[cell] += value;
        if (n == 0 || value < Min[cell]) Min[cell] = value;
        if (n == 0 || value > Max[cell]) Max[cell] = value;
        if (TopN > 0) InsertTop(cell, value, (int)Math.Min(n, TopN));
        if (KeepsValues) (Values![cell] ??= []).Add(value);
    }

    private void InsertTop(int cell, decimal value, int filled)
    {
        var top = Top.AsSpan(cell * TopN, TopN);
        var i = filled < TopN ? filled : TopN - 1;
        if (filled == TopN && value <= top[i]) return;
        while (i > 0 && top[i - 1] < value)
        {
            top[i] = top[i - 1];
            i--;
        }
        top[i] = value;
    }

    /// <summary>Adds everything of cell <paramref name="from"/> in <paramref name="source"/> into cell <paramref name="to"/> here.</summary>
    public void Merge(ColumnStats source, int from, int to)
    {
        var n = source.N[from];
        if (n == 0) return;
        var had = N[to];
        N[to] += n;
        Sum[to] += source.Sum[from];
        if (had == 0 || source.Min[from] < Min[to]) Min[to] = source.Min[from];
        if (had == 0 || source.Max[from] > Max[to]) Max[to] = source.Max[from];
        var filled = (int)Math.Min(had, TopN);
        for (var i = 0; i < Math.Min(n, TopN); i++)
        {
            InsertTop(to, source.Top[from * source.TopN + i], filled);
            filled = Math.Min(filled + 1, TopN);
        }
        if (KeepsValues && source.Values![from] is { } values) (Values![to] ??= []).AddRange(values);
    }

    /// <summary>Sum of the cell's n largest values.</summary>
    public decimal TopSum(int cell)
    {
        var sum = 0m;
        for (var i = 0; i < Math.Min(N[cell], TopN); i++) sum += Top[cell * TopN + i];
        return sum;
    }
}
