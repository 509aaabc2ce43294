#!/usr/bin/env python3
"""Second labelled tuning set for Helsespor's note search (writes tuning-set-2.json).

Written from scratch without reading the search vocabulary (search-index/), the blind set
(test/search-eval/) or the first tuning set. Every note carries, where it is written, the
topics it is ABOUT (rel) and the topics whose words it uses without being about them (tempt:
negations, other senses, family history, someone else's problem, routine checklists).
Queries take `relevant` and `tempting` from those tags within their scope (person and age
window: ageFrom/ageTo in whole years; ages 13-15 = from the 13th birthday up to the day
before the 16th).

    python3 dev/search-eval/tuning-set-2.py      # writes dev/search-eval/tuning-set-2.json (then prettier)
"""
import datetime
import json
import os
import shutil
import subprocess
import sys

# topic code -> (topic name in the JSON, listed)
TOPICS = {
    'mobbing': ('mobbing/krenkelser', True),
    'vold': ('vold', True),
    'overgrep': ('seksuelle overgrep', True),
    'omsorgssvikt': ('omsorgssvikt', True),
    'tvang': ('tvang', True),
    'holding': ('fysisk holding', True),
    'skjerming': ('skjerming', True),
    'selvskading': ('selvskading', True),
    'selvmord': ('selvmordstanker', True),
    'sovn': ('søvnvansker', True),
    'ernaering': ('ernæring/vekttap', True),
    'fall': ('fall', True),
    'trykksar': ('trykksår', True),
    'legemiddelavvik': ('legemiddelavvik', True),
    'hodepine': ('smerter: hode', True),
    'brystsmerter': ('smerter: bryst', True),
    'magesmerter': ('smerter: mage', True),
    'angst': ('angst', True),
    'depresjon': ('depresjon', True),
    'skolevegring': ('skolevegring/fravær', True),
    'rus': ('rus og alkohol', True),
    'samtykke': ('samtykkekompetanse', True),
    'langtid': ('langtidsopphold', True),
    'hjemmetjenester': ('hjemmetjenester', True),
    'demens': ('demens/kognitiv svikt', True),
    'delirium': ('delirium', True),
    'utagering': ('utagering', True),
    'klage': ('klage', True),
    # chosen here, not on the brief's list
    'inkontinens': ('inkontinens', False),
    'horsel': ('hørsel', False),
    'diabetes': ('diabetesoppfølging', False),
    'ensomhet': ('ensomhet', False),
    'epilepsi': ('epilepsi', False),
    'graviditet': ('graviditet', False),
    'pengespill': ('pengespill', False),
    'astma': ('astma', False),
}

PEOPLE = [
    # key, given, family, birth, sex
    ('t2p01', 'Sindre', 'Haugland', '2008-03-14', 'M'),
    ('t2p02', 'Tuva', 'Myrvold', '2006-09-02', 'F'),
    ('t2p03', 'Jonas', 'Kristiansen', '2010-11-20', 'M'),
    ('t2p04', 'Nora', 'Aasheim', '2012-05-08', 'F'),
    ('t2p05', 'Adrian', 'Sæther', '2003-07-30', 'M'),
    ('t2p06', 'Aurora', 'Bakke', '2005-01-19', 'F'),
    ('t2p07', 'Kari', 'Nordvik', '1988-04-11', 'F'),
    ('t2p08', 'Geir', 'Håkonsen', '1971-10-03', 'M'),
    ('t2p09', 'Line', 'Marthinsen', '1979-06-25', 'F'),
    ('t2p10', 'Ragnhild', 'Tveit', '1934-02-17', 'F'),
    ('t2p11', 'Arne', 'Vikhammer', '1940-08-09', 'M'),
    ('t2p12', 'Solveig', 'Haugen', '1929-12-01', 'F'),
    ('t2p13', 'Olav', 'Rønning', '1946-05-22', 'M'),
    ('t2p14', 'Bjørn', 'Strand', '1968-02-04', 'M'),
    ('t2p15', 'Elias', 'Dahl', '2007-06-11', 'M'),
]

NOTES = []


def n(person, when, author, text, rel='', tempt=''):
    """One note: person key suffix ('01'), 'YYYY-MM-DD HH:MM', 'name, role', text, topic tags."""
    NOTES.append({
        'person': 't2p' + person, 'when': when, 'author': author, 'text': text,
        'rel': rel.split(), 'tempt': tempt.split(),
    })


# ---------------------------------------------------------------- authors
HS_STASJON = 'Kjersti Lie, helsesykepleier'
HS_SKOLE = 'Randi Moe, helsesykepleier'
HS_SKOLE2 = 'Åse Kvamme, helsesykepleiar'
FASTLEGE = 'Per Holm, fastlege'
FASTLEGE2 = 'Ingvild Sande, fastlege'
FASTLEGE3 = 'Thomas Ruud, fastlege'
BUP_LEGE = 'Silje Aune, overlege BUP'
BUP_PSYK = 'Marius Eng, psykolog BUP'
PSYKOLOG = 'Hilde Berntsen, psykolog'
LAERER = 'Torunn Vik, lærer (referat)'
LAERER2 = 'Kåre Fossum, kontaktlærer (referat)'
PPT = 'Vegard Lie, PPT-rådgiver'
BARNEVERN = 'Ida Strøm, barnevernskonsulent'
MILJO = 'Kristoffer Ask, miljøterapeut'
MILJO2 = 'Sunniva Holte, miljøterapeut'
PSYK_SPL = 'Camilla Rød, sykepleier akuttpost'
LIS = 'Nils Berge, LIS psykiatri'
OVERLEGE = 'Tor Alme, overlege psykiatri'
RUS = 'Bente Kaldal, ruskonsulent'
PSYKTJ = 'Anette Foss, psykiatrisk sykepleier (kommunal psykisk helse og rus)'
JORDMOR = 'Gunn Hilde Ness, jordmor'
HJSPL = 'Anne Grete Bø, hjemmesykepleier'
HJSPL2 = 'Ola Tangen, hjemmesykepleier'
HJSPL3 = 'Mari Lindahl, helsefagarbeider hjemmetjenesten'
SYKEHJEM = 'Marit Fosse, sykepleier'
SYKEHJEM2 = 'Ahmed Rahimi, sykepleier'
HFA = 'Lise Hagen, helsefagarbeider'
TILSYNSLEGE = 'Eirik Nes, tilsynslege sykehjem'
FYSIO = 'Jorunn Rye, fysioterapeut'
ERGO = 'Pål Kolstad, ergoterapeut'
VERNEPL = 'Hanne Sunde, vernepleier'
VERNEPL2 = 'Stian Moberg, vernepleier'
SPES = 'Kari Ann Lund, lege medisinsk avdeling'
GERIATER = 'Rune Dale, overlege geriatri'
TILDELING = 'Elin Skaar, saksbehandler tildelingskontoret'

# ---------------------------------------------------------------- t2p01 Sindre (lawsuit case: bullying 13-15)
n('01', '2008-04-28 10:30', HS_STASJON, '6 ukers kontroll. Vekt 4,6 kg, følger sin kurve. Mor ammer, god kontakt mor-barn.')
n('01', '2009-03-20 13:00', HS_STASJON, '1-årskontroll. Reiser seg ved møbler, pludrer mye. Vaksiner gitt iht. program.')
n('01', '2014-08-27 09:15', HS_SKOLE, 'Skolestartundersøkelse 1. trinn. Høyde/vekt normalt, hørselstest u.a. begge sider, syn 1,0.', tempt='horsel')
n('01', '2016-05-10 11:00', FASTLEGE, 'Otitt venstre, forskrevet Apocillin. Kontroll ved behov.')
n('01', '2019-10-02 10:45', HS_SKOLE, 'Samtale 6. trinn. Liker gaming og sykling. Skolen har hatt trivselsuke med tema mobbing, Sindre sier det ikke gjelder ham.', tempt='mobbing')
n('01', '2020-11-16 14:20', HS_SKOLE, 'Mor ringte. Noen i 7. klasse kaller Sindre "feitingen" og "smultringen" i friminuttene, han har grått hjemme flere kvelder.', rel='mobbing')
n('01', '2021-01-12 08:40', FASTLEGE, 'Vondt i magen om morgenen skoledager, blir hjemme 1-2 d/uke. Palp bløt og uøm. Trolig stressrelatert.', rel='magesmerter skolevegring')
n('01', '2021-02-18 12:00', LAERER, 'Referat fra kontaktlærer: Sindre står alene ved gjerdet i storefri, de andre slipper ham ikke inn i fotballen. Lærer har snakket med gruppa.', rel='mobbing ensomhet')
n('01', '2021-04-07 13:30', HS_SKOLE, 'Forteller at noen i klassen har laget en snap-gruppe der de legger ut bilder av ham tatt i garderoben og skriver stygge kommentarer under.', rel='mobbing')
n('01', '2021-05-19 10:10', LAERER, 'Hendelse etter gym: de andre guttene tok sekken hans og kastet den i containeren bak gymsalen. Foreldre kontaktet.', rel='mobbing')
n('01', '2021-06-02 15:00', FASTLEGE, 'Hodepine 3-4 d/uke, verst søndag kveld og mandag. Nevrologisk us. upåfallende, BT normalt. Hodepinedagbok.', rel='hodepine')
n('01', '2021-09-14 09:00', HS_SKOLE, 'Sier det bare er tull at de kaller ham homo og hermer etter stemmen hans i garderoben, men blir blank i øynene når han forteller.', rel='mobbing')
n('01', '2021-10-29 11:20', LAERER2, 'Fravær 18 hele dager høsthalvåret, i tillegg mange sene ankomster. Mor sier han ikke får seg til å gå ut døra.', rel='skolevegring')
n('01', '2021-11-23 14:45', HS_SKOLE, 'Ligger våken til 2-3 om natta og gruer seg til neste skoledag. Hjertebank når han tenker på garderoben.', rel='sovn angst')
n('01', '2022-01-18 10:00', HS_SKOLE2, 'Referat frå kontaktlærar: elevane i 8B vil ikkje ha Sindre med på gruppearbeid, ingen vil sitje ved sida av han i kantina.', rel='mobbing ensomhet')
n('01', '2022-03-09 12:35', HS_SKOLE, 'Ble dyttet ned trappa ved inngang B av to gutter fra klassen. Skrubbsår på kne og albue, ingen hodeskade. Rektor varslet.', rel='mobbing vold', tempt='fall')
n('01', '2022-04-04 09:30', FASTLEGE, 'Henvist BUP: vedvarende uro, unngår skolen, somatiske plager uten funn. Spørsmål om angstlidelse.', rel='angst skolevegring')
n('01', '2022-06-15 13:00', BUP_PSYK, 'Første samtale. Sier de andre "later som jeg ikke finnes" og flytter seg når han setter seg ned. Får panikkfølelse på vei til skolen.', rel='mobbing angst')
n('01', '2022-09-06 10:00', HS_SKOLE, 'HPV dose 1 gitt. Sindre er med i elevrådet og skal lage plakat til kampanjen mot mobbing.', tempt='mobbing')
n('01', '2022-10-11 14:10', HS_SKOLE, 'Mor viser skjermbilder av meldinger Sindre har fått: "ingen kommer til å savne deg hvis du forsvinner". Skolen har fått melding etter kap. 9 A.', rel='mobbing', tempt='selvmord')
n('01', '2022-11-08 13:00', BUP_PSYK, 'Ingen tegn til selvskading. Spurt direkte om selvmordstanker, avkrefter. Fortsatt engstelig i sosiale situasjoner.', rel='angst', tempt='selvskading selvmord')
n('01', '2023-01-24 09:45', HS_SKOLE, 'Mor har sendt klage til Statsforvalteren fordi skolen ikke har fulgt aktivitetsplanen for Sindre. Hun føler ikke de tar krenkelsene på alvor.', rel='klage mobbing')
n('01', '2023-03-21 11:00', HS_SKOLE, 'Trives bedre etter klassebytte, sover 7-8 timer. Lillebror på 6 blir erta i barnehagen, mor er lei seg for det.', tempt='sovn mobbing')
n('01', '2023-05-16 12:15', LAERER, 'Flere elever tar matboksen hans og spytter i den. Sindre har sluttet å spise lunsj på skolen og sitter på biblioteket i pausene.', rel='mobbing', tempt='ernaering')
n('01', '2023-09-19 10:30', LAERER2, 'I norsktimene gjør noen narr av stammingen hans når han leser høyt, de sier ordene etter ham og ler. Lærer har tatt det opp.', rel='mobbing')
n('01', '2023-11-07 08:50', FASTLEGE, 'Vondt i magen periumbilikalt i flere uker. Ingen vekttap, ingen blod i avføring. Funksjonelle plager sannsynlig.', rel='magesmerter', tempt='ernaering')
n('01', '2024-02-20 16:00', FASTLEGE, 'Slått i ansiktet på skolebussen av en gutt fra parallellklassen som har plaget ham lenge. Hevelse v. kinnbein, røntgen u.a. Politianmeldt av far.', rel='vold mobbing')
n('01', '2024-04-15 13:00', HS_SKOLE, 'Vg1. Sier de samme gutta fortsatt kaller ham "stammern" på bussen og filmer ham i smug.', rel='mobbing')
n('01', '2024-10-01 10:00', HS_SKOLE, 'Har fått to gode venner i ny klasse, spiller i band. Søvn og matlyst ok.', tempt='sovn ernaering')
n('01', '2025-02-11 14:00', HS_SKOLE, 'Blitt kastet ut av klassechatten og ingen svarer når han skriver, forteller han. Lurer på om han skal bytte skole.', rel='mobbing ensomhet')
n('01', '2025-06-03 09:00', FASTLEGE, 'Helseattest til sommerjobb. Frisk, ingen faste medisiner.')
n('01', '2026-01-20 11:30', FASTLEGE, 'Kontroll: hodepinen er mye bedre. Sover bra. Ønsker å avslutte BUP.', rel='hodepine', tempt='sovn')

