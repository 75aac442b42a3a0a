"""Outputs a curator can use: CSV with BOM (opens in Russian Excel), XLSX, reasons in Russian,
``unmatched.csv`` with a reason per person, and a one-page offline HTML report.

People without consent never appear by id or name: they are only counted.

Examples
--------
>>> from nastavnik.report import reasons_ru
>>> reasons_ru({"contributions": [{"question": "interests", "value": 0.5, "contribution": 0.3}]})
['«interests»: совпадение 50%']
"""

from __future__ import annotations

import base64
import csv
import html
import io
import json
from pathlib import Path
from typing import Any, Mapping, Optional, Sequence


def write_csv_bom(path: Path, header: Sequence[str], rows: Sequence[Sequence[Any]], *,
                  encoding: str = "utf-8-sig") -> None:
    """Write a CSV in UTF-8 with BOM and ``;`` separators (what Russian Excel opens directly).

    ``encoding="cp1251"`` writes Windows-1251 instead, for readers that expect it (old Excel,
    1C imports); characters it lacks (emoji, Latin diacritics) become ``?``.
    """
    with Path(path).open("w", newline="", encoding=encoding, errors="replace") as f:
        w = csv.writer(f, delimiter=";")
        w.writerow(header)
        w.writerows(rows)


def write_xlsx(path: Path, sheets: Mapping[str, tuple[Sequence[str], Sequence[Sequence[Any]]]]) -> bool:
    """Write sheets to an XLSX workbook with openpyxl; returns False when openpyxl is missing."""
    try:
        from openpyxl import Workbook
    except ImportError:
        return False
    wb = Workbook()
    wb.remove(wb.active)
    for name, (header, rows) in sheets.items():
        ws = wb.create_sheet(name[:31])
        ws.append(list(header))
        for r in rows:
            ws.append(list(r))
    wb.save(path)
    return True


def reasons_ru(explanation: Mapping[str, Any], labels: Optional[Mapping[str, str]] = None,
               k: int = 3) -> list[str]:
    """The ``k`` questions that contribute most to a pair's score, in Russian.

    Parameters
    ----------
    explanation : dict
        As returned by ``Scorer.explain``.
    labels : mapping, optional
        Question id -> text shown (the form's header).
    k : int
    """
    labels = labels or {}
    rows = [c for c in explanation.get("contributions", []) if c.get("value") is not None
            and c.get("contribution", 0) > 0]
    rows.sort(key=lambda c: (-c["contribution"], c["question"]))
    return [f"«{labels.get(c['question'], c['question'])}»: совпадение {round(100 * c['value'])}%"
            for c in rows[:k]]


_REASONS = {
    "no_allowed_mentor": "нет ни одного допустимого наставника (правила программы: форма, возраст, формат встреч)",
    "capacity": "все подходящие наставники уже заняты (не хватает мест)",
    "below_reject": "лучшая доступная пара ниже порога качества (--reject-score)",
    "mentor_unused": "наставник не понадобился: наставляемым лучше подошли другие",
    "not_chosen": "не выбран оптимальным распределением",
}


def unmatched_reasons(scores: Any, mentor_of: Any, loads: Sequence[int], capacity: Sequence[int],
                      reject_score: Optional[float]) -> dict[int, str]:
    """Reason code per unmatched mentee (index -> code) from the score matrix and the assignment."""
    import numpy as np

    s = np.asarray(scores, dtype=float)
    out: dict[int, str] = {}
    for i, j in enumerate(mentor_of):
        if j >= 0:
            continue
        row = s[i]
        allowed = np.isfinite(row)
        if not allowed.any():
            out[i] = "no_allowed_mentor"
        elif reject_score is not None and row[allowed].max() < reject_score:
            out[i] = "below_reject"
        elif all(loads[m] >= capacity[m] for m in np.flatnonzero(allowed)):
            out[i] = "capacity"
        else:
            out[i] = "not_chosen"
    return out


