#!/usr/bin/env python3
"""Write features.xls: the legacy Excel 97-2003 (BIFF8) twin of features.xlsx, same sheets and cells.

Needs xlwt (Debian: apt-get install python3-xlwt; run with /usr/bin/python3 generate_xls.py).
The .xls is committed, so the tests never need xlwt.
"""

import datetime as dt
import os

import xlwt

HERE = os.path.dirname(os.path.abspath(__file__))

book = xlwt.Workbook(encoding="utf-8")
book.add_sheet("Först").write(0, 0, "tom")
sheet = book.add_sheet("Tabell")
date = xlwt.easyxf(num_format_str="yyyy-mm-dd hh:mm")
sheet.write(0, 0, "Id")
sheet.write_merge(0, 0, 1, 2, "Antal")  # a heading merged over two columns
sheet.write(0, 3, "Datum")
sheet.write(0, 4, "Namn")
sheet.write(0, 5, "Belopp")
sheet.write(1, 1, "Män")
sheet.write(1, 2, "Kvinnor")
rows = [
    (2, [1, 10, 12, dt.datetime(2024, 3, 1), "Kom\u00admun", "1 234,50"]),
    (3, [2, 0, 3.5, dt.datetime(2024, 12, 31, 8, 30), "Region", "12"]),
    (5, [3, 7, 8, dt.datetime(1999, 1, 2), "Stad", "0,5"]),
]
for r, values in rows:
    for c, v in enumerate(values):
        sheet.write(r, c, v, date) if isinstance(v, dt.datetime) else sheet.write(r, c, v)
book.save(os.path.join(HERE, "features.xls"))