# ---------------------------------------------------------------- t2p02 Tuva
n('02', '2006-10-16 10:00', HS_STASJON, '6 uker. Ammes, vektøkning fin. Mor litt sliten, EPDS 8.', tempt='depresjon')
n('02', '2007-09-10 09:30', HS_STASJON, 'Ettårskontroll, går langs møbler. Ingen bekymringer.')
n('02', '2018-10-22 12:00', HS_SKOLE, 'Samtale 7. trinn. Spiller håndball 3 ganger i uka, mange venner.')
n('02', '2019-11-05 10:20', HS_SKOLE, 'Kommer innom med friske kutt på venstre underarm, skjuler dem med lang genser. Sier hun gjorde det for å "få ut trykket".', rel='selvskading')
n('02', '2019-12-03 14:00', FASTLEGE2, 'Henv. BUP: selvskading siste 2 mnd, nedstemthet, trukket seg fra venner.', rel='selvskading depresjon')
n('02', '2020-02-11 13:00', BUP_PSYK, 'Beskriver tristhet nesten hver dag, har sluttet på håndball og gidder ingenting. Mye gråt på kveldstid.', rel='depresjon')
n('02', '2020-03-10 13:00', BUP_PSYK, 'Tenker innimellom at det hadde vært lettere å ikke våkne. Ingen konkret plan. Sikringsplan laget sammen med mor.', rel='selvmord')
n('02', '2020-05-19 09:00', BUP_PSYK, 'Sover 3-4 t per natt, blir liggende med mobilen til langt på natt og er utslitt på skolen.', rel='sovn')
n('02', '2020-09-22 10:40', HS_SKOLE, 'Gått ned 6 kg siden juni. Dropper frokost og matpakke, teller kalorier i en app.', rel='ernaering')
n('02', '2020-10-13 11:00', BUP_LEGE, 'BMI 16,1, bradykardi 48. Restriktivt spisemønster, utredes for spiseforstyrrelse. Ukentlig veiing.', rel='ernaering')
n('02', '2020-11-17 13:30', HS_SKOLE, 'Nye risp på lårene, brukt barberblad fra blyantspisser. Stelt sårene, kontaktet BUP samme dag.', rel='selvskading')
n('02', '2021-01-08 22:15', PSYK_SPL, 'Innlagt akutt etter å ha fortalt kontaktlærer at hun hadde spart opp paracetamol og planla å ta alt i helgen.', rel='selvmord')
n('02', '2021-01-09 10:00', OVERLEGE, 'Vedtak om tvungent psykisk helsevern, phvl § 3-3, fattet. Pasienten informert om klageadgang.', rel='tvang', tempt='klage')
n('02', '2021-01-14 18:30', MILJO, 'Ble urolig ved middag, kastet tallerkenen i gulvet og forsøkte å løpe ut av avdelingen. Holdt av to personaler i ca 4 min til hun roet seg.', rel='holding utagering')
n('02', '2021-01-20 14:00', OVERLEGE, 'Skjermes på skjermet enhet fra kl 14, vedtak phvl § 4-3. Begrunnet i høyt stimulinivå og uro i fellesmiljøet.', rel='skjerming')
n('02', '2021-02-02 12:00', OVERLEGE, 'Ernæring via nesesonde besluttet uten eget samtykke, phvl § 4-4. Mor orientert.', rel='tvang ernaering', tempt='samtykke')
n('02', '2021-02-16 19:00', MILJO2, 'Spiste 3/4 porsjon til middag under tilsyn. Vekt opp 0,4 kg denne uka.', rel='ernaering')
n('02', '2021-03-03 07:00', PSYK_SPL, 'Natt: sovnet ca 23, sov til 05. Tilsyn hvert kvarter, rolig.', rel='sovn')
n('02', '2021-03-12 09:00', OVERLEGE, 'Mor har klaget til kontrollkommisjonen på vedtaket om tvungent vern. Uttalelse sendt.', rel='klage tvang')
n('02', '2021-04-06 13:00', LIS, 'Overført til frivillig vern. Ingen tegn til selvskading siste uke, spiser selvstendig.', tempt='selvskading tvang ernaering')
n('02', '2021-09-28 14:00', BUP_PSYK, 'Mer overskudd, tegner igjen. Stemningsleiet lett senket, men klart bedre enn i vinter.', rel='depresjon')
n('02', '2022-02-15 08:30', FASTLEGE2, 'Skar seg dypt i underarmen i går etter krangel med kjæresten, sydd 5 sting på legevakta.', rel='selvskading')
n('02', '2022-05-10 11:00', HS_SKOLE, 'Vil ikke gå på skolen fordi hun mener klassen glor på arrene. Borte 3 uker sammenhengende.', rel='skolevegring')
n('02', '2022-10-18 13:00', BUP_PSYK, 'Mor bekymret: Tuva kommer full hjem i helgene, fant en halvtom vodkaflaske under senga.', rel='rus')
n('02', '2023-03-07 10:15', HS_SKOLE, 'Forteller at hun ble presset til sex av en eldre gutt på en fest der hun var beruset. Vil ikke anmelde nå. Tilbudt time på overgrepsmottaket.', rel='overgrep rus')
n('02', '2023-04-11 13:00', BUP_PSYK, 'Mareritt og våkner kl 3-4 flere netter i uka etter hendelsen på festen.', rel='sovn')
n('02', '2023-09-26 12:00', HS_SKOLE, 'Mor er sykmeldt med depresjon, Tuva tar mye ansvar for lillesøster hjemme.', tempt='depresjon')
n('02', '2024-01-16 14:00', BUP_LEGE, 'Avslutningssamtale BUP. Stemning stabil, spiser normalt, vekt 56 kg.', tempt='ernaering depresjon')
n('02', '2024-11-05 09:30', FASTLEGE2, 'Hodepine etter lange dager foran skjermen, ingen røde flagg. Råd om pauser og væske.', rel='hodepine')
n('02', '2025-08-19 10:00', FASTLEGE2, 'Ønsker å bytte p-pille pga humørsvingninger. Graviditetstest neg.', tempt='graviditet')
n('02', '2026-03-10 15:00', FASTLEGE2, 'Studerer i Bergen, har det bra. Spurt om selvmordstanker, avkrefter.', tempt='selvmord')

# ---------------------------------------------------------------- t2p03 Jonas (omsorgssvikt, vold i hjemmet, astma)
n('03', '2011-01-05 09:00', HS_STASJON, '6-ukerskontroll. Gutten er blek og har bleieutslett over hele setet, mor sier hun ikke har råd til bleier. Hjemmebesøk avtalt.', rel='omsorgssvikt')
n('03', '2011-05-18 10:00', HS_STASJON, '6 mnd. Har ikke møtt til 3 og 5 mnd kontroll. Vaksiner forsinket. Mor virker fjern.', rel='omsorgssvikt')
n('03', '2011-06-01 14:30', HS_STASJON, 'Hjemmebesøk. Leiligheten full av søppelposer, tomme flasker på kjøkkenbenken, Jonas ligger i vogna med samme tøy som sist. Bekymringsmelding sendt barnevernet.', rel='omsorgssvikt rus', tempt='hjemmetjenester')
n('03', '2011-11-22 09:15', HS_STASJON, 'Ettårskontroll. Vekt falt fra 50. til 10. persentil. Far møtte, lukter alkohol.', rel='ernaering rus omsorgssvikt', tempt='fall')
n('03', '2012-04-10 13:00', BARNEVERN, 'Undersøkelse avsluttet med hjelpetiltak: barnehageplass og foreldreveiledning (ICDP).', rel='omsorgssvikt')
n('03', '2013-02-06 11:00', FASTLEGE3, 'Piping i brystet og nattehoste etter forkjølelse. Ventoline på forstøverkammer.', rel='astma', tempt='brystsmerter')
n('03', '2013-09-11 10:00', HS_STASJON, '2,5 år. Språket forsinket, få ord. Henvist logoped. Mor virker mer på plass nå.')
n('03', '2014-03-03 15:20', FASTLEGE3, 'Akuttime: astmaanfall, SpO2 92 %. Forstøver på kontoret, Flutide startet. Mor røyker inne, rådet sterkt til å slutte.', rel='astma')
n('03', '2015-10-20 09:00', BARNEVERN, 'Ny melding fra barnehagen: Jonas kommer uten matpakke og i sommerklær selv om det er kaldt.', rel='omsorgssvikt')
n('03', '2016-11-14 08:30', BARNEVERN, 'Politiet var i hjemmet i natt etter at naboer hørte skriking. Mor hadde blåmerker på halsen, Jonas (6) satt i gangen da politiet kom.', rel='vold')
n('03', '2016-11-16 10:00', HS_SKOLE, 'Jonas forteller at pappa "ble sint og tok mamma i halsen". Han sov med klærne på fordi han var redd.', rel='vold sovn')
n('03', '2016-12-01 12:00', BARNEVERN, 'Akuttvedtak etter bvl § 4-6 annet ledd. Jonas plassert i beredskapshjem.', rel='omsorgssvikt vold', tempt='tvang')
n('03', '2017-01-10 09:30', HS_SKOLE, 'Fosterforeldre forteller at han våkner flere ganger hver natt og skriker, vil ha lyset på.', rel='sovn')
n('03', '2017-04-25 13:00', PPT, 'Sakkyndig vurdering: lese- og skrivevansker, konsentrasjonsvansker. Anbefaler spesialundervisning 4 t/uke.')
n('03', '2017-09-12 11:00', HS_SKOLE, 'Hørsel og syn u.a. Ingen tegn til vold eller vanskjøtsel ved undersøkelse i dag, god hygiene.', tempt='vold omsorgssvikt horsel')
n('03', '2018-02-20 14:15', FASTLEGE3, 'Astmakontroll. Bruker Flutide 1x2, sjelden behov for Ventoline. PEF normal.', rel='astma')
n('03', '2018-06-13 10:00', BARNEVERN, 'Samvær med far under tilsyn. Far kom ruset og samværet ble avbrutt etter 20 min.', rel='rus')
n('03', '2019-03-19 12:00', LAERER, 'Referat lærer: Jonas slo en medelev i ansiktet og sparket stoler rundt i klasserommet da han ikke fikk viljen sin.', rel='utagering')
n('03', '2019-03-26 09:00', PPT, 'Observasjon i klasse. Blir lett overveldet, eksploderer når det er mye lyd. Anbefaler fast voksen og skjermet arbeidsplass.', rel='utagering', tempt='skjerming')
n('03', '2020-04-14 13:00', HS_SKOLE, 'Hjemmeskole under korona. Fosterfar sier Jonas har hatt mer magevondt og sover dårlig.', rel='magesmerter sovn')
n('03', '2021-01-19 10:00', FASTLEGE3, 'Vondt i magen etter samvær med mor. Ingen funn ved us. Forstoppelse? Gitt Movicol.', rel='magesmerter')
n('03', '2021-09-07 11:00', HS_SKOLE, 'Fosterbror (14) er mye plaget av kvalme og hodepine, Jonas er bekymret for ham.', tempt='hodepine')
n('03', '2022-05-03 13:30', FASTLEGE3, 'Anstrengelsesutløst astma ved fotball. Airomir før trening. Astmakontroll ellers god.', rel='astma')
n('03', '2022-11-08 10:00', HS_SKOLE, 'Samtale 7. trinn. Trives i fosterhjemmet, spiller fotball, god venn i klassen.')
n('03', '2023-03-14 12:00', BARNEVERN, 'Jonas (12) forteller at far dro ham etter armen og slo ham med flat hånd ved siste samvær. Saken meldt til politiet, samvær stanset.', rel='vold')
n('03', '2023-10-24 10:00', HS_SKOLE, 'Mye fravær siste måned, sier han "ikke orker". Kommer sent og går hjem etter lunsj.', rel='skolevegring')
n('03', '2024-01-30 09:15', FASTLEGE3, 'Søvnproblemer, ligger og tenker på far. Henvist BUP for traumeutredning.', rel='sovn')
n('03', '2024-06-11 14:00', BUP_PSYK, 'Traumefokusert behandling. Unngår alt som minner om natta i 2016, skvetter ved høye lyder.', rel='angst vold')
n('03', '2025-02-04 10:00', HS_SKOLE, 'Vekt og høyde følger kurven. Spiser godt. Astma stabil.', tempt='ernaering astma')
n('03', '2025-09-16 11:30', HS_SKOLE, '9. trinn. Har fått kjæreste, mindre fravær. Sier han sover greit nå.', tempt='skolevegring sovn')
n('03', '2026-04-21 13:00', FASTLEGE3, 'Forkjølelse, hoste. Lungeauskultasjon uten pipelyder. Fortsett faste medisiner.', tempt='astma')

# ---------------------------------------------------------------- t2p04 Nora (overgrep, hørsel)
n('04', '2012-06-20 10:00', HS_STASJON, '6 uker. Nyfødt hørselsscreening (OAE) ikke bestått høyre side, henvist ØNH.', rel='horsel')
n('04', '2012-09-04 11:00', 'Gro Lium, audiograf', 'ABR bekrefter moderat sensorinevralt hørselstap høyre øre. Kontroll om 6 mnd.', rel='horsel')
n('04', '2013-05-15 09:00', HS_STASJON, 'Ettårskontroll. Snur seg etter lyd fra venstre, ikke høyre. Pludrer. Ellers fin utvikling.', rel='horsel')
n('04', '2014-02-12 13:00', 'Gro Lium, audiograf', 'Tilpasset høreapparat h.s. Foreldre fått opplæring i bruk og lading.', rel='horsel')
n('04', '2016-10-03 10:30', HS_STASJON, '4-årskontroll. Språk alderstilsvarende med høreapparat. Syn 0,8.', tempt='horsel')
n('04', '2018-08-29 09:00', HS_SKOLE, 'Skolestart. Teleslynge i klasserommet, lærer informert om plassering foran.', rel='horsel')
n('04', '2019-12-10 12:00', HS_SKOLE, 'Mor forteller at Nora har begynt å tisse på seg om natta igjen og vil ikke sove alene.', rel='inkontinens sovn')
n('04', '2020-01-14 14:00', FASTLEGE2, 'Sekundær enurese siste 2 mnd. Urinstix neg. Spurt om endringer hjemme: mor har fått ny samboer.', rel='inkontinens')
n('04', '2020-02-25 10:00', HS_SKOLE, 'Nora (7) sa til lærer at "Roger leker doktor med meg når mamma er på jobb, og jeg får ikke si det". Barnevern og politi varslet samme dag.', rel='overgrep')
n('04', '2020-02-27 13:00', BARNEVERN, 'Tilsyn etter melding om mistanke om seksuelle overgrep fra mors samboer. Samboer har flyttet ut, mor samarbeider.', rel='overgrep')
n('04', '2020-03-05 10:00', 'Statens barnehus, rådgiver', 'Tilrettelagt avhør gjennomført. Medisinsk undersøkelse på barnehuset, ingen akutte funn.', rel='overgrep')
n('04', '2020-05-12 11:00', BUP_PSYK, 'Nora vil ikke ha på seg nattkjole, sover med lyset på og våkner skrikende. Leker gjentatt at dukker "har hemmeligheter".', rel='sovn overgrep')
n('04', '2020-09-08 10:00', HS_SKOLE, 'Var veldig redd under vaksinasjonen, klamret seg til mor. Holdt forsiktig av mor under stikket etter eget ønske.', tempt='holding angst')
n('04', '2021-02-16 13:00', BUP_PSYK, 'Redd for å være alene med voksne menn, også morfar. Klumpe i magen hver morgen.', rel='angst magesmerter')
n('04', '2021-11-02 09:00', HS_SKOLE, 'Samtale om kropp og grenser i klassen (Jeg vil - jeg vil ikke). Nora deltok aktivt.', tempt='overgrep')
n('04', '2022-06-07 12:00', 'Gro Lium, audiograf', 'Hørselen venstre også redusert nå, 35 dB i diskant. Høreapparat bilateralt anbefalt.', rel='horsel')
n('04', '2023-01-17 14:00', HS_SKOLE, 'Hører dårlig i kantina, sier hun ikke får med seg det venninnene sier og blir stående utenfor.', rel='horsel ensomhet')
n('04', '2023-05-23 10:00', LAERER, 'Referat: jentene i 5. klasse hvisker bak ryggen hennes og ler når hun sier "hæ?", og noen har gjemt høreapparatetuiet hennes.', rel='mobbing horsel')
n('04', '2024-03-05 11:00', HS_SKOLE, 'Klager over hodepine på slutten av skoledagen, mye lytting med apparat. Drikker lite.', rel='hodepine', tempt='rus klage')
n('04', '2024-09-10 09:30', FASTLEGE2, 'Hodepine bak øynene etter skolen, synstest hos optiker normal. Spenningshodepine.', rel='hodepine')
n('04', '2025-04-08 13:00', HS_SKOLE, 'Mor har klaget til kommunen fordi teleslynga i ny klasse ikke virker og ingen har fikset den på 3 mnd.', rel='klage horsel')
n('04', '2025-10-14 10:00', HS_SKOLE, '8. trinn. Stor jente nå, trives, danser. Ingen tegn til angst eller søvnproblemer.', tempt='angst sovn')
n('04', '2026-02-24 14:00', BUP_PSYK, 'Ber om samtaler igjen, minner fra det som skjedde med mors tidligere samboer kommer tilbake nå i puberteten.', rel='overgrep')

