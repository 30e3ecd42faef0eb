namespace OpenData.Etl.Tests.Support;

/// <summary>
/// Skatteverket's official test personnummer (../shared/specs/_referens-testpersonnummer): the only
/// identity numbers tests may use, since an invented one could belong to a real person.
/// </summary>
internal static class TestPersonnummer
{
    public static IReadOnlyList<string> All { get; } = Load();

    private static List<string> Load()
    {
        var folder = Path.Combine(Repo.Root, "..", "shared", "specs", "_referens-testpersonnummer");
        return [.. Directory.GetFiles(folder, "*.csv").Order(StringComparer.Ordinal)
            .SelectMany(File.ReadAllLines).Select(l => l.Trim()).Where(l => l.Length == 12 && l.All(char.IsAsciiDigit))];
    }

    /// <summary>
    /// A samordningsnummer made from a test number (day + 60, check digit recomputed). Skatteverket's list has
    /// none; this one is computed in memory for the run and never written to a committed file.
    /// </summary>
    public static string Samordningsnummer(string testNumber)
    {
        var ten = testNumber[2..];
        var day = int.Parse(ten[4..6], System.Globalization.CultureInfo.InvariantCulture) + 60;
        var nine = ten[..4] + day.ToString(System.Globalization.CultureInfo.InvariantCulture) + ten[6..9];
        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            var v = (nine[i] - '0') * (i % 2 == 0 ? 2 : 1);
            sum += v > 9 ? v - 9 : v;
        }
        return nine + ((10 - sum % 10) % 10).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
