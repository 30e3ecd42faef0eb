using OpenData.Etl.Diagnostics;

namespace OpenData.Etl.Protection;

/// <summary>
/// Personal data found in values about to be published, grouped by field and kind with the rows it
/// was found in. The values themselves are never kept.
/// </summary>
internal sealed class PersonalDataFindings(string sourceName)
{
    private const int RowsListed = 10;
    private readonly Dictionary<(string Field, PersonalDataKind Kind), (string Columns, int Count, List<int> Rows)> _hits = [];

    public bool Any => _hits.Count > 0;

    public void Add(string field, string columns, PersonalDataKind kinds, int line)
    {
        foreach (var kind in PersonalDataKinds.Each(kinds))
        {
            var key = (field, kind);
            var hit = _hits.TryGetValue(key, out var h) ? h : (columns, 0, new List<int>());
            if (hit.Item3.Count < RowsListed) hit.Item3.Add(line);
            _hits[key] = (hit.Item1, hit.Item2 + 1, hit.Item3);
        }
    }

    public IEnumerable<Diagnostic> ToDiagnostics() => _hits
        .OrderBy(h => h.Key.Field, StringComparer.Ordinal).ThenBy(h => h.Key.Kind)
        .Select(h =>
        {
            var (columns, count, rows) = h.Value;
            var more = count > rows.Count ? $" and {count - rows.Count} more" : "";
            var name = PersonalDataKinds.Name(h.Key.Kind);
            return Diagnostic.Error(Codes.PersonalDataFound,
                $"field '{h.Key.Field}'{columns} would publish what looks like a {name} in {count} row(s): rows {string.Join(", ", rows)}{more}. " +
                $"Protect the column (drop, pseudonymise, mask, generalise) or, if it is meant to be public, add allow: [{name}] with a reason.",
                new TextLocation(sourceName, rows[0]));
        });
}
