"""SSDA903 tables written by the tests themselves (invented children, never real data), and the
histories of homelessness applications the export tests read."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

HEADER_COLUMNS = ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB")
EPISODE_COLUMNS = (
    "CHILD",
    "DECOM",
    "RNE",
    "LS",
    "CIN",
    "PLACE",
    "PLACE_PROVIDER",
    "DEC",
    "REC",
    "REASON_PLACE_CHANGE",
    "HOME_POST",
    "PL_POST",
    "URN",
)


@dataclass(frozen=True)
class Ep:
    """One episode row: dates as the return writes them, DD/MM/YYYY; blank DEC and REC while open."""

    child: str
    decom: str
    rne: str
    ls: str
    place: str
    dec: str = ""
    rec: str = ""
    pl_post: str = ""

    def row(self) -> dict[str, str]:
        return {
            "CHILD": self.child,
            "DECOM": self.decom,
            "RNE": self.rne,
            "LS": self.ls,
            "CIN": "N1",
            "PLACE": self.place,
            "PLACE_PROVIDER": "PR1",
            "DEC": self.dec,
            "REC": self.rec,
            "REASON_PLACE_CHANGE": "",
            "HOME_POST": "ZZ99 9",
            "PL_POST": self.pl_post,
            "URN": "",
        }


class Tables:
    """Writes header, episode and area-map tables into a temporary directory."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def header(self, *children: tuple[str, str], name: str = "header.csv") -> Path:
        """``(CHILD, DOB)`` pairs; the other columns are filled with invented values."""
        path = self.root / name
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=HEADER_COLUMNS)
            writer.writeheader()
            for child, dob in children:
                writer.writerow({"CHILD": child, "SEX": "1", "DOB": dob, "ETHNIC": "WBRI"})
        return path

    def episodes(self, *episodes: Ep, name: str = "episodes.csv") -> Path:
        path = self.root / name
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=EPISODE_COLUMNS)
            writer.writeheader()
            writer.writerows(e.row() for e in episodes)
        return path

    def xml(self, children: Sequence[tuple[str, str, Sequence[Ep]]], name: str = "return.xml") -> Path:
        """An XML return as the DfE collection takes it: one ``CHILD`` per ``(CHILD, DOB, episodes)``,
        its ``HEADER`` (``CHILDID``, ``DOB`` and invented values) and ``EPISODE`` items (``PL`` for
        PLACE), each element on its own line; blank items are empty elements."""
        lines = ['<?xml version="1.0" encoding="utf-8"?>', "<Message>", "<Children>"]
        for child, dob, episodes in children:
            lines += ["<CHILD>", "<HEADER>", f"<CHILDID>{child}</CHILDID>", "<SEX>1</SEX>", f"<DOB>{dob}</DOB>"]
            lines += ["<AREVIEW><REVIEW>01/01/2020</REVIEW><REVIEW_CODE>PN1</REVIEW_CODE></AREVIEW>", "</HEADER>"]
            for episode in episodes:
                row = episode.row()
                items = "".join(
                    f"<{'PL' if k == 'PLACE' else k}>{v}</{'PL' if k == 'PLACE' else k}>" if v else f"<{k} />"
                    for k, v in row.items()
                    if k != "CHILD"
                )
                lines.append(f"<EPISODE>{items}</EPISODE>")
            lines.append("</CHILD>")
        lines += ["</Children>", "</Message>"]
        path = self.root / name
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    def areas(self, pairs: Sequence[tuple[str, str]], name: str = "areas.csv") -> Path:
        path = self.root / name
        lines = ["postcode_district,area", *(f"{district},{area}" for district, area in pairs)]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path
