using System.Globalization;
using System.Text;

namespace OpenData.Etl.Bench;

/// <summary>
/// A deterministic "internal export" of a municipal inspection register, as case systems write it:
/// Windows-1252, ';', decimal commas, CRLF, fees as "12 345,50", free text with quotes, semicolons and
/// line breaks. Personnummer come only from Skatteverket's test lists; organisation numbers are invented
/// in a range that is never a personnummer (third digit 6), except sole traders, who use a test personnummer.
/// The same row count and reference lists give the same bytes on every machine.
/// </summary>
public sealed class ExportGenerator
{
    public static readonly string[] Header =
    [
        "Arendenummer", "Anlaggning", "Organisationsnummer", "Personnummer", "Handlaggare", "Datum",
        "Avgift", "Kommunkod", "Alder", "Ost_SWEREF99TM", "Nord_SWEREF99TM", "Kommentar",
    ];

    private static readonly string[] Kinds = ["Café", "Restaurang", "Pizzeria", "Konditori", "Gatukök", "Livs", "Bageri", "Sushi", "Grill", "Förskolekök"];
    private static readonly string[] Names =
    [
        "Åkerlund", "Östergården", "Hamnkrogen", "Väster", "Söderhallen", "Björkängen", "Lilla Ö", "Smörgåsgården",
        "Fjärilen", "Kronan", "Mäster Anders", "Sjöbacka", "Ängsgården", "Strömmen", "Kvarnen", "Älvkanten",
    ];
    private static readonly string[] FirstNames = ["Anna", "Åsa", "Örjan", "Björn", "Märta", "Karin", "Jönsson", "Lars", "Göran", "Eva", "Sofie", "Håkan"];
    private static readonly string[] LastNames = ["Öberg", "Åström", "Lindqvist", "Ekström", "Söderberg", "Nyström", "Bäckman", "Holmgren", "Andersson", "Löfgren"];
    private static readonly string[] Comments =
    [
        "Ägaren uppgav \"inga problem\"; uppföljning om 3 månader",
        "Kyl höll 9 °C; åtgärdas omgående",
        "Rengöring bristfällig; \"ska bli bättre\" enligt personalen",
        "Ingen anmärkning",
        "Besök avbrutet; ägaren ej på plats",
        "Märkning saknas på två produkter.\r\nNytt besök bokat",
        "Bra ordning; \"föredömligt\"",
    ];

    private readonly IReadOnlyList<string> _personnummer;
    private readonly IReadOnlyList<string> _kommunkoder;

    /// <param name="personnummer">12-digit test personnummer (Skatteverket's lists).</param>
    /// <param name="kommunkoder">Four-digit municipality codes.</param>
    public ExportGenerator(IReadOnlyList<string> personnummer, IReadOnlyList<string> kommunkoder)
    {
        _personnummer = personnummer;
        _kommunkoder = kommunkoder;
    }

    /// <summary>Reads the reference lists from ../shared/specs (test personnummer and municipality codes).</summary>
    public static ExportGenerator FromReferenceLists(string specsFolder)
    {
        var pnr = Directory.GetFiles(Path.Combine(specsFolder, "_referens-testpersonnummer"), "*.csv").Order(StringComparer.Ordinal)
            .SelectMany(File.ReadAllLines).Select(l => l.Trim()).Where(l => l.Length == 12 && l.All(char.IsAsciiDigit)).ToList();
        var kommuner = File.ReadAllLines(Path.Combine(specsFolder, "_referens-kommunkoder", "municipalities.csv")).Skip(1)
            .Select(l => l.Split(',')[0]).Where(c => c.Length == 4).ToList();
        return new ExportGenerator(pnr, kommuner);
    }

    public static Encoding Windows1252 { get; } = CodePagesEncodingProvider.Instance.GetEncoding(1252)!;