# ---------------------------------------------------------------- t2p05 Adrian (rus, utagering, tvang, pengespill)
n('05', '2009-08-24 09:00', HS_SKOLE, 'Skolestart. Urolig under undersøkelsen, klatrer på benken. Ellers normal vekst.')
n('05', '2013-03-12 10:00', PPT, 'Utredet for ADHD hos BUP, kombinert type. Anbefalt assistent i timene.')
n('05', '2017-11-21 13:00', HS_SKOLE, 'Skulker mye, 40 timer udokumentert fravær. Henger med eldre gutter i sentrum etter skoletid.', rel='skolevegring')
n('05', '2018-04-17 14:00', HS_SKOLE, 'Innrømmer at han røyker hasj "noen ganger i helga". Lukter røyk. Info om ungdomsteamet.', rel='rus')
n('05', '2019-02-05 10:00', RUS, 'Oppfølging ungdomsteam. Bruker cannabis daglig, selger litt for å finansiere. Mor fortviler.', rel='rus')
n('05', '2019-09-30 15:00', FASTLEGE, 'Brukket 5. metacarp h.h. etter å ha slått i en vegg i sinne. Gipset.', rel='utagering')
n('05', '2020-08-12 02:30', LIS, 'Innlagt akuttpost etter paranoid psykose etter amfetaminbruk. Tvangsinnleggelse til undersøkelse phvl § 3-2.', rel='tvang rus')
n('05', '2020-08-12 04:10', PSYK_SPL, 'Sparket inn døra til vaktrommet og truet personalet med knyttneve. Lagt i belter kl 04.10, vedtak § 4-8. Løsnet 05.45.', rel='utagering tvang')
n('05', '2020-08-12 12:00', OVERLEGE, 'Vedtak om skjerming § 4-3. Begrunnelse: vedvarende trusler og psykotisk uro i fellesarealet.', rel='skjerming')
n('05', '2020-08-13 20:00', MILJO, 'Ble aggressiv da han ikke fikk gå ut å røyke. Kortvarig holdt i armene av to miljøterapeuter mens han gikk tilbake til rommet, ca 2 min.', rel='holding utagering')
n('05', '2020-08-14 09:00', OVERLEGE, 'Vedtak om behandling uten eget samtykke, Zyprexa injeksjon, § 4-4. Pasient informert om klagerett.', rel='tvang', tempt='klage samtykke')
n('05', '2020-08-20 14:00', PSYK_SPL, 'Klage fra pasient på skjermingsvedtaket sendt til kontrollkommisjonen.', rel='klage skjerming')
n('05', '2020-09-03 10:00', MILJO2, 'Skjermingen opphevet, deltar i fellesmåltider. Rolig hele dagen, ingen trusler.', rel='skjerming', tempt='utagering')
n('05', '2020-09-15 11:00', LIS, 'Utskrevet, overført til DPS og kommunal rus- og psykiatritjeneste. Ingen tvangstiltak siste 10 dager.', tempt='tvang')
n('05', '2021-01-26 13:00', PSYKTJ, 'Hjemmebesøk. Har spilt bort hele sosialstønaden på nettcasino og oddsing, mangler penger til mat.', rel='pengespill', tempt='hjemmetjenester')
n('05', '2021-02-09 13:00', PSYKTJ, 'Sier han "bare må vinne tilbake" det han har tapt. Har lånt 30 000 av kompiser. Henvist Blå Kors spilleavhengighet.', rel='pengespill')
n('05', '2021-05-04 09:00', FASTLEGE, 'Urinprøve positiv for THC og amfetamin. Ønsker LAR? Nei, ikke opioider. Motivert for avrusning.', rel='rus')
n('05', '2021-09-14 10:00', RUS, 'Startet i dagtilbud. Rusfri 3 uker iflg. urinprøver.', rel='rus')
n('05', '2022-03-22 23:40', 'Legevakt, lege i vakt', 'Kom med politiet etter slåsskamp utenfor utested, kutt over øyebryn sydd. Promille anslått 1,5.', rel='vold rus')
n('05', '2022-10-11 13:00', PSYKTJ, 'Forteller om kjæresten som ble slått av sin far som barn, han vil ikke bli sånn selv. Ingen konflikt mellom dem nå.', tempt='vold')
n('05', '2023-06-06 10:00', PSYKTJ, 'Spillegjeld nede i 12 000, selvutestengt hos Norsk Tipping. Sparer til førerkort.', rel='pengespill')
n('05', '2023-12-12 14:00', FASTLEGE, 'Brystsmerter og hjertebank etter inntak av kokain på julebord. EKG sinustakykardi 110, ellers u.a. Troponin neg.', rel='brystsmerter rus')
n('05', '2024-05-14 11:00', PSYKTJ, 'Jobber i lager via NAV-tiltak, stolt. Drikker et par øl i helgene, ingen andre rusmidler.', tempt='rus')
n('05', '2024-11-19 13:00', PSYKTJ, 'Tilbakefall: spilt på oddsapp hele natta, tapt lønna. Skammer seg og ber om hjelp med økonomien.', rel='pengespill sovn', tempt='fall')
n('05', '2025-07-01 10:00', FASTLEGE, 'Ønsker førerkortattest. Ingen psykoser siste 3 år, rusfri (urinprøver). Godkjent.', tempt='rus')
n('05', '2026-05-26 09:30', FASTLEGE, 'Forstuet ankel på fotballtrening. RICE. Kontroll ved behov.')

# ---------------------------------------------------------------- t2p06 Aurora (epilepsi, diabetes, graviditet)
n('06', '2005-03-02 10:00', HS_STASJON, '6 uker. Fin jente, ammes fullt. Mor bruker Lamictal for epilepsi, ingen anfall i svangerskapet.', tempt='epilepsi graviditet')
n('06', '2009-01-21 09:00', HS_STASJON, '4 år. Språk og motorikk alderstilsvarende. Syn u.a.')
n('06', '2013-04-15 13:00', SPES, 'Innlagt barneavdelingen med ketoacidose, nyoppdaget diabetes type 1. Startet insulinpenn.', rel='diabetes')
n('06', '2013-05-07 10:00', HS_SKOLE, 'Samarbeidsmøte med skolen om blodsukkermåling og hypoglykemi i skoletiden. Lærere fått opplæring.', rel='diabetes')
n('06', '2014-11-12 12:00', LAERER2, 'Referat: Aurora ble blek, svett og forvirret i gymtimen, målte 2,8. Fikk druesukker og juice, ok etter 15 min.', rel='diabetes', tempt='delirium')
n('06', '2016-02-23 14:00', SPES, 'HbA1c 62 mmol/mol. Byttet til insulinpumpe. God forståelse av karbotelling.', rel='diabetes')
n('06', '2017-10-05 11:00', LAERER, 'Referat: Aurora falt plutselig sammen i pausen og hadde rykninger i armer og bein i ca 2 min. BS målt 6,4. Ambulanse tilkalt.', rel='epilepsi fall', tempt='diabetes')
n('06', '2017-10-20 10:00', SPES, 'EEG viser generalisert epileptiform aktivitet. Juvenil myoklon epilepsi. Startet levetiracetam.', rel='epilepsi')
n('06', '2018-03-13 13:00', HS_SKOLE, 'Trekker seg fra venner, bekymrer seg hele tiden for å få anfall foran klassen. Magevondt før prøver.', rel='angst magesmerter')
n('06', '2018-09-25 09:00', LAERER2, 'Fravær 22 dager så langt i 8. klasse. Mor sier Aurora gråter om morgenen og låser seg inne på badet.', rel='skolevegring')
n('06', '2019-01-15 12:00', PPT, 'Møte om tilrettelegging: redusert timeplan, hjemmeundervisning 2 dager. Mål om gradvis tilbakeføring til klassen.', rel='skolevegring')
n('06', '2019-06-18 14:00', SPES, 'Anfallsfri 14 mnd. Søvnmangel som utløsende faktor drøftet, viktig med regelmessig døgnrytme.', rel='epilepsi', tempt='sovn')
n('06', '2020-03-31 11:00', SPES, 'Diabeteskontroll digitalt. HbA1c 71, mange høye verdier på kveldstid. Sensor-data gjennomgått.', rel='diabetes')
n('06', '2021-05-11 15:00', FASTLEGE2, 'Ny anfall etter nattevakt-fest, glemt medisin 2 døgn. Falt og slo hodet, CT caput u.a.', rel='epilepsi fall')
n('06', '2022-08-30 10:00', FASTLEGE2, 'Ønsker p-stav. Informert om interaksjon mellom enkelte antiepileptika og hormonell prevensjon.', tempt='graviditet epilepsi')
n('06', '2023-11-07 09:00', FASTLEGE2, 'Positiv graviditetstest, SM 14.09. Henvist til tidlig ultralyd og nevrolog pga epilepsi, diabetesteam varslet.', rel='graviditet')
n('06', '2023-12-05 10:00', JORDMOR, 'Første svangerskapskontroll uke 12. Kvalm om morgenen, BT 112/70. Folat 4 mg.', rel='graviditet')
n('06', '2024-02-13 11:00', SPES, 'Gravid uke 22. Insulinbehovet økende, HbA1c 48. Tettere oppfølging på diabetespoliklinikken.', rel='graviditet diabetes')
n('06', '2024-04-16 10:00', JORDMOR, 'Uke 31. SF-mål følger kurven, barnet sparker godt. Bekymret for fødsel, mye grubling om natta.', rel='graviditet sovn')
n('06', '2024-06-10 08:00', 'Sigrid Lunde, jordmor føden', 'Forløst vaginalt uke 38+2, gutt 3450 g. Mors blodsukker stabilt under fødsel.', rel='graviditet')
n('06', '2024-07-23 13:00', HS_STASJON, 'Hjemmebesøk barselperiode. Aurora sliten, gråter mye, EPDS 14. Sover lite fordi hun er redd for anfall når hun er alene med babyen.', rel='depresjon sovn angst', tempt='hjemmetjenester')
n('06', '2024-09-03 10:00', FASTLEGE2, 'Fødselsdepresjon, startet sertralin. Mor og svigermor hjelper til.', rel='depresjon')
n('06', '2025-03-18 11:00', SPES, 'Epilepsikontroll. Anfallsfri siden fødsel. Ingen bivirkninger.', rel='epilepsi')
n('06', '2026-01-13 09:30', FASTLEGE2, 'Årskontroll diabetes: fotundersøkelse u.a., øyebunnsfoto uten retinopati. HbA1c 55.', rel='diabetes')

# ---------------------------------------------------------------- t2p07 Kari (partnervold, svangerskap, depresjon)
n('07', '2004-05-11 13:00', HS_SKOLE, 'Helsesøster-samtale 10. trinn. Ønsker p-piller, informert. Ingen andre plager.', tempt='graviditet')
n('07', '2012-10-02 09:00', FASTLEGE, 'Gravid uke 8, planlagt. Henvist jordmor. Drikker ikke alkohol nå.', rel='graviditet', tempt='rus')
n('07', '2012-12-18 10:00', JORDMOR, 'Svangerskapskontroll uke 19. Spurt rutinemessig om vold i nære relasjoner, svarer nei.', rel='graviditet', tempt='vold')
n('07', '2013-03-26 11:00', JORDMOR, 'Uke 33. Blåmerke på overarmen, sier hun gikk inn i døra. Blir stille når samboer kommer inn på rommet.', rel='vold graviditet')
n('07', '2013-05-14 14:00', 'Sigrid Lunde, jordmor føden', 'Fødsel uke 39, jente 3200 g. Lang utdrivningsfase, vakuum.', rel='graviditet')
n('07', '2013-06-25 10:00', HS_STASJON, '6 uker. Kari gråter under konsultasjonen, sier hun ikke kjenner noe for babyen. EPDS 17.', rel='depresjon')
n('07', '2013-07-09 13:00', FASTLEGE, 'Postpartum depresjon. Sover ikke selv når barnet sover. Henvist psykolog, startet Zoloft.', rel='depresjon sovn')
n('07', '2013-09-17 10:00', HS_STASJON, 'Kari forteller under vier-øyne at samboeren kaster ting etter henne og har dyttet henne i veggen mens hun holdt babyen.', rel='vold')
n('07', '2013-09-18 12:00', FASTLEGE, 'Samtale om vold i hjemmet. Informert om krisesenter og voldsmottaket. Dokumentert blåmerker på ryggen og overarmene.', rel='vold')
n('07', '2013-10-01 09:00', BARNEVERN, 'Melding fra helsestasjon vurdert. Mor og barn flyttet til krisesenteret. Hjelpetiltak iverksatt.', rel='vold')
n('07', '2014-05-20 11:00', PSYKOLOG, 'Skvetter ved høye lyder, sjekker at dørene er låst mange ganger hver kveld. Mareritt om eksen.', rel='angst sovn')
n('07', '2015-02-10 14:00', PSYKOLOG, 'Mye bedre. Stemningen jevnt god, jobber 80 %. Avslutter behandling.', rel='depresjon')
n('07', '2017-08-22 10:00', FASTLEGE, 'Drikker en flaske vin de fleste kvelder for å få sove. AUDIT 14. Ønsker å trappe ned.', rel='rus sovn')
n('07', '2017-11-14 10:00', FASTLEGE, 'Kontroll alkohol: drikker kun i helgene nå, 3-4 glass. GT normalisert.', rel='rus')
n('07', '2019-04-02 09:30', FASTLEGE, 'Brystsmerter ved anstrengelse? Nei - stikkende smerte venstre side ved dyp innånding etter forkjølelse. Pleuritt, NSAIDs.', rel='brystsmerter')
n('07', '2020-06-09 13:00', FASTLEGE, 'Datteren (7) blir plaget av noen i klassen, Kari er fortvilet og sover dårlig av det.', rel='sovn', tempt='mobbing')
n('07', '2021-03-16 10:00', FASTLEGE, 'Migreneanfall med aura 2-3 ganger i mnd. Startet Maxalt ved anfall.', rel='hodepine')
n('07', '2022-09-13 11:00', FASTLEGE, 'Gravid igjen, uke 10. Ny partner. Ingen alkohol siden positiv test.', rel='graviditet', tempt='rus')
n('07', '2023-05-02 09:00', JORDMOR, 'Uke 40+1. Føler seg trygg denne gangen, god støtte hjemme. Ingen vold i nåværende forhold.', rel='graviditet', tempt='vold')
n('07', '2023-05-09 15:00', 'Sigrid Lunde, jordmor føden', 'Forløst uke 41, gutt. Etter fødselen blødning 900 ml, behandlet.', rel='graviditet')
n('07', '2023-06-20 10:00', HS_STASJON, 'Barsel. EPDS 5, sover i bolker, god stemning. Mor hennes har hatt depresjon, hun er derfor ekstra oppmerksom.', tempt='depresjon sovn')
n('07', '2024-10-08 13:00', FASTLEGE, 'Klage: Kari mener legevakta avfeide magesmertene hennes som "mensen" i fjor, det viste seg å være gallestein. Svar sendt fra kommunen.', rel='klage magesmerter')
n('07', '2025-11-25 10:00', FASTLEGE, 'Kontroll etter galleoperasjon. Ingen smerter. Vekt stabil.', tempt='magesmerter ernaering')

# ---------------------------------------------------------------- t2p08 Geir (alkohol, bryst, diabetes, selvmord, pengespill, ensomhet)
n('08', '2015-03-10 10:00', FASTLEGE3, 'BT 162/98, BMI 33. HbA1c 51 - diabetes type 2. Startet Metformin, kostråd.', rel='diabetes')
n('08', '2015-09-08 10:00', FASTLEGE3, 'Diabeteskontroll, HbA1c 47. Drikker 6-8 øl daglig, spesielt etter skilsmissen.', rel='diabetes rus')
n('08', '2016-02-02 11:00', FASTLEGE3, 'Trykk over brystet når han går i bakker, går over i hvile. Henvist kardiolog for arbeids-EKG.', rel='brystsmerter', tempt='trykksar')
n('08', '2016-03-15 09:00', SPES, 'Arbeids-EKG: ST-senkninger ved 125 W, typiske anginasmerter. Koronar angiografi planlagt.', rel='brystsmerter')
n('08', '2016-04-05 13:00', SPES, 'PCI med stent i LAD. Smertefri etter inngrepet.', rel='brystsmerter')
n('08', '2017-06-20 10:00', FASTLEGE3, 'Bor alene etter skilsmissen, ser ikke barna. Sier han snakker med ingen fra fredag til mandag.', rel='ensomhet')
n('08', '2017-11-07 10:00', FASTLEGE3, 'Søvnløs, våkner 3-4 og får ikke sove igjen. Drikker for å sovne. Vurderer depresjon.', rel='sovn rus depresjon')
n('08', '2018-01-16 10:00', FASTLEGE3, 'MADRS 28. Moderat depressiv episode. Escitalopram. Avholdenhet anbefalt.', rel='depresjon')
n('08', '2018-02-20 14:30', FASTLEGE3, 'Sier at han har tenkt på å kjøre av veien. Har ikke gjort forberedelser. Avtalt tett oppfølging og akuttnummer.', rel='selvmord')
n('08', '2018-03-06 14:00', PSYKTJ, 'Første samtale. Beskriver seg som "en byrde for alle". Avklart at han ikke har våpen hjemme.', rel='selvmord depresjon')
n('08', '2018-06-12 10:00', PSYKTJ, 'Mindre tanker om å dø. Går turer med hunden hver dag, har begynt på mannsgruppe.', rel='selvmord')
n('08', '2019-05-14 10:00', FASTLEGE3, 'Feil: apoteket utleverte Metoprolol 100 mg i stedet for 50 mg. Svimmel, puls 48. Avvik meldt.', rel='legemiddelavvik')
n('08', '2019-09-03 10:00', RUS, 'Innkomstsamtale rusteam. Drikker en halv liter sprit daglig, skjelver om morgenen. Avrusning på Borgestadklinikken avtalt.', rel='rus')
n('08', '2020-01-21 10:00', FASTLEGE3, 'Har spilt bort over 200 000 på Kindred og Unibet siste år, brukt kredittkort. Skammer seg.', rel='pengespill')
n('08', '2020-02-04 10:00', PSYKTJ, 'Økonomisk rådgivning NAV. Selvutestengelse hos spillselskapene. Henvist Hjelpelinjen.', rel='pengespill')
n('08', '2021-03-09 10:00', FASTLEGE3, 'Stikkende smerter i brystet ved bevegelse av armen, reproduserbar ved palpasjon av brystveggen. Muskulært.', rel='brystsmerter')
n('08', '2021-10-12 10:00', FASTLEGE3, 'Diabeteskontroll: HbA1c 58, nedsatt følelse under føttene, monofilament ikke kjent bilat. Henvist fotterapeut.', rel='diabetes')
n('08', '2022-03-01 10:00', PSYKTJ, 'Ensom, sitter mye inne med TV. Ingen besøk siden jul. Interessert i frivillig besøksvenn.', rel='ensomhet')
n('08', '2022-11-15 10:00', FASTLEGE3, 'Klage på kommunal psykiatritjeneste: fikk ikke time på 6 uker. Hjulpet med å skrive klage til tjenesteleder.', rel='klage')
n('08', '2023-04-18 10:00', FASTLEGE3, 'Alkoholfri 5 mnd. Ingen brystsmerter. HbA1c 49.', rel='rus diabetes', tempt='brystsmerter')
n('08', '2024-01-09 10:00', FASTLEGE3, 'Broren døde i selvmord i 2010, Geir sørger fortsatt i jula. Ingen egne selvmordstanker nå.', tempt='selvmord')
n('08', '2024-08-27 11:00', FASTLEGE3, 'Lipidkontroll og EKG. Uendret. Fortsett statin, ASA.')
n('08', '2025-02-11 10:00', FASTLEGE3, 'Kjenner seg fortsatt ensom i helgene, men har fått en besøksvenn fra Røde Kors som kommer onsdager.', rel='ensomhet')
n('08', '2026-06-16 10:00', FASTLEGE3, 'Årskontroll diabetes. God kontroll, HbA1c 46. Fotstatus uendret.', rel='diabetes')

