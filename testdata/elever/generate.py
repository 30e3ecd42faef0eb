#!/usr/bin/env python3
"""Writes elever.csv: a made-up pupil register (one row per pupil) for the aggregated-statistics example.

Deterministic (fixed seed). Personnummer are Skatteverket's test numbers (born 2014), so the derived
legal sex is real but nobody is identified. Run: python3 testdata/elever/generate.py
"""
import csv, random, pathlib

here = pathlib.Path(__file__).parent
# Skatteverket's test personnummer, from the shared reference folder beside the repository.
pnr = [l.strip() for l in open(here / "../../../shared/specs/_referens-testpersonnummer/testpersonnummer_2014.csv")][1:]
rng = random.Random(20240601)
# kommun code, pupils in municipal schools, pupils in independent schools (some deliberately small)
kommuner = [("1280", 140, 40), ("1281", 90, 12), ("1282", 45, 3), ("1214", 25, 0), ("1440", 60, 7), ("1489", 70, 22)]
first = ["Alva", "Elsa", "Maja", "Noah", "Liam", "Hugo", "Ella", "Olle", "Saga", "Leo", "Wilma", "Nils"]
rows = []
n = 0
for kod, kommunal, enskild in kommuner:
    for huvudman, count in (("Kommunal", kommunal), ("Enskild", enskild)):
        for _ in range(count):
            nr = pnr[n % len(pnr)]
            n += 1
            poang = round(rng.uniform(0, 340) if rng.random() > 0.05 else 0, 1)
            rows.append([f"E{n:05d}", nr, f"{rng.choice(first)} {rng.choice(['Andersson', 'Berg', 'Lind', 'Nilsson'])}",
                         kod, huvudman, str(poang).replace(".", ",") if rng.random() > 0.02 else ""])
with open(here / "elever.csv", "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, delimiter=";", lineterminator="\r\n")
    w.writerow(["Elevnummer", "Personnummer", "Namn", "Kommunkod", "Huvudman", "Betygspoang"])
    w.writerows(rows)
print(f"{len(rows)} rows")