    /// <summary>
    /// Writes <paramref name="rows"/> rows. With <paramref name="peerFriendly"/> the same rows are written as
    /// UTF-8 with decimal points, the form GDAL's CSV driver reads (it has no decimal-comma option).
    /// </summary>
    public void Write(Stream output, long rows, bool peerFriendly = false)
    {
        var encoding = peerFriendly ? new UTF8Encoding(false) : Windows1252;
        using var w = new StreamWriter(output, encoding, 1 << 16) { NewLine = "\r\n" };
        w.Write(string.Join(';', Header));
        w.Write("\r\n");
        var random = new SplitMix64(20_240_917);
        var decimalMark = peerFriendly ? "." : ",";
        var line = new StringBuilder(256);
        for (long i = 1; i <= rows; i++)
        {
            line.Clear();
            var year = 2020 + (int)random.Next(5);
            // No leading zero and a letter prefix: never a phone number or personnummer to the scanner.
            line.Append("MBN-").Append(year).Append('-').Append(i).Append(';');

            var name = $"{Kinds[random.Next(Kinds.Length)]} {Names[random.Next(Names.Length)]}";
            if (random.Next(50) == 0) name += " \"Gamla\"";
            Field(line, name).Append(';');

            if (random.Next(10) == 0)
            {
                var p = _personnummer[random.Next(_personnummer.Count)];
                line.Append(p.AsSpan(2, 6)).Append('-').Append(p.AsSpan(8, 4)); // sole trader: YYMMDD-NNNN
            }
            else
            {
                var nine = "556" + random.Next(1_000_000).ToString("D6", CultureInfo.InvariantCulture);
                line.Append(nine.AsSpan(0, 6)).Append('-').Append(nine.AsSpan(6)).Append(Luhn(nine));
            }
            line.Append(';');

            var pnr = _personnummer[random.Next(_personnummer.Count)];
            line.Append(pnr.AsSpan(0, 8)).Append('-').Append(pnr.AsSpan(8)).Append(';');
            line.Append(FirstNames[random.Next(FirstNames.Length)]).Append(' ').Append(LastNames[random.Next(LastNames.Length)]).Append(';');
            line.Append(new DateOnly(year, 1, 1).AddDays(random.Next(365)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(';');

            var ore = 50_000 + random.Next(15_000_000);
            var kronor = (ore / 100).ToString("#,0", CultureInfo.InvariantCulture).Replace(',', ' ');
            line.Append(kronor).Append(decimalMark).Append((ore % 100).ToString("D2", CultureInfo.InvariantCulture)).Append(';');

            line.Append(_kommunkoder[random.Next(_kommunkoder.Count)]).Append(';');
            line.Append(random.Next(100)).Append(';');

            if (random.Next(200) == 0)
            {
                line.Append(";;"); // no position recorded
            }
            else
            {
                var easting = 280_000_00 + random.Next(600_000_00);
                var northing = 6_140_000_00 + random.Next(1_500_000_00);
                Coordinate(line, easting, decimalMark).Append(';');
                Coordinate(line, northing, decimalMark).Append(';');
            }

            if (random.Next(3) != 0) Field(line, Comments[random.Next(Comments.Length)]);
            line.Append("\r\n");
            w.Write(line);
        }
    }

    private static StringBuilder Coordinate(StringBuilder line, long centimetres, string decimalMark) =>
        line.Append(centimetres / 100).Append(decimalMark).Append((centimetres % 100).ToString("D2", CultureInfo.InvariantCulture));

    /// <summary>Quotes a field when it holds ';', '"' or a line break, doubling inner quotes, as Excel does.</summary>
    private static StringBuilder Field(StringBuilder line, string value)
    {
        if (value.AsSpan().IndexOfAny(";\"\r\n") < 0) return line.Append(value);
        return line.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }

    private static char Luhn(string nine)
    {
        var sum = 0;
        for (var i = 0; i < nine.Length; i++)
        {
            var v = (nine[i] - '0') * (i % 2 == 0 ? 2 : 1);
            sum += v > 9 ? v - 9 : v;
        }
        return (char)('0' + (10 - sum % 10) % 10);
    }

    /// <summary>SplitMix64: tiny, fast and identical on every platform and .NET version (unlike System.Random's contract).</summary>
    private sealed class SplitMix64(ulong seed)
    {
        private ulong _state = seed;

        public long Next(long bound)
        {
            _state += 0x9E3779B97F4A7C15;
            var z = _state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
            z ^= z >> 31;
            return (long)(z % (ulong)bound);
        }

        public int Next(int bound) => (int)Next((long)bound);
    }
}
