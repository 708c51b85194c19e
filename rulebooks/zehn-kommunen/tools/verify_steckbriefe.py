#!/usr/bin/env python3
"""Plausibility checks for data/steckbriefe.csv (Difu 2022, Anhang "Steckbriefe").

Reference implementation for the engine's own checks; standard library only.

    python3 tools/verify_steckbriefe.py [CSV] [--source REPORT.txt] [--all]

Checks per municipality:
  A  persons_mh == germans_mh + foreigners         (Ludwigshafen: dual_citizens + foreigners)
  B  every share == count / population * 100        (compared at the printed precision)
  C  *_change == current - base                      (population, foreigners, germans_mh)
     printed change percentages (relative change or percentage points, as recorded in `unit`)
  D  protection_seekers_total == open + recognised + rejected
  E  other component sums (refugees by accommodation, shares by region of origin)
  F  suspicious identical change figures in different rows
  S  transcription check (if the source text exists, default path below): every
     CSV value, with its sign, occurs as a number inside its own Steckbrief

Only disagreements are printed unless --all is given.  Differences are given as
printed - expected.  A finding is classified as ROUNDING when it is explained by
rounding of published inputs, SUSPICIOUS for likely copy errors, otherwise as
MISMATCH (for change percentages the script names the formula that does
reproduce the printed value, e.g. "change / current population").
"""
import csv
import os
import re
import sys
from collections import defaultdict
from decimal import Decimal, ROUND_HALF_UP

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CSV = os.path.join(HERE, "..", "data", "steckbriefe.csv")
DEFAULT_SOURCE = "/work/shared/source/difu-2022-kommunales-integrationsmonitoring.txt"

COLUMNS = ["municipality", "municipality_name", "figure", "value", "unit",
           "reference_date", "footnote", "note"]


# --------------------------------------------------------------------------- helpers
def decimals(s):
    return len(s.split(".")[1]) if "." in s else 0


def rnd(x, nd):
    q = Decimal(1).scaleb(-nd)
    return Decimal(repr(x)).quantize(q, rounding=ROUND_HALF_UP)


def dates_compatible(a, b):
    """'2019' and '2019-12-31' are compatible (one is a prefix of the other at month level)."""
    a, b = a[:7], b[:7]
    return a.startswith(b) or b.startswith(a)


def fmt(x, nd=2):
    return f"{x:.{nd}f}"


class Muni:
    def __init__(self, code):
        self.code = code
        self.name = ""
        self.rows = defaultdict(list)      # figure -> [row]

    def row(self, fig, unit=None):
        for r in self.rows.get(fig, []):
            if r["value"] != "" and (unit is None or r["unit"] == unit):
                return r
        return None

    def v(self, fig, unit=None):
        r = self.row(fig, unit)
        return float(r["value"]) if r else None

    def s(self, fig, unit=None):
        r = self.row(fig, unit)
        return r["value"] if r else None


def load(path):
    munis = {}
    with open(path, encoding="utf-8", newline="") as f:
        rd = csv.DictReader(f)
        if rd.fieldnames != COLUMNS:
            sys.exit(f"unexpected header: {rd.fieldnames}")
        for r in rd:
            m = munis.setdefault(r["municipality"], Muni(r["municipality"]))
            m.name = r["municipality_name"]
            m.rows[r["figure"]].append(r)
            if r["value"] != "":
                float(r["value"])  # must parse
                if r["unit"] not in ("count", "percent", "pp"):
                    sys.exit(f"bad unit in {r}")
    return munis


# --------------------------------------------------------------------------- reporting
findings = []
oks = []
infos = []


def report(m, check, what, printed, expected, diff, kind, extra=""):
    findings.append((m.code, check, what, printed, expected, diff, kind, extra))


def ok(m, check, what):
    oks.append((m.code, check, what))


def info(m, check, text):
    infos.append((m.code, check, text))


def compare_pct(m, check, what, printed_s, exact, alternatives=(), rounded_inputs=None):
    """Compare a printed percentage (string) with an exact value at printed precision."""
    nd = decimals(printed_s)
    printed = Decimal(printed_s)
    if rnd(exact, nd) == printed:
        ok(m, check, what)
        return True
    diff = float(printed) - exact
    extra = []
    kind = "MISMATCH"
    if rounded_inputs is not None and rnd(rounded_inputs, nd) == printed:
        kind = "ROUNDING"
        extra.append(f"reproduced from the printed rounded inputs ({fmt(rounded_inputs, 3)})")
    for label, val in alternatives:
        if val is not None and rnd(val, nd) == printed:
            extra.append(f"printed value = {label} ({fmt(val, 3)})")
    if kind == "MISMATCH" and not extra:
        extra.append("no simple formula reproduces the printed value")
    report(m, check, what, printed_s, fmt(exact, max(nd, 2) + 1), f"{diff:+.3f} pp", kind,
           "; ".join(extra))
    return False


