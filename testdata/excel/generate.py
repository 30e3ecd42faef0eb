#!/usr/bin/env python3
"""Write the Excel test workbooks deterministically (Python 3 standard library only):

    python3 generate.py

Each .xlsx is minimal SpreadsheetML written with zipfile, with fixed timestamps so reruns are
byte-identical. Workbook properties carry an author and a comment on purpose: tests prove
they never reach the outputs.

- livsmedelskontroller.xlsx: the shipped example. ../livsmedel/export.csv as a municipality's
  Excel export would hold it: a cover sheet first, the data on the SECOND sheet "Kontroller"
  with a title, a note and a blank row above the header on row 4; dates as date-formatted
  cells, coordinates as numbers, fees and postcodes as numbers stored as text, and an empty
  formatted row and column after the data.
- features.xlsx: sheet "Tabell" with a two-row header whose top row is merged over two
  columns, a raw number next to a date cell, text with a soft hyphen, and a number stored as text.
"""

import csv
import datetime as dt
import os
import zipfile
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
FIXED = (2024, 6, 1, 0, 0, 0)
EPOCH = dt.datetime(1899, 12, 30)


def col(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def write_xlsx(path, sheets, author):
    """sheets: [(name, rows, merges)]; a cell is None, str, int, float, ("text", str) or a datetime."""
    strings, index = [], {}

    def sst(text):
        if text not in index:
            index[text] = len(strings)
            strings.append(text)
        return index[text]

    sheet_xml = []
    for name, rows, merges in sheets:
        out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>']
        for r, row in enumerate(rows, start=1):
            if row is None:
                continue  # a missing <row>: Excel leaves out rows that hold nothing
            cells = []
            for c, v in enumerate(row):
                ref = f"{col(c)}{r}"
                if v is None:
                    continue
                if v == "":
                    cells.append(f'<c r="{ref}" s="2"/>')  # formatted but empty, as Excel leaves them
                elif isinstance(v, dt.datetime):
                    serial = (v - EPOCH).total_seconds() / 86400
                    cells.append(f'<c r="{ref}" s="1"><v>{serial!r}</v></c>')
                elif isinstance(v, (int, float)):
                    cells.append(f'<c r="{ref}"><v>{v!r}</v></c>')
                else:
                    cells.append(f'<c r="{ref}" t="s"><v>{sst(v)}</v></c>')
            out.append(f'<row r="{r}">{"".join(cells)}</row>')
        out.append('</sheetData>')
        if merges:
            out.append(f'<mergeCells count="{len(merges)}">' + "".join(f'<mergeCell ref="{m}"/>' for m in merges) + '</mergeCells>')
        out.append('</worksheet>')
        sheet_xml.append("".join(out))

    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    files = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            + "".join(f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for i in range(len(sheets)))
            + '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            '</Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
            '</Relationships>',
        "docProps/core.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f'<dc:creator>{escape(author)}</dc:creator><cp:lastModifiedBy>{escape(author)}</cp:lastModifiedBy>'
            '<dc:description>Internt: ring handläggaren på 070-1234567 vid frågor</dc:description></cp:coreProperties>',
        "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<workbook {ns} xmlns:r="{rel}"><sheets>'
            + "".join(f'<sheet name="{escape(s[0])}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i, s in enumerate(sheets))
            + '</sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(f'<Relationship Id="rId{i + 1}" Type="{rel}/worksheet" Target="worksheets/sheet{i + 1}.xml"/>' for i in range(len(sheets)))
            + f'<Relationship Id="rId{len(sheets) + 1}" Type="{rel}/styles" Target="styles.xml"/>'
            f'<Relationship Id="rId{len(sheets) + 2}" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>'
            '</Relationships>',
        # Style 1: built-in number format 22 (m/d/yyyy h:mm), a date format; style 2: plain, for formatted empty cells.
        "xl/styles.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<styleSheet {ns}><fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders>'
            '<cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="22" applyNumberFormat="1"/><xf numFmtId="0"/></cellXfs></styleSheet>',
    }
    for i, xml in enumerate(sheet_xml):
        files[f"xl/worksheets/sheet{i + 1}.xml"] = xml
    files["xl/sharedStrings.xml"] = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<sst {ns} count="{len(strings)}" uniqueCount="{len(strings)}">'
        + "".join(f'<si><t xml:space="preserve">{escape(s)}</t></si>' for s in strings) + '</sst>')

    with zipfile.ZipFile(path, "w") as z:
        for name, text in files.items():
            info = zipfile.ZipInfo(name, date_time=FIXED)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, text.encode("utf-8"))


NUMBER_COLUMNS = {"Kontrolltid_tim", "Lat_WGS84", "Long_WGS84", "Nord_SWEREF99TM", "Ost_SWEREF99TM", "Kontrolltyp", "Bedomning"}
DATE_COLUMNS = {"Registrerad", "Andrad", "Kontrolldatum"}


def livsmedel():
    with open(os.path.join(HERE, "..", "livsmedel", "export.csv"), encoding="cp1252", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    header, data = rows[0], rows[1:]
    cells = []
    for row in data:
        out = []
        for name, value in zip(header, row):
            if value == "":
                out.append(None)
            elif name in NUMBER_COLUMNS:
                number = float(value.replace(",", "."))
                out.append(int(number) if number.is_integer() else number)
            elif name in DATE_COLUMNS:
                out.append(dt.datetime.strptime(value, "%Y-%m-%d %H:%M"))
            else:
                out.append(value)  # fees ("8 565,00"), postcodes and ids: numbers stored as text
        out.append("")  # an empty formatted cell in a column without a header
        cells.append(out)
    cover = [["Livsmedelskontroller – uttag ur ärendesystemet"], ["Se bladet Kontroller."]]
    sheet = [["Livsmedelskontroller 2024"], ["Uttaget 2024-06-01 av Miljöförvaltningen"], None, header] + cells + [["", "", ""]]
    write_xlsx(os.path.join(HERE, "livsmedelskontroller.xlsx"), [("Om uttaget", cover, []), ("Kontroller", sheet, [])], "Anna Hemligsson")


def features():
    rows = [
        ["Id", "Antal", None, "Datum", "Namn", "Belopp"],
        [None, "Män", "Kvinnor", None, None, None],
        [1, 10, 12, dt.datetime(2024, 3, 1), "Kom\u00admun", "1 234,50"],
        [2, 0, 3.5, dt.datetime(2024, 12, 31, 8, 30), "Region", "12"],
        None,
        [3, 7, 8, dt.datetime(1999, 1, 2), "Stad", "0,5"],
        ["", "", ""],
    ]
    write_xlsx(os.path.join(HERE, "features.xlsx"), [("Först", [["tom"]], []), ("Tabell", rows, ["B1:C1", "A1:A2"])], "Bertil Författare")


if __name__ == "__main__":
    livsmedel()
    features()
