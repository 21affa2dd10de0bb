#!/usr/bin/env python3
"""Generate data/kb/states.toml: the UN member states, the two observer states (Holy See,
Palestine), Kosovo and Taiwan, with names, adjectives and metonyms in the 18 languages.

Sources
  * CLDR (through the `babel` package): territory names per locale, and the localised names of
    capitals that are time-zone exemplar cities.
  * tools/state_variants.toml (hand-written): canonical English names and capitals, informal
    names, adjectives/demonyms, metonyms, and corrections (see the header of that file).

Usage:  pip install babel pycountry
        python3 tools/gen_states.py [--check]   (--check: validate only, do not write)
"""
from __future__ import annotations

import argparse
import collections
import re
import sys
import tomllib
import unicodedata
from pathlib import Path

import babel
import pycountry

ROOT = Path(__file__).resolve().parent.parent
VARIANTS = ROOT / "tools" / "state_variants.toml"
OUT = ROOT / "data" / "kb" / "states.toml"

LANGS = ["en", "ru", "zh", "ar", "fr", "es", "de", "it", "pt", "ja", "ko", "hi", "bn", "fa",
         "tr", "uk", "vi", "id"]
# babel locales read for each language (zh: simplified first, traditional added)
LOCALES = {l: [l] for l in LANGS}
LOCALES["zh"] = ["zh_Hans", "zh_Hant"]
LATIN = {"en", "fr", "es", "de", "it", "pt", "tr", "vi", "id"}

# The 193 UN member states (ISO 3166-1 alpha-2), by UN regional group.
UN_MEMBERS = """
DZ AO BJ BW BF BI CV CM CF TD KM CG CD CI DJ EG GQ ER SZ ET GA GM GH GN GW KE LS LR LY MG MW
ML MR MU MA MZ NA NE NG RW ST SN SC SL SO ZA SS SD TZ TG TN UG ZM ZW
AF BH BD BT BN KH CN CY FJ IN ID IR IQ JP JO KZ KI KW KG LA LB MY MV MH FM MN MM NR NP KP OM
PK PW PG PH QA WS SA SG SB KR LK SY TJ TH TL TO TM TV AE UZ VU VN YE
AL AM AZ BY BA BG HR CZ EE GE HU LV LT ME MD PL RO RU RS SK SI MK UA
AG AR BS BB BZ BO BR CL CO CR CU DM DO EC SV GD GT GY HT HN JM MX NI PA PY PE KN LC VC SR TT
UY VE
AD AU AT BE CA DK FI FR DE GR IS IE IL IT LI LU MT MC NL NZ NO PT SM ES SE CH TR GB US
""".split()
OTHERS = ["VA", "PS", "XK", "TW"]  # observers (Holy See, Palestine), Kosovo, Taiwan

