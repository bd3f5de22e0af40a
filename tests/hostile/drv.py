#!/usr/bin/env python3
"""Hostile driver for nianbao: perturbs the fixtures the way real pastes go wrong (rows deleted,
swapped, duplicated; page lines, URLs, placeholders, line endings; one or two numbers changed;
reports joined), runs the CLI on each, and classifies what went wrong against the expected tables:
silent_wrong (a read/inferred cell with a wrong value), false_all_clear (verdict "holds" on wrong
tables), false_blame (an A001-A004 error on tables that balance), missed_change, panic, slow.

usage: python3 tests/hostile/drv.py [SEED]   (after cargo build --release; NIANBAO_CLI, OUT_DIR
override the CLI and the scratch folder). Not part of scripts/test: a tool for hunting bugs."""
import copy, glob, json, os, random, re, subprocess, sys, time
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CLI = os.environ.get("NIANBAO_CLI", os.path.join(ROOT, "target/release/nianbao"))
FIX = os.path.join(ROOT, "tests/fixtures")
OUT = os.environ.get("OUT_DIR", "/tmp/nianbao-hostile")
os.makedirs(OUT, exist_ok=True)
APPCOLS = ["natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total"]
FIXED = ("new_received", "carried_over", "total", "carried_forward")
GROUPS = ("review", "direct_suit", "suit_after_review")


def run(path):
    t = time.time()
    p = subprocess.run([CLI, "check", "--format", "json", path], capture_output=True, timeout=60)
    dt = time.time() - t
    try:
        d = json.loads(p.stdout.decode())
    except Exception:
        d = None
    return d, p.returncode, p.stderr.decode(errors="replace"), dt


def u16_index(text):
    """list: utf16 offset -> python index (dict)"""
    m = {}
    n = 0
    for i, ch in enumerate(text):
        m[n] = i
        n += 2 if ord(ch) > 0xFFFF else 1
    m[n] = len(text)
    return m


def fixtures():
    out = []
    for d in ("seeds", "corpus", "pastes"):
        for exp in sorted(glob.glob(f"{FIX}/{d}/*.expected.json")):
            stem = os.path.basename(exp)[: -len(".expected.json")]
            for txt in sorted(glob.glob(f"{FIX}/{d}/{stem}*.txt")):
                out.append((txt, json.load(open(exp))))
    return out


# ---------------------------------------------------------------- evaluation
def exp_cells(e):
    for table in ("active_disclosure", "applications"):
        for row, cols in (e.get(table) or {}).items():
            for col, v in cols.items():
                yield (table, row, col), v
    for k, v in (e.get("review_litigation") or {}).items():
        yield ("review_litigation", None, k), v


def got_cell(d, where):
    t = d.get("tables") or {}
    table, row, col = where
    if table == "review_litigation":
        return (t.get(table) or {}).get(col)
    return ((t.get(table) or {}).get(row) or {}).get(col)


def broken_sums(e):
    """list of broken sums in an expected table (sums with nulls not judged)"""
    out = []
    a, r = e.get("applications") or {}, e.get("review_litigation") or {}
    if a:
        res = [k for k in a if k not in FIXED]
        for c in APPCOLS:
            g = lambda k: (a.get(k) or {}).get(c)
            v = [g(k) for k in FIXED]
            if None not in v and v[0] + v[1] != v[2] + v[3]:
                out.append(("A001", c))
            vs = [g(k) for k in res]
            if None not in vs and g("total") is not None and sum(vs) != g("total"):
                out.append(("A002", c))
        for k, row in a.items():
            vs = [row.get(c) for c in APPCOLS]
            if None not in vs and sum(vs[:6]) != vs[6]:
                out.append(("A003", k))
    if r:
        for gname in GROUPS:
            vs = [r.get(f"{gname}_{k}") for k in ("upheld", "corrected", "other", "pending", "total")]
            if None not in vs and sum(vs[:4]) != vs[4]:
                out.append(("A004", gname))
    return out


