using OpenData.Etl.Protection;
using OpenData.Etl.Tests.Support;
using Xunit.Abstractions;

namespace OpenData.Etl.Tests.Protection;

public sealed class PersonalDataScannerTests(ITestOutputHelper output)
{
    private static readonly string Pnr = TestPersonnummer.All[0]; // 12 digits, e.g. 2014MMDDNNNC

    [Fact]
    public void Should_use_only_Skatteverket_test_numbers() => Assert.True(TestPersonnummer.All.Count >= 700);

    [Theory]
    [InlineData(0)] // 12 digits
    [InlineData(1)] // 10 digits
    [InlineData(2)] // YYMMDD-NNNN
    [InlineData(3)] // YYYYMMDD-NNNN
    [InlineData(4)] // inside free text
    public void Should_find_a_personnummer_in_every_written_form(int form)
    {
        var text = form switch
        {
            0 => Pnr,
            1 => Pnr[2..],
            2 => $"{Pnr[2..8]}-{Pnr[8..]}",
            3 => $"{Pnr[..8]}-{Pnr[8..]}",
            _ => $"Ägaren ({Pnr[2..8]}-{Pnr[8..]}) ringde om kylen.",
        };
        Assert.Equal(PersonalDataKind.Personnummer, PersonalDataScanner.Scan(text));
    }

    [Fact]
    public void Should_find_a_personnummer_at_any_offset_of_a_long_text()
    {
        // Digits are counted sixteen characters at a time: the number must be found whether it sits inside one
        // block, straddles two, or ends in the characters after the last whole block, among other digits or none.
        for (var offset = 0; offset < 40; offset++)
            foreach (var after in new[] { "", " 7 st à 7 kr" })
            {
                var text = new string('x', offset) + " " + $"{Pnr[2..8]}-{Pnr[8..]}" + after + new string('y', offset % 5);
                Assert.Equal(PersonalDataKind.Personnummer, PersonalDataScanner.Scan(text));
            }
        Assert.Equal(PersonalDataKind.None, PersonalDataScanner.Scan(new string('x', 35) + " 123456")); // six digits: too few for anything
    }

    [Fact]
    public void Should_find_a_samordningsnummer() =>
        Assert.Equal(PersonalDataKind.Samordningsnummer, PersonalDataScanner.Scan("Samordningsnr " + TestPersonnummer.Samordningsnummer(Pnr)));

    [Fact]
    public void Should_not_flag_ten_digits_that_fail_the_Luhn_check()
    {
        var ten = Pnr[2..];
        var wrong = ten[..9] + (char)('0' + (ten[9] - '0' + 1) % 10);
        Assert.Equal(PersonalDataKind.None, PersonalDataScanner.Scan(wrong));
    }

    [Theory]
    [InlineData("kontakt: anna.svensson@example.se.", PersonalDataKind.Email)]
    [InlineData("070-123 45 67", PersonalDataKind.Phone)]
    [InlineData("+46 70 123 45 67", PersonalDataKind.Phone)]
    [InlineData("+46 (0)70 123 45 67", PersonalDataKind.Phone)]
    [InlineData("0046-8-123 456 78", PersonalDataKind.Phone)]
    [InlineData("Ring 08-123 456 78 före kl 10", PersonalDataKind.Phone)]
    [InlineData("5561234567", PersonalDataKind.None)]
    [InlineData("2024-03-05T09:30:00+01:00", PersonalDataKind.None)]
    [InlineData("12 345,50", PersonalDataKind.None)]
    [InlineData("6161584,772", PersonalDataKind.None)]
    [InlineData("a@b", PersonalDataKind.None)]
    public void Should_classify_common_values(string text, PersonalDataKind expected) =>
        Assert.Equal(expected, PersonalDataScanner.Scan(text));