# Capitals (and a few other seats) that are CLDR time-zone exemplar cities.
TZ_CITY = {
    "AF": ["Asia/Kabul"], "AL": ["Europe/Tirane"], "DZ": ["Africa/Algiers"],
    "AO": ["Africa/Luanda"], "AR": ["America/Buenos_Aires"], "AM": ["Asia/Yerevan"],
    "AT": ["Europe/Vienna"], "AZ": ["Asia/Baku"], "BS": ["America/Nassau"],
    "BD": ["Asia/Dhaka"], "BY": ["Europe/Minsk"], "BE": ["Europe/Brussels"],
    "BJ": ["Africa/Porto-Novo"], "BT": ["Asia/Thimphu"], "BO": ["America/La_Paz"],
    "BA": ["Europe/Sarajevo"], "BW": ["Africa/Gaborone"], "BG": ["Europe/Sofia"],
    "BF": ["Africa/Ouagadougou"], "KH": ["Asia/Phnom_Penh"], "CF": ["Africa/Bangui"],
    "TD": ["Africa/Ndjamena"], "CL": ["America/Santiago"], "CO": ["America/Bogota"],
    "CG": ["Africa/Brazzaville"], "CD": ["Africa/Kinshasa"], "HR": ["Europe/Zagreb"],
    "CU": ["America/Havana"], "CY": ["Asia/Nicosia"], "CZ": ["Europe/Prague"],
    "DK": ["Europe/Copenhagen"], "DJ": ["Africa/Djibouti"], "DO": ["America/Santo_Domingo"],
    "EG": ["Africa/Cairo"], "GQ": ["Africa/Malabo"], "ER": ["Africa/Asmera"],
    "EE": ["Europe/Tallinn"], "SZ": ["Africa/Mbabane"], "ET": ["Africa/Addis_Ababa"],
    "FI": ["Europe/Helsinki"], "FR": ["Europe/Paris"], "GA": ["Africa/Libreville"],
    "GM": ["Africa/Banjul"], "GE": ["Asia/Tbilisi"], "DE": ["Europe/Berlin"],
    "GH": ["Africa/Accra"], "GR": ["Europe/Athens"], "GN": ["Africa/Conakry"],
    "GW": ["Africa/Bissau"], "HT": ["America/Port-au-Prince"], "HN": ["America/Tegucigalpa"],
    "HU": ["Europe/Budapest"], "IS": ["Atlantic/Reykjavik"], "ID": ["Asia/Jakarta"],
    "IR": ["Asia/Tehran"], "IQ": ["Asia/Baghdad"], "IE": ["Europe/Dublin"],
    "IL": ["Asia/Jerusalem"], "IT": ["Europe/Rome"], "JP": ["Asia/Tokyo"],
    "JO": ["Asia/Amman"], "KE": ["Africa/Nairobi"], "KI": ["Pacific/Tarawa"],
    "KG": ["Asia/Bishkek"], "LA": ["Asia/Vientiane"], "LV": ["Europe/Riga"],
    "LB": ["Asia/Beirut"], "LS": ["Africa/Maseru"], "LR": ["Africa/Monrovia"],
    "LY": ["Africa/Tripoli"], "LI": ["Europe/Vaduz"], "LT": ["Europe/Vilnius"],
    "LU": ["Europe/Luxembourg"], "MG": ["Indian/Antananarivo"], "MY": ["Asia/Kuala_Lumpur"],
    "ML": ["Africa/Bamako"], "MH": ["Pacific/Majuro"], "MR": ["Africa/Nouakchott"],
    "MX": ["America/Mexico_City"], "MD": ["Europe/Chisinau"], "MC": ["Europe/Monaco"],
    "MN": ["Asia/Ulaanbaatar"], "ME": ["Europe/Podgorica"], "MZ": ["Africa/Maputo"],
    "NA": ["Africa/Windhoek"], "NP": ["Asia/Katmandu"], "NL": ["Europe/Amsterdam"],
    "NI": ["America/Managua"], "NE": ["Africa/Niamey"], "KP": ["Asia/Pyongyang"],
    "MK": ["Europe/Skopje"], "NO": ["Europe/Oslo"], "OM": ["Asia/Muscat"],
    "PG": ["Pacific/Port_Moresby"], "PY": ["America/Asuncion"], "PE": ["America/Lima"],
    "PH": ["Asia/Manila"], "PL": ["Europe/Warsaw"], "PT": ["Europe/Lisbon"],
    "RO": ["Europe/Bucharest"], "RU": ["Europe/Moscow"], "RW": ["Africa/Kigali"],
    "WS": ["Pacific/Apia"], "SM": ["Europe/San_Marino"], "ST": ["Africa/Sao_Tome"],
    "SA": ["Asia/Riyadh"], "SN": ["Africa/Dakar"], "RS": ["Europe/Belgrade"],
    "SL": ["Africa/Freetown"], "SG": ["Asia/Singapore"], "SK": ["Europe/Bratislava"],
    "SI": ["Europe/Ljubljana"], "SO": ["Africa/Mogadishu"], "KR": ["Asia/Seoul"],
    "SS": ["Africa/Juba"], "ES": ["Europe/Madrid"], "SD": ["Africa/Khartoum"],
    "SR": ["America/Paramaribo"], "SE": ["Europe/Stockholm"], "SY": ["Asia/Damascus"],
    "TJ": ["Asia/Dushanbe"], "TH": ["Asia/Bangkok"], "TL": ["Asia/Dili"],
    "TG": ["Africa/Lome"], "TT": ["America/Port_of_Spain"], "TN": ["Africa/Tunis"],
    "TM": ["Asia/Ashgabat"], "TV": ["Pacific/Funafuti"], "UG": ["Africa/Kampala"],
    "UA": ["Europe/Kiev"], "GB": ["Europe/London"], "UY": ["America/Montevideo"],
    "UZ": ["Asia/Tashkent"], "VE": ["America/Caracas"], "ZM": ["Africa/Lusaka"],
    "ZW": ["Africa/Harare"], "TW": ["Asia/Taipei"],
    # not the capital, but the seat of government or the city news uses
    "LK": ["Asia/Colombo"], "TZ": ["Africa/Dar_es_Salaam"], "CI": ["Africa/Abidjan"],
}
# Capitals too ambiguous to copy from English into the other Latin-script languages.
NO_PROPAGATE = {"Victoria", "Kingston", "Kingstown", "Georgetown", "Praia", "St. John's",
                "St. George's", "Moroni", "Roseau", "Castries", "San José"}
