using System.Reflection;
using System.Text.RegularExpressions;
using OpenData.Etl.Diagnostics;
using OpenData.Etl.Tests.Support;

namespace OpenData.Etl.Tests.Running;

/// <summary>A code in an error message is only useful if the docs say what it means and what to do.</summary>
public sealed partial class DiagnosticCodeDocsTests
{
    // The first cell of a table row: one code, or a range such as `ODE0830`–`ODE0840`.
    [GeneratedRegex(@"^\|\s*`?(ODE\d{4})`?(?:\s*[–-]\s*`?(ODE\d{4})`?)?\s*\|", RegexOptions.Multiline)]
    private static partial Regex CodeRow();

    [Fact]
    public void Every_diagnostic_code_has_a_row_in_a_docs_table()
    {
        var documented = new HashSet<int>();
        foreach (var file in Directory.GetFiles(Repo.PathOf("docs"), "*.md"))
        {
            foreach (Match row in CodeRow().Matches(File.ReadAllText(file)))
            {
                var first = Number(row.Groups[1].Value);
                var last = row.Groups[2].Success ? Number(row.Groups[2].Value) : first;
                for (var code = first; code <= last; code++) documented.Add(code);
            }
        }

        var codes = typeof(Codes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (Name: f.Name, Code: (string)f.GetRawConstantValue()!))
            .ToList();
        Assert.True(codes.Count > 50, $"only {codes.Count} codes found: is Codes still where it was?");
        Assert.Empty(codes.Where(c => !documented.Contains(Number(c.Code))).Select(c => $"{c.Code} {c.Name}"));
    }

    private static int Number(string code) => int.Parse(code.AsSpan(3), System.Globalization.CultureInfo.InvariantCulture);
}