    /// <summary>
    /// A labelled sample of 1 000+ values: every test personnummer in a random written form, samordningsnummer,
    /// e-mails and phone numbers, against the look-alikes of municipal exports (org numbers, Luhn-failing
    /// numbers, dates, amounts, coordinates, case ids, postcodes). Precision and recall are printed and held high.
    /// </summary>
    [Fact]
    public void Should_have_high_precision_and_recall_on_a_labelled_sample()
    {
        var rnd = new Random(20261128);
        var sample = new List<(string Text, bool Personal)>();
        foreach (var pnr in TestPersonnummer.All.Take(400))
        {
            var form = rnd.Next(5);
            sample.Add((form switch
            {
                0 => pnr,
                1 => pnr[2..],
                2 => $"{pnr[2..8]}-{pnr[8..]}",
                3 => $"{pnr[..8]}-{pnr[8..]}",
                _ => $"Kontaktperson {pnr[2..8]}-{pnr[8..]}, se akten.",
            }, true));
        }
        foreach (var pnr in TestPersonnummer.All.Skip(400).Take(50)) sample.Add((TestPersonnummer.Samordningsnummer(pnr), true));
        string[] names = ["anna", "erik", "maria", "johan", "sara", "lars"];
        for (var i = 0; i < 60; i++) sample.Add(($"{names[i % 6]}.{names[(i + 1) % 6]}{i}@exempel{i % 4}.se", true));
        for (var i = 0; i < 60; i++) sample.Add(($"07{rnd.Next(0, 4)}-{rnd.Next(100, 999)} {rnd.Next(10, 99)} {rnd.Next(10, 99)}", true));

        for (var i = 0; i < 150; i++)
        {
            // Random ten-digit numbers that are not identity numbers. A leading 0 is left out: "0521391732" is how
            // a Swedish phone number is written, and flagging it is intended.
            var digits = string.Concat(Enumerable.Range(0, 10).Select(d => (char)('0' + (d == 0 ? rnd.Next(1, 10) : rnd.Next(10)))));
            if (IdentityNumber.Classify(digits) == PersonalDataKind.None) sample.Add((digits, false));
        }
        for (var i = 0; i < 100; i++) sample.Add(($"55{rnd.Next(6, 10)}{rnd.Next(1000000, 9999999)}", false)); // company org numbers
        for (var i = 0; i < 60; i++) sample.Add(($"2024-{rnd.Next(1, 13):00}-{rnd.Next(1, 29):00}", false));
        for (var i = 0; i < 60; i++) sample.Add(($"{rnd.Next(1, 99)} {rnd.Next(100, 999)},{rnd.Next(10, 99)}", false));
        for (var i = 0; i < 60; i++) sample.Add(($"{rnd.Next(6100000, 6200000)},{rnd.Next(100, 999)}", false));
        for (var i = 0; i < 60; i++) sample.Add(($"K-2024-{rnd.Next(1, 9999):0000}", false));
        for (var i = 0; i < 40; i++) sample.Add(($"{rnd.Next(100, 999)} {rnd.Next(10, 99)} Malmö", false));
        Assert.True(sample.Count >= 500);

        var tp = sample.Count(s => s.Personal && PersonalDataScanner.Scan(s.Text) != PersonalDataKind.None);
        var fn = sample.Count(s => s.Personal) - tp;
        var fp = sample.Count(s => !s.Personal && PersonalDataScanner.Scan(s.Text) != PersonalDataKind.None);
        var precision = tp / (double)(tp + fp);
        var recall = tp / (double)(tp + fn);
        output.WriteLine($"sample {sample.Count} values: precision {precision:P2}, recall {recall:P2} (tp {tp}, fp {fp}, fn {fn})");
        foreach (var (text, _) in sample.Where(s => !s.Personal && PersonalDataScanner.Scan(s.Text) != PersonalDataKind.None)) output.WriteLine($"false positive: {text}");

        Assert.True(recall >= 0.99, $"recall {recall:P2}");
        Assert.True(precision >= 0.99, $"precision {precision:P2}");
    }
}