# Words marking a formal long name (not used as an attributive form).
FORMAL = {
    "zh": ["共和国", "联邦", "合众国", "民主", "王国", "人民", "地区", "联合", "邦", "國"],
    "ja": ["共和国", "連邦", "合衆国", "王国", "民主", "人民"],
    "ko": ["공화국", "연방", "합중국", "민주", "연합"],
    "vi": ["Cộng hòa", "Liên bang", "Hợp chúng", "Hợp chủng", "Vương quốc", "CHDCND", "CHLB",
           "CH ", "Liên hiệp"],
    "id": ["Republik", "Persatuan", "Federasi", "Kerajaan"],
}
AUTO_ADJ = ["zh", "ja", "ko"]
# Vietnamese and Indonesian use the name attributively too, but the matcher folds accents and
# matches adjectives in any case, so bare names there (Mỹ → "my", Lào → "lao") would fire on
# common words: the adjectives are the demonym phrases "người X" / "orang X" instead, leaving out
# those that are common phrases (người anh "elder brother", người lao động "worker", …).
DEMONYM = {"vi": "người ", "id": "orang "}
DEMONYM_SKIP = {"vi": {"Anh", "Lào", "Ý", "Bỉ", "Áo", "Thái", "Hàn", "Séc"}, "id": set()}


# ─────────────────────────── string helpers ───────────────────────────

def norm(s: str) -> str:
    """The comparison key: NFKC, case-folded (as the matcher normalises)."""
    return unicodedata.normalize("NFKC", s).casefold()


def match_key(s: str) -> str:
    """Roughly what the matcher compares (crates/mentions/src/normalize.rs): accents off Latin
    and Cyrillic, Arabic short vowels off and letter variants unified, lower case."""
    out = []
    for c in s:
        u = ord(c)
        if c in "‘’ʼʹ`´":
            out.append("'")
        elif 0x2010 <= u <= 0x2015 or u == 0x2212:
            out.append("-")
        elif u == 0x640 or 0x64B <= u <= 0x65F or u == 0x670 or 0x200B <= u <= 0x200F:
            continue
        elif c in "یى":
            out.append("ي")
        elif c == "ک":
            out.append("ك")
        elif c == "ة":
            out.append("ه")
        elif c in "آأإ":
            out.append("ا")
        elif u < 0x530 or 0x1E00 <= u <= 0x1FFF:
            out.append("".join(d for d in unicodedata.normalize("NFKD", c)
                               if not unicodedata.combining(d)).lower())
        else:
            out.append(unicodedata.normalize("NFKC", c).lower())
    return " ".join("".join(out).split())


def brace_expand(s: str) -> list[str]:
    m = re.search(r"\{([^{}]*)\}", s)
    if not m:
        return [s]
    out = []
    for alt in m.group(1).split(","):
        out.extend(brace_expand(s[: m.start()] + alt + s[m.end():]))
    return out