def evaluate(d, rc, err, dt, exp, kind, changed=None, alt_exps=()):
    """Return list of (class, detail)."""
    f = []
    if d is None or "panick" in err or rc not in (0, 1):
        return [("panic", f"rc={rc} {err[:300]}")]
    if dt > 2.0:
        f.append(("slow", f"{dt:.2f}s"))
    wrong = []
    for where, v in exp_cells(exp):
        c = got_cell(d, where)
        if c is None:
            continue
        if c["status"] in ("read", "inferred"):
            if v is None:
                if kind.get("blank_strict") and where in kind.get("blanked", ()):
                    wrong.append((where, None, c["value"], c["status"]))
                continue
            if abs(float(c["value"]) - float(v)) > 1e-6:
                # accept if matches any alternative expected (joined reports)
                ok = False
                for ae in alt_exps:
                    av = dict(exp_cells(ae)).get(where)
                    if av is not None and abs(float(c["value"]) - float(av)) < 1e-6:
                        ok = True
                if not ok:
                    wrong.append((where, v, c["value"], c["status"]))
    if wrong:
        f.append(("silent_wrong", wrong[:6]))
    verdict = d.get("verdict", {})
    st = verdict.get("status")
    errs = [x for x in d["diagnostics"] if x["severity"] == "error"]
    arith = [x for x in errs if x["code"] in ("A001", "A002", "A003", "A004")]
    bs = broken_sums(exp)
    # the tables as printed have nulls in sums where blanked
    if st == "holds":
        if bs:
            f.append(("false_all_clear", f"expected tables break {bs[:4]}"))
        elif wrong:
            f.append(("false_all_clear", "holds with wrong values"))
        elif kind.get("must_not_hold"):
            f.append(("false_all_clear", kind["must_not_hold"]))
    if arith and not bs and not kind.get("blame_ok"):
        f.append(("false_blame", [(x["code"], x["message"][:160]) for x in arith[:3]]))
    if changed:
        # value-changing mutation: an error naming the changed cell or its row
        named = False
        for x in errs:
            for c in x.get("cells") or []:
                for (table, row, col) in changed:
                    if c.get("table") != table:
                        continue
                    if table == "review_litigation" or c.get("row") == row:
                        named = True
        if not named:
            f.append(("missed_change", f"verdict={st} errs={[(x['code'], x['message'][:120]) for x in errs[:3]]}"))
    return f


# ---------------------------------------------------------------- base info
class Base:
    def __init__(self, path, exp):
        self.path = path
        self.exp = exp
        self.name = os.path.basename(path)[:-4]
        self.text = open(path, "rb").read().decode("utf-8").lstrip("\ufeff")
        d, rc, err, dt = run(path)
        self.d = d
        m = u16_index(self.text)
        self.m = m
        self.loc = {}  # where -> (s,e) python idx, for separately printed cells
        self.line_of = {}  # where -> 0-based line no
        for where, v in exp_cells(exp):
            c = got_cell(d, where)
            if not c or c["status"] != "read" or not c.get("span"):
                continue
            s, e = m.get(c["span"]["start"]), m.get(c["span"]["end"])
            if s is None or e is None:
                continue
            self.line_of[where] = self.text.count("\n", 0, s)
            if v is not None and re.fullmatch(r"\d+", self.text[s:e]) and self.text[s:e] == str(v):
                self.loc[where] = (s, e)
        # rows whose every cell is read (for value-changing mutations)
        self.clean_rows = set()
        t = d["tables"]
        for row, cols in (t.get("applications") or {}).items():
            if all(c["status"] == "read" for c in cols.values()):
                self.clean_rows.add(row)
        if all(c["status"] == "read" for c in (t.get("review_litigation") or {}).values()):
            self.clean_rows.add(None)
        self.lines = re.findall(r"[^\n]*\n|[^\n]+$", self.text)
        self.secs = {s["key"]: m.get(s["span"]["start"]) for s in d["sections"]}
        self.row_chunks = self._chunks()

    def _chunks(self):
        """applications row key -> (first line, last line) inclusive, 0-based; only rows whose
        cells are on lines no other row uses."""
        rows = [r for r in (self.exp.get("applications") or {})]
        span = {}
        for r in rows:
            ls = [l for (t, rr, c), l in self.line_of.items() if t == "applications" and rr == r]
            if ls:
                span[r] = (min(ls), max(ls))
        out = {}
        prev_end = None
        for r in rows:
            if r not in span:
                prev_end = None
                continue
            lo, hi = span[r]
            if prev_end is not None and lo <= prev_end:
                return {}  # rows share lines (collapsed): no chunks
            if prev_end is None:
                # first row: back up to a line that holds a label
                start = lo
                while start > 0 and not re.search(r"[\u4e00-\u9fff]", self.lines[start]):
                    start -= 1
                if r == "new_received" or prev_end is None:
                    pass
            else:
                start = prev_end + 1
            out[r] = (start, hi)
            prev_end = hi
        return out


