using System.Buffers;
using OpenData.Etl.Data;
using OpenData.Etl.Diagnostics;
using OpenData.Etl.Geo;
using OpenData.Etl.Pipelines;
using OpenData.Etl.Protection;
using OpenData.Etl.Sources;

namespace OpenData.Etl.Mapping;

/// <summary>
/// Turns source records into typed specification rows, checks them against the schema, and fills batches.
/// Rows with errors are reported (never with values of non-public columns) and left out of the batch.
/// Disposing it deletes the uniqueness checks' spill files.
/// </summary>
internal sealed class RowMapper : IDisposable
{
    private readonly BoundPipeline _pipeline;
    private readonly ITabularSource _source;
    // The same source when it is a CSV file, read through the sealed class: a call per value through the interface
    // (field count, then field) was 3 % of a conversion.
    private readonly CsvSource? _csv;
    // The pipeline's fields as an array, for the same reason: they are walked for every row.
    private readonly BoundField[] _fields;
    // The positions of the fields with constraints: the only ones each row is checked against.
    private readonly int[] _constrainedFields;
    private readonly DataErrors _errors;
    private readonly MissingMarkers _missing;
    private readonly List<UniqueKeys> _uniqueKeys = [];
    private readonly UniqueKeys? _uniqueUris;
    private readonly UniqueKeys? _uriKey;
    private readonly ArrayBufferWriter<char> _uriBuffer = new(256);
    private readonly PersonalDataFindings _findings;
    private readonly GeometryStep? _geometry;

    /// <param name="spillDirectory">Where uniqueness checks spill key hashes beyond their in-memory table; the system's temporary folder when null.</param>
    /// <param name="keyTableSlots">The in-memory table's cap for each uniqueness check; tests lower it to force spilling.</param>
    public RowMapper(BoundPipeline pipeline, ITabularSource source, DataErrors errors, PersonalDataFindings findings, int batchCapacity,
        string? spillDirectory = null, int keyTableSlots = SpillingHashSet.DefaultMaxSlots)
    {
        _findings = findings;
        _pipeline = pipeline;
        _source = source;
        _csv = source as CsvSource;
        _fields = [.. pipeline.Fields];
        _constrainedFields = [.. Enumerable.Range(0, _fields.Length).Where(f => _fields[f].HasConstraints)];
        _errors = errors;
        _missing = new MissingMarkers(pipeline.Pipeline.Source.MissingValues);

        var offset = pipeline.FieldOffset;
        int IndexOf(string name) => pipeline.Fields.ToList().FindIndex(f => f.Field.Name == name) + offset;
        var spill = spillDirectory ?? Path.GetTempPath();
        UniqueKeys Keys(string description, int[] columns) => new(description, columns, spill, keyTableSlots);
        if (pipeline.Schema.PrimaryKey.Count > 0)
            _uniqueKeys.Add(Keys($"primary key ({string.Join(", ", pipeline.Schema.PrimaryKey)})", [.. pipeline.Schema.PrimaryKey.Select(IndexOf)]));
        foreach (var field in pipeline.Fields.Where(f => f.Field.Constraints.Unique && !(pipeline.Schema.PrimaryKey is [var only] && only == f.Field.Name)))
            _uniqueKeys.Add(Keys($"unique field '{field.Field.Name}'", [IndexOf(field.Field.Name)]));
        if (pipeline.RowUri is { } template)
        {
            // A template with one placeholder naming a single-field key gives distinct URIs exactly when the keys
            // are distinct (percent-encoding is one-to-one), so the key's check answers for the URI too and a
            // second set of hashes, growing with every row, is not kept.
            _uriKey = template.Placeholders is [var only] ? _uniqueKeys.FirstOrDefault(k => k.Columns is [var c] && c == IndexOf(only)) : null;
            if (_uriKey is null) _uniqueUris = Keys("row URI", []);
        }
        if (pipeline.Geometry is { } geometry) _geometry = new GeometryStep(geometry, batchCapacity);
    }