def arabic_nisba(s: str) -> list[str]:
    """`@روسي` → روسي روسية الروسي الروسية; several @-words are inflected together."""
    words = s.split(" ")
    if not any(w.startswith("@") for w in words):
        return [s]
    forms = []
    for fem in (False, True):
        for art in (False, True):
            out = []
            for w in words:
                if w.startswith("@"):
                    w = w[1:] + ("ة" if fem else "")
                    w = ("ال" if art else "") + w
                out.append(w)
            forms.append(" ".join(out))
    return forms


def clean_cldr(name: str) -> str:
    name = name.replace("\u00ad", "")                         # soft hyphens
    name = name.replace(" о-ва", " Острова")                   # ru abbreviation of "islands"
    name = re.sub(r"\s+[-–—]\s+", "-", name)                   # "Congo - Kinshasa"
    return name.strip()


def split_parens(name: str) -> list[str]:
    """"Myanmar (Burma)" → Myanmar, Burma."""
    m = re.match(r"^(.*?)\s*[(（](.*?)[)）]\s*$", name)
    if not m:
        return [name]
    return [m.group(1).strip(), m.group(2).strip()]


def script_variants(lang: str, s: str) -> list[str]:
    """Spelling variants news uses interchangeably."""
    out = [s]
    if "’" in s:
        out.append(s.replace("’", "'"))
    if "'" in s:
        out.append(s.replace("'", "’"))
    if lang == "uk":
        for a in ("ʼ", "'", "’"):
            if a in s:
                for b in ("ʼ", "'", "’"):
                    out.append(s.replace(a, b))
    if lang == "fa":
        for v in list(out):
            if "\u0654" in v:                                  # hamza above (کرهٔ)
                out.append(v.replace("\u0654", ""))
                out.append(v.replace("ۀ", "ه").replace("\u0654", ""))
        for v in list(out):
            if "\u200c" in v:                                  # zero-width non-joiner
                out.append(v.replace("\u200c", " "))
                out.append(v.replace("\u200c", ""))
    if lang == "hi" and "\u093c" in s:                        # nukta
        out.append(s.replace("\u093c", ""))
    if lang == "ar":
        for v in list(out):
            if "ّ" in v:                                        # shadda
                out.append(v.replace("ّ", ""))
            if "ُ" in v:
                out.append(v.replace("ُ", ""))
    return out


# ─────────────────────────── Russian / Ukrainian case forms ───────────────────────────

RU_FEM_SOFT = {"Беларусь", "Русь"}
UK_FEM_SOFT = {"Білорусь", "Русь"}
RU_VOWELS = set("аеёиоуыэюя")


def ru_noun(w: str) -> list[str]:
    """Oblique forms of a Russian place name (gen, dat, acc, ins, loc), where the nominative
    cannot be extended by a suffix (-а/-я/-й/-ь). Hyphenated names inflect their last part."""
    if "-" in w:
        head, _, last = w.rpartition("-")
        return [head + "-" + f for f in ru_noun(last)]
    if w in RU_FEM_SOFT:
        return [w[:-1] + "и", w + "ю"]
    if len(w) < 3:
        return []
    if w.endswith("ия"):
        st = w[:-1]
        return [st + "и", st + "ю", st + "ей"]
    if w.endswith("ая"):                                       # a substantivised adjective
        st = w[:-2]
        return [st + "ой", st + "ую"]
    if w.endswith("я"):
        st = w[:-1]
        return [st + "и", st + "е", st + "ю", st + "ей"]
    if w.endswith("а") and w[-2] not in RU_VOWELS:          # Бразилиа, Манагуа: indeclinable
        st = w[:-1]
        gen = st + ("и" if st[-1] in "гкхжшщч" else "ы")
        ins = st + ("ей" if st[-1] in "жшщчц" else "ой")
        return [gen, st + "е", st + "у", ins]
    if w.endswith("й") and w[-2] in RU_VOWELS:
        st = w[:-1]
        return [st + "я", st + "ю", st + "ем", st + "е"]
    if w.endswith("ь"):
        st = w[:-1]
        return [st + "я", st + "ю", st + "ем", st + "е"]
    return []