# ---------------------------------------------------------------- t2p09 Line (angst, søvn, hodepine, klage)
n('09', '2010-09-14 10:00', FASTLEGE, 'Panikkanfall på bussen: hjertebank, nummenhet i fingrene, trodde hun skulle dø. EKG u.a.', rel='angst', tempt='brystsmerter')
n('09', '2010-10-05 10:00', FASTLEGE, 'Unngår kollektivtransport og butikker, går helst ikke ut alene. Henvist DPS.', rel='angst', tempt='ensomhet')
n('09', '2011-01-18 13:00', PSYKOLOG, 'KAT for panikklidelse med agorafobi. Eksponering: gått til Rema og tilbake alene.', rel='angst')
n('09', '2011-06-14 13:00', PSYKOLOG, 'Tatt bussen til byen to ganger. Fortsatt uro, men ingen fulle anfall.', rel='angst')
n('09', '2013-02-26 10:00', FASTLEGE, 'Daglig hodepine, pannebånds-følelse, verst på ettermiddagen. Bruker Paracet nesten hver dag. Medikamentoverforbrukshodepine?', rel='hodepine')
n('09', '2013-04-09 10:00', FASTLEGE, 'Seponert faste smertestillende, verre første 2 uker, nå bedre. Hodepine 2 dager/uke.', rel='hodepine')
n('09', '2014-11-11 10:00', FASTLEGE, 'Søvnvansker: bruker 2 timer på å sovne, våkner tidlig. Søvnhygiene og søvnrestriksjon gjennomgått.', rel='sovn')
n('09', '2015-01-13 10:00', FASTLEGE, 'Søvndagbok: sovner fortere, fortsatt morgenvåkning. Ikke ønskelig med sovemidler.', rel='sovn')
n('09', '2016-05-03 14:00', FASTLEGE, 'Mor har fått Alzheimer, Line er pårørende og har mye ansvar. Sliten, men ikke deprimert.', tempt='demens depresjon')
n('09', '2016-09-20 10:00', FASTLEGE, 'Feil i e-resept: fikk utlevert Sobril 50 mg i stedet for 10 mg. Tok én tablett, ble svært trøtt. Apoteket kontaktet og avvik meldt.', rel='legemiddelavvik')
n('09', '2017-02-14 10:00', FASTLEGE, 'Line har klaget på sykehjemmet til moren: mor ble liggende i våt bleie hele formiddagen. Hun ønsker notatet i egen journal.', tempt='klage inkontinens')
n('09', '2017-10-10 10:00', FASTLEGE, 'Har mistet gleden ved alt, orker ikke å møte venner. Gråter på jobb. Sykmeldt 50 %.', rel='depresjon')
n('09', '2018-01-09 10:00', PSYKTJ, 'Rask psykisk helsehjelp, gruppekurs i depresjonsmestring. Møtt 4 av 6 ganger.', rel='depresjon')
n('09', '2018-06-19 10:00', FASTLEGE, 'Svimmel når hun reiser seg, blodtrykksfall fra 125 til 95 systolisk ved ortostatisk test. Drikker lite.', tempt='fall rus trykksar')
n('09', '2019-03-05 10:00', FASTLEGE, 'Klage til pasient- og brukerombudet: mener DPS avsluttet behandlingen uten å spørre henne. Bistått med journalinnsyn.', rel='klage')
n('09', '2020-04-21 10:00', FASTLEGE, 'Korona: redd for smitte, vasker hender til de sprekker, går ikke ut. Angsten har blusset opp.', rel='angst')
n('09', '2021-09-28 10:00', FASTLEGE, 'Smerter bak brystbenet etter måltider, sur oppstøt. Reflukssymptomer. PPI-kur.', rel='brystsmerter')
n('09', '2022-05-17 10:00', FASTLEGE, 'Vondt i hodet etter nakkeslengskade i bilkollisjon forrige uke. Ingen nevrologiske utfall.', rel='hodepine')
n('09', '2023-02-07 10:00', FASTLEGE, 'Kontroll: sover 6-7 timer, fungerer i full jobb. Ingen angstanfall siste halvår.', tempt='sovn angst')
n('09', '2024-03-12 10:00', FASTLEGE, 'Influensavaksine og B12 kontroll. Normalt.')
n('09', '2025-09-09 10:00', FASTLEGE, 'Perimenopause, hetetokter og nattesvette gjør at hun våkner flere ganger hver natt.', rel='sovn')
n('09', '2026-08-18 10:00', FASTLEGE, 'Kontroll. Fornøyd med ny jobb. Ingen plager.')

# ---------------------------------------------------------------- t2p10 Ragnhild (hjemmetjenester -> sykehjem, demens)
n('10', '2017-03-14 10:00', FASTLEGE2, 'Datter forteller at mor glemmer avtaler, har brent to kasseroller og finner ikke veien hjem fra butikken. MMSE 22/30.', rel='demens')
n('10', '2017-04-25 10:00', GERIATER, 'Hukommelsesutredning: sannsynlig Alzheimer sykdom, mild grad. Donepezil startet.', rel='demens')
n('10', '2017-06-01 10:00', TILDELING, 'Vedtak om hjemmesykepleie 1 gang daglig for medisinhåndtering og tilsyn, samt trygghetsalarm.', rel='hjemmetjenester')
n('10', '2017-06-06 09:10', HJSPL, 'Første besøk. Dosett satt opp, pas. tok imot oss godt. Kjøleskapet nesten tomt, bestilt matlevering.', rel='hjemmetjenester ernaering')
n('10', '2017-09-19 08:45', HJSPL3, 'Morgenbesøk. Pas hadde tatt medisinene for både i dag og i morgen fra dosetten. Lege kontaktet, avvik skrevet. Låsbar dosett bestilt.', rel='legemiddelavvik hjemmetjenester')
n('10', '2017-12-11 07:50', HJSPL2, 'Funnet liggende paa kjokkengulvet, hadde ligget der siden natta. Kald, forslått på hofta. Sendt inn m/ ambulanse.', rel='fall hjemmetjenester')
n('10', '2017-12-12 14:00', SPES, 'Innlagt etter fall i hjemmet. Ingen fraktur. Akutt forvirring på post, plukker i dyna og snakker med folk som ikke er der. UVI behandles.', rel='fall delirium')
n('10', '2017-12-15 10:00', SPES, 'Mindre urolig, orientert for person. Deliriet i regress etter antibiotika og væske.', rel='delirium')
n('10', '2018-01-08 09:00', TILDELING, 'Økt hjemmesykepleie til 3 besøk daglig og praktisk bistand 2 t/uke etter sykehusoppholdet.', rel='hjemmetjenester')
n('10', '2018-02-14 08:30', HJSPL, 'Morgenstell. Pas. hadde tisset i senga, lakenet vått. Skiftet og dusjet. Bestilt inkontinensprodukter.', rel='inkontinens hjemmetjenester')
n('10', '2018-05-22 12:00', FYSIO, 'Hverdagsrehabilitering: balansetrening og gangtrening med rullator. Berg balanse 38/56.', rel='fall hjemmetjenester')
n('10', '2018-08-07 17:30', HJSPL2, 'Ettermiddagsbesøk. Har ikke spist middagen som sto i kjøleskapet. Vekt 52 kg (56 i jan).', rel='ernaering hjemmetjenester')
n('10', '2018-10-16 10:00', FASTLEGE2, 'Datter har sendt klage til kommunen: hjemmesykepleien kommer til ulike tider og mor ble sittende uten frokost til kl 11.', rel='klage hjemmetjenester')
n('10', '2019-01-29 09:00', HJSPL, 'Pas ville ikke slippe oss inn, ropte at vi var tyver. Kom inn med nøkkel fra nøkkelboks, roet seg etter hvert.', rel='demens hjemmetjenester')
n('10', '2019-02-12 10:00', FASTLEGE2, 'Vurdering av samtykkekompetanse: forstår ikke at hun trenger hjelp til medisiner og kan ikke gjengi informasjon. Mangler samtykkekompetanse for helsehjelp knyttet til legemidler, pbrl § 4-3.', rel='samtykke')
n('10', '2019-03-05 07:40', HJSPL3, 'Falt paa badet ved toalettbesok, slo hodet i servanten. Kutt i panna, limt. Tilsyn hver time resten av dagen.', rel='fall hjemmetjenester')
n('10', '2019-03-20 10:00', TILDELING, 'Søknad om langtidsopphold i sykehjem innvilget. Venteliste, korttidsopphold i mellomtiden.', rel='langtid')
n('10', '2019-05-06 13:00', SYKEHJEM, 'Innflyttet på Solbakken bo- og behandlingssenter, langtidsplass rom 214. Datter med og tok med bilder og egen lenestol.', rel='langtid')
n('10', '2019-05-08 21:00', HFA, 'Kveldsvakt. Pas gikk rundt på gangen og lette etter "bussen hjem". Fulgt til rommet, satt med henne til hun sovnet.', rel='demens sovn')
n('10', '2019-06-18 10:00', TILSYNSLEGE, 'Innkomstsamtale langtidsopphold. Moderat demens, MMSE 16. Vekt 50 kg. Ernæringsplan.', rel='langtid demens ernaering')
n('10', '2019-08-02 14:00', SYKEHJEM2, 'Rødme over sacrum som ikke blekner ved trykk, kategori 1. Snuplan hver 3. time og trykkavlastende madrass.', rel='trykksar')
n('10', '2019-08-20 14:00', SYKEHJEM2, 'Sacrum: huden intakt, rødmen borte. Fortsetter trykkavlastning.', rel='trykksar')
n('10', '2019-10-10 08:00', HFA, 'Motsetter seg morgenstell, slo etter pleier og klypte henne i armen. Stell utsatt, ny tilnærming kl 10 gikk fint.', rel='utagering')
n('10', '2019-10-22 13:00', TILSYNSLEGE, 'Vedtak etter pbrl kap. 4A: helsehjelp ved personlig hygiene tross motstand, to pleiere, kortvarig holding av hender. Datter informert. Kopi Statsforvalteren.', rel='tvang holding samtykke')
n('10', '2019-11-05 08:30', HFA, 'Stell etter 4A-vedtaket. Pas. holdt i hendene av kollega i ca 3 min mens underlivet ble vasket, deretter rolig.', rel='holding tvang')
n('10', '2019-12-17 12:00', SYKEHJEM, 'Spiser bare halve porsjoner. Berikes med ekstra fløte og næringsdrikk 2x daglig. Vekt 48,5 kg.', rel='ernaering')
n('10', '2020-01-14 02:15', HFA, 'Natt: funnet sittende på gulvet ved sengen, sier hun skulle på do. Ingen synlige skader. Sengehest? Nei, lav seng og sensormatte i stedet.', rel='fall')
n('10', '2020-01-14 09:00', SYKEHJEM, 'Fallrisikovurdering etter nattens hendelse: høy risiko. Hoftebeskytter på, sko med godt grep.', rel='fall')
n('10', '2020-03-26 10:00', SYKEHJEM, 'Besøksforbud pga korona. Pas. spør etter datteren hele dagen, gråter. Videosamtale organisert.', rel='ensomhet demens')
n('10', '2020-06-09 14:00', SYKEHJEM2, 'Feil: pas fikk Marevan 2,5 mg kl 18 selv om dosen var seponert av lege i går. INR kontrollert, 3,8. Lege varslet, avvik i Compilo.', rel='legemiddelavvik')
n('10', '2020-09-15 10:00', TILSYNSLEGE, 'Årskontroll. Ingen tegn til trykksår, hud hel. Tannstatus ok. Vekt 49 kg stabil.', tempt='trykksar ernaering')
n('10', '2020-11-24 15:00', SYKEHJEM, 'Akutt endret: uklar, fjern, vil ikke drikke, plukker i luften. Temp 38,6. Tilsynslege tilkalt, spørsmål om lungebetennelse.', rel='delirium')
n('10', '2020-11-25 10:00', TILSYNSLEGE, 'Pneumoni. Behandles i sykehjemmet etter samtale med datter. Fluktuerende bevissthet og forvirring, delir.', rel='delirium')
n('10', '2020-12-08 10:00', SYKEHJEM2, 'Sår på høyre hæl kategori 2, blemme som har sprukket. Hælavlastende pute og Mepilex. Sengeliggende siden pneumonien.', rel='trykksar')
n('10', '2020-12-29 10:00', SYKEHJEM2, 'Hælsår 1,5 x 1 cm, fortsatt rødt i sårbunnen. Skiftes 2 g/uke.', rel='trykksar')
n('10', '2021-02-16 10:00', SYKEHJEM, 'Datter klager muntlig på at mor har fått trykksår på hælen, mener personalet ikke snur henne ofte nok. Møte avtalt med avdelingsleder.', rel='klage trykksar')
n('10', '2021-04-13 11:00', TILSYNSLEGE, 'Drøftet med datter: pas. kan ikke selv ta stilling til sykehusinnleggelse. Beslutning om behandlingsnivå i sykehjem, ikke HLR.', rel='samtykke')
n('10', '2021-07-06 08:00', HFA, 'Tiss og bæsj i sengen i natt, lite samarbeid ved stell. Dobbeltbleie frarådet, heller hyppigere tilsyn.', rel='inkontinens')
n('10', '2021-10-19 14:00', SYKEHJEM, 'Sover mye på dagtid, våken og uroleg om natta. Rydder skuffer kl 3. Aktivitetsplan for dagen.', rel='sovn demens')
n('10', '2022-03-22 13:00', SYKEHJEM, 'Hadde ikke bleie på da barnebarnet var på besøk, var flau. Ikke inkontinent i dag, toalettbesøk etter plan fungerer.', tempt='inkontinens')
n('10', '2022-08-30 10:00', TILSYNSLEGE, 'Vekt 44 kg, BMI 18. Spiser lite, glemmer å svelge. Logoped vurderer svelg. Moset kost.', rel='ernaering')
n('10', '2023-01-17 14:00', SYKEHJEM, 'Stille dag, satt i stua og hørte på trekkspillmusikk. Ga uttrykk for at hun hadde det godt.')
n('10', '2023-04-04 20:00', HFA, 'Sterkt redusert almenntilstand, spiser ikke, drikker lite. Lindrende behandling drøftet med datter.', rel='ernaering')
n('10', '2023-04-11 06:30', SYKEHJEM2, 'Pasienten døde stille kl 06.10 med datter til stede.')