    /// <summary>The WGS 84 bounding box of every point mapped so far, or null without geometry or points.</summary>
    public GeoBounds? Bounds => _geometry?.Bounds.ToBounds();

    public long RowsRead { get; private set; }

    /// <summary>Rows left out of every batch because they broke a rule.</summary>
    public long RowsRejected { get; private set; }

    /// <summary>Set after a broken quote: record boundaries beyond it cannot be trusted, so reading stops.</summary>
    public bool StoppedEarly { get; private set; }

    /// <summary>Fills <paramref name="batch"/> from the source and scans it for personal data; false when the source is exhausted and nothing was added.</summary>
    public bool Fill(ColumnBatch batch)
    {
        var any = FillWithoutScan(batch);
        ScanForPersonalData(batch);
        return any;
    }

    /// <summary>
    /// <see cref="Fill"/> without the personal-data scan, for a caller that runs <see cref="ScanForPersonalData"/> on
    /// another thread before anything else sees the batch (the runner: the scan then overlaps the next batch's reading).
    /// </summary>
    public bool FillWithoutScan(ColumnBatch batch)
    {
        batch.Reset();
        var more = true;
        while (more && batch.Count < batch.Capacity && !StoppedEarly)
        {
            var first = batch.Count;
            while (batch.Count < batch.Capacity && !StoppedEarly && (more = _source.Read()))
            {
                RowsRead++;
                if (MapRow(batch, batch.Count)) batch.Count++;
                else RowsRejected++;
            }
            // Keys and row URIs after the rows' values, in the same row order: then the key tables' slots can be
            // fetched from memory for all of these rows at once (see UniqueKeys.Prepare). Rows they reject leave
            // the batch, and the loop reads more to take their place.
            CheckIdentities(batch, first);
        }
        if (_geometry is not null) _geometry.Complete(batch.Geometry!, batch.Count);
        return batch.Count > 0;
    }

    /// <summary>Maps, converts and checks one row's values and reads its coordinates; keys and URI come later.</summary>
    private bool MapRow(ColumnBatch batch, int row)
    {
        var line = _source.LineNumber;
        if (_source.Problem is { } malformed)
        {
            _errors.Add(malformed.Code, line, malformed.Message);
            StoppedEarly |= malformed.StopsReading;
            return false;
        }

        batch.SourceLines[row] = line;
        var ok = true;
        var offset = _pipeline.FieldOffset;
        for (var f = 0; f < _fields.Length; f++)
        {
            var field = _fields[f];
            var column = batch.Columns[f + offset];
            ok &= MapField(field, column, row, line);
        }
        if (!ok) return false;

        foreach (var f in _constrainedFields)
        {
            if (_fields[f].Check(batch.Columns[f + offset], row) is { } problem)
            {
                var field = _fields[f];
                _errors.Add(problem.Code, line, $"field '{field.Field.Name}'{SourceNames(field)} breaks {problem.Rule}.");
                ok = false;
            }
        }
        if (!ok) return false;

        return _geometry is null || MapGeometry(_geometry, row, line);
    }

    /// <summary>
    /// Checks the keys of the rows from <paramref name="first"/> on and builds their row URIs, row by row, and
    /// moves the rows that pass together, so the batch ends with them alone.
    /// </summary>
    private void CheckIdentities(ColumnBatch batch, int first)
    {
        if (_uniqueKeys.Count == 0 && _pipeline.RowUri is null) return;
        foreach (var key in _uniqueKeys) key.Prepare(batch, first, batch.Count);
        var kept = first;
        for (var row = first; row < batch.Count; row++)
        {
            if (!CheckIdentity(batch, row))
            {
                RowsRejected++;
                continue;
            }
            if (kept < row)
            {
                batch.MoveRow(row, kept);
                _geometry?.MoveRow(row, kept);
            }
            kept++;
        }
        batch.Count = kept;
    }