def ru_noun_cases(w: str) -> dict[str, str] | None:
    """Case-labelled forms of a noun, for agreement with an adjective."""
    if w.endswith("ия"):
        st = w[:-1]
        return {"gen": st + "и", "dat": st + "и", "acc": st + "ю", "ins": st + "ей", "loc": st + "и"}
    if w.endswith("я"):
        st = w[:-1]
        return {"gen": st + "и", "dat": st + "е", "acc": st + "ю", "ins": st + "ей", "loc": st + "е"}
    if w.endswith("а") and w[-2] not in RU_VOWELS:
        st = w[:-1]
        gen = st + ("и" if st[-1] in "гкхжшщч" else "ы")
        return {"gen": gen, "dat": st + "е", "acc": st + "у", "ins": st + "ой", "loc": st + "е"}
    if w[-1] not in RU_VOWELS and w[-1] not in "йь":
        return {"gen": w + "а", "dat": w + "у", "acc": w, "ins": w + "ом", "loc": w + "е"}
    return None


def ru_forms(phrase: str) -> list[str]:
    words = phrase.split(" ")
    if len(words) == 1:
        return ru_noun(phrase)
    if len(words) == 2:
        a, n = words
        cases = ru_noun_cases(n)
        if cases is None:
            return []
        if a.endswith("ая") and n[-1] in "ая":
            st = a[:-2]
            adj = {"gen": st + "ой", "dat": st + "ой", "acc": st + "ую", "ins": st + "ой", "loc": st + "ой"}
        elif a[-2:] in ("ый", "ий", "ой") and n[-1] not in "ая":
            st = a[:-2]
            soft = a.endswith("ий") and st[-1] not in "гкхжшщч"
            adj = {"gen": st + ("его" if soft else "ого"), "dat": st + ("ему" if soft else "ому"),
                   "acc": a, "ins": st + ("им" if soft or a.endswith("ий") else "ым"),
                   "loc": st + ("ем" if soft else "ом")}
        else:
            return []
        return [adj[c] + " " + cases[c] for c in ("gen", "dat", "acc", "ins", "loc")]
    return []


def uk_soften(st: str) -> str:
    """Ukrainian consonant alternation before dative/locative -і (Америка → Америці)."""
    for a, b in (("к", "ц"), ("г", "з")):
        if st.endswith(a):
            return st[:-1] + b
    return st


UK_VOWELS = set("аеєиіїоуюяь'ʼ’")


def uk_noun_cases(w: str) -> dict[str, list[str]] | None:
    if w.endswith("ія") or (w.endswith("я") and len(w) > 1 and w[-2] in "аеєиіїоуюя'ʼ’"):
        st = w[:-1]
        return {"gen": [st + "ї"], "dat": [st + "ї"], "acc": [st + "ю"], "ins": [st + "єю"],
                "loc": [st + "ї"]}
    if w.endswith("я"):
        st = w[:-1]
        return {"gen": [st + "і"], "dat": [st + "і"], "acc": [st + "ю"], "ins": [st + "ею"],
                "loc": [st + "і"]}
    if w.endswith("а") and w[-2] not in UK_VOWELS:           # Бразиліа, Манаґуа: indeclinable
        st = w[:-1]
        ins = st + ("ею" if st[-1] in "жчшщ" else "ою")
        dat = [] if st.endswith("х") else [uk_soften(st) + "і"]  # Доха → Досі = "still"
        gen = st + ("і" if st[-1] in "жчшщ" else "и")            # Польщі, Камбоджі
        return {"gen": [gen], "dat": dat, "acc": [st + "у"], "ins": [ins], "loc": dat}
    if w.endswith("й") and len(w) > 2 and w[-2] in "аеоуи":
        st = w[:-1]
        return {"gen": [st + "ю"], "dat": [st + "ю"], "acc": [w], "ins": [st + "єм"],
                "loc": [st + "ї"]}
    if w.endswith("ь"):
        st = w[:-1]
        return {"gen": [st + "я", st + "ю"], "dat": [st + "ю"], "acc": [w], "ins": [st + "ем"],
                "loc": [st + "і"]}
    if w[-1] not in UK_VOWELS and w[-1] != "й":
        return {"gen": [w + "у", w + "а"], "dat": [w + "у"], "acc": [w], "ins": [w + "ом"],
                "loc": [w + "і"]}
    return None


