#!/usr/bin/env python3
"""Generate export.csv: a made-up internal case-system export of food inspections
(livsmedelskontroller) for Malmö stad, the input side of the Livsmedelskontroller v2.0 pipeline.

Deterministic (fixed seed, Python 3 standard library only). Run:  python3 generate.py

Everything here is invented: facility names, organisation numbers, inspectors, comments,
fees. Coordinates are approximate points on real Malmö streets. KontaktPnr values are taken
only from Skatteverket's official test personnummer list (never invented).
"""

import csv
import datetime as dt
import math
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "export.csv")
# Skatteverket's official test personnummer (read-only reference copy next to the repo)
TESTPNR = os.environ.get("TESTPNR_CSV", os.path.normpath(os.path.join(
    HERE, "..", "..", "..", "shared", "specs", "_referens-testpersonnummer", "testpersonnummer_2023_v2.csv")))

SEED = 20240601
N_ROWS = 120
KOMMUNKOD = "1280"  # Malmö stad

HEADER = ("InspektionsID;AnlaggningsID;Anlaggning;Organisationsnummer;Verksamhetstyp;Erfarenhetsklass;"
          "Riskklass;Kontrolltid_tim;Status;Registrerad;Andrad;Gatuadress;Postnummer;Postort;Lat_WGS84;"
          "Long_WGS84;Nord_SWEREF99TM;Ost_SWEREF99TM;Anmald;Kontrolltyp;GodkandaPunkter;AnmarkningPunkter;"
          "Bedomning;Kommentar;Kontrolldatum;Avgift;Handlaggare;KontaktPnr").split(";")


# --------------------------------------------------------------------------------------------
# WGS 84 / SWEREF 99 (GRS80) -> SWEREF 99 TM (EPSG:3006), Gauss-Krüger formulas as published by
# Lantmäteriet ("Gauss-Krügers projektion", series to n^4, mm accuracy).
# --------------------------------------------------------------------------------------------
def to_sweref99tm(lat, lon):
    a = 6378137.0
    f = 1 / 298.257222101
    k0 = 0.9996
    lon0 = 15.0
    false_n, false_e = 0.0, 500000.0
    e2 = f * (2 - f)
    n = f / (2 - f)
    a_roof = a / (1 + n) * (1 + n ** 2 / 4 + n ** 4 / 64)
    A = e2
    B = (5 * e2 ** 2 - e2 ** 3) / 6
    C = (104 * e2 ** 3 - 45 * e2 ** 4) / 120
    D = (1237 * e2 ** 4) / 1260
    beta = (
        n / 2 - 2 * n ** 2 / 3 + 5 * n ** 3 / 16 + 41 * n ** 4 / 180,
        13 * n ** 2 / 48 - 3 * n ** 3 / 5 + 557 * n ** 4 / 1440,
        61 * n ** 3 / 240 - 103 * n ** 4 / 140,
        49561 * n ** 4 / 161280,
    )
    phi = math.radians(lat)
    dlam = math.radians(lon) - math.radians(lon0)
    s = math.sin(phi)
    phi_star = phi - s * math.cos(phi) * (A + B * s ** 2 + C * s ** 4 + D * s ** 6)
    xi = math.atan(math.tan(phi_star) / math.cos(dlam))
    eta = math.atanh(math.cos(phi_star) * math.sin(dlam))
    x = xi
    y = eta
    for j, b in enumerate(beta, start=1):
        x += b * math.sin(2 * j * xi) * math.cosh(2 * j * eta)
        y += b * math.cos(2 * j * xi) * math.sinh(2 * j * eta)
    return k0 * a_roof * x + false_n, k0 * a_roof * y + false_e


_n, _e = to_sweref99tm(55.60616, 13.000366)
assert abs(_n - 6164061.848) < 0.001 and abs(_e - 374031.174) < 0.001, (_n, _e)


