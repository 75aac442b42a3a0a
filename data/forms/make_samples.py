"""Write the realistic form exports under data/forms/ (deterministic; re-run to regenerate).

``python data/forms/make_samples.py`` writes:

- ``google_export.csv``: Google Forms, UTF-8, ``,``, resubmissions, a shared e-mail, a comment column;
- ``google_export.xlsx``: the same answers as XLSX (needs openpyxl);
- ``yandex_export.csv``: Yandex Forms style, UTF-8 with BOM, ``;``, other headers and Likert wording;
- ``excel_cp1251.csv``: the Google export re-saved by Russian Excel (Windows-1251, ``;``);
- ``bad_rows.csv``: a Google export with a misspelt answer in several rows (for error tests).
"""

from __future__ import annotations

import csv
import datetime
import io
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent

SURNAMES = ["Иванов", "Петров", "Сидоров", "Смирнов", "Кузнецов", "Попов", "Васильев", "Соколов",
            "Михайлов", "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов",
            "Егоров", "Павлов", "Козлов", "Степанов", "Николаев", "Орлов", "Андреев", "Макаров"]
NAMES_M = ["Александр", "Дмитрий", "Максим", "Артём", "Иван", "Михаил", "Никита", "Егор", "Кирилл"]
NAMES_F = ["Анна", "Мария", "Елизавета", "Полина", "Дарья", "Софья", "Виктория", "Алиса", "Ева"]
INTERESTS = ["шахматы", "робототехника", "программирование", "футбол", "музыка", "рисование",
             "театр", "чтение", "волонтёрство", "походы", "фотография", "наука"]
SUBJECTS = ["математика", "русский язык", "физика", "химия", "биология", "история",
            "английский язык", "информатика", "литература"]
GOALS = ["Подтянуть учёбу", "Выбрать профессию", "Найти друзей", "Сделать проект"]
LIKERT_G = ["Совсем не согласен", "Скорее не согласен", "Затрудняюсь ответить", "Скорее согласен",
            "Полностью согласен"]
LIKERT_Y = ["Совсем не согласна", "Скорее не согласна", "Затрудняюсь ответить", "Скорее согласна",
            "Полностью согласна"]
FORMATS = ["Очно", "Онлайн", "Не важно"]

GOOGLE_HEADERS = [
    "Отметка времени", "Адрес электронной почты", "ФИО", "Ваша роль", "Класс", "Возраст",
    "Форма наставничества", "Формат встреч", "Ваши интересы",
    "Какие предметы вам даются легко (наставникам) или трудно (наставляемым)?",
    "Мне легко общаться с новыми людьми", "Цель участия в программе",
    "Согласие на обработку персональных данных", "Комментарий",
]


def person(rng: random.Random, k: int, mentor: bool) -> dict:
    female = rng.random() < 0.5
    surname = rng.choice(SURNAMES) + ("а" if female and not rng.choice(SURNAMES).endswith("ь") else "")
    name = f"{surname} {rng.choice(NAMES_F if female else NAMES_M)}"
    grade = rng.randint(9, 11) if mentor else rng.randint(5, 8)
    return {
        "email": f"user{k:03d}@school{rng.randint(1, 3)}.ru",
        "name": name,
        "role": "Наставник" if mentor else "Наставляемый",
        "class": f"{grade}{rng.choice('АБВ')}",
        "age": str(grade + 6 + rng.randint(0, 1)),
        "form": "ученик – ученик",
        "format": rng.choice(FORMATS),
        "interests": ", ".join(rng.sample(INTERESTS, rng.randint(1, 4))),
        "subjects": ", ".join(rng.sample(SUBJECTS, rng.randint(1, 3))),
        "likert": rng.randrange(5),
        "goal": rng.choice(GOALS),
        "consent": "Да" if rng.random() > 0.06 else "Нет",
        "comment": rng.choice(["", "", "", "Хочу заниматься после уроков", "Только по вторникам"]),
    }