NO_INFLECT = {"Відень"}                                       # fleeting vowel: Відня


def uk_noun(w: str) -> list[str]:
    if w in NO_INFLECT:
        return []
    if "-" in w:
        head, _, last = w.rpartition("-")
        return [head + "-" + f for f in uk_noun(last)]
    if w in UK_FEM_SOFT:
        return [w[:-1] + "і", w[:-1] + "сю" if w.endswith("сь") else w + "ю"]
    if len(w) < 3 or not (w[-1] in "аяйь"):
        return []
    cases = uk_noun_cases(w)
    if not cases:
        return []
    out = []
    for c in ("gen", "dat", "acc", "ins", "loc"):
        out.extend(f for f in cases[c] if f != w)
    return out


def uk_forms(phrase: str) -> list[str]:
    words = phrase.split(" ")
    if len(words) == 1:
        return uk_noun(phrase)
    if len(words) == 2:
        a, n = words
        cases = uk_noun_cases(n)
        if cases is None:
            return []
        if (re.search(r"[бвгджзклмнпрстфхцчшщ]а$", a) and n[-1] in "ая"
                and a not in ("Республіка", "Держава")):
            st = a[:-1]
            adj = {"gen": st + "ої", "dat": st + "ій", "acc": st + "у", "ins": st + "ою", "loc": st + "ій"}
        elif a.endswith("ий") and n[-1] not in "ая":
            st = a[:-2]
            adj = {"gen": st + "ого", "dat": st + "ому", "acc": a, "ins": st + "им", "loc": st + "ому"}
        else:
            return []
        out = []
        for c in ("gen", "dat", "acc", "ins", "loc"):
            out.extend(adj[c] + " " + f for f in cases[c])
        return [f for f in out if f != phrase]
    return []


def inflect(lang: str, s: str) -> list[str]:
    if s.endswith("*") or not re.search(r"[а-яіїєґё]", s[-1:] or " ", re.I):
        return []
    if lang == "ru":
        return ru_forms(s)
    if lang == "uk":
        return uk_forms(s)
    return []


# ─────────────────────────── assembling ───────────────────────────

def dedupe(items: list[str]) -> list[str]:
    seen, out = set(), []
    for s in items:
        s = s.strip()
        if not s:
            continue
        k = norm(s)
        if k in seen:
            continue
        seen.add(k)
        out.append(s)
    return out


def expand(lang: str, entries: list[str], inflected: bool) -> list[str]:
    out = []
    for e in entries:
        inflect_this = inflected and not e.startswith("=")
        e = e.removeprefix("=")
        for b in brace_expand(e):
            for a in (arabic_nisba(b) if lang == "ar" else [b]):
                for v in script_variants(lang, a):
                    out.append(v)
                    if inflect_this:
                        out.extend(inflect(lang, v))
    return out


def tz_city(locale, tz: str, lang: str) -> str | None:
    city = locale.time_zones.get(tz, {}).get("city")
    if city is None and lang in LATIN:
        city = tz.rsplit("/", 1)[1].replace("_", " ")
    if city is None:
        return None
    city = clean_cldr(city)
    return split_parens(city)[0]