def with_exp(base, **chg):
    e = copy.deepcopy(base.exp)
    for (table, row, col), v in chg.items():
        pass
    return e


def set_exp(e, where, v):
    table, row, col = where
    if table == "review_litigation":
        e[table][col] = v
    else:
        e[table][row][col] = v


def get_exp(e, where):
    table, row, col = where
    if table == "review_litigation":
        return e[table][col]
    return e[table][row][col]


def replace_spans(text, reps):
    for (s, e), new in sorted(reps, key=lambda x: -x[0][0]):
        text = text[:s] + new + text[e:]
    return text


FW = str.maketrans("0123456789", "０１２３４５６７８９")


NOISE = {
    "page_dash": "- 7 -",
    "page_cn": "第 3 页 共 6 页",
    "page_bare": "3",
    "page_slash": "3/6",
    "header": "淮安市人民政府办公室 2024年度政府信息公开工作年度报告",
    "footnote": "注：1. 本表数据统计期限为2024年1月1日至2024年12月31日。",
    "footnote2": "注：表中数据单位为件。",
    "url": "https://www.huaian.gov.cn/col/col123/art/2025/art_45678.html",
    "date": "2025-01-20",
    "source": "来源：市政府办公室  发布时间：2025-01-20 10:32  浏览次数：1234",
    "pubtime": "发布时间：2025年01月20日",
    "views": "浏览次数：356",
    "nbsp": "\u00a0",
    "nbsp3": "\u00a0\u00a0\u00a0",
    "tab": "\t",
    "tabs": "\t\t\t",
    "ideo": "\u3000\u3000",
    "prose_num": "其中，依申请公开办理12件，均按时答复。",
    "prose_num2": "共计 15 件",
    "prose_bare": "说明 3 5 7",
    "print": "打印本页 关闭窗口",
    "fontsize": "【字体：大 中 小】",
    "year_only": "2024",
    "number_pair": "12 34",
}


