#!/usr/bin/env python3
"""Generate N scraped-page seeds of real size and shape, for the import benchmark.

    bench/gen_seeds.py N OUT_DIR [--seed S]

Each seed is a page as a scraper saves it: a site header (clock with the
Hijri date, editor's name, section), weather and ticker lines, a widget with
another story, the headline (often repeated), a date stamp in one of the
shapes news sites print, a caption, a dateline, 6 to 14 paragraphs with
subheadings and a list, an "اقرأ أيضاً" link, keywords, a related list and a
footer. Words are drawn from a small vocabulary written for this script, so
no real page text is involved. Typical size: 4 to 9 KB.
"""
import os, random, sys

WORDS = ("الحكومة الوزير المدينة الشركة المشروع المياه الكهرباء المجلس البرلمان الاتفاق "
         "الأسواق الأسعار الطاقة النفط الميناء المطار الجامعة المستشفى الوزارة اللجنة "
         "المنطقة السكان الطلاب المزارعين الموسم العام الشهر البلاد العاصمة الحدود").split()
VERBS = ("أعلن أكد قال أوضح أشار كشف قرر افتتح بحث وقع استقبل أطلق طالب دعا").split()
GLUE = ("في من إلى على عن مع بعد قبل خلال حول بين أن التي الذي وقد كما").split()
PLACES = ["دمشق", "بغداد", "الرباط", "تونس", "القاهرة", "عمان", "بيروت", "الخرطوم", "الدوحة", "صنعاء"]
AGENCIES = ["رويترز", "وكالات", "سانا", "واس", "الأناضول", "فرانس برس"]
MONTHS = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"]


def sentence(r, n):
    out = [r.choice(VERBS)]
    for i in range(n):
        out.append(r.choice(WORDS) if i % 3 else r.choice(GLUE))
    return " ".join(out)


def paragraph(r):
    s = [sentence(r, r.randint(8, 20)) for _ in range(r.randint(1, 4))]
    return "، ".join(s) + "."


def stamp(r):
    y, m, d = r.randint(2005, 2025), r.randint(1, 12), r.randint(1, 28)
    h, mi = r.randint(0, 23), r.randint(0, 59)
    return r.choice([
        f"نشر في: {d} {MONTHS[m-1]} {y} - {h:02}:{mi:02}",
        f"الإثنين {d}/{MONTHS[m-1]}/{y} - {h % 12:02}:{mi:02} م",
        f"{d} {h:02}:{mi:02} {y} {MONTHS[m-1]}",
        f"تاريخ النشر : {h:02}:{mi:02} - {y}/{m:02}/{d:02}",
        f"{y}-{m:02}-{d:02} {h:02}:{mi:02}:11 أخبار محلية",
    ])


def page(r):
    lines = [f"الخميس {r.randint(1, 28)} {r.choice(MONTHS)} 2025 الموافق 3 رجب 1446", "رئيس التحرير", "فلان الفلاني", "محليات", ""]
    lines += [f"{r.randint(15, 40)}° {r.choice(PLACES)}" for _ in range(3)] + [f"{r.random()*5:.2f} دولار أمريكي", ""]
    lines += ["الأكثر قراءة", "", paragraph(r), "", "على المباشر", ""]
    title = sentence(r, r.randint(6, 11))
    lines += [title, ""]
    if r.random() < 0.5:
        lines += [title, ""]
    lines += [stamp(r), sentence(r, 3), ""]
    lines += [f"{r.choice(PLACES)} - {r.choice(AGENCIES)}", ""]
    for k in range(r.randint(6, 14)):
        if k and k % 4 == 0:
            lines += [" ".join(r.choice(WORDS) for _ in range(3)), ""]
        lines += [paragraph(r), ""]
        if k == 2:
            lines += [f"- {sentence(r, 6)}" for _ in range(3)] + [""]
    lines += [f"اقرأ أيضاً: {sentence(r, 7)}", "", "الوسوم: " + "، ".join(r.sample(WORDS, 3)), "",
              "أخبار ذات صلة", ""] + [sentence(r, 8) + "…" for _ in range(5)] + ["", "جميع الحقوق محفوظة © 2025"]
    return "\n".join(lines) + "\n"


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 1
    r = random.Random(seed)
    os.makedirs(out, exist_ok=True)
    for i in range(n):
        with open(os.path.join(out, f"page-{i:06}.txt"), "w", encoding="utf-8") as f:
            f.write(page(r))


if __name__ == "__main__":
    main()