def google_rows(seed: int = 2026, n_mentors: int = 14, n_mentees: int = 40) -> list[list[str]]:
    rng = random.Random(seed)
    people = [person(rng, k, k < n_mentors) for k in range(n_mentors + n_mentees)]
    rows = []
    minute = 0
    for p in people:
        minute += rng.randint(1, 30)
        rows.append((minute, p))
    # Three resubmissions (a changed answer later on) and two people sharing a parent's e-mail.
    for k in (3, 20, 31):
        again = dict(people[k], goal=rng.choice(GOALS), format="Онлайн")
        minute += 45
        rows.append((minute, again))
    sibling = dict(person(rng, 99, False), email=people[25]["email"])
    minute += 5
    rows.append((minute, sibling))
    out = []
    for minute, p in rows:
        day, rest = divmod(minute, 600)
        date = datetime.date(2026, 9, 1) + datetime.timedelta(days=day)
        ts = f"{date:%d.%m.%Y} {9 + rest // 60:02d}:{rest % 60:02d}:{rng.randint(0, 59):02d}"
        out.append([ts, p["email"], p["name"], p["role"], p["class"], p["age"], p["form"], p["format"],
                    p["interests"], p["subjects"], LIKERT_G[p["likert"]], p["goal"], p["consent"],
                    p["comment"]])
    return out


def to_csv(headers: list[str], rows: list[list[str]], sep: str) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=sep, lineterminator="\r\n")
    w.writerow(headers)
    w.writerows(rows)
    return buf.getvalue()


def write_xlsx(path: Path, headers: list[str], rows: list[list[str]]) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Ответы на форму (1)"
    ws.append(headers)
    for r in rows:
        ws.append([int(v) if v.isdigit() else v for v in r])
    wb.save(path)


def main() -> None:
    rows = google_rows()
    (HERE / "google_export.csv").write_text(to_csv(GOOGLE_HEADERS, rows, ","), encoding="utf-8",
                                            newline="")
    (HERE / "excel_cp1251.csv").write_bytes(to_csv(GOOGLE_HEADERS, rows, ";").encode("cp1251"))
    write_xlsx(HERE / "google_export.xlsx", GOOGLE_HEADERS, rows)
    bad = [list(r) for r in rows[:12]]
    bad[2][3] = "Наставнк"          # misspelt role (line 4)
    bad[5][12] = "Возможно"         # unknown consent (line 7)
    bad[7][10] = "Абсолютно против"  # not a Likert answer (line 9)
    bad[9][5] = "двенадцать"        # not a number (line 11)
    (HERE / "bad_rows.csv").write_text(to_csv(GOOGLE_HEADERS, bad, ","), encoding="utf-8", newline="")
    rng = random.Random(7)
    yh = ["Время создания", "Электронная почта", "Фамилия и имя", "Ваша роль в программе",
          "В каком вы классе?", "Какой формат встреч вам удобен?", "Чем вы увлекаетесь?",
          "Я люблю работать в команде", "Согласие на обработку персональных данных"]
    yrows = []
    for k in range(30):
        mentor = k < 10
        yrows.append([
            f"2026-09-{1 + k // 10:02d} {10 + k % 10:02d}:{rng.randint(0, 59):02d}:00",
            f"pupil{k}@mail.ru", f"{rng.choice(SURNAMES)} {rng.choice(NAMES_M + NAMES_F)}",
            "Наставник" if mentor else "Наставляемый", f"{rng.randint(9, 11) if mentor else rng.randint(5, 8)}Б",
            rng.choice(["онлайн", "очно", "очно или онлайн"]),
            ", ".join(rng.sample(INTERESTS, rng.randint(1, 3))),
            rng.choice(LIKERT_Y), rng.choice(["Согласен(на)", "Согласен(на)", "Согласен(на)", "Не согласен(на)"]),
        ])
    yrows.append(list(yrows[12]))  # an identical resubmission
    yrows[-1][0] = "2026-09-05 18:00:00"
    (HERE / "yandex_export.csv").write_text("\ufeff" + to_csv(yh, yrows, ";"), encoding="utf-8",
                                            newline="")


if __name__ == "__main__":
    main()