# --------------------------------------------------------------------------- checks
def check_identity(m):
    pm, fo = m.v("persons_mh"), m.v("foreigners")
    ge, label = m.v("germans_mh"), "germans_mh"
    if ge is None and m.v("dual_citizens") is not None:
        ge, label = m.v("dual_citizens"), "dual_citizens"
    if pm is None or fo is None or ge is None:
        if m.rows.get("persons_mh"):
            info(m, "A", "persons_mh identity not checkable (keine Angabe)")
        return
    exp = ge + fo
    what = f"persons_mh vs {label} + foreigners"
    if pm == exp:
        ok(m, "A", what)
    else:
        report(m, "A", what, f"{pm:.0f}", f"{exp:.0f}", f"{pm - exp:+.0f}", "MISMATCH")
    if label == "dual_citizens":
        info(m, "A", "identity holds by construction only: the report's 74523 'persons with MH' "
                     "is foreigners + Germans with dual citizenship, a proxy (printed 'ca. 42%', "
                     "footnote: 36%); Germans with MH but without second citizenship are missing")
    dates = {f: m.row(f)["reference_date"] for f in ("persons_mh", label, "foreigners")}
    known = [d for d in dates.values() if d]
    if any(not dates_compatible(a, b) for a in known for b in known):
        info(m, "A", "identity mixes reference dates " +
             ", ".join(f"{k}={v or 'none printed'}" for k, v in dates.items()) +
             " – it can only hold exactly if the components really share one date "
             "(so at least one printed date is probably a label slip)")


SHARES = [
    ("persons_mh_share", "persons_mh", "population"),
    ("germans_mh_share", "germans_mh", "population"),
    ("dual_citizens_share", "dual_citizens", "population"),
    ("foreigners_share", "foreigners", "population"),
    ("foreigners_base_share", "foreigners_base", "population_base"),
]


def check_shares(m):
    for share, count, popfig in SHARES:
        s, c, p = m.s(share), m.v(count), m.v(popfig)
        if s is None or c is None or p is None:
            continue
        exact = c / p * 100
        compare_pct(m, "B", f"{share} vs {count} / {popfig}", s, exact)
        rc, rp = m.row(count)["reference_date"], m.row(popfig)["reference_date"]
        if rc and rp and not dates_compatible(rc, rp):
            info(m, "B", f"{share}: count dated {rc}, population dated {rp}; "
                         f"the share was checked against the printed population")


def base_population(m):
    """printed population_base, else population - population_change (derived)."""
    if m.v("population_base") is not None:
        return m.v("population_base"), "printed"
    if m.v("population") is not None and m.v("population_change") is not None:
        return m.v("population") - m.v("population_change"), "derived"
    return None, None