    private bool CheckIdentity(ColumnBatch batch, int row)
    {
        var line = batch.SourceLines[row];
        var ok = true;
        var uriKeyRepeated = false;
        foreach (var key in _uniqueKeys)
        {
            if (!key.TryAddPrepared(row))
            {
                _errors.Add(Codes.DuplicateKey, line, $"{key.Description} repeats a value from an earlier row; keys must be unique.");
                ok = false;
                uriKeyRepeated |= key == _uriKey;
            }
        }

        if (_pipeline.RowUri is { } template)
        {
            if (!template.TryExpand(batch, row, _uriBuffer))
            {
                _errors.Add(Codes.RowUriInvalid, line, $"the row URI cannot be built: one of {string.Join(", ", template.Placeholders)} is empty.");
                return false;
            }
            var uri = _uriBuffer.WrittenSpan;
            if (_uniqueUris is null ? uriKeyRepeated : !_uniqueUris.TryAdd(uri))
            {
                _errors.Add(Codes.DuplicateKey, line, "the row URI repeats an earlier row's URI; persistent identifiers must be unique.");
                return false;
            }
            ((StringColumn)batch.Columns[0]).Set(row, uri);
        }
        return ok;
    }

    /// <summary>
    /// The last line of defence: whatever the classification says, personal data in a value about to be published
    /// stops the run. Every row of the batch is scanned, column by column.
    /// </summary>
    public void ScanForPersonalData(ColumnBatch batch)
    {
        var offset = _pipeline.FieldOffset;
        for (var f = 0; f < _fields.Length; f++)
        {
            var field = _fields[f];
            var column = batch.Columns[f + offset];
            // One type test per column, not per value: the loops below run over every published value.
            switch (column)
            {
                case StringColumn s:
                    for (var row = 0; row < batch.Count; row++)
                        if (!s.IsNull[row]) Report(field, PersonalDataScanner.Scan(s.TextOf(row)), batch.SourceLines[row]);
                    break;
                case ListColumn l:
                    // One finding per row, whatever the number of items in it that look personal.
                    for (var row = 0; row < batch.Count; row++)
                        if (l.Values[row] is { } items)
                            Report(field, items.Aggregate(PersonalDataKind.None, (kinds, item) => kinds | PersonalDataScanner.Scan(item)), batch.SourceLines[row]);
                    break;
                // A personnummer typed as a number is still a personnummer: ten or more digits are scanned too.
                case ValueColumn<long> n:
                    for (var row = 0; row < batch.Count; row++)
                        if (!n.IsNull[row] && Math.Abs(n.Values[row]) >= 1_000_000_000)
                            Report(field, PersonalDataScanner.Scan(n.Values[row].ToString(System.Globalization.CultureInfo.InvariantCulture)), batch.SourceLines[row]);
                    break;
                case ValueColumn<decimal> d:
                    for (var row = 0; row < batch.Count; row++)
                    {
                        var value = d.Values[row];
                        if (!d.IsNull[row] && Math.Abs(value) >= 1_000_000_000 && decimal.Truncate(value) == value)
                            Report(field, PersonalDataScanner.Scan(value.ToString("0", System.Globalization.CultureInfo.InvariantCulture)), batch.SourceLines[row]);
                    }
                    break;
            }
        }
    }

    private void Report(BoundField field, PersonalDataKind found, int line)
    {
        found &= ~field.AllowedKinds;
        if (found != PersonalDataKind.None) _findings.Add(field.Field.Name, SourceNames(field), found, line);
    }

