namespace OpenData.Etl.Sources;

/// <summary>
/// Explains a malformed record by re-reading its raw text with strict RFC 4180 rules: a quoted field must
/// end with a quote followed by the delimiter or a line end, and an unquoted field holds no quote. The first quoted field that breaks this (or runs
/// to the end of the file) is where the stray quote sits; lenient parsing would only notice rows later.
/// </summary>
internal static class QuoteDiagnosis
{
    public static int? FindUnclosedQuote(ReadOnlySpan<char> raw, char delimiter)
    {
        var column = 0;
        var i = 0;
        while (i < raw.Length)
        {
            if (raw[i] != '"')
            {
                // Unquoted field: skip to the next delimiter or line end. A quote in here toggles quoting
                // in lenient readers, so it is the culprit too.
                while (i < raw.Length && raw[i] != delimiter && raw[i] is not ('\r' or '\n'))
                {
                    if (raw[i] == '"') return column;
                    i++;
                }
            }
            else
            {
                var start = column;
                i++;
                while (true)
                {
                    if (i >= raw.Length) return start; // the quote runs to the end of the record
                    if (raw[i] == '"' && i + 1 < raw.Length && raw[i + 1] == '"') { i += 2; continue; }
                    if (raw[i] == '"') { i++; break; }
                    i++;
                }
                if (i < raw.Length && raw[i] != delimiter && raw[i] is not ('\r' or '\n')) return start;
            }
            if (i < raw.Length && raw[i] is '\r' or '\n') return null; // the record ended cleanly
            i++;
            column++;
        }
        return null;
    }
}