def check_changes(m):
    # --- absolute changes
    for cur, base, chg in [("population", "population_base", "population_change"),
                           ("foreigners", "foreigners_base", "foreigners_change"),
                           ("germans_mh", "germans_mh_base", "germans_mh_change")]:
        c, b, d = m.v(cur), m.v(base), m.v(chg)
        if None in (c, b, d):
            continue
        what = f"{chg} vs {cur} - {base}"
        if c - b == d:
            ok(m, "C", what)
        else:
            report(m, "C", what, f"{d:+.0f}", f"{c - b:+.0f}", f"{d - (c - b):+.0f}", "MISMATCH")

    pop = m.v("population")
    bpop, bpop_kind = base_population(m)

    # --- population change percentage (relative change)
    s, d = m.s("population_change_pct"), m.v("population_change")
    if s is not None and d is not None and pop is not None and bpop:
        exact = d / bpop * 100
        compare_pct(m, "C", f"population_change_pct vs change / base ({bpop_kind} base {bpop:.0f})",
                    s, exact, alternatives=[("change / current population", d / pop * 100)])

    # --- group change percentages
    groups = [("persons_mh", "persons_mh_change", {"pp": "persons_mh_change_pp"}),
              ("germans_mh", "germans_mh_change", {"pp": "germans_mh_change_pp",
                                                   "percent": "germans_mh_change_pct"}),
              ("dual_citizens", "dual_citizens_change", {"pp": "dual_citizens_change_pp",
                                                         "percent": "dual_citizens_change_pct"}),
              ("foreigners", "foreigners_change", {"pp": "foreigners_change_pct_or_pp",
                                                   "percent": "foreigners_change_pct_or_pp"})]
    for cur, chg, pctfigs in groups:
        c, d = m.v(cur), m.v(chg)
        if c is None or d is None:
            continue
        base_cnt = m.v(cur + "_base")
        if base_cnt is None:
            base_cnt = c - d
        for unit, fig in pctfigs.items():
            s = m.s(fig, unit)
            if s is None:
                continue
            alts = []
            if pop:
                alts.append(("change / current population", d / pop * 100))
            if bpop:
                alts.append(("change / base population", d / bpop * 100))
            alts.append(("change / current count", d / c * 100))
            if unit == "percent":
                exact = d / base_cnt * 100
                compare_pct(m, "C", f"{fig} [{unit}] vs relative change {chg} / {cur}(base)",
                            s, exact, alternatives=alts)
            else:
                if not (pop and bpop):
                    info(m, "C", f"{fig} [{unit}] not checkable (no population base)")
                    continue
                exact = c / pop * 100 - base_cnt / bpop * 100
                rounded = None
                sh_now = m.s(cur + "_share")
                sh_base = m.s(cur + "_base_share")
                if sh_now is not None and sh_base is not None:
                    rounded = float(sh_now) - float(sh_base)
                alts.append(("relative change of the count", d / base_cnt * 100))
                compare_pct(m, "C", f"{fig} [{unit}] vs share change "
                                    f"({cur}/population - base/{bpop_kind} base population)",
                            s, exact, alternatives=alts, rounded_inputs=rounded)


def check_protection(m):
    t = m.v("protection_seekers_total")
    parts = [m.v("protection_seekers_" + p) for p in ("open", "recognised", "rejected")]
    if t is None or None in parts:
        if m.rows.get("protection_seekers_total"):
            info(m, "D", "protection seekers not checkable (keine Angabe)")
        return
    ssum = sum(parts)
    what = "protection_seekers_total vs open + recognised + rejected"
    if ssum == t:
        ok(m, "D", what)
        return
    allx5 = all(x % 5 == 0 for x in parts + [t])
    kind = "ROUNDING" if allx5 and abs(t - ssum) <= 5 else "MISMATCH"
    extra = ("all four values are multiples of 5 (published rounded); "
             "a difference of 5 is within that rounding") if kind == "ROUNDING" else ""
    report(m, "D", what, f"{t:.0f}", f"{ssum:.0f}", f"{t - ssum:+.0f}", kind, extra)


def check_other_sums(m):
    r = m.v("refugees")
    parts = [m.v(f) for f in ("refugees_initial_reception", "refugees_state_accommodation",
                              "refugees_municipal_accommodation")]
    if r is not None and None not in parts:
        what = "refugees vs sum of accommodation types"
        if sum(parts) == r:
            ok(m, "E", what)
        else:
            report(m, "E", what, f"{r:.0f}", f"{sum(parts):.0f}", f"{r - sum(parts):+.0f}", "MISMATCH")
    origin = [f for f in m.rows if f.startswith("foreigners_origin_share_")]
    if origin:
        tot = sum(m.v(f) for f in origin)
        what = "foreigners_origin_share_* sum to 100"
        if tot == 100:
            ok(m, "E", what)
        else:
            kind = "ROUNDING" if abs(tot - 100) <= len(origin) * 0.5 else "MISMATCH"
            report(m, "E", what, f"{tot:.0f}", "100", f"{tot - 100:+.0f}", kind,
                   f"{len(origin)} shares printed as integers")


def check_duplicates(m):
    seen = defaultdict(list)
    for fig, rs in m.rows.items():
        if not fig.endswith("_change"):
            continue
        for r in rs:
            if r["value"] != "":
                seen[abs(float(r["value"]))].append(fig)
    for val, figs in seen.items():
        if len(figs) > 1:
            report(m, "F", "identical change figures in different rows", f"{val:.0f}",
                   "independent values", "n/a", "SUSPICIOUS", " & ".join(sorted(figs)))


# --------------------------------------------------------------------------- source check
NUM_SPACE = re.compile(r"\d{1,3}(?:[. ]\d{3})+(?:,\d+)?|\d+(?:,\d+)?")
NUM_NOSPACE = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?")