# ---------------------------------------------------------------- t2p11 Arne (hjemmesykepleie, diabetes, hørsel, ensomhet)
n('11', '2016-04-12 10:00', FASTLEGE, 'Kone døde i februar. Arne sier dagene er lange og stille, han går knapt ut. Sover dårlig.', rel='ensomhet sovn')
n('11', '2016-08-30 10:00', FASTLEGE, 'Hører dårlig, kona pleide å "tolke" for ham. Henvist ØNH for høreapparat.', rel='horsel')
n('11', '2016-11-08 10:00', 'Gro Lium, audiograf', 'Aldersbetinget hørselstap bilat, taleaudiometri 60 %. Høreapparat tilpasset begge ører.', rel='horsel')
n('11', '2017-02-14 10:00', FASTLEGE, 'HbA1c 68, insulinbehandlet diabetes type 2. Klarer ikke lenger å sette insulin selv pga dårlig syn. Søkt hjemmesykepleie.', rel='diabetes hjemmetjenester')
n('11', '2017-03-01 08:15', HJSPL, 'Oppstart hjemmesykepleie: insulin morgen og kveld, blodsukkermåling. BS 12,4 i dag.', rel='hjemmetjenester diabetes')
n('11', '2017-05-16 21:30', HJSPL2, 'Kveldsbesøk. Arne hørte ikke dørklokka, sto med TV-en på full styrke. Høreapparatet lå i skuffen, batteri tomt.', rel='horsel hjemmetjenester')
n('11', '2017-09-05 08:20', HJSPL3, 'Insulin ble ikke gitt i går kveld, besøket falt ut pga sykdom i personalgruppa. BS 19 i dag morges. Lege informert, avvik skrevet.', rel='legemiddelavvik hjemmetjenester diabetes', tempt='fall')
n('11', '2017-09-06 10:00', FASTLEGE, 'Sønnen klager skriftlig til hjemmetjenesten etter at far ikke fikk insulinet. Ønsker svar på hvordan det skal unngås.', rel='klage hjemmetjenester')
n('11', '2018-01-23 08:10', HJSPL, 'Arne snublet i teppekanten i gangen, fikk tatt seg for med hendene. Ingen skade. Fjernet teppet i samråd med ham.', rel='fall hjemmetjenester')
n('11', '2018-06-19 10:00', ERGO, 'Hjemmebesøk ergoterapeut: montert håndtak ved dusj og toalett, fjernet terskler. Trygghetsalarm testet.', rel='hjemmetjenester', tempt='fall')
n('11', '2018-11-13 14:00', FASTLEGE, 'Trykk i brystet når han måker snø, stråler ut i venstre arm. Nitro hjelper. Henvist kardiologisk poliklinikk.', rel='brystsmerter', tempt='trykksar')
n('11', '2019-01-08 10:00', SPES, 'Stabil angina pectoris. Konservativ behandling, Imdur økt. Råd om å ikke måke snø.', rel='brystsmerter')
n('11', '2019-04-02 17:00', HJSPL2, 'Arne sitter alene ved kjøkkenvinduet som vanlig, sier han ikke har snakket med noen siden i går. Spurt om dagsenter, han vil tenke på det.', rel='ensomhet hjemmetjenester')
n('11', '2019-05-14 10:00', TILDELING, 'Vedtak om dagsenter 2 dager per uke med transport.', rel='ensomhet')
n('11', '2019-10-29 08:30', HJSPL, 'BS 2,9 ved morgenbesøk, kaldsvett og forvirret. Gitt druesukker og brødmat, BS 6,1 etter 20 min. Fastlege tilkalt.', rel='diabetes hjemmetjenester', tempt='delirium')
n('11', '2020-02-18 10:00', FASTLEGE, 'Dosen av Insulatard redusert etter hypoglykemier. Hjemmesykepleien informert om ny dose.', rel='diabetes', tempt='hjemmetjenester')
n('11', '2020-02-25 08:05', HJSPL3, 'Fikk gammel insulindose (24 E) i dag, medisinkortet var ikke oppdatert i journalen. BS 4,0 ved lunsj. Avvik.', rel='legemiddelavvik diabetes')
n('11', '2020-04-07 15:00', HJSPL, 'Dagsenteret stengt pga korona. Arne sier han kjeder seg og ikke ser poenget. Ringer ham daglig i tillegg til besøkene.', rel='ensomhet hjemmetjenester')
n('11', '2020-12-01 07:30', HJSPL2, 'Funnet på gulvet ved sengen kl 07.20, hadde ikke klart å utløse alarmen. Smerter i høyre hofte, forkortet og utadrotert bein. Ambulanse.', rel='fall hjemmetjenester')
n('11', '2020-12-02 13:00', SPES, 'Lårhalsbrudd høyre etter fall hjemme, operert med hemiprotese. Postoperativt urolig om natta, river i venflon, tror han er på jobb.', rel='fall delirium')
n('11', '2020-12-05 10:00', SPES, 'Deliriet avtatt, orientert. Mobiliseres med gåstol.', rel='delirium')
n('11', '2021-01-05 10:00', FYSIO, 'Korttidsopphold for rehabilitering etter hoftebrudd. Går 40 m med rullator, trenger tilsyn i trapp.', tempt='fall')
n('11', '2021-02-16 10:00', TILDELING, 'Hjem fra korttid. Hjemmesykepleie 3 ganger daglig, hjemmehjelp og matombringing.', rel='hjemmetjenester')
n('11', '2021-09-14 13:00', HJSPL, 'Fallrisiko gjennomgått på årskontroll: ingen fall siste halvår, bruker rullator inne.', rel='hjemmetjenester', tempt='fall')
n('11', '2022-03-08 10:00', FASTLEGE, 'Har drukket mer, sønnen fant mange tomme konjakkflasker. Arne sier det er "det eneste selskapet han har".', rel='rus ensomhet')
n('11', '2022-06-21 09:00', HJSPL3, 'Sår på tåa som ikke gror, sort i kanten. Diabetisk fotsår? Lege kontaktet, time fotterapeut.', rel='diabetes')
n('11', '2022-10-04 10:00', FASTLEGE, 'Kognitiv test: MMSE 27, klokketest ok. Ingen sikker kognitiv svikt.', tempt='demens')
n('11', '2023-02-14 10:00', TILDELING, 'Søkt langtidsplass etter gjentatte fall og økende hjelpebehov, men Arne ønsker å bo hjemme. Søknad trukket.', rel='fall langtid')
n('11', '2023-05-09 08:00', HJSPL, 'Vanlig morgenbesøk. Insulin gitt, BS 8,2. Kaffe og avis, Arne i godt humør.', rel='hjemmetjenester diabetes')
n('11', '2024-01-16 10:00', FASTLEGE, 'Brystsmerter i hvile i natt i 20 min. Sendt inn, NSTEMI. PCI utført.', rel='brystsmerter')
n('11', '2024-09-03 09:00', HJSPL2, 'Høreapparatet virker ikke, har vært hos audiograf, nytt bestilt. Vi skriver beskjeder på tavla i mellomtiden.', rel='horsel hjemmetjenester')
n('11', '2025-03-25 10:00', FASTLEGE, 'Kontroll: ingen brystsmerter etter PCI. Kjenner seg trygg hjemme med tjenestene.', rel='hjemmetjenester', tempt='brystsmerter')

# ---------------------------------------------------------------- t2p12 Solveig (legacy style, hjemmesjukepleie -> langtid)
n('12', '2012-05-03 09:00', 'Berit Aas, sjukepleiar heimesjukepleia', 'Oppstart heimesjukepleie etter vedtak: augedropar x2 og kompresjonsstrømper. Bur åleine på garden, son i nabohuset.', rel='hjemmetjenester', tempt='ensomhet')
n('12', '2012-11-20 08:30', 'Berit Aas, sjukepleiar heimesjukepleia', 'Morgonbesøk. Ho klagar over vondt i ryggen og har ikkje fått sove. Gitt Paracet etter fast ordinasjon.', rel='sovn hjemmetjenester', tempt='klage')
n('12', '2013-07-09 09:00', 'Berit Aas, sjukepleiar heimesjukepleia', 'Tisselekkasje ved hosting og når ho reiser seg, brukar bind. Henvist uroterapeut.', rel='inkontinens')
n('12', '2014-01-14 08:45', HJSPL2, 'Pas sitter i kald stue, ovnen av. Sier hun sparer straum. Lite mat i huset, kun knekkebrød og kaffe. Meldt til fastlege.', rel='ernaering hjemmetjenester')
n('12', '2014-02-04 10:00', FASTLEGE, 'Vekttap 5 kg på et halvt år. Albumin lavt. Næringsdrikk forskrevet, hjemmehjelp handler.', rel='ernaering hjemmetjenester')
n('12', '2014-09-23 08:00', 'Berit Aas, sjukepleiar heimesjukepleia', 'Pas. datt i fjoset i går kveld, låg der til sonen kom. Vond i venstre handledd, sendt til legevakt.', rel='fall')
n('12', '2014-09-24 10:00', FASTLEGE, 'Colles-fraktur ve. handledd etter fall. Gips 5 uker. Trygghetsalarm installeres.', rel='fall')
n('12', '2015-06-16 09:00', HJSPL, 'pas. forvirra i dag, trudde det var 1970 og at mannen skulle komme heim fraa skogen. Temp 37,2. U-stix pos nitritt.', rel='delirium hjemmetjenester')
n('12', '2015-06-18 09:00', HJSPL, 'Klarare etter antibiotika, kjenner oss igjen. Drikk 1,5 l.', rel='delirium', tempt='rus')
n('12', '2016-03-01 10:00', GERIATER, 'Kognitiv svikt, vaskulær demens sannsynleg. Klokketest patologisk, MMSE 19.', rel='demens')
n('12', '2016-08-10 08:30', HJSPL3, 'Medisinane for i gaar laa urort i dosetten. Ho seier ho har teke dei. Varsla sjukepleiar.', rel='legemiddelavvik demens')
n('12', '2016-12-06 10:00', FASTLEGE, 'Vurdering samtykkekompetanse ved spm om flytting: Solveig forstår ikkje kva sjukeheim inneber og kan ikkje vege for og mot. Manglar samtykkekompetanse.', rel='samtykke')
n('12', '2017-01-10 10:00', TILDELING, 'Vedtak om langtidsopphald i sjukeheim. Pasienten motset seg ikkje flyttinga, son er einig.', rel='langtid samtykke')
n('12', '2017-02-01 14:00', SYKEHJEM, 'Innflytta paa Fjellheim sjukeheim, langtidsplass. Har med eige teppe og bilete av mannen. Roleg fyrste kvelden.', rel='langtid')
n('12', '2017-02-02 03:00', HFA, 'natt: vandra i gangen, leita etter kyrne. Fylgd tilbake, fekk varm mjølk, sovna kl 4.', rel='demens sovn')
n('12', '2017-05-23 10:00', SYKEHJEM2, 'Rødt sår over halebeinet, 2x2 cm, overfladisk hudavskalling. Kategori 2. Snuregime + luftmadrass bestilt.', rel='trykksar')
n('12', '2017-06-13 10:00', SYKEHJEM2, 'Trykksår sacrum i bedring, 1 x 0,5 cm. Granulasjonsvev.', rel='trykksar')
n('12', '2017-07-04 10:00', SYKEHJEM2, 'Sacrumsåret grodd. Fortsatt trykkavlastning i stol og seng.', rel='trykksar')
n('12', '2017-10-17 12:00', HFA, 'Spiste godt i dag, to porsjonar graut og dessert. Sonen var på besøk.', tempt='ernaering')
n('12', '2018-02-27 09:00', SYKEHJEM, 'Pas. har vondt i magen og har ikkje hatt avføring på 6 dagar. Klyx gitt med resultat.', rel='magesmerter')
n('12', '2018-08-14 10:00', TILSYNSLEGE, 'Sonen har klaga paa at mora sit i rullestol heile dagen og ikkje kjem ut. Aktivitetsplan og fast turvenn avtalt.', rel='klage')
n('12', '2018-11-06 08:00', HFA, 'Total inkontinens for urin, bleieskift x4 i døgnet. Huden i lysken rau, sinkkrem.', rel='inkontinens')
n('12', '2019-03-12 15:00', SYKEHJEM, 'Slo etter pleiar med stokken da ho skulle få hjelp til toalettet. Roa seg med musikk og forklaring.', rel='utagering')
n('12', '2019-09-24 10:00', TILSYNSLEGE, 'Vekt 41 kg, gått ned 4 kg på 3 mnd. Treg å ete, gløymer at ho har mat framfor seg. Ernæringsplan og måltidsvert.', rel='ernaering demens')
n('12', '2020-01-07 22:00', HFA, 'Pas sklei ut av stolen i stua i kveld, sat på golvet. Ingen skade. Vurderast bremseklossar og sklisikker pute.', rel='fall')
n('12', '2020-05-19 10:00', SYKEHJEM2, 'Nytt trykksår paa venstre trochanter, kat. 3 med nekrose i sårbunnen. Lege tilsett, sårpoliklinikk kontakta.', rel='trykksar')
n('12', '2020-06-02 10:00', TILSYNSLEGE, 'Trykksår hofte kat 3, smertefullt ved stell. Morfin 2,5 mg sc før sårskift.', rel='trykksar')
n('12', '2020-06-10 10:00', SYKEHJEM2, 'Feil: Morfin 5 mg sc gitt i staden for 2,5 mg før sårstell. Pas. sovnet og pustefrekvens 10. Overvaka, lege varsla, avvik.', rel='legemiddelavvik')
n('12', '2020-09-08 10:00', TILSYNSLEGE, 'Tiltakende svekka. Ete nesten ingenting. Samtale med son om palliasjon.', rel='ernaering')
n('12', '2020-09-21 04:40', SYKEHJEM, 'Solveig døydde i søvne i natt. Son varsla.', tempt='sovn')

# ---------------------------------------------------------------- t2p13 Olav (frontotemporal demens, utagering, 4A)
n('13', '2018-09-11 10:00', FASTLEGE3, 'Kona forteller at Olav har endret personlighet, banner, tar mat fra andres tallerken på kafe og har brukt 80 000 på lodd og skrapelodd.', rel='demens pengespill')
n('13', '2018-11-20 10:00', GERIATER, 'Utredning: frontotemporal demens, atferdsvariant. MR med frontal atrofi. Ikke førerkort lenger.', rel='demens')
n('13', '2019-01-15 10:00', FASTLEGE3, 'Kona sliten. Olav slo i bordet og kastet en kopp i veggen da hun tok bilnøklene. Hun er redd ham om kveldene.', rel='utagering', tempt='angst')
n('13', '2019-02-05 09:00', TILDELING, 'Vedtak: hjemmesykepleie 2 ganger daglig, dagsenter for personer med demens 3 dager/uke, avlastning hver 4. uke.', rel='hjemmetjenester demens')
n('13', '2019-04-09 08:30', HJSPL, 'Morgonbesøk. Olav ville ikkje ta medisinane og kasta dosetten på golvet. Prøvde igjen etter kaffi, tok dei.', rel='utagering hjemmetjenester')
n('13', '2019-06-25 10:00', FASTLEGE3, 'Olav vurderes å mangle samtykkekompetanse for helsehjelp knyttet til medisiner og bolig. Forstår ikke egen sykdom.', rel='samtykke')
n('13', '2019-08-13 14:00', TILDELING, 'Langtidsopphold innvilget på skjermet enhet for personer med demens, Lindheim sykehjem.', rel='langtid demens', tempt='skjerming')
n('13', '2019-08-27 16:00', SYKEHJEM, 'Innflyttet. Gikk frem og tilbake ved utgangsdøra hele ettermiddagen og ristet i håndtaket, sa han skulle hjem.', rel='langtid demens')
n('13', '2019-09-03 10:00', TILSYNSLEGE, 'Vedtak pbrl kap. 4A: låst ytterdør med kodelås og bevegelsessensor på rommet. Olav motsetter seg å bli værende. Kona informert.', rel='tvang samtykke')
n('13', '2019-09-10 19:40', HFA, 'Dyttet medbeboer som satt i "hans" stol, hun falt nesten. Olav skjermet fra fellesstua resten av kvelden med én pleier på rommet.', rel='utagering skjerming', tempt='fall')
n('13', '2019-09-24 08:15', SYKEHJEM2, 'Ved stell slo han pleier i ansiktet med knyttneve. Pleier fikk blødning fra nesen. Avvik og HMS-melding skrevet.', rel='utagering', tempt='legemiddelavvik')
n('13', '2019-10-08 10:00', TILSYNSLEGE, 'Nytt 4A-vedtak: kortvarig fastholding av armer under nødvendig stell når han motsetter seg og hygienen er uforsvarlig.', rel='tvang holding')
n('13', '2019-10-15 08:30', HFA, 'Stell med to pleiere: Olavs armer holdt i ca 2 min mens bleie ble skiftet, han roet seg da vi sang. Protokollført.', rel='holding tvang')
n('13', '2019-11-19 10:00', 'Marit Solheim, kona (pårørendesamtale ført av sykepleier)', 'Kona klager på at Olav har fått beroligende midler uten at hun ble spurt, og at han sitter sløv i stolen. Saken tas med avdelingsleder.', rel='klage')
n('13', '2019-12-03 10:00', TILSYNSLEGE, 'Gjennomgang etter klagen: Risperidon 0,5 mg seponeres, miljøtiltak prioriteres. Kona deltok.', rel='klage')
n('13', '2020-01-21 02:30', HFA, 'Natt: Olav gikk rundt og ropte, ristet i dørene til andre beboere. Fikk seg brødskive og sovnet i stolen.', rel='sovn demens')
n('13', '2020-03-17 14:00', SYKEHJEM, 'Falt bakover da han reiste seg brått fra sofaen, slo bakhodet. Våken og orientert for person, ingen oppkast. Tilsyn hver time.', rel='fall', tempt='hodepine')
n('13', '2020-07-07 14:00', SYKEHJEM, 'God dag. Gikk tur i hagen med miljøarbeider, spiste is. Ingen utagering.', tempt='utagering')
n('13', '2020-10-27 11:00', TILSYNSLEGE, 'Feber, hoster, mer forvirret og døsig enn vanlig. Akutt forverring over timer, delirium ved pneumoni.', rel='delirium')
n('13', '2021-03-02 09:00', SYKEHJEM2, 'Generalisert krampeanfall ved frokost, varte 2 min, postiktal i 30 min. Tilsynslege informert.', rel='epilepsi')
n('13', '2021-03-04 10:00', TILSYNSLEGE, 'Nytt anfall, sannsynlig epilepsi sekundært til demenssykdommen. Startet levetiracetam 250 mg x2.', rel='epilepsi')
n('13', '2021-06-15 10:00', SYKEHJEM2, 'Levetiracetam kveldsdose ikke gitt, lå igjen i medisinbegeret på nattbordet. Avvik registrert.', rel='legemiddelavvik')
n('13', '2021-10-12 13:00', SYKEHJEM, 'Vekt 62 kg (70 kg ved innflytting). Vandrer mye og bruker mye energi, fingermat og småmåltider hele dagen.', rel='ernaering')
n('13', '2022-04-05 10:00', SYKEHJEM, 'Kona bekymret: hun har selv fått brystsmerter og må på sykehuset, kan ikke besøke Olav denne uka.', tempt='brystsmerter')
n('13', '2022-09-20 10:00', TILSYNSLEGE, 'Evaluering 4A-vedtak. Holding ikke brukt siste 3 mnd, vedtaket oppheves. Låst dør videreføres.', rel='tvang', tempt='holding')
n('13', '2023-02-14 14:00', SYKEHJEM2, 'Blir sengeliggende, rødme på begge hæler. Hælavlastning. Ingen åpne sår.', rel='trykksar')
n('13', '2023-06-06 10:00', SYKEHJEM, 'Rolig, sover mye. Spiser med hjelp. Kona på besøk daglig.', tempt='sovn ernaering')