# --------------------------------------------------------------------------------------------
# Formatting helpers (Swedish case-system style)
# --------------------------------------------------------------------------------------------
def dec(value, decimals):
    return f"{value:.{decimals}f}".replace(".", ",")


def money(value):
    # "12 345,50" / "725,00": plain space as thousands separator, decimal comma
    return f"{value:,.2f}".replace(",", " ").replace(".", ",")


def ts(t):
    return t.strftime("%Y-%m-%d %H:%M")


def csv_field(value):
    value = "" if value is None else str(value)
    if any(ch in value for ch in ';"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def luhn_complete(nine_digits):
    total = 0
    for i, ch in enumerate(nine_digits):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return nine_digits + str((10 - total % 10) % 10)


# --------------------------------------------------------------------------------------------
# Reference data (made up, except street names / approximate positions)
# --------------------------------------------------------------------------------------------
# street, postnummer (as the case system stores it), approx lat, approx lon
STREETS = [
    ("Stortorget", "211 22", 55.60560, 13.00030),
    ("Lilla Torg", "211 34", 55.60460, 12.99890),
    ("Skomakaregatan", "211 34", 55.60420, 13.00050),
    ("Södergatan", "211 34", 55.60330, 13.00160),
    ("Södra Förstadsgatan", "211 43", 55.59700, 13.00300),
    ("Davidshallsgatan", "211 45", 55.59750, 12.99780),
    ("Kungsgatan", "211 49", 55.59760, 12.99600),
    ("Amiralsgatan", "211 55", 55.60000, 13.01200),
    ("Föreningsgatan", "211 52", 55.59880, 13.00850),
    ("Bergsgatan", "214 22", 55.59400, 13.00500),
    ("Möllevångsgatan", "214 20", 55.59100, 13.00700),
    ("Friisgatan", "214 21", 55.59050, 13.00300),
    ("Nobelvägen", "214 33", 55.59200, 13.01800),
    ("Ystadvägen", "214 45", 55.57800, 13.03000),
    ("Lorensborgsgatan", "217 61", 55.58800, 12.97000),
    ("Stora Varvsgatan", "211 19", 55.61350, 12.98000),
    ("Östra Rönneholmsvägen", "211 47", 55.60000, 12.98900),
    ("Per Albin Hanssons väg", "214 32", 55.58150, 13.00000),
    ("Jägersrovägen", "212 37", 55.58300, 13.06500),
    ("Hyllie Boulevard", "215 32", 55.56300, 12.97500),
    ("Rosengårdsvägen", "213 71", 55.58600, 13.04300),
    ("Värnhemstorget", "212 15", 55.60550, 13.01900),
    ("Norra Grängesbergsgatan", "214 50", 55.58450, 13.02400),
    ("Kalendegatan", "211 35", 55.60150, 13.00250),
]

# name, category
FACILITIES = [
    ("Pizzeria Vesuvio", "pizzeria"), ("Café Ängen", "cafe"), ("Restaurang Ölstugan", "restaurang"),
    ("Pizzeria Bella Napoli", "pizzeria"), ("Café Söderblomman", "cafe"), ("Restaurang Hamnkrogen", "restaurang"),
    ("Thai Köket Möllan", "restaurang"), ("Sushi Hörnan", "restaurang"), ("Grillbaren Tärnan", "gatukok"),
    ("Falafel Ängsgården", "gatukok"), ("Bageri Vetekornet", "bageri"), ("Konditori Fläderblom", "bageri"),
    ("Livs & Mer Möllevången", "butik"), ("Närbutiken Östervärn", "butik"), ("Stormarknad Söderport", "butik"),
    ("Fiskhallen Sillgränd", "fisk"), ("Slakteri & Chark Björkhagen", "chark"), ("Skolköket Kastanjen", "storkok"),
    ("Förskolan Gläntans kök", "storkok"), ("Äldreboendet Lindängens kök", "storkok"), ("Restaurang Gröna Gåsen", "restaurang"),
    ("Kebabhuset Värnhem", "gatukok"), ("Café Måsen", "cafe"), ("Pizzeria Rosé", "pizzeria"),
    ("Bistro Kåkbrinken", "restaurang"), ("Ramen Rökeriet", "restaurang"), ("Hamburgerbaren Blåklinten", "gatukok"),
    ("Glassbaren Strandhugget", "cafe"), ("Kaffebaren Tröskeln", "cafe"), ("Restaurang Överskottet", "restaurang"),
    ("Indiska Kryddboden", "restaurang"), ("Libanesiska Köket Hyllie", "restaurang"), ("Pizzeria Dalmatien", "pizzeria"),
    ("Mathallen Södervärn", "butik"), ("Ostbutiken Fårakäll", "butik"), ("Bageri Surdegsladan", "bageri"),
    ("Cateringköket Hörte", "catering"), ("Matlådan Rönnen", "catering"), ("Restaurang Kvarnen & Co", "restaurang"),
    ("Vinbaren Källarvalvet", "bar"), ("Puben Ankarspelet", "bar"), ("Nattklubb Fyrskeppet", "bar"),
    ("Asiatiska Livs Rosengård", "butik"), ("Halal Kött Söderkulla", "chark"), ("Café Kärleksgatan 5", "cafe"),
    ("Smörrebrödsbaren Öresund", "restaurang"), ("Gatuköket Kronborg", "gatukok"), ("Pizzeria Mamma Rosa", "pizzeria"),
    ("Skolköket Ärtholmen", "storkok"), ("Sjukhusköket Västra Sjöstaden", "storkok"), ("Tapasbaren Pärlan", "bar"),
    ("Våffelbruket", "cafe"), ("Poké Bowl Lindängen", "restaurang"), ("Foodtruck Grönkålen", "gatukok"),
    ("Restaurang Sjöboden", "restaurang"), ("Chokladfabriken Kakaobönan", "tillverkning"),
    ("Musteriet Äppelgården", "tillverkning"), ("Kafferosteriet Bönan", "tillverkning"),
    ("Sallad & Soppa Hansa", "restaurang"), ("Gelateria Vågen", "cafe"),
]
assert len(FACILITIES) == 60 and len({f[0] for f in FACILITIES}) == 60

TYPES = {
    "pizzeria": ["Restaurang|Servering", "Restaurang", "Restaurang|Servering|Pizzeria"],
    "restaurang": ["Restaurang|Servering", "Restaurang", "Restaurang|Servering|Catering"],
    "cafe": ["Café|Servering", "Café", "Café|Servering|Bageri"],
    "gatukok": ["Gatukök|Servering", "Gatukök", "Gatukök|Servering|Mobil verksamhet"],
    "bageri": ["Livsmedelstillverkning|Bageri", "Livsmedelstillverkning|Bageri|Butik"],
    "butik": ["Livsmedelsbutik|Detaljhandel", "Livsmedelsbutik|Detaljhandel|Manuell hantering"],
    "fisk": ["Livsmedelsbutik|Detaljhandel|Fiskhandel"],
    "chark": ["Livsmedelstillverkning|Slakteri och styckning|Charkuteri", "Livsmedelsbutik|Detaljhandel|Chark"],
    "storkok": ["Storhushåll|Skolkök", "Storhushåll|Tillagningskök", "Storhushåll|Mottagningskök"],
    "catering": ["Restaurang|Catering", "Storhushåll|Catering|Tillagningskök"],
    "bar": ["Restaurang|Servering|Bar", "Servering|Bar"],
    "tillverkning": ["Livsmedelstillverkning", "Livsmedelstillverkning|Förpackning"],
}
RISK = {  # plausible Livsmedelsverket risk classes and hours per category
    "pizzeria": (4, 6), "restaurang": (3, 6), "cafe": (5, 7), "gatukok": (4, 6), "bageri": (4, 6),
    "butik": (4, 7), "fisk": (3, 5), "chark": (2, 4), "storkok": (2, 4), "catering": (3, 5),
    "bar": (5, 7), "tillverkning": (4, 6),
}

INSPECTORS = ["Karin Lindqvist", "Jonas Berglöf", "Emelie Sandström", "Ahmad Rashidi", "Sofia Ekvall", "Per-Olof Nyberg"]

POINTS = ["A01", "A02", "A03", "A04", "A05", "A06", "J01", "J02", "J03", "J04", "J05", "J06", "J07", "J08",
          "J09", "K01", "K02", "K03", "K04", "K05", "K06", "K07", "K08"]

HOURLY_RATE = 1427.50  # made-up timtaxa, kr/h

COMMENTS_OK = [
    "Inga brister. {fn} gick igenom egenkontrollprogrammet med ägaren.",
    "Bra ordning i köket.",
    "Kyltemperaturer kontrollerade; alla under 8 °C.",
    "Rutiner för allergener finns och följs.",
    "Ny ägare sedan i våras, bra bemötande.",
    "Inget att anmärka. Nästa ordinarie kontroll enligt plan.",
]
COMMENTS_REMARK = [
    "Brister i rengöring bakom friteras; åtgärd inom 2 veckor.",
    "Märkning saknas på egentillverkade såser. {fn} lämnade information om \"Märkning av livsmedel\".",
    "Temperatur i kyldisk 11 °C; personalen justerade direkt.",
    "Spårbarhet: följesedlar saknades för fisk. Ska visas upp vid uppföljning.",
    "Handtvätt saknade tvål och papper; \"åtgärdat på plats\" enligt ägaren.",
    "Skadedjur: spår av möss i torrförråd. Sanerare anlitad.",
    "Allergeninformation muntligt \"fråga personalen\" men personalen kunde inte svara.",
    "Nedkylning av ris sker i stora kärl; {fn} gav råd om portionering.",
]
# (comment, predicate on the inspection it is attached to) - keeps the text consistent with the codes
COMMENTS_MULTILINE = [
    ("Uppföljning av förra kontrollen.\r\nSamtliga brister åtgärdade; ärendet avslutas.",
     lambda i: i["type"] == 1 and not i["remark"]),
    ("Klagomål från kund om magsjuka efter besök.\r\nProver tagna på kyckling och sås, skickade till lab.\r\n"
     "{fn} återkommer med resultat.", lambda i: i["type"] == 2),
    ("Ägaren ifrågasatte avgiften; se separat skrivelse.\r\nKontaktperson: \"Kocken\" på plats, ej ägaren.",
     lambda i: True),
    ("Allvarliga brister:\r\n- kylrum 12 °C\r\n- rått och tillagat förvarades tillsammans",
     lambda i: i["assessment"] == 2),
]


def main():
    rnd = random.Random(SEED)

    with open(TESTPNR, encoding="utf-8") as fh:
        test_pnr = [line.strip() for line in fh if line.strip().isdigit()]
    assert len(test_pnr) >= 60 and all(len(p) == 12 for p in test_pnr)

    # --- number of inspections per facility: 1..3, total exactly N_ROWS
    counts = [rnd.choice([1, 2, 2, 2, 3, 3]) for _ in FACILITIES]
    while sum(counts) != N_ROWS:
        i = rnd.randrange(len(counts))
        if sum(counts) < N_ROWS and counts[i] < 3:
            counts[i] += 1
        elif sum(counts) > N_ROWS and counts[i] > 1:
            counts[i] -= 1

    # --- facilities whose organisation number is missing: total of exactly 5 rows
    no_orgnr, rows_without = set(), 0
    for i in rnd.sample(range(len(FACILITIES)), len(FACILITIES)):
        if rows_without + counts[i] <= 5:
            no_orgnr.add(i)
            rows_without += counts[i]
        if rows_without == 5:
            break
    assert rows_without == 5

    local_ids = rnd.sample(range(1, 1000), len(FACILITIES))
    contacts = rnd.sample(test_pnr, len(FACILITIES))

    facilities = []
    for i, (name, cat) in enumerate(FACILITIES):
        street, postnr, slat, slon = rnd.choice(STREETS)
        lat = round(slat + rnd.uniform(-0.0012, 0.0012), 6)
        lon = round(slon + rnd.uniform(-0.0020, 0.0020), 6)
        assert 55.55 <= lat <= 55.62 and 12.95 <= lon <= 13.08, (name, lat, lon)
        if i in no_orgnr:
            orgnr = ""
        else:
            prefix = rnd.choice(["556", "556", "556", "559", "559", "969", "7696"])
            orgnr = luhn_complete(prefix + "".join(rnd.choice("0123456789") for _ in range(9 - len(prefix))))
            assert int(orgnr[2]) >= 2
        rlo, rhi = RISK[cat]
        riskklass = rnd.randint(rlo, rhi)
        registered = dt.datetime(2008, 1, 1) + dt.timedelta(days=rnd.randrange(0, 15 * 365),
                                                            minutes=rnd.randrange(8 * 60, 17 * 60))
        facilities.append({
            "id": f"{KOMMUNKOD}-F-{local_ids[i]:04d}",
            "name": name,
            "orgnr": orgnr,
            "types": rnd.choice(TYPES[cat]),
            "exp": rnd.choice("ABBBBCC"),
            "risk": f"Riskklass {riskklass}",
            "hours": max(1, 9 - riskklass + rnd.randint(-1, 3)),
            "status": "Vilande" if rnd.random() < 0.08 else "Aktiv",
            "registered": registered,
            "street": f"{street} {rnd.randint(1, 48)}{rnd.choice(['', '', '', '', 'A', 'B'])}",
            "postnr": postnr,
            "lat": lat,
            "lon": lon,
            "pnr": f"{contacts[i][:8]}-{contacts[i][8:]}",
            "n": counts[i],
        })

    # --- sole traders: their organisation number is the owner's personnummer (10 digits), which the
    # specification asks to publish masked. Drawn with a separate generator so the other values stay as they were.
    with open(TESTPNR.replace("testpersonnummer_2023_v2.csv", "testpersonnummer_2014.csv"), encoding="utf-8") as fh:
        test_pnr_2014 = [line.strip() for line in fh if line.strip().isdigit()]
    sole_rnd = random.Random(SEED + 1)
    with_orgnr = [i for i, f in enumerate(facilities) if f["orgnr"]]
    for k, i in enumerate(sorted(sole_rnd.sample(with_orgnr, 6))):
        facilities[i]["orgnr"] = test_pnr_2014[k * 7][2:]

    # --- inspections
    def workday_time(day):
        while day.weekday() >= 5:
            day += dt.timedelta(days=1)
        return day + dt.timedelta(minutes=rnd.randrange(8 * 4, 15 * 4 + 3) * 15)

    inspections = []
    for f in facilities:
        first = dt.datetime(2024, 1, 8) + dt.timedelta(days=rnd.randrange(0, 200))
        when = workday_time(first)
        for k in range(f["n"]):
            if k == 0:
                ktype = 2 if rnd.random() < 0.1 else 0
            else:
                prev = inspections[-1]
                ktype = 1 if prev["remark"] else rnd.choice([0, 0, 0, 2])
                when = workday_time(dt.datetime(when.year, when.month, when.day) + dt.timedelta(days=rnd.randint(14, 60)))
            assert when.year == 2024
            chosen = rnd.sample(POINTS, rnd.randint(2, 6))
            if rnd.random() < 0.06:
                chosen = []  # no reporting points registered
            n_remark = 0 if not chosen else rnd.choice([0, 0, 0, 1, 1, 2])
            if ktype == 1:
                n_remark = 0 if rnd.random() < 0.8 else min(1, len(chosen))
            remark = sorted(chosen[:n_remark])
            passed = sorted(chosen[n_remark:])
            if not remark:
                assessment = 0
            else:
                assessment = 2 if rnd.random() < 0.25 else 1
            prenotified = "Ja" if (ktype == 1 and rnd.random() < 0.6) or (ktype == 0 and rnd.random() < 0.3) else "Nej"
            inspector = rnd.choice(INSPECTORS)
            if ktype == 0:
                fee = f["hours"] * HOURLY_RATE
            else:
                fee = rnd.choice([0.5, 1, 1.5, 2, 2.5, 3]) * HOURLY_RATE
            inspections.append({
                "f": f, "type": ktype, "when": when, "passed": passed, "remark": remark,
                "assessment": assessment, "prenotified": prenotified, "inspector": inspector, "fee": fee,
            })

    # comments: ~20 % empty, remark rows get remark-type comments; exactly 4 multi-line ones (CRLF inside)
    multiline = {}
    for text, fits in COMMENTS_MULTILINE:
        candidates = [k for k, ins in enumerate(inspections) if fits(ins) and k not in multiline]
        multiline[rnd.choice(candidates)] = text
    for idx, ins in enumerate(inspections):
        fn = ins["inspector"].split()[0]
        if idx in multiline:
            text = multiline[idx]
        elif rnd.random() < 0.2:
            text = ""
        elif ins["remark"]:
            text = rnd.choice(COMMENTS_REMARK)
        else:
            text = rnd.choice(COMMENTS_OK)
        ins["comment"] = text.format(fn=fn)

    inspections.sort(key=lambda x: (x["when"], x["f"]["id"]))
    for f in facilities:
        last = max(i["when"] for i in inspections if i["f"] is f)
        f["modified"] = last + dt.timedelta(days=rnd.randint(0, 20), minutes=rnd.randrange(10, 300))

    rows = []
    for seq, ins in enumerate(inspections, start=1):
        f = ins["f"]
        north, east = to_sweref99tm(f["lat"], f["lon"])
        rows.append([
            f"K-2024-{seq:04d}", f["id"], f["name"], f["orgnr"], f["types"], f["exp"], f["risk"], str(f["hours"]),
            f["status"], ts(f["registered"]), ts(f["modified"]), f["street"], f["postnr"], "Malmö",
            dec(f["lat"], 6), dec(f["lon"], 6), dec(north, 3), dec(east, 3),
            ins["prenotified"], str(ins["type"]), "|".join(ins["passed"]), "|".join(ins["remark"]),
            str(ins["assessment"]), ins["comment"], ts(ins["when"]), money(ins["fee"]), ins["inspector"], f["pnr"],
        ])

    assert len(rows) == N_ROWS and all(len(r) == len(HEADER) == 28 for r in rows)
    assert all(r[24].startswith("2024-") for r in rows)
    text = "\r\n".join(";".join(csv_field(v) for v in row) for row in [HEADER] + rows) + "\r\n"
    with open(OUT, "wb") as fh:
        fh.write(text.encode("cp1252"))  # strict: fails if anything is not representable

    # --- read back and verify
    with open(OUT, encoding="cp1252", newline="") as fh:
        back = list(csv.reader(fh, delimiter=";"))
    assert back[0] == HEADER
    assert len(back) - 1 == N_ROWS and all(len(r) == 28 for r in back)
    assert back[1:] == rows
    assert len({r[0] for r in back[1:]}) == N_ROWS
    assert sum(1 for r in back[1:] if "\n" in r[23]) >= 3
    print(f"wrote {OUT}: {N_ROWS} data rows, {len(facilities)} facilities")


if __name__ == "__main__":
    main()