def german_pattern(v):
    """regex for a plain number as printed in German: 3548 -> 3[. ]?548, 2.63 -> 2,63"""
    ip, _, fp = v.partition(".")
    groups = []
    while len(ip) > 3:
        groups.insert(0, ip[-3:])
        ip = ip[:-3]
    groups.insert(0, ip)
    pat = "[. ]?".join(groups)
    return pat + ("," + fp if fp else "") + r"(?![\d,])"


def check_source(munis, path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    # the appendix heading stands alone on its line (the table of contents has a tab + page number)
    mt = re.search(r"^Anhang – Steckbriefe[ \t]*$", text, re.M)
    a = mt.start() if mt else -1
    mt = re.search(r"^Weiterführende Informationen[ \t]*$", text[a + 1:], re.M) if mt else None
    b = a + 1 + mt.start() if mt else -1
    if a < 0:
        print(f"[S] appendix not found in {path}")
        return 0
    app = text[a:b if b > 0 else None]
    # split the appendix into one block per municipality (heading line = municipality_name)
    starts = []
    for m in munis.values():
        mt = re.search(r"^" + re.escape(m.name) + r"\b[^\n]*$", app, re.M)
        if not mt:
            print(f"[S] {m.code}: heading '{m.name}' not found in the appendix")
            continue
        starts.append((mt.start(), m.code))
    starts.sort()
    blocks = {}
    for i, (pos, code) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else len(app)
        blocks[code] = app[pos:end]
    missing = 0
    for m in munis.values():
        block = blocks.get(m.code, "")
        nums = set()
        for rx in (NUM_SPACE, NUM_NOSPACE):
            for mt in rx.finditer(block):
                nums.add(mt.group(0).replace(" ", "").replace(".", "").replace(",", "."))
        for rs in m.rows.values():
            for r in rs:
                v = r["value"].lstrip("-")
                if v and v not in nums:
                    missing += 1
                    print(f"[S] {m.code}: {r['figure']}={r['value']} not found in its Steckbrief")
                    continue
                if not v:
                    continue
                num = r"(?<![\d.,])" + german_pattern(v)
                if r["value"].startswith("-") and not re.search(r"-\s?" + num, block):
                    missing += 1
                    print(f"[S] {m.code}: {r['figure']}={r['value']}: printed without minus sign")
                if not r["value"].startswith("-") and not re.search(r"(?<!-)(?<!- )" + num, block):
                    missing += 1
                    print(f"[S] {m.code}: {r['figure']}={r['value']}: printed only with a minus sign")
    return missing


# --------------------------------------------------------------------------- main
def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    show_all = "--all" in argv
    src = DEFAULT_SOURCE
    if "--source" in argv:
        src = argv[argv.index("--source") + 1]
        args = [a for a in args if a != src]
    path = args[0] if args else DEFAULT_CSV
    munis = load(path)
    nrows = sum(len(rs) for m in munis.values() for rs in m.rows.values())
    nempty = sum(1 for m in munis.values() for rs in m.rows.values() for r in rs if r["value"] == "")
    print(f"{os.path.normpath(path)}: {nrows} rows, {len(munis)} municipalities, "
          f"{nempty} rows without value (keine Angabe)")

    for m in munis.values():
        check_identity(m)
        check_shares(m)
        check_changes(m)
        check_protection(m)
        check_other_sums(m)
        check_duplicates(m)

    print(f"\nchecks that agree: {len(oks)}; findings: {len(findings)} "
          f"({sum(1 for f in findings if f[6] == 'ROUNDING')} rounding, "
          f"{sum(1 for f in findings if f[6] == 'MISMATCH')} mismatch, "
          f"{sum(1 for f in findings if f[6] == 'SUSPICIOUS')} suspicious)\n")
    print("FINDINGS (printed vs expected, diff = printed - expected)")
    for code, chk, what, printed, expected, diff, kind, extra in findings:
        line = f"[{chk}] {kind:10s} {code}: {what}: printed {printed}, expected {expected}, diff {diff}"
        if extra:
            line += f"  -- {extra}"
        print(line)
    print("\nNOTES")
    for code, chk, text in infos:
        print(f"[{chk}] {code}: {text}")
    if show_all:
        print("\nAGREEING CHECKS")
        for code, chk, what in oks:
            print(f"[{chk}] OK {code}: {what}")
    if src and not os.path.exists(src):
        print(f"\nSOURCE CHECK skipped: {src} not found")
    elif src:
        print(f"\nSOURCE CHECK against {src}")
        miss = check_source(munis, src)
        print(f"[S] {'every CSV value (with its sign) occurs in its Steckbrief' if not miss else f'{miss} problem(s)'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