# ---------------------------------------------------------------- t2p14 Bjørn (utviklingshemming, bolig, kap. 9)
n('14', '2015-01-13 10:00', VERNEPL, 'Bjørn bor i bofellesskapet Granly med heldøgns tjenester. Moderat utviklingshemming, lite verbalt språk, bruker tegn og bilder.')
n('14', '2015-03-24 14:00', VERNEPL2, 'Slo hodet hardt i veggen gjentatte ganger etter at bussen til dagsenteret ble innstilt. Puter lagt på veggen. Skade på panna.', rel='selvskading utagering')
n('14', '2015-05-05 10:00', VERNEPL, 'Søknad til Statsforvalteren om godkjenning av vedtak etter hol. kap. 9: planlagte tiltak i gjentatte nødsituasjoner, fysisk holding av armer ved selvskading.', rel='tvang holding selvskading')
n('14', '2015-06-16 10:00', VERNEPL, 'Statsforvalteren har godkjent vedtaket om bruk av tvang og makt etter § 9-5 b for ett år.', rel='tvang')
n('14', '2015-07-21 15:30', MILJO, 'Bjørn slo seg selv i ansiktet og bet i hånden. Holdt armene hans i ca 1 min etter vedtaket, slapp da han satte seg. Registrert.', rel='holding selvskading tvang')
n('14', '2015-11-10 09:00', VERNEPL2, 'Grand mal-anfall i dusjen, 3 min. Stesolid rektalt gitt etter prosedyre. Sov 2 timer etterpå.', rel='epilepsi', tempt='sovn')
n('14', '2016-02-09 10:00', 'Ola Brekke, nevrolog', 'Epilepsikontroll. 4 anfall siste halvår. Lamotrigin økes. Anfallsdagbok føres av personalet.', rel='epilepsi')
n('14', '2016-06-14 12:00', VERNEPL, 'Tok tak i håret til en ansatt og dro henne ned på gulvet da hun skulle slå av TV-en. Ansatt ikke skadet.', rel='utagering')
n('14', '2016-09-20 10:00', VERNEPL2, 'Ukentlig uro og roping om morgenen. Holder seg på magen og vil ikke spise. Spørsmål om smerter, fastlege kontaktes.', rel='magesmerter utagering', tempt='ernaering')
n('14', '2016-09-27 10:00', FASTLEGE2, 'Obstipasjon og sannsynlig gastritt. Bjørn kan ikke beskrive smerte, men peker på magen og grimaserer ved palpasjon. Behandles.', rel='magesmerter')
n('14', '2017-02-14 16:00', MILJO2, 'Rolig dag. Gikk tur til butikken og kjøpte Solo selv. Ingen utfordrende atferd.', tempt='utagering')
n('14', '2017-08-22 10:00', VERNEPL, 'Bjørn tisser på seg på dagtid, nytt siden sommeren. Toalettplan med bilder innført, urinprøve tatt.', rel='inkontinens')
n('14', '2018-01-16 10:00', FASTLEGE2, 'Urininkontinens, resturin 250 ml. Prostata forstørret. Henvist urolog.', rel='inkontinens')
n('14', '2018-05-08 10:00', VERNEPL2, 'Verge har klaget på at Bjørn ble holdt fast uten at det var dokumentert i protokollen. Gjennomgang med personalet.', rel='klage holding')
n('14', '2018-10-30 10:00', 'Gro Lium, audiograf', 'Hørselstest vanskelig å gjennomføre. Mye ørevoks fjernet, reagerer deretter bedre på lyd. Mistenkt lett hørselstap.', rel='horsel')
n('14', '2019-04-09 11:00', FYSIO, 'Ustø gange, snubler i trapper. To fall i boligen siste mnd. Gåtrening og hoftebeskytter anbefalt.', rel='fall')
n('14', '2019-09-17 10:00', VERNEPL, 'Skjermet fra fellesarealet etter kap. 9-vedtak (rom med én personalperson) i 30 min etter slag mot medbeboer.', rel='skjerming tvang utagering')
n('14', '2020-03-03 10:00', VERNEPL, 'Evaluering: tvangstiltakene brukt 2 ganger siste halvår mot 15 før. Forebyggende tiltak virker.', rel='tvang')
n('14', '2020-11-24 09:00', MILJO, 'Feil: morgendosen lamotrigin ble gitt to ganger, ny vikar visste ikke at den var gitt. Observert, ingen symptomer. Avvik.', rel='legemiddelavvik')
n('14', '2021-06-08 10:00', VERNEPL2, 'Nytt anfall etter lang periode uten. Falt og slo haka, sår limt.', rel='epilepsi fall')
n('14', '2022-02-22 10:00', FASTLEGE2, 'Vekttap 6 kg, spiser mindre. Gastroskopi i narkose: øsofagitt. PPI. Ny kostplan i boligen.', rel='ernaering')
n('14', '2023-03-14 14:00', MILJO2, 'Søster på besøk, de bakte vafler. Bjørn smilte og viste tegnet for "glad".')
n('14', '2024-04-16 10:00', VERNEPL, 'Årsmøte med verge. Ingen tvang eller makt siste år. Hørselsapparat prøves ut.', tempt='tvang', rel='horsel')
n('14', '2025-01-28 10:00', MILJO, 'Bjørn virker trist og trekker seg unna etter at favorittansatt sluttet, sitter på rommet og vil ikke til dagsenter.', rel='depresjon ensomhet')

# ---------------------------------------------------------------- t2p15 Elias (pengespill, rus, fravær, plager andre)
n('15', '2007-07-25 10:00', HS_STASJON, '6 uker. Gutt født til termin, ammes. Far har tidligere hatt spilleproblemer, nå behandlet.', tempt='pengespill')
n('15', '2008-06-16 10:00', HS_STASJON, 'Ettårskontroll. Går med støtte. Vaksiner iht. program.')
n('15', '2013-09-03 09:00', HS_SKOLE2, 'Skulestart. Høyrsel og syn normalt. Trivst.', tempt='horsel')
n('15', '2017-05-09 10:00', LAERER2, 'Referat: Elias og to andre gutter har tatt luen til en yngre elev og kastet den opp på taket flere dager på rad. Foreldre innkalt.', rel='mobbing')
n('15', '2017-10-17 10:00', HS_SKOLE, 'Samtale etter at Elias har skrevet "ingen liker deg" til en klassekamerat på Snapchat. Han sier det var spøk. Plan med skolen.', rel='mobbing')
n('15', '2018-11-13 10:00', HS_SKOLE, 'Bruker mye penger på lootbokser i FIFA, har tatt mors kort uten lov. Mor bekymret.', rel='pengespill')
n('15', '2019-04-02 10:00', HS_SKOLE, 'Mor sier Elias sitter oppe til 4 om natta og gamer, er umulig å få opp om morgenen.', rel='sovn')
n('15', '2019-10-15 10:00', LAERER, 'Referat: 54 timer fravær i 7. trinn, ofte første time. Virker trøtt og gretten på skolen.', rel='skolevegring')
n('15', '2020-09-22 10:00', HS_SKOLE, 'Drikker seg full med eldre ungdom i helgene, har prøvd snus og hasj. Info om ungdomskontakten.', rel='rus')
n('15', '2021-03-09 14:00', 'Legevakt, lege i vakt', 'Ranet og slått ned av tre ukjente ved bussterminalen, fikk tatt mobil. Hevelse over øyet, ingen hodeskade.', rel='vold')
n('15', '2021-04-20 10:00', BUP_PSYK, 'Etter ranet: redd for å gå ut alene, sover dårlig, ligger våken og lytter. Flashbacks.', rel='angst sovn', tempt='ensomhet')
n('15', '2021-11-23 10:00', HS_SKOLE, 'Har spilt på utenlandske bettingsider med brors BankID, tapt 15 000. Skjønner ikke at det er et problem.', rel='pengespill')
n('15', '2022-03-15 10:00', BUP_PSYK, 'Mer nedstemt, isolerer seg på rommet. Har ingen venner igjen etter at gjengen han hang med ble tatt av politiet.', rel='depresjon ensomhet')
n('15', '2022-06-07 10:00', LAERER2, 'Referat: fravær 28 % siste termin, kan miste vurdering i flere fag. Møte med foreldre og rådgiver.', rel='skolevegring')
n('15', '2022-11-29 10:00', BUP_PSYK, 'Elias spør om det er farlig å ta "litt" Xanax han har kjøpt på nett for å roe seg. Veiledet. Mor informert.', rel='rus angst')
n('15', '2023-08-22 10:00', HS_SKOLE, 'Ny start på yrkesfag. Møter hver dag første uke. Ingen spilling siste mnd, sier han.', tempt='pengespill skolevegring')
n('15', '2024-02-06 10:00', FASTLEGE3, 'Ryggsmerter etter løft på praksisplass. Ingen utstråling. Fysio anbefalt.')
n('15', '2024-10-15 10:00', PSYKTJ, 'Elias (17) har sett at en kamerat kuttet seg i armen på fest og ringte 113. Han selv har aldri skadet seg. Tenker mye på det.', tempt='selvskading')
n('15', '2025-05-13 10:00', PSYKTJ, 'Spillegjeld til inkasso, over 40 000. Hjelp fra NAV økonomirådgiver, Elias sperret seg hos Norsk Tipping.', rel='pengespill')
n('15', '2026-02-17 10:00', FASTLEGE3, 'Søvnen bedre etter at han sluttet med energidrikk. Fornøyd i lærlingplass.', rel='sovn')

