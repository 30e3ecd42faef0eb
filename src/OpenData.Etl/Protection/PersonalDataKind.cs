namespace OpenData.Etl.Protection;

/// <summary>Kinds of personal data the scanner recognises in values about to be published.</summary>
[Flags]
public enum PersonalDataKind
{
    None = 0,
    Personnummer = 1,
    Samordningsnummer = 2,
    Email = 4,
    Phone = 8,
}

public static class PersonalDataKinds
{
    public static readonly IReadOnlyList<string> Names = ["personnummer", "samordningsnummer", "email", "phone"];

    public static string Name(PersonalDataKind kind) => kind switch
    {
        PersonalDataKind.Personnummer => "personnummer",
        PersonalDataKind.Samordningsnummer => "samordningsnummer",
        PersonalDataKind.Email => "email",
        PersonalDataKind.Phone => "phone",
        _ => kind.ToString().ToLowerInvariant(),
    };

    public static PersonalDataKind Parse(string name) => name switch
    {
        "personnummer" => PersonalDataKind.Personnummer,
        "samordningsnummer" => PersonalDataKind.Samordningsnummer,
        "email" => PersonalDataKind.Email,
        "phone" => PersonalDataKind.Phone,
        _ => PersonalDataKind.None,
    };

    public static IEnumerable<PersonalDataKind> Each(PersonalDataKind kinds)
    {
        foreach (var kind in (PersonalDataKind[])[PersonalDataKind.Personnummer, PersonalDataKind.Samordningsnummer, PersonalDataKind.Email, PersonalDataKind.Phone])
        {
            if ((kinds & kind) != 0) yield return kind;
        }
    }
}