def build() -> tuple[list[dict], dict]:
    var = tomllib.loads(VARIANTS.read_text(encoding="utf-8"))
    meta = var["state"]
    locs = {l: [babel.Locale.parse(c) for c in LOCALES[l]] for l in LANGS}

    a2_list = UN_MEMBERS + OTHERS
    states = []
    for a2 in a2_list:
        iso3 = "XKX" if a2 == "XK" else pycountry.countries.get(alpha_2=a2).alpha_3
        m = meta.get(iso3)
        if m is None:
            sys.exit(f"no [state.{iso3}] in {VARIANTS.name}")
        st = {"iso3": iso3, "a2": a2, "name": m["name"], "capital": m["capital"],
              "note": m.get("note"), "lang_notes": m.get("lang_notes", []), "names": {}, "adjectives": {}, "metonyms": {}}
        for lang in LANGS:
            drop = {norm(x) for x in var.get("drop", {}).get(lang, {}).get(iso3, [])}
            # names: CLDR (cleaned) + variants
            cldr = []
            for loc in locs[lang]:
                raw = loc.territories.get(a2)
                if raw is None:
                    continue
                raw = clean_cldr(raw)
                if iso3 in ("COD", "COG"):
                    # "刚果（金）" is how Chinese news writes it; elsewhere the bracket holds
                    # the capital (ja), which is not a name of the state
                    cldr.append(raw if lang == "zh" else split_parens(raw)[0])
                else:
                    cldr.extend(split_parens(raw))
            if lang == "en":
                cldr = [c.replace(" & ", " and ") for c in cldr]
                cldr.insert(0, m["name"])
                extra_names = m.get("names", [])
            else:
                extra_names = var.get("names", {}).get(lang, {}).get(iso3, [])
            names = dedupe(expand(lang, cldr + extra_names, inflected=True))
            names = [n for n in names if norm(n) not in drop]

            # adjectives
            if lang == "en":
                adj_src = m.get("adj", [])
            else:
                adj_src = list(var.get("adj", {}).get(lang, {}).get(iso3, []))
            if lang in DEMONYM:
                primary = clean_cldr(locs[lang][0].territories[a2])
                primary = [] if iso3 in ("COD", "COG") else split_parens(primary)[:1]
                short = [n for n in primary + extra_names
                         if not any(f in n for f in FORMAL[lang]) and not n.isupper()
                         and n not in DEMONYM_SKIP[lang] and norm(n) not in drop]
                adj_src = [DEMONYM[lang] + n for n in short] + adj_src
            if lang in AUTO_ADJ:
                # the name itself is the attributive form: take the short names
                primary = clean_cldr(locs[lang][0].territories[a2])
                primary = [] if iso3 in ("COD", "COG") else split_parens(primary)[:1]
                short = [n for n in primary + extra_names if not any(f in n for f in FORMAL[lang])]
                adj_src = short + adj_src
            adjs = dedupe(expand(lang, adj_src, inflected=False))
            adjs = [a for a in adjs if norm(a) not in drop]

            # metonyms: English capital, CLDR time-zone cities, variants
            met_src = []
            if lang == "en":
                met_src.append(m["capital"])
                met_src += m.get("met", [])
            for tz in TZ_CITY.get(a2, []):
                for loc in locs[lang]:
                    c = tz_city(loc, tz, lang)
                    if c:
                        met_src.append(c)
            if lang != "en":
                met_src += var.get("met", {}).get(lang, {}).get(iso3, [])
                if not met_src and lang in LATIN and m["capital"] not in NO_PROPAGATE:
                    met_src.append(m["capital"])
            mets = dedupe(expand(lang, met_src, inflected=True))
            name_keys = {norm(n) for n in names}
            # a metonym that is also a name adds nothing (ar الجزائر = Algeria and Algiers),
            # except the English capital, kept so that every state has one
            mets = [x for x in mets if norm(x) not in drop
                    and (norm(x) not in name_keys or (lang == "en" and x == m["capital"]))]

            st["names"][lang] = names
            if adjs:
                st["adjectives"][lang] = adjs
            if mets:
                st["metonyms"][lang] = mets
        states.append(st)
    states.sort(key=lambda s: s["iso3"])
    return states, var


# ─────────────────────────── output ───────────────────────────

def toml_str(s: str) -> str:
    out = ['"']
    for ch in s:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ord(ch) < 0x20 or ch == "\x7f":
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def toml_list(key: str, items: list[str], width: int = 100) -> str:
    lines, cur = [], f"{key} = ["
    for i, s in enumerate(items):
        piece = toml_str(s) + (", " if i < len(items) - 1 else "")
        if len(cur) + len(piece.rstrip()) > width and cur.strip() not in (f"{key} = [",):
            lines.append(cur.rstrip())
            cur = "  "
        cur += piece
    lines.append(cur.rstrip() + "]")
    return "\n".join(lines)