    private bool MapField(BoundField field, Column column, int row, int line)
    {
        var mapping = field.Mapping;
        if (mapping is null)
        {
            column.SetNull(row);
            return true;
        }

        if (field.SourceIndexes.Length > 1) // one index per source column of the mapping
            return MapItems(field, column, row, line);

        var raw = mapping.Constant is { } constant ? constant.AsSpan() : Field(field.SourceIndexes[0]);
        var text = field.Prepare(raw);
        if (IsMissing(text))
        {
            column.SetNull(row);
            return true;
        }
        if (field.TryConvert(text, column, row)) return true;

        _errors.Add(Codes.TypeMismatch, line, $"field '{field.Field.Name}'{SourceNames(field)}{DataErrors.Quote(field, raw)} expected {field.ExpectedForm()}.");
        return false;
    }

    /// <summary>A list with one item from each of several source columns (e.g. a coordinate pair); all or none must have a value.</summary>
    private bool MapItems(BoundField field, Column column, int row, int line)
    {
        var count = field.SourceIndexes.Length;
        var texts = column is ListColumn ? new string[count] : null;
        var numbers = count <= 16 ? stackalloc double[count] : new double[count];
        var missing = 0;
        var parsed = true;
        for (var i = 0; i < count; i++)
        {
            var text = field.Prepare(Field(field.SourceIndexes[i]));
            if (IsMissing(text)) missing++;
            else if (texts is not null) texts[i] = text.ToString();
            else parsed &= field.TryParseItem(text, out numbers[i]);
        }
        if (missing == count)
        {
            column.SetNull(row);
            return true;
        }
        if (missing == 0 && parsed)
        {
            if (texts is not null) ((ListColumn)column).Set(row, texts);
            else ((NumberListColumn)column).Set(row, numbers);
            return true;
        }
        _errors.Add(Codes.TypeMismatch, line, $"field '{field.Field.Name}'{SourceNames(field)} expected {field.ExpectedForm()} in every column, none of them empty.");
        return false;
    }

    /// <summary>Reads and checks the row's coordinates in the source CRS; reprojection happens per batch.</summary>
    private bool MapGeometry(GeometryStep step, int row, int line)
    {
        var g = step.Binding;
        var first = Field(g.SourceIndexes[0]);
        var second = g.SourceIndexes.Length > 1 ? Field(g.SourceIndexes[1]) : [];
        var firstMissing = IsMissing(first);
        var secondMissing = g.SourceIndexes.Length > 1 ? IsMissing(second) : firstMissing;
        if (firstMissing && secondMissing)
        {
            step.SetNull(row);
            if (g.Spec.Missing == MissingGeometry.Null) return true;
            _errors.Add(Codes.CoordinateMissing, line, $"geometry: the row has no coordinates in {string.Join(" or ", g.Spec.Columns.Select(c => $"'{c}'"))} and 'geometry.missing' is 'reject'.");
            return false;
        }
        if (firstMissing != secondMissing)
        {
            var (has, lacks) = firstMissing ? (g.Spec.Columns[1], g.Spec.Columns[0]) : (g.Spec.Columns[0], g.Spec.Columns[1]);
            _errors.Add(Codes.CoordinateInvalid, line, $"geometry: '{has}' has a value but '{lacks}' is empty; a point needs both.");
            return false;
        }
        if (g.ReadCoordinates(first, second, out var x, out var y) is { } problem)
        {
            _errors.Add(Codes.CoordinateInvalid, line, problem);
            return false;
        }
        if (g.Checks.Check(x, y) is { } check)
        {
            _errors.Add(check.Code, line, g.Describe(check.Problem, x, y));
            return false;
        }
        step.SetPoint(row, x, y);
        return true;
    }

    public void Dispose()
    {
        foreach (var key in _uniqueKeys) key.Dispose();
        _uniqueUris?.Dispose();
    }

    private ReadOnlySpan<char> Field(int index) =>
        _csv is { } csv ? (index < csv.FieldCount ? csv[index] : []) : index < _source.FieldCount ? _source[index] : [];

    private bool IsMissing(ReadOnlySpan<char> text) => _missing.Matches(text);

    private static string SourceNames(BoundField field) =>
        field.Mapping is { From.Count: > 0 } m ? $" (from {string.Join(", ", m.From)})" : "";
}
