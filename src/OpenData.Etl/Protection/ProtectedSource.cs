using OpenData.Etl.Diagnostics;
using OpenData.Etl.Mapping;
using OpenData.Etl.Sources;

namespace OpenData.Etl.Protection;

/// <summary>
/// A source decorator that applies every column's protection (pseudonymise, mask, generalise), adds the
/// derived columns and blanks dropped ones, so that mapping, geometry and the published files only ever
/// see protected values. Missing-value markers pass through untouched.
/// </summary>
internal sealed class ProtectedSource : ITabularSource
{
    private readonly ITabularSource _inner;
    private readonly IColumnTransform?[] _transforms;
    private readonly bool[] _dropped;
    private readonly (int From, IColumnTransform Transform)[] _derived;
    private readonly MissingMarkers _missing;
    private readonly char[][] _buffers;
    private readonly int[] _lengths;
    private readonly bool[] _passThrough;
    private readonly int _innerCount;
    private readonly long[] _changed;

    public ProtectedSource(
        ITabularSource inner,
        IColumnTransform?[] transforms,
        bool[] dropped,
        IReadOnlyList<(string Name, int From, IColumnTransform Transform)> derived,
        IEnumerable<string> missingValues)
    {
        _inner = inner;
        _transforms = transforms;
        _dropped = dropped;
        _derived = [.. derived.Select(d => (d.From, d.Transform))];
        _innerCount = inner.Header.Count;
        Header = [.. inner.Header, .. derived.Select(d => d.Name)];
        _missing = new MissingMarkers(missingValues);
        _buffers = [.. Enumerable.Range(0, Header.Count).Select(_ => new char[64])];
        _lengths = new int[Header.Count];
        _passThrough = new bool[Header.Count];
        _changed = new long[Header.Count];
    }

    /// <summary>Per column (source and derived) with a transform: how many values the transform changed so far, for the run report.</summary>
    public IReadOnlyList<(string Column, string Transform, long Changed)> Figures =>
        [.. Enumerable.Range(0, Header.Count)
            .Select(i => (i, Transform: i < _innerCount ? _transforms[i] : _derived[i - _innerCount].Transform))
            .Where(t => t.Transform is not null)
            .Select(t => (Header[t.i], t.Transform!.Description, _changed[t.i]))];

    public string DisplayName => _inner.DisplayName;

    public IReadOnlyList<string> Header { get; }

    public int LineNumber => _inner.LineNumber;

    public int LineSpan => _inner.LineSpan;

    public int FieldCount => _inner.Problem is null ? Header.Count : _inner.FieldCount;

    public RecordProblem? Problem { get; private set; }

    public ReadOnlySpan<char> this[int index]
    {
        get
        {
            if (index < _innerCount)
            {
                if (_dropped[index]) return [];
                if (_transforms[index] is null || _passThrough[index]) return _inner[index];
            }
            else if (_passThrough[index])
            {
                return _inner[_derived[index - _innerCount].From];
            }
            return _buffers[index].AsSpan(0, _lengths[index]);
        }
    }

    public bool Read()
    {
        if (!_inner.Read()) return false;
        Problem = _inner.Problem;
        if (Problem is not null) return true;

        for (var i = 0; i < _innerCount; i++)
        {
            if (_transforms[i] is { } transform && !Apply(i, _inner[i], transform)) return true;
        }
        for (var d = 0; d < _derived.Length; d++)
        {
            var (from, transform) = _derived[d];
            if (!Apply(_innerCount + d, _inner[from], transform)) return true;
        }
        return true;
    }

    private bool Apply(int index, ReadOnlySpan<char> value, IColumnTransform transform)
    {
        _passThrough[index] = !transform.AppliesToMissing && _missing.Matches(value);
        if (_passThrough[index]) return true;
        if (transform.TryApply(value, ref _buffers[index], out _lengths[index]))
        {
            // Counted only when the value changed: a mask limited to one kind leaves other values as they are.
            if (!value.SequenceEqual(_buffers[index].AsSpan(0, _lengths[index]))) _changed[index]++;
            return true;
        }
        // The value is not quoted: a column needs protection precisely because it is not public.
        Problem = new RecordProblem(Codes.ProtectionFailed,
            $"column '{Header[index]}' cannot be protected: its value does not fit '{transform.Description}' (value withheld).", StopsReading: false);
        return false;
    }

    public void Dispose() => _inner.Dispose();
}