HEADER = """\
# States: every UN member state, the observer states (Holy See, Palestine), Kosovo and Taiwan.
# GENERATED by tools/gen_states.py from CLDR (via the babel package) and the hand-written
# tools/state_variants.toml. Do not edit here: edit the variants file and re-run the script.
#
# names      the state's names per language (formal short name, informal names, abbreviations)
# adjectives adjectives and demonyms; a trailing * marks a stem. In zh/ja/ko/vi/id the name
#            itself is the attributive form, so it is repeated here.
# metonyms   capitals and seats of government that stand for the state's government
# Russian and Ukrainian entries include generated case forms of names ending in -а/-я/-й/-ь.
"""


def render(states: list[dict]) -> str:
    parts = [HEADER]
    for st in states:
        parts.append("")
        if st["note"]:
            for line in st["note"].split("\n"):
                parts.append(f"# {st['name']}: {line}")
        for line in st["lang_notes"]:
            parts.append(f"# {st['name']}, ambiguous: {line}")
        parts.append("[[state]]")
        parts.append(f"iso3 = {toml_str(st['iso3'])}")
        parts.append(f"name = {toml_str(st['name'])}")
        parts.append(f"capital = {toml_str(st['capital'])}")
        for sect in ("names", "adjectives", "metonyms"):
            parts.append(f"[state.{sect}]")
            for lang in LANGS:
                items = st[sect].get(lang)
                if items:
                    parts.append(toml_list(lang, items))
    return "\n".join(parts) + "\n"


def validate(text: str) -> int:
    data = tomllib.loads(text)
    states = data["state"]
    errors = 0
    iso = [s["iso3"] for s in states]
    if len(set(iso)) != len(iso):
        print("duplicate iso3"); errors += 1
    for s in states:
        for lang in LANGS:
            if not s["names"].get(lang):
                print(f"{s['iso3']}: no names in {lang}"); errors += 1
        for sect in ("names", "adjectives", "metonyms"):
            for lang, items in s.get(sect, {}).items():
                if lang not in LANGS:
                    print(f"{s['iso3']}: unknown language {lang}"); errors += 1
                for x in items:
                    if not x.strip():
                        print(f"{s['iso3']}: empty string in {sect}.{lang}"); errors += 1
                keys = [norm(x) for x in items]
                if len(set(keys)) != len(keys):
                    print(f"{s['iso3']}: duplicate in {sect}.{lang}"); errors += 1
        if not s.get("adjectives", {}).get("en"):
            print(f"{s['iso3']}: no English adjective")
        if not s.get("metonyms", {}).get("en"):
            print(f"{s['iso3']}: no English metonym"); errors += 1
    print(f"states: {len(states)}")
    print(f"{'lang':4} {'names':>6} {'adj':>6} {'met':>6} {'st/adj':>7} {'st/met':>7}")
    for lang in LANGS:
        n = sum(len(s["names"].get(lang, [])) for s in states)
        a = sum(len(s.get("adjectives", {}).get(lang, [])) for s in states)
        m = sum(len(s.get("metonyms", {}).get(lang, [])) for s in states)
        sa = sum(1 for s in states if s.get("adjectives", {}).get(lang))
        sm = sum(1 for s in states if s.get("metonyms", {}).get(lang))
        print(f"{lang:4} {n:6} {a:6} {m:6} {sa:7} {sm:7}")
    # the same string for two states in one language
    owners = collections.defaultdict(set)
    for s in states:
        for sect in ("names", "adjectives", "metonyms"):
            for lang, items in s.get(sect, {}).items():
                for x in items:
                    owners[match_key(x.rstrip("*"))].add(s["iso3"])
    # the matcher does not look at the language key: a string anywhere is a string everywhere
    shared = sorted((k, v) for k, v in owners.items() if len(v) > 1)
    if shared:
        print(f"strings (as the matcher folds them) shared by several states ({len(shared)}):")
        for x, v in shared:
            print(f"  {x!r}: {' '.join(sorted(v))}")
    return errors


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="validate the existing file only")
    args = ap.parse_args()
    if args.check:
        sys.exit(1 if validate(OUT.read_text(encoding="utf-8")) else 0)
    states, _ = build()
    text = render(states)
    errors = validate(text)
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