# ================================================================ more notes, same people (written in a second pass)
# ---- t2p01 Sindre
n('01', '2010-03-17 10:00', HS_STASJON, '2-årskontroll. Mange ord, løper og klatrer. Litt sen med å sove om kvelden, ellers fint.', tempt='sovn')
n('01', '2012-02-29 09:00', FASTLEGE, 'Piping i brystet ved forkjølelse, men ingen astma. Luftveisinfeksjon, råd om nesespray.', tempt='astma brystsmerter')
n('01', '2017-09-20 12:00', HS_SKOLE, 'Vaksine 2. trinn gitt. Sindre var modig. Ingen reaksjoner.')
n('01', '2021-08-24 10:00', HS_SKOLE, 'Oppstart 8. trinn. Vekt og høyde målt, følger kurve. Sier han ikke gleder seg til ungdomsskolen.')
n('01', '2021-12-14 13:00', LAERER2, 'Referat fra klassemøte: elevene har hatt trivselsundersøkelse, læreren gjennomgikk resultatene om krenkelser i klassen generelt.', tempt='mobbing')
n('01', '2022-02-08 10:30', HS_SKOLE, 'Noen har tegnet en gris med navnet hans på pulten og tatt bilde av den. Han ba oss ikke si det til mor.', rel='mobbing')
n('01', '2022-05-24 12:00', HS_SKOLE, 'Har vært borte fra skolen 2 uker, ligger i senga og spiller. Mor får ham ikke ut av huset.', rel='skolevegring')
n('01', '2022-12-06 09:40', FASTLEGE, 'Forkjølelse og sår hals, streptokokktest negativ. Hjemme to dager.')
n('01', '2023-02-14 14:00', BUP_PSYK, 'Ingen i klassen ville være på gruppe med ham på skoleturen, han måtte gå sammen med læreren hele dagen. Beskriver skam og sinne.', rel='mobbing ensomhet')
n('01', '2023-06-13 10:00', HS_SKOLE, 'Siste samtale før sommeren. Sindre sier han har lest en bok om en gutt som blir mobbet og kjente seg igjen, men at "det er verre for andre".', rel='mobbing')
n('01', '2023-10-10 11:00', HS_SKOLE, 'Influensavaksine til astmatikere i klassen, Sindre ikke aktuell. Kort prat, han sier det går greit.', tempt='astma')
n('01', '2024-01-09 13:00', BUP_PSYK, 'Kommer etter at noen la ut en video av ham som faller på isen med teksten "stammern på skøyter". Han føler seg ydmyket.', rel='mobbing', tempt='fall')
# ---- t2p02 Tuva
n('02', '2012-09-04 09:00', HS_SKOLE, 'Vaksinering 6 år, gikk fint. Tuva forteller om ny hund.')
n('02', '2016-05-17 10:00', FASTLEGE2, 'Astma? Hoste og tung pust etter løping i kald luft. Spirometri med reversibilitet. Ventoline ved behov før trening.', rel='astma')
n('02', '2020-04-21 13:00', BUP_PSYK, 'Videosamtale under nedstengning. Har slått seg selv på lårene med knyttneven når hun blir overveldet, blåmerker.', rel='selvskading')
n('02', '2021-01-10 16:00', PSYK_SPL, 'Fortsatt skjermet, personale sitter i døråpningen. Ligger mest i senga og vil ikke snakke.', rel='skjerming')
n('02', '2021-01-25 11:00', OVERLEGE, 'Skjerming opphevet etter 5 dager, kan delta i fellesarealet med følge.', rel='skjerming')
n('02', '2021-01-26 21:00', MILJO2, 'Tuva sier hun fortsatt tenker på å ta livet sitt når hun kommer hjem, "bare ikke her". Tett observasjon videreføres.', rel='selvmord')
n('02', '2021-02-20 08:00', PSYK_SPL, 'Natt rolig. Sov ca. 7 timer. Ingen selvskading, ingen suicidale ytringer.', rel='sovn', tempt='selvskading selvmord')
n('02', '2021-05-18 13:00', BUP_PSYK, 'Poliklinisk. Har ikke skadet seg på 6 uker, bruker is-kuber og løping når trangen kommer.', rel='selvskading')
n('02', '2022-08-23 10:00', HS_SKOLE, 'Oppstart vg1. Nye venner, spiller håndball igjen. Ingen bekymringer fra mor.')
n('02', '2023-06-06 13:00', BUP_PSYK, 'Jobber med traumet etter festen. Sier hun ikke "ville det", men frøs. Vurderer å anmelde.', rel='overgrep')
# ---- t2p03 Jonas
n('03', '2012-11-27 10:00', HS_STASJON, '2 år. Barnehagen sier han kommer sulten og skitten mange mandager. Mor sier helgene er kaotiske.', rel='omsorgssvikt')
n('03', '2013-05-21 10:00', BARNEVERN, 'Hjemmebesøk uanmeldt kl 15: Jonas (2,5) alene i sprinkelsenga, mor sov på sofaen og var vanskelig å vekke. Flasker på bordet.', rel='omsorgssvikt rus')
n('03', '2015-04-14 10:00', FASTLEGE3, 'Astmakontroll. Økt behov for Ventoline om natta. Byttet til Seretide.', rel='astma sovn')
n('03', '2017-06-20 10:00', BARNEVERN, 'Fosterforeldre har fått råd om å skape forutsigbare rutiner. Jonas har fått ny sykkel og er stolt.')
n('03', '2019-11-19 12:00', HS_SKOLE, 'Kontroll. Gutten forteller om fotball og fosterbror. Hører godt, ser godt.', tempt='horsel')
n('03', '2020-09-29 10:00', LAERER, 'Referat: Jonas veltet pulten og kastet en stol etter en medelev som hadde tatt blyanten hans. Sendt hjem.', rel='utagering')
n('03', '2022-01-25 10:00', FASTLEGE3, 'Alvorlig astmaanfall under influensa, innlagt barneavdelingen 2 døgn. Prednisolon kur.', rel='astma')
n('03', '2023-03-21 13:00', HS_SKOLE, 'Lite matlyst etter det som skjedde med far, spiser nesten ikke lunsj. Vekt ned 2 kg.', rel='ernaering')
n('03', '2023-09-05 09:00', HS_SKOLE, 'Klasseturen gjennomført uten problemer. Jonas har med egen astmamedisin.', tempt='astma')
# ---- t2p04 Nora
n('04', '2014-05-13 10:00', HS_STASJON, '2-årskontroll. Bruker høreapparatet hele dagen. Prater i 3-ordssetninger.', rel='horsel')
n('04', '2017-05-09 10:00', HS_STASJON, '5-årskontroll. Tegner menneske med detaljer, hopper på ett bein. Trives i barnehagen.')
n('04', '2020-04-28 10:00', BARNEVERN, 'Mor sier Nora har fortalt mer: samboeren tok bilder av henne i badekaret og viste henne "voksenfilmer".', rel='overgrep')
n('04', '2020-10-13 10:00', BUP_PSYK, 'Nora tegner mindre mørke tegninger, sover alene igjen med nattlampe.', rel='sovn')
n('04', '2021-06-15 13:00', HS_SKOLE, 'Mor lurer på om Nora kan være med på leirskole med høreapparat og bading. Avtalt med lærer.', rel='horsel')
n('04', '2022-10-18 10:00', HS_SKOLE, 'Magevondt før skoledagen, men går likevel. Ikke fravær. Spiser frokost.', rel='magesmerter')
n('04', '2023-11-07 10:00', HS_SKOLE, 'Undervisning om seksuell helse i 6. trinn, grenser og samtykke. Nora spurte om hvem hun kan snakke med.', tempt='overgrep samtykke')
n('04', '2026-06-09 13:00', BUP_PSYK, 'Jobber med skam og skyld knyttet til overgrepet. Har fortalt en venninne, som reagerte fint.', rel='overgrep')
# ---- t2p05 Adrian
n('05', '2008-09-30 10:00', HS_STASJON, 'Mor mye ruset, far ukjent. Adrian (5) har gått med samme klær i flere dager og har hull i tennene. Melding til barnevernet.', rel='omsorgssvikt')
n('05', '2010-02-09 10:00', BARNEVERN, 'Omsorgsovertakelse vedtatt i fylkesnemnda. Adrian flytter til fosterhjem hos morfar og mormor.', rel='omsorgssvikt')
n('05', '2016-01-19 10:00', HS_SKOLE, 'Sier han har brent seg med sigarett på håndleddet "for å kjenne noe". Flere små runde sår.', rel='selvskading')
n('05', '2020-08-15 14:00', PSYK_SPL, 'Fortsatt skjermet. Spiser på rommet med to personaler til stede. Mindre trusler i dag.', rel='skjerming')
n('05', '2020-08-18 10:00', LIS, 'Sier han hører stemmer som ber ham hoppe fra broa. Skjerpet tilsyn.', rel='selvmord')
n('05', '2020-09-01 09:00', PSYK_SPL, 'Lagt til rette for permisjon i helgen. Ingen selvmordstanker nå, sier han, ingen stemmer.', tempt='selvmord')
n('05', '2021-11-30 10:00', PSYKTJ, 'Avtale om ansvarsgruppe. Adrian møtte presis. Snakket om jobb og bolig.')
n('05', '2022-06-14 10:00', FASTLEGE, 'Tannverk og hodepine, går til tannlege i morgen. Ellers ingen plager.', tempt='hodepine')
n('05', '2023-02-21 10:00', PSYKTJ, 'Kom til avtalen i sinne over NAV, slo i bordet og ropte, men lot seg berolige etter 10 min.', rel='utagering')
n('05', '2024-08-06 10:00', PSYKTJ, 'Klage til NAV på avslag om økonomisk stønad, hjulpet med å skrive.', rel='klage')
# ---- t2p06 Aurora
n('06', '2012-06-12 10:00', HS_SKOLE, 'Hørselstest og syn 2. trinn u.a. Trives med venner.', tempt='horsel')
n('06', '2015-08-25 10:00', SPES, 'Diabeteskontroll. HbA1c (langtidsblodsukker) 58. Foreldre flinke.', rel='diabetes', tempt='langtid')
n('06', '2018-11-20 10:00', HS_SKOLE, 'Aurora sier hun blir kalt "sukkerdama" og at noen har tatt dextrosen hennes. Vil ikke på skolen.', rel='mobbing skolevegring diabetes')
n('06', '2019-11-05 10:00', SPES, 'Diabetes: har hoppet over insulindoser for å gå ned i vekt. Vekt ned 4 kg. Henvist BUP for spiseforstyrrelse.', rel='diabetes ernaering')
n('06', '2021-02-09 10:00', HS_SKOLE, 'Vg2. Kjæreste, trening, gode karakterer. Diabetes under kontroll.', tempt='diabetes')
n('06', '2022-01-18 10:00', FASTLEGE2, 'Sliter med å sovne pga bekymring for eksamen. Ikke ønske om medikamenter.', rel='sovn')
# ---- t2p07 Kari
n('07', '2004-09-21 10:00', HS_SKOLE, 'Kari (16) viser kutt på lårene, sier hun gjør det når foreldrene krangler. Ønsker ikke at vi kontakter dem.', rel='selvskading')
n('07', '2004-10-12 10:00', HS_SKOLE, 'Har tenkt at det hadde vært best om hun døde, men ingen plan. Henvist BUP etter samtykke fra Kari.', rel='selvmord', tempt='samtykke')
n('07', '2005-02-15 10:00', HS_SKOLE, 'Forteller at onkel tok på henne da hun var liten og at det er derfor hun skader seg. Barnevernet og politiet varslet.', rel='overgrep selvskading')
n('07', '2013-11-26 14:00', FASTLEGE, 'Kari har ikke sovet mer enn 3 timer på flere netter. Eksen truer på SMS. Voldsalarm innvilget fra politiet.', rel='sovn vold')
n('07', '2016-03-08 10:00', FASTLEGE, 'Astmakontroll, bruker Symbicort 2x2. God kontroll, ingen nattlige symptomer.', rel='astma')
n('07', '2018-10-16 10:00', FASTLEGE, 'Influensavaksine. Spør om datterens astma, informert om kontroll hos barnelege.', tempt='astma')
n('07', '2020-02-04 10:00', FASTLEGE, 'Årskontroll. Nå rusfri, trener, stabil i jobb. Datteren har det bra.', tempt='rus')
# ---- t2p08 Geir
n('08', '2016-06-14 10:00', FASTLEGE3, 'Kontroll etter PCI. Ingen brystsmerter. Går 5 km daglig.', tempt='brystsmerter')
n('08', '2018-02-27 10:00', FASTLEGE3, 'Har kjøpt tau og lagt det i garasjen, men ikke gått videre. Vurdert akutt, innlagt frivillig DPS.', rel='selvmord')
n('08', '2019-09-24 10:00', RUS, 'Avrusning gjennomført. Abstinenser behandlet med Librium. Motivert for videre poliklinisk oppfølging.', rel='rus')
n('08', '2020-06-23 10:00', FASTLEGE3, 'Rutinekontroll. Blodprøver fine, ingen nye plager. Sommerferie planlagt med sønnen.')
n('08', '2023-09-12 10:00', FASTLEGE3, 'Langtidsplan: fortsatt oppfølging hos fastlege og psykiatritjenesten hver 3. mnd.', tempt='langtid')
n('08', '2025-10-21 10:00', FASTLEGE3, 'Klager på vondt i kneet etter fjelltur. Artrose. Fysioterapi.', tempt='klage')
# ---- t2p09 Line
n('09', '2012-03-20 10:00', FASTLEGE, 'Svangerskapskontroll uke 24, alt fint. Angsten bedre under svangerskapet.', rel='graviditet', tempt='angst')
n('09', '2012-07-10 10:00', JORDMOR, 'Keisersnitt planlagt pga seteleie uke 39. Line engstelig for operasjonen.', rel='graviditet', tempt='angst')
n('09', '2017-11-21 10:00', PSYKTJ, 'Har tenkt at familien klarer seg bedre uten henne. Ingen planer, sterk beskyttelse i barna. Kriseplan.', rel='selvmord depresjon')
n('09', '2019-11-26 10:00', FASTLEGE, 'Svar fra pasient- og brukerombudet mottatt. Line fornøyd med at DPS har beklaget.', rel='klage')
n('09', '2021-01-12 10:00', FASTLEGE, 'Klager over tretthet og leddsmerter, blodprøver tatt. Vitamin D lav.', tempt='klage')
n('09', '2024-11-05 10:00', FASTLEGE, 'Feil i e-resept igjen: fikk ekspedert Cipralex 20 mg i stedet for 10 mg. Oppdaget selv. Rettet og avvik meldt.', rel='legemiddelavvik')
# ---- t2p10 Ragnhild
n('10', '2018-04-10 08:30', HJSPL, 'Morgenbesøk. Alt i orden, medisiner tatt, kaffe og brødskive. Pas. fornøyd.', rel='hjemmetjenester')
n('10', '2019-04-16 10:00', TILDELING, 'Tildelingsmøte: Ragnhild vurderes ikke å ha samtykkekompetanse for flytting. Datter er enig i langtidsopphold, pasienten motsetter seg ikke.', rel='samtykke langtid')
n('10', '2019-07-02 10:00', SYKEHJEM, 'Braden-skåre 18, lav risiko for trykksår. Ingen rødme. Fortsetter vanlig forflytning.', tempt='trykksar')
n('10', '2019-09-17 10:00', SYKEHJEM, 'Avvik: heisen sto i 2 timer, beboerne fikk middag sent. Ingen medisiner berørt.', tempt='legemiddelavvik')
n('10', '2020-11-27 22:00', HFA, 'Kveld: roligere, men fortsatt uklar, vet ikke hvor hun er. Drikker med hjelp.', rel='delirium')
n('10', '2021-05-11 14:00', SYKEHJEM, 'Feiret 87-årsdag i stua med kaker. Datter og barnebarn på besøk.')
n('10', '2022-01-25 10:00', SYKEHJEM2, 'Ingen tegn til delir ved rutinevurdering (4AT 0). Vanlig nivå av glemsomhet.', tempt='delirium', rel='demens')
n('10', '2022-11-15 08:00', HFA, 'Stell gikk fint uten motstand. Ragnhild sang med på "Kan du glemme gamle Norge".')
# ---- t2p11 Arne
n('11', '2016-06-07 10:00', FASTLEGE, 'Kontroll. Klager over at det er stille i huset. Ingen tegn til depresjon ved MADRS 8.', rel='ensomhet', tempt='depresjon klage')
n('11', '2017-03-15 08:10', HJSPL2, 'Morgenbesøk: insulin satt, BS 9,6. Ingen avvik. Arne fortalte om krigen.', rel='diabetes hjemmetjenester', tempt='legemiddelavvik')
n('11', '2018-09-18 10:00', HJSPL, 'Sår på leggen etter at han skrapte seg på bildøra. Ikke trykksår. Stell og bandasje.', tempt='trykksar')
n('11', '2021-01-12 10:00', SYKEHJEM, 'Korttidsopphold: Arne sier han ikke vil ha langtidsplass, "jeg skal hjem og dø i min egen stue".', rel='langtid')
n('11', '2021-01-20 10:00', SYKEHJEM2, 'Rødme på hælen etter mye sengeleie på sykehuset. Kategori 1, avlastes.', rel='trykksar')
n('11', '2022-11-29 10:00', HJSPL3, 'Fikk medisinene fra feil dosett, nabopasientens dosett lå i samme pose fra apoteket. Oppdaget før inntak. Avvik.', rel='legemiddelavvik')
n('11', '2023-08-22 10:00', FASTLEGE, 'Samtykkekompetent til å avslå sykehjemsplass, forstår risikoen ved å bo hjemme. Respekteres.', rel='samtykke')
n('11', '2025-11-11 08:30', HJSPL2, 'Kort besøk, insulin og frokost. Arne sier hjemmesykepleien er "det beste i dagen hans".', rel='hjemmetjenester diabetes ensomhet')
# ---- t2p12 Solveig
n('12', '2013-03-12 09:00', 'Berit Aas, sjukepleiar heimesjukepleia', 'Vanleg besøk. Strømper på, dropar gitt. Ho baka flatbrød. Ingen merknader.', rel='hjemmetjenester')
n('12', '2015-10-06 09:00', HJSPL, 'Solveig seier at sonen tek pengane hennar og ikkje handlar mat. Skapet tomt. Drøfta med leiar, mistanke om økonomisk utnytting.', rel='omsorgssvikt ernaering')
n('12', '2016-11-08 09:00', HJSPL3, 'pas sitt i same klede som i gaar, urinlukt, ikkje vaska seg paa ei veke. Nektar dusj. Son seier han ikkje har tid.', rel='omsorgssvikt inkontinens hjemmetjenester')
n('12', '2017-03-07 10:00', TILSYNSLEGE, 'Innkomstsamtale langtidsopphald. Moderat demens. Samtykkekompetanse for dei fleste avgjerder manglar.', rel='langtid samtykke demens')
n('12', '2018-05-15 10:00', SYKEHJEM, 'Avvik frå kostplanen: fekk ordinær kost i staden for mosa, hosta litt. Ingen aspirasjon.', tempt='legemiddelavvik', rel='ernaering')
n('12', '2019-06-04 10:00', SYKEHJEM2, 'Ingen teikn til delir ved morgonvurdering, vanleg dagsform. Ingen trykksår, huda heil.', tempt='delirium trykksar')
n('12', '2020-07-14 10:00', SYKEHJEM2, 'Trykksåret på hofta større, 4x3 cm. Vac-behandling vurdert men avslått, fokus på lindring.', rel='trykksar')
# ---- t2p13 Olav
n('13', '2019-03-19 10:00', FASTLEGE3, 'Kona sier Olav drikker mer øl enn før og kjører på butikken selv om han har mistet førerkortet.', rel='rus demens')
n('13', '2019-10-01 13:00', SYKEHJEM, 'Olav satt rolig i stua og brettet håndklær i en time. Dette ser ut til å være et godt tiltak.')
n('13', '2020-02-11 10:00', SYKEHJEM, 'Kona har klaget til Statsforvalteren på den låste døra. Uttalelse fra sykehjemmet sendt.', rel='klage tvang')
n('13', '2020-10-29 22:00', HFA, 'Fremdeles akutt forvirret, roper etter moren sin, river av seg klærne. Feber 38,2.', rel='delirium')
n('13', '2021-08-24 10:00', SYKEHJEM2, 'Falt fra senga i natt, funnet på gulvet. Ingen skade. Lav seng bestilt.', rel='fall')
n('13', '2022-06-21 10:00', SYKEHJEM, 'Halvårsevaluering: ingen delirium siste halvår, stabil demens. Samtykkekompetanse fortsatt manglende.', tempt='delirium', rel='samtykke demens')
# ---- t2p14 Bjørn
n('14', '2017-05-16 10:00', VERNEPL, 'Bjørn viser uro og gråt etter helger med overnattingsbesøk hos en tidligere nabo. Personalet bekymret for om han er utsatt for seksuelle overgrep. Melding til politiet.', rel='overgrep')
n('14', '2017-06-13 10:00', VERNEPL2, 'Politiet har tatt avhør av personalet. Bjørn har fått tilrettelagt avhør med tegn. Besøkene er stanset.', rel='overgrep')
n('14', '2019-11-12 14:00', MILJO2, 'Skjermet fra medbeboere i stua i 20 min etter at han veltet bordet. Gikk fint etterpå.', rel='skjerming utagering')
n('14', '2021-11-16 10:00', FASTLEGE2, 'Klager med grimasering over brystet? Nei, peker på skulder. Muskelsmerter, Paracet.', tempt='brystsmerter klage')
n('14', '2023-09-26 10:00', VERNEPL, 'Samtykkekompetanse vurdert: Bjørn kan ikke samtykke til tannbehandling i narkose. Verge og tannlege informert.', rel='samtykke')
# ---- t2p15 Elias
n('15', '2016-03-08 10:00', FASTLEGE3, 'Astma, anstrengelsesutløst. Ventoline før gym.', rel='astma')
n('15', '2018-02-13 10:00', HS_SKOLE, 'Klassen har hatt opplegg om nettvett. Elias er lei seg fordi bestefar er på sykehjem og har demens.', tempt='demens')
n('15', '2020-01-28 10:00', HS_SKOLE, 'Elias skal lage presentasjon om pengespill og reklame. Virker interessert i temaet.', tempt='pengespill')
n('15', '2023-03-28 10:00', FASTLEGE3, 'Astmakontroll, god kontroll med Symbicort. Røyker ikke lenger.', rel='astma')
# ---- third pass: routine visits and a few more borderline notes
n('01', '2011-03-15 10:00', HS_STASJON, '3-årskontroll. Prater i lange setninger, leker med andre barn. Ingen bekymringer fra foreldrene.')
n('01', '2018-11-06 10:00', HS_SKOLE, 'Vondt i magen etter å ha spist for mye godteri på bursdag, sier han selv. Ingen tiltak.', tempt='magesmerter')
n('02', '2014-10-14 10:00', HS_SKOLE, 'Vaksine 2. trinn. Ingen spørsmål fra foreldre.')
n('02', '2019-09-10 10:00', HS_SKOLE, 'Åpen dør. Tuva spør om mensen og om det er normalt å ha vondt i magen da. Info gitt.', tempt='magesmerter')
n('03', '2014-11-25 10:00', HS_STASJON, '4-årskontroll gjennomført av helsesykepleier i barnehagen. Tydelig framgang i språk. Ikke holdepunkter for omsorgssvikt nå, mor følger opp avtaler.', tempt='omsorgssvikt')
n('03', '2018-10-02 10:00', HS_SKOLE, 'Kort samtale i friminuttet, Jonas viser fram ny tann som har kommet.')
n('04', '2019-05-14 10:00', HS_SKOLE, 'Foreldremøte 1. trinn med tema trygghet og grenser. Foreldre spurte om hva skolen gjør ved mistanke om omsorgssvikt.', tempt='omsorgssvikt')
n('04', '2024-11-26 10:00', HS_SKOLE, 'Samtykke innhentet fra mor for å innhente opplysninger fra audiograf. Ingen nye plager.', tempt='samtykke')
n('05', '2012-05-22 10:00', HS_SKOLE, '3. trinn. Morfar følger opp godt, Adrian har fått fast plass i fotballaget.')
n('06', '2010-09-07 10:00', HS_SKOLE, 'Skulestart. Veks fint, høyrsel og syn normalt. Foreldra spurde om vaksinar.', tempt='horsel')
n('06', '2025-06-24 10:00', HS_STASJON, '1-årskontroll for sønnen; Aurora møtte. Hun sier hun har det bedre og sover mer nå.', tempt='sovn depresjon')
n('07', '2009-08-18 10:00', FASTLEGE, 'Kontroll p-piller, BT 118/72. Ingen bivirkninger.', tempt='graviditet')
n('07', '2025-04-29 10:00', FASTLEGE, 'Samtykke til deling av journal med fysioterapeut gitt skriftlig. Skulder bedre.', tempt='samtykke')
n('08', '2019-12-17 10:00', FASTLEGE3, 'Julebord i går, drakk bare vann. Stolt. Ingen suget.', rel='rus')
n('08', '2021-06-08 10:00', FASTLEGE3, 'Influensavaksine og kolesterolkontroll. Uendret.')
n('09', '2015-08-25 10:00', FASTLEGE, 'Gastroenteritt, magevondt og diaré i 2 døgn. Rikelig drikke, sykmeldt 3 dager.', rel='magesmerter')
n('09', '2022-12-06 10:00', FASTLEGE, 'Kontroll etter nakkeslengskaden. Ingen hodepine siste måned. Friskmeldt.', tempt='hodepine')
n('10', '2018-11-27 08:30', HJSPL3, 'Morgenbesøk. Pas. litt forvirret om hvilken dag det var, men kjente oss igjen og tok medisiner. Ikke akutt endring.', rel='demens hjemmetjenester', tempt='delirium')
n('10', '2019-05-20 14:00', SYKEHJEM2, 'Primærkontakt samtale med datter om livshistorie. Ragnhild var lærer i 40 år, liker salmer og kaffe med fløte.', rel='langtid')
n('11', '2017-11-21 10:00', FASTLEGE, 'Demens? Sønnen spør. Ingen tegn til kognitiv svikt, Arne husker detaljer godt. Bekymringen skyldes hørselen.', tempt='demens', rel='horsel')
n('11', '2019-07-16 08:30', HJSPL3, 'Sommervikar på tur. Insulin satt, BS 7,8. Arne viste fram tomatplantene sine.', rel='hjemmetjenester diabetes')
n('11', '2022-02-01 10:00', FASTLEGE, 'Magesmerter øverst i magen etter måltider. Gastroskopi: ulcus. PPI og seponert ibux.', rel='magesmerter')
n('12', '2016-05-10 09:00', HJSPL, 'Vanleg morgonbesøk. Ho sat ute på trappa i sola og lo av katten. Dropar gitt.', rel='hjemmetjenester')
n('12', '2018-12-18 15:00', SYKEHJEM, 'Julemiddag på avdelinga, Solveig åt ribbe og song med på julesongar.')
n('13', '2020-05-05 10:00', SYKEHJEM, 'Kona har fått samtale med demenskoordinator om pårørendeskole. Olav rolig.', rel='demens')
n('13', '2021-11-09 14:00', HFA, 'Ingen utagering i dag. Olav hjalp til å dekke bordet.', tempt='utagering')
n('14', '2018-03-20 10:00', VERNEPL2, 'Dagsenter: Bjørn pakker posekort, jobber konsentrert i 40 min. Fornøyd.')
n('14', '2020-06-09 10:00', MILJO, 'Sommerfest i boligen. Bjørn danset og spiste grillmat. Ingen anfall.', tempt='epilepsi')
n('15', '2019-09-03 10:00', HS_SKOLE, 'Vaksine 7. trinn. Elias spurte om vaksinen gjør vondt, gikk fint.')
n('15', '2024-06-11 10:00', FASTLEGE3, 'Attest til arbeidsgiver. Frisk. Ingen rusmidler siste år, sier han.', tempt='rus')
n('09', '2019-08-20 10:00', FASTLEGE, 'Line jobber selv som helsefagarbeider i hjemmesykepleien, mye stress og overtid. Sykmelding vurdert, ikke ønsket.', tempt='hjemmetjenester')
n('08', '2022-08-09 10:00', FASTLEGE3, 'Moren hans (88) har fått hjemmesykepleie og trygghetsalarm, Geir drar dit hver søndag. Det gir ham noe å gjøre.', tempt='hjemmetjenester')