def gen_cases(bases, rnd):
    cases = []

    def add(base, name, text, exp=None, kind=None, changed=None, alt=()):
        cases.append(dict(fixture=base.name, name=name, text=text, exp=exp if exp is not None else base.exp,
                          kind=kind or {}, changed=changed, alt=alt))

    for b in bases:
        t = b.text
        # ---- value-changing: change one number
        locs3 = [w for w in b.loc if w[0] in ("applications", "review_litigation") and w[1] in b.clean_rows]
        rnd.shuffle(locs3)
        for w in locs3[:8]:
            s, e = b.loc[w]
            v = int(t[s:e])
            nv = v + 1 if (v == 0 or rnd.random() < .5) else v - 1
            ex = copy.deepcopy(b.exp); set_exp(ex, w, nv)
            add(b, f"change1:{w[1] or ''}.{w[2]}:{v}->{nv}", t[:s] + str(nv) + t[e:], ex, changed=[w])
        # change a big digit: 10x (digit inserted)
        for w in locs3[8:11]:
            s, e = b.loc[w]
            v = int(t[s:e]); nv = v * 10 + 1
            ex = copy.deepcopy(b.exp); set_exp(ex, w, nv)
            add(b, f"change_append_digit:{w[1] or ''}.{w[2]}:{v}->{nv}", t[:s] + str(nv) + t[e:], ex, changed=[w])
        # table 二 change (no sums; must be read as new value)
        locs2 = [w for w in b.loc if w[0] == "active_disclosure"]
        for w in locs2[:2]:
            s, e = b.loc[w]
            v = int(t[s:e]); nv = v + 3
            ex = copy.deepcopy(b.exp); set_exp(ex, w, nv)
            add(b, f"change_t2:{w[1]}.{w[2]}:{v}->{nv}", t[:s] + str(nv) + t[e:], ex)
        # two independent changes
        if len(locs3) >= 2:
            w1, w2 = locs3[0], locs3[-1]
            reps = []
            ex = copy.deepcopy(b.exp)
            for w in (w1, w2):
                s, e = b.loc[w]; v = int(t[s:e]); reps.append(((s, e), str(v + 2))); set_exp(ex, w, v + 2)
            add(b, f"change2:{w1[1]}.{w1[2]}+{w2[1]}.{w2[2]}", replace_spans(t, reps), ex, changed=[w1, w2])
        # compensating 4-cell change keeping every sum: rows r1,r2 (results), cols c1,c2
        app = b.exp.get("applications") or {}
        res = [r for r in app if r not in FIXED]
        quads = []
        for r1 in res:
            for r2 in res:
                if r1 >= r2: continue
                for c1 in APPCOLS[:6]:
                    for c2 in APPCOLS[:6]:
                        if c1 >= c2: continue
                        ws = [("applications", r1, c1), ("applications", r1, c2), ("applications", r2, c1), ("applications", r2, c2)]
                        if all(w in b.loc for w in ws):
                            vals = [app[r1][c1], app[r1][c2], app[r2][c1], app[r2][c2]]
                            if vals[1] >= 1 and vals[2] >= 1:
                                quads.append((ws, vals))
        rnd.shuffle(quads)
        for ws, vals in quads[:2]:
            d = [1, -1, -1, 1]
            ex = copy.deepcopy(b.exp)
            reps = []
            for w, v, dd in zip(ws, vals, d):
                reps.append((b.loc[w], str(v + dd))); set_exp(ex, w, v + dd)
            add(b, f"compensating4:{ws[0][1]}/{ws[2][1]}:{ws[0][2]}/{ws[1][2]}", replace_spans(t, reps), ex)
        # ---- blank out a cell
        for ph in ("/", "—", "无", "-"):
            if not locs3: break
            w = rnd.choice(locs3)
            s, e = b.loc[w]
            ex = copy.deepcopy(b.exp); set_exp(ex, w, None)
            add(b, f"blank:{ph}:{w[1]}.{w[2]}", t[:s] + ph + t[e:], ex,
                kind=dict(blank_strict=True, blanked=[w], must_not_hold="a sum has a blank cell"))
        # ---- layout-preserving
        add(b, "fullwidth_all", t.translate(FW))
        if "applications" in b.secs and "problems" in b.secs:
            s3, s5 = b.secs["applications"], b.secs["problems"]
            add(b, "fullwidth_tables", t[:s3] + t[s3:s5].translate(FW) + t[s5:])
        add(b, "crlf", t.replace("\r\n", "\n").replace("\n", "\r\n"))
        add(b, "cr_only", t.replace("\r\n", "\n").replace("\n", "\r"))
        add(b, "no_newlines_space", re.sub(r"\s*\n\s*", " ", t))
        add(b, "no_newlines", re.sub(r"\s*\n\s*", "", t))
        add(b, "tabs_to_spaces", t.replace("\t", "    "))
        add(b, "nbsp_spaces", t.replace(" ", "\u00a0"))
        add(b, "trailing_spaces", re.sub(r"\n", "  \n", t))
        add(b, "double_blank_lines", t.replace("\n", "\n\n"))
        add(b, "indent_ideo", "\n".join("\u3000\u3000" + l for l in t.split("\n")))
        add(b, "markdown_quote", "\n".join("> " + l for l in t.split("\n")))
        # noise inside tables
        ch = b.row_chunks
        keys = list(ch)
        if keys:
            for nk, nl in NOISE.items():
                r = rnd.choice(keys[1:] or keys)
                ln = ch[r][0]
                L = list(b.lines)
                L.insert(ln, nl + "\n")
                add(b, f"noise:{nk}@before:{r}", "".join(L))
            # noise between number lines of a row (one-cell-per-line layouts)
            for nk in ("page_dash", "page_bare", "url", "nbsp", "prose_num2", "date"):
                r = rnd.choice(keys)
                lo, hi = ch[r]
                if hi > lo:
                    L = list(b.lines)
                    L.insert(hi, NOISE[nk] + "\n")
                    add(b, f"noise_in_row:{nk}@{r}", "".join(L))
            # row ops
            for op in range(6):
                r = rnd.choice(keys)
                lo, hi = ch[r]
                L = list(b.lines)
                del L[lo:hi + 1]
                add(b, f"delete_row:{r}", "".join(L))
            for op in range(5):
                r = rnd.choice(keys)
                lo, hi = ch[r]
                L = list(b.lines)
                L[hi + 1:hi + 1] = b.lines[lo:hi + 1]
                add(b, f"dup_row:{r}", "".join(L), kind=dict(blame_ok=True))
            for op in range(5):
                i = rnd.randrange(len(keys) - 1)
                r1, r2 = keys[i], keys[i + 1]
                (a0, a1), (b0, b1) = ch[r1], ch[r2]
                L = list(b.lines)
                L[a0:b1 + 1] = b.lines[b0:b1 + 1] + b.lines[a0:a1 + 1]
                add(b, f"swap_rows:{r1}<->{r2}", "".join(L))
            # swap nonadjacent
            for op in range(3):
                i, j = sorted(rnd.sample(range(len(keys)), 2))
                r1, r2 = keys[i], keys[j]
                (a0, a1), (b0, b1) = ch[r1], ch[r2]
                L = list(b.lines)
                L = L[:a0] + b.lines[b0:b1 + 1] + L[a1 + 1:b0] + b.lines[a0:a1 + 1] + L[b1 + 1:]
                add(b, f"swap_far:{r1}<->{r2}", "".join(L))
            # wrap labels: break the label line of a row in two
            for r in rnd.sample(keys, min(4, len(keys))):
                lo, hi = ch[r]
                for li in range(lo, hi + 1):
                    l = b.lines[li]
                    mm = re.search(r"[\u4e00-\u9fff]{6,}", l)
                    if mm:
                        cut = mm.start() + (mm.end() - mm.start()) // 2
                        L = list(b.lines)
                        L[li] = l[:cut] + "\n" + l[cut:]
                        add(b, f"wrap_label:{r}", "".join(L))
                        break
            # remove the table 三 header (lines between section heading and first row)
            if "applications" in b.secs:
                hl = b.text.count("\n", 0, b.secs["applications"])
                first = ch[keys[0]][0]
                L = list(b.lines)
                del L[hl + 1:first]
                add(b, "drop_t3_header", "".join(L))

        # ---- more: repeated header, thousands separators, unit suffix, bare page numbers
        if keys and "applications" in b.secs:
            hl = b.text.count("\n", 0, b.secs["applications"])
            first = ch[keys[0]][0]
            hdr = b.lines[hl + 1:first]
            for r in rnd.sample(keys[2:], min(3, len(keys[2:]))):
                L = list(b.lines); L[ch[r][0]:ch[r][0]] = ["- 5 -\n"] + hdr
                add(b, f"header_repeat:{r}", "".join(L))
        big = [w for w in b.loc if w[0] in ("applications", "review_litigation") and int(t[b.loc[w][0]:b.loc[w][1]]) >= 1000]
        if big:
            reps = [(b.loc[w], f"{int(t[b.loc[w][0]:b.loc[w][1]]):,}") for w in big]
            add(b, "thousands_sep", replace_spans(t, reps))
        nz = [w for w in locs3 if int(t[b.loc[w][0]:b.loc[w][1]]) > 0]
        for unit in ("件", "次", " 件", "个"):
            if nz:
                w = rnd.choice(nz); s_, e_ = b.loc[w]
                add(b, f"unit_suffix:{unit}:{w[1]}.{w[2]}", t[:s_] + t[s_:e_] + unit + t[e_:])
        if nz:
            reps = [(b.loc[w], t[b.loc[w][0]:b.loc[w][1]] + "件") for w in nz]
            add(b, "unit_suffix_all", replace_spans(t, reps))
        if keys:
            for pg in ("3", "12", "- 3", "3 -", "—3—", "第3页", "3 / 6", "Page 3"):
                r = rnd.choice(keys); lo, hi = ch[r]; li = rnd.randint(lo, hi)
                L = list(b.lines); L.insert(li, pg + "\n")
                add(b, f"pagenum:{pg}@{r}", "".join(L))
        # a zero cell replaced by "0.0" / "00" / "０"
        zs = [w for w in locs3 if t[b.loc[w][0]:b.loc[w][1]] == "0"]
        for z in ("00", "０", "0 "):
            if zs:
                w = rnd.choice(zs); s_, e_ = b.loc[w]
                add(b, f"zero_as:{z!r}:{w[1]}.{w[2]}", t[:s_] + z + t[e_:])
        # BOM + CRLF (Windows Notepad save)
        add(b, "bom_crlf", "\ufeff" + t.replace("\n", "\r\n"))
        # section-level ops
        if all(k in b.secs for k in ("applications", "review_litigation", "problems")):
            s3, s4, s5 = b.secs["applications"], b.secs["review_litigation"], b.secs["problems"]
            add(b, "move_t4_before_t3", t[:s3] + t[s4:s5] + t[s3:s4] + t[s5:])
            add(b, "drop_heading_3", t[:s3] + t[s3:s4].split("\n", 1)[1] if "\n" in t[s3:s4] else t)
            h4 = t[s4:s5].split("\n", 1)
            add(b, "drop_heading_4", t[:s4] + (h4[1] if len(h4) > 1 else "") + t[s5:])
            h3 = t[s3:s4].split("\n", 1)
            add(b, "drop_heading_3_and_4", t[:s3] + (h3[1] if len(h3) > 1 else "") + (h4[1] if len(h4) > 1 else "") + t[s5:])
            add(b, "drop_table4", t[:s4] + t[s5:])
            add(b, "drop_table3", t[:s3] + t[s4:])
            add(b, "t3_twice", t[:s4] + t[s3:s4] + t[s4:])
            add(b, "t4_twice", t[:s5] + t[s4:s5] + t[s5:])
            # only the tables
            add(b, "only_tables", t[b.secs.get("active_disclosure", s3):s5])
            add(b, "only_t3", t[s3:s4])
            add(b, "only_t4", t[s4:s5])
        # join reports
        add(b, "join_self", t + "\n\n" + t)
    # join different reports
    for i in range(len(bases)):
        j = (i + 3) % len(bases)
        a, c = bases[i], bases[j]
        if a.exp == c.exp:
            continue
        add(a, f"join:{a.name}+{c.name}", a.text + "\n\n" + c.text, alt=(c.exp,))
        add(a, f"join_rev:{c.name}+{a.name}", c.text + "\n\n" + a.text, alt=(c.exp,))
    return cases


def main():
    rnd = random.Random(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
    bases = [Base(p, e) for p, e in fixtures()]
    cases = gen_cases(bases, rnd)
    print(len(cases), "cases", file=sys.stderr)

    def one(i_c):
        i, c = i_c
        path = f"{OUT}/{i:04d}.txt"
        open(path, "w", encoding="utf-8", newline="").write(c["text"])
        d, rc, err, dt = run(path)
        f = evaluate(d, rc, err, dt, c["exp"], c["kind"], c["changed"], c["alt"])
        return dict(i=i, fixture=c["fixture"], name=c["name"], path=path, fails=f,
                    verdict=(d or {}).get("verdict", {}).get("status"))
    with ThreadPoolExecutor(2) as ex:
        res = list(ex.map(one, enumerate(cases)))
    json.dump(res, open(os.path.join(OUT, "results.json"), "w"), ensure_ascii=False, indent=1, default=str)
    from collections import Counter
    cnt = Counter()
    for r in res:
        for cl, _ in r["fails"]:
            cnt[cl] += 1
    print(cnt)


if __name__ == "__main__":
    main()