def _png(fig: Any) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=90, bbox_inches="tight")
    import matplotlib.pyplot as plt

    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def html_report(summary: Mapping[str, Any], pairs: Sequence[Mapping[str, Any]],
                unmatched: Sequence[Mapping[str, Any]], scores: Any = None,
                chosen: Sequence[float] = (), loads: Sequence[int] = (),
                title: str = "Распределение наставников") -> str:
    """A one-page, self-contained HTML report in Russian (inline images, no external files)."""
    e = html.escape
    parts = [f"<!DOCTYPE html><html lang='ru'><head><meta charset='utf-8'><title>{e(title)}</title>",
             "<style>body{font-family:sans-serif;max-width:1100px;margin:auto}"
             "table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #bbb;padding:3px 6px;"
             "font-size:13px}th{background:#eee}img{max-width:48%;margin:4px}</style></head><body>",
             f"<h1>{e(title)}</h1><h2>Итоги</h2><table>"]
    names = {"mentees": "наставляемых (с согласием)", "mentors": "наставников (с согласием)",
             "excluded_without_consent": "исключено без согласия на обработку данных",
             "pairs": "сформировано пар", "unmatched": "без пары", "mean_pair_score": "средняя оценка пары",
             "strategy": "стратегия", "capacity": "мест у наставника", "superseded_rows": "повторных анкет заменено более поздними",
             "collisions": "совпадений e-mail у разных людей"}
    for k, v in summary.items():
        if k in names:
            parts.append(f"<tr><th>{e(names[k])}</th><td>{e(str(v))}</td></tr>")
    parts.append("</table>")
    try:
        from . import plots

        imgs = []
        if scores is not None and getattr(scores, "size", 0):
            imgs.append(_png(plots.score_heatmap(scores).figure))
        if len(chosen):
            imgs.append(_png(plots.chosen_scores(chosen).figure))
        if len(loads):
            imgs.append(_png(plots.mentor_load(loads).figure))
        if imgs:
            parts.append("<h2>Графики</h2>" + "".join(f"<img alt='график' src='{src}'>" for src in imgs))
    except ImportError:
        parts.append("<p>(графики: установите matplotlib)</p>")
    parts.append(f"<h2>Пары ({len(pairs)})</h2>")
    parts.append(_table(pairs))
    parts.append(f"<h2>Без пары ({len(unmatched)})</h2>")
    parts.append(_table(unmatched) if unmatched else "<p>Все наставляемые получили наставника.</p>")
    parts.append("</body></html>")
    return "".join(parts)


def _table(rows: Sequence[Mapping[str, Any]]) -> str:
    if not rows:
        return "<p>—</p>"
    e = html.escape
    cols = list(rows[0].keys())
    out = ["<table><tr>" + "".join(f"<th>{e(str(c))}</th>" for c in cols) + "</tr>"]
    for r in rows:
        out.append("<tr>" + "".join(f"<td>{e(str(r.get(c, '')))}</td>" for c in cols) + "</tr>")
    out.append("</table>")
    return "".join(out)


def write_all(out: Path, pairs: list[dict], unmatched: list[dict], summary: dict, report_html: str,
              formats: Sequence[str] = ("csv", "xlsx", "html"), *,
              encoding: str = "utf-8-sig") -> list[str]:
    """Write pairs/unmatched (CSV with BOM, XLSX), summary.json and report.html; return file names."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    pair_cols = list(pairs[0].keys()) if pairs else ["наставляемый", "наставник", "оценка"]
    un_cols = list(unmatched[0].keys()) if unmatched else ["id", "роль", "причина"]
    if "csv" in formats:
        write_csv_bom(out / "pairs.csv", pair_cols, [[p[c] for c in pair_cols] for p in pairs],
                      encoding=encoding)
        write_csv_bom(out / "unmatched.csv", un_cols, [[u[c] for c in un_cols] for u in unmatched],
                      encoding=encoding)
        written += ["pairs.csv", "unmatched.csv"]
    if "xlsx" in formats and write_xlsx(out / "pairs.xlsx", {
            "Пары": (pair_cols, [[p[c] for c in pair_cols] for p in pairs]),
            "Без пары": (un_cols, [[u[c] for c in un_cols] for u in unmatched])}):
        written.append("pairs.xlsx")
    if "html" in formats:
        (out / "report.html").write_text(report_html, encoding="utf-8")
        written.append("report.html")
    (out / "summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False), encoding="utf-8")
    written.append("summary.json")
    return written


def schedule_section(schedule: Any) -> str:
    """A short HTML section in Russian for a :class:`nastavnik.Schedule`: counts, the
    meetings-per-week plot, and every unscheduled unit with its reason."""
    e = html.escape
    parts = [f"<h2>Расписание встреч</h2><table>"
             f"<tr><th>встреч в году</th><td>{len(schedule)}</td></tr>"
             f"<tr><th>пар и групп с расписанием</th><td>{schedule.n_scheduled_units} из {schedule.n_units}</td></tr>"
             f"<tr><th>без расписания</th><td>{len(schedule.unscheduled_records())}</td></tr>"
             f"<tr><th>с недобором встреч</th><td>{len(schedule.shortfalls)}</td></tr>"
             f"<tr><th>статус решения</th><td>{e(schedule.status)}</td></tr></table>"]
    try:
        from . import plots

        if len(schedule):
            parts.append(f"<img alt='встречи по неделям' src='{_png(plots.meetings_by_week(schedule).figure)}'>")
    except ImportError:
        parts.append("<p>(графики: установите matplotlib)</p>")
    un = [{"пара/группа": u["unit"], "код": u["code"], "причина": u["message_ru"]}
          for u in schedule.unscheduled_records()]
    parts.append(f"<h3>Без расписания ({len(un)})</h3>")
    parts.append(_table(un) if un else "<p>Расписание есть у всех пар и групп.</p>")
    return "".join(parts)


def add_section(report_path: Path, section: str) -> None:
    """Insert an HTML section before ``</body>`` of an existing report."""
    p = Path(report_path)
    text = p.read_text(encoding="utf-8")
    i = text.rfind("</body>")
    p.write_text(text[:i] + section + text[i:] if i >= 0 else text + section, encoding="utf-8")