# ---------------------------------------------------------------- queries
# (topic code, query text, scope). relevant/tempting come from the note tags within the scope.
P = lambda k, a=None, b=None: {k2: v for k2, v in (('person', 't2p' + k), ('ageFrom', a), ('ageTo', b)) if v is not None}
QUERIES = [
    # one query over everyone per topic, with the word a lawyer would type
    ('mobbing', 'mobbing', {}),
    ('vold', 'vold', {}),
    ('overgrep', 'seksuelle overgrep', {}),
    ('omsorgssvikt', 'omsorgssvikt', {}),
    ('tvang', 'tvang', {}),
    ('holding', 'holding', {}),
    ('skjerming', 'skjerming', {}),
    ('selvskading', 'selvskading', {}),
    ('selvmord', 'selvmordstanker', {}),
    ('sovn', 'søvnvansker', {}),
    ('ernaering', 'vekttap', {}),
    ('fall', 'fall', {}),
    ('trykksar', 'trykksår', {}),
    ('legemiddelavvik', 'legemiddelavvik', {}),
    ('hodepine', 'hodepine', {}),
    ('brystsmerter', 'brystsmerter', {}),
    ('magesmerter', 'magesmerter', {}),
    ('angst', 'angst', {}),
    ('depresjon', 'depresjon', {}),
    ('skolevegring', 'skolevegring', {}),
    ('rus', 'rus', {}),
    ('samtykke', 'samtykkekompetanse', {}),
    ('langtid', 'langtidsopphold', {}),
    ('hjemmetjenester', 'hjemmesykepleie', {}),
    ('demens', 'demens', {}),
    ('delirium', 'delirium', {}),
    ('utagering', 'utagering', {}),
    ('klage', 'klage', {}),
    ('inkontinens', 'inkontinens', {}),
    ('horsel', 'hørselstap', {}),
    ('diabetes', 'diabetes', {}),
    ('ensomhet', 'ensomhet', {}),
    ('epilepsi', 'epilepsi', {}),
    ('graviditet', 'graviditet', {}),
    ('pengespill', 'pengespill', {}),
    ('astma', 'astma', {}),
    # other words for the same topics
    ('mobbing', 'plaget', {}),
    ('mobbing', 'krenkelser', {}),
    ('vold', 'slått', {}),
    ('overgrep', 'overgrep', {}),
    ('omsorgssvikt', 'vanskjøtsel', {}),
    ('tvang', 'tvangsvedtak', {}),
    ('holding', 'holdt fast', {}),
    ('selvskading', 'kuttet seg', {}),
    ('selvmord', 'suicidal', {}),
    ('sovn', 'sover dårlig', {}),
    ('ernaering', 'spiser lite', {}),
    ('fall', 'falt', {}),
    ('trykksar', 'liggesår', {}),
    ('legemiddelavvik', 'feil medisin', {}),
    ('hodepine', 'vondt i hodet', {}),
    ('magesmerter', 'vondt i magen', {}),
    ('depresjon', 'nedstemt', {}),
    ('skolevegring', 'fravær', {}),
    ('rus', 'alkohol', {}),
    ('hjemmetjenester', 'hjemmetjenester', {}),
    ('demens', 'kognitiv svikt', {}),
    ('delirium', 'akutt forvirring', {}),
    ('utagering', 'aggressiv', {}),
    ('pengespill', 'spilleavhengighet', {}),
    ('ensomhet', 'isolert', {}),
    # person-scoped, with age windows
    ('mobbing', 'mobbing', P('01', 13, 15)),   # the lawsuit case: 12 and 16+ must not count
    ('mobbing', 'plaget', P('01', 13, 15)),
    ('mobbing', 'utestengt', P('01', 13, 15)),
    ('skolevegring', 'fravær', P('01', 13, 15)),
    ('selvskading', 'selvskading', P('02', 13, 15)),
    ('tvang', 'tvang', P('02', 14, 14)),
    ('ernaering', 'spiseforstyrrelse', P('02', 13, 17)),
    ('omsorgssvikt', 'omsorgssvikt', P('03', 0, 5)),
    ('vold', 'vold', P('03', 6, 12)),
    ('overgrep', 'overgrep', P('04', 6, 9)),
    ('horsel', 'hørsel', P('04', 0, 12)),
    ('pengespill', 'pengespill', P('05', 17, 23)),
    ('utagering', 'utagering', P('05', 16, 18)),
    ('epilepsi', 'anfall', P('06', 10, 16)),
    ('vold', 'vold i nære relasjoner', P('07', 24, 26)),
    ('rus', 'alkohol', P('08')),
    ('fall', 'fall', P('10', 83, 89)),
    ('trykksar', 'trykksår', P('12')),
    ('tvang', 'tvang', P('13', 73, 74)),
    ('mobbing', 'mobbing', P('15', 0, 12)),
]


def birthday(birth, years):
    y, m, d = (int(x) for x in birth.split('-'))
    return datetime.date(y + years, m, d)


def main():
    people = {p[0]: p for p in PEOPLE}
    notes = []
    errors = []
    for i, x in enumerate(NOTES, 1):
        key = 't2n%04d' % i
        x['key'] = key
        date = datetime.date.fromisoformat(x['when'][:10])
        x['date'] = date
        birth = datetime.date.fromisoformat(people[x['person']][3])
        if not (birth <= date <= datetime.date(2026, 11, 30)):
            errors.append('%s: date %s outside life/2026' % (key, date))
        for t in x['rel'] + x['tempt']:
            if t not in TOPICS:
                errors.append('%s: unknown topic %s' % (key, t))
        notes.append({'key': key, 'person': x['person'], 'writtenAt': x['when'].replace(' ', 'T'),
                      'author': x['author'], 'text': x['text']})
    queries = []
    for i, (topic, text, scope) in enumerate(QUERIES, 1):
        def inscope(x):
            if 'person' in scope and x['person'] != scope['person']:
                return False
            birth = people[x['person']][3]
            if 'ageFrom' in scope and x['date'] < birthday(birth, scope['ageFrom']):
                return False
            if 'ageTo' in scope and x['date'] >= birthday(birth, scope['ageTo'] + 1):
                return False
            return True
        rel = [x['key'] for x in NOTES if inscope(x) and topic in x['rel']]
        tempt = [x['key'] for x in NOTES if inscope(x) and topic in x['tempt'] and topic not in x['rel']]
        if not rel:
            errors.append('query %s (%s) has no relevant note' % (text, scope))
        queries.append({'id': 't2q%02d' % i, 'topic': TOPICS[topic][0], 'listed': TOPICS[topic][1],
                        'query': text, 'scope': scope, 'relevant': rel, 'tempting': tempt})
    # per-topic minimums: listed >= 8 relevant over >= 3 people and >= 2 tempting; unlisted >= 6 relevant
    print('%-18s %4s %4s %7s' % ('topic', 'rel', 'tempt', 'people'))
    for code, (name, listed) in TOPICS.items():
        r = [x for x in NOTES if code in x['rel']]
        t = [x for x in NOTES if code in x['tempt'] and code not in x['rel']]
        who = len({x['person'] for x in r})
        print('%-18s %4d %4d %7d%s' % (name, len(r), len(t), who, '' if listed else '  (unlisted)'))
        if listed and (len(r) < 8 or len(t) < 2 or who < 3):
            errors.append('listed topic %s too thin: %d rel, %d tempt, %d people' % (name, len(r), len(t), who))
        if not listed and len(r) < 6:
            errors.append('unlisted topic %s too thin: %d rel' % (name, len(r)))
    untagged = sum(1 for x in NOTES if not x['rel'])
    print('notes %d (%d about no topic), queries %d' % (len(notes), untagged, len(queries)))
    if errors:
        print('\n'.join(errors), file=sys.stderr)
        sys.exit(1)
    out = {'version': 1,
           'people': [{'key': k, 'givenName': g, 'familyName': f, 'birthDate': b, 'sex': s} for k, g, f, b, s in PEOPLE],
           'notes': notes, 'queries': queries}
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'tuning-set-2.json')
    with open(path, 'w', encoding='utf-8') as f:
        json.dump(out, f, ensure_ascii=False, indent=2)
        f.write('\n')
    print('wrote', path)
    # The repository checks JSON formatting with prettier; format the file when npx is at hand.
    root = os.path.dirname(os.path.dirname(os.path.dirname(path)))
    if shutil.which('npx'):
        subprocess.run(['npx', 'prettier', '--write', path], cwd=root, check=False)
    else:
        print('npx not found: run `npx prettier --write dev/search-eval/tuning-set-2.json`')


if __name__ == '__main__':
    main()
