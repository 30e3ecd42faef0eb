using System.Text;
using OpenData.Etl.Diagnostics;
using OpenData.Etl.Sources;

namespace OpenData.Etl.Aggregation;

/// <summary>
/// Row-level k-anonymity. Before the first row is handed on, a separate pass over a fresh (protected)
/// source counts every combination of the quasi-identifiers; memory grows with the combinations, not the
/// rows. The main pass then drops the rows of groups smaller than k ('suppress') or reports each as a row
/// error ('fail'), naming the group size but never its values.
/// </summary>
internal sealed class KAnonymousSource : ITabularSource
{
    private readonly ITabularSource _inner;
    private readonly KAnonymitySpec _spec;
    private readonly Func<ITabularSource> _openAgain;
    private readonly int[] _indexes;
    private readonly StringBuilder _key = new();
    private Dictionary<string, long>? _groups;

    public KAnonymousSource(ITabularSource inner, KAnonymitySpec spec, Func<ITabularSource> openAgain)
    {
        _inner = inner;
        _spec = spec;
        _openAgain = openAgain;
        _indexes = [.. spec.QuasiIdentifiers.Select(q => inner.Header.ToList().IndexOf(q))];
    }

    public string DisplayName => _inner.DisplayName;

    public IReadOnlyList<string> Header => _inner.Header;

    public int LineNumber => _inner.LineNumber;

    public int LineSpan => _inner.LineSpan;

    public int FieldCount => _inner.FieldCount;

    public ReadOnlySpan<char> this[int index] => _inner[index];

    public RecordProblem? Problem { get; private set; }

    /// <summary>The smallest group among the rows handed on; null before reading or when no row was.</summary>
    public long? SmallestGroup { get; private set; }

    /// <summary>The smallest group in the whole source, before any suppression.</summary>
    public long? SmallestGroupInSource { get; private set; }

    public long RowsSuppressed { get; private set; }

    public bool Read()
    {
        _groups ??= CountGroups();
        while (_inner.Read())
        {
            Problem = _inner.Problem;
            if (Problem is not null) return true;
            var size = _groups.GetValueOrDefault(Key(_inner));
            if (size >= _spec.K)
            {
                SmallestGroup = Math.Min(SmallestGroup ?? long.MaxValue, size);
                return true;
            }
            if (_spec.OnViolation == KViolation.Suppress)
            {
                RowsSuppressed++;
                continue;
            }
            Problem = new RecordProblem(Codes.KAnonymityViolated,
                $"the row's combination of {string.Join(", ", _spec.QuasiIdentifiers)} is shared by {size} row(s), fewer than k = {_spec.K} (values withheld); generalise further or set 'on-violation: suppress'.", StopsReading: false);
            return true;
        }
        return false;
    }

    private Dictionary<string, long> CountGroups()
    {
        var groups = new Dictionary<string, long>(StringComparer.Ordinal);
        using var source = _openAgain();
        while (source.Read())
        {
            if (source.Problem is not null) continue; // reported by the main pass
            var key = Key(source);
            groups[key] = groups.GetValueOrDefault(key) + 1;
        }
        SmallestGroupInSource = groups.Count == 0 ? null : groups.Values.Min();
        return groups;
    }

    private string Key(ITabularSource source)
    {
        _key.Clear();
        foreach (var index in _indexes)
        {
            var value = index < source.FieldCount ? source[index].Trim() : [];
            // Length-prefixed, so no value can imitate a separator.
            _key.Append(value.Length).Append(':').Append(value);
        }
        return _key.ToString();
    }

    public void Dispose() => _inner.Dispose();
}
