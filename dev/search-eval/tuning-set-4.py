#!/usr/bin/env python3
"""Fourth labelled tuning set for Helsespor's note search (writes tuning-set-4.json).

Written from scratch, blind to the search: without reading the search vocabulary, concept
examples or code (search-index/), the blind sets (test/search-eval/), the notes of tuning
sets 1-3 (only the format: the head, one person's block, the query list and main() of
tuning-set-3.py), dev/care-notes*.ts or shared/fixtures. Every note carries, where it is
written, the topics it is ABOUT (rel) and the topics whose words it uses without being about
them (tempt: negations, other senses, family history, someone else's problem, checklists,
campaigns). Queries take `relevant` and `tempting` from those tags within their scope
(person and age window: ageFrom/ageTo in whole years; ages 13-15 = from the 13th birthday
up to the day before the 16th).

    python3 dev/search-eval/tuning-set-4.py      # writes dev/search-eval/tuning-set-4.json (then prettier)
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
    # chosen here, not on the brief's list (and not those of tuning sets 2 and 3)
    'epilepsi': ('epilepsi/anfall', False),
    'diabetes': ('diabetes/blodsukker', False),
    'ensomhet': ('ensomhet/isolasjon', False),
    'infeksjon': ('infeksjon/feber', False),
    'svimmelhet': ('svimmelhet', False),
    'okonomi': ('økonomi/bolig', False),
}

PEOPLE = [
    # key, given, family, birth, sex
    ('t4p01', 'Emilie', 'Rønning', '2010-05-11', 'F'),
    ('t4p02', 'Noah', 'Kristiansen', '2012-09-03', 'M'),
    ('t4p03', 'Aurora', 'Sæther', '2008-02-19', 'F'),
    ('t4p04', 'Elias', 'Nordli', '2009-11-30', 'M'),
    ('t4p05', 'Nora', 'Abdi', '2011-04-07', 'F'),
    ('t4p06', 'Kristian', 'Hald', '1988-06-14', 'M'),
    ('t4p07', 'Ingrid', 'Solheim', '1979-10-02', 'F'),
    ('t4p08', 'Rune', 'Kvamme', '1962-01-23', 'M'),
    ('t4p09', 'Linda', 'Bergseth', '1995-08-08', 'F'),
    ('t4p10', 'Astrid', 'Holmboe', '1934-12-12', 'F'),
    ('t4p11', 'Olav', 'Brekke', '1940-03-03', 'M'),
    ('t4p12', 'Reidun', 'Myklebust', '1937-07-21', 'F'),
    ('t4p13', 'Per Arne', 'Skogstad', '1951-09-09', 'M'),
    ('t4p14', 'Martin', 'Vikøren', '1993-05-26', 'M'),
    ('t4p15', 'Sofie', 'Eidsvåg', '2013-01-15', 'F'),
    ('t4p16', 'Thea', 'Aune', '2006-07-30', 'F'),
]

NOTES = []


def n(person, when, author, text, rel='', tempt=''):
    """One note: person key suffix ('01'), 'YYYY-MM-DD HH:MM', 'name, role', text, topic tags."""
    NOTES.append({
        'person': 't4p' + person, 'when': when, 'author': author, 'text': text,
        'rel': rel.split(), 'tempt': tempt.split(),
    })


# ---------------------------------------------------------------- authors
HS = 'Tove Rygh, helsesykepleier helsestasjon'
HSN = 'Gunvor Hjelle, helsesjukepleiar helsestasjonen'
SK = 'Mari Fossum, helsesykepleier skolehelsetjenesten'
SKN = 'Ragnhild Vik, helsesjukepleiar skulehelsetenesta'
FLA = 'Einar Torp, fastlege'
FLB = 'Heidi Aakre, fastlege'
FLC = 'Sverre Lindahl, fastlege'
LV = 'Maria Ekeli, lege legevakt'
LV2 = 'Tor Inge Sund, sykepleier legevakt'
KLA = 'Kristin Dale, kontaktlærer (referat)'
KLB = 'Arne Tvedt, kontaktlærar (referat)'
INSP = 'Bente Hagen, inspektør ungdomsskolen'
RKT = 'Geir Lunder, rektor (referat)'
PPT = 'Anniken Sollie, PPT-rådgiver'
BVA = 'Stian Moen, barnevernskonsulent'
BVB = 'Fatima Ali, saksbehandler barneverntjenesten'
BARNEHUS = 'Hilde Kaasa, rådgiver Statens barnehus'
BUPA = 'Kjersti Aal, overlege BUP'
BUPB = 'Henning Rød, psykologspesialist BUP poliklinikk'
BUPD = 'Lise Wold, miljøterapeut BUP døgnpost'
BUPN = 'kim, nattevakt BUP døgn'
PSA = 'Ola Grimstad, overlege akuttpost psykiatri'
PSL = 'Ida Ness, LIS psykiatri'
PSS = 'Camilla Roos, sykepleier akuttpost'
PSN = 'Ronny Bakke, miljøarbeider natt'
DPS = 'Susanne Berge, psykolog DPS'
DPSL = 'Magnus Eng, overlege DPS'
KPH = 'Laila Sørum, psykiatrisk sykepleier kommunen'
RUS = 'Terje Holte, ruskonsulent kommunen'
TSB = 'Anette Lund, lege TSB avrusning'
NAV = 'Vibeke Sand, veileder NAV'
BOL = 'Jan Ove Rud, boligkonsulent kommunen'
KRISE = 'Nina Olsen, rådgiver krisesenteret'
SYKA = 'Pål Hegge, LIS medisinsk avdeling'
SYKB = 'Gro Lie, overlege nevrologi'
GER = 'Ellen Fjellstad, overlege geriatrisk poliklinikk'
HJA = 'Anne Lise Brun, sykepleier hjemmesykepleien'
HJB = 'Kjetil Sand, helsefagarbeider hjemmetjenesten'
HJC = 'Marit Lothe, heimesjukepleiar'
HJD = 'Aslak Ryen, helsefagarbeidar heimetenesta'
HJN = 'Svein, nattpatrulje hjemmetjenesten'
TILD = 'Randi Dahl, saksbehandler tildelingskontoret'
SHA = 'Lene Myhr, sykepleier sykehjem'
SHB = 'Jorunn Vatne, sjukepleiar sjukeheimen'
SHF = 'Sunniva Kro, helsefagarbeider sykehjem'
SHN = 'Dagny, assistent nattevakt'
SHNN = 'Ronja, nattevakt sjukeheim'
SHL = 'Erik Valde, sykehjemslege'
FYS = 'Hege Storli, fysioterapeut'
ERG = 'Karin Lysne, ergoterapeut'
KLIN = 'Berit Foss, klinisk ernæringsfysiolog'
VPA = 'Tommy Lien, vernepleier bolig'
VPB = 'Sandra Holm, miljøarbeider bolig'
VPN = 'Nils, nattevakt bolig'
FAG = 'Hanne Rød, fagansvarlig kap. 9 (habiliteringstjenesten)'
SF = 'Saksbehandler, Statsforvalteren (referat)'
DIAB = 'Siri Haug, diabetessykepleier'
JUR = 'Ketil Vang, advokat (referat)'

#!/usr/bin/env python3
"""Fourth labelled tuning set for Helsespor's note search (writes tuning-set-4.json).

Written from scratch, blind to the search: without reading the search vocabulary, concept
examples or code (search-index/), the blind sets (test/search-eval/), the notes of tuning
sets 1-3 (only the format: the head, one person's block, the query list and main() of
tuning-set-3.py), dev/care-notes*.ts or shared/fixtures. Every note carries, where it is
written, the topics it is ABOUT (rel) and the topics whose words it uses without being about
them (tempt: negations, other senses, family history, someone else's problem, checklists,
campaigns). Queries take `relevant` and `tempting` from those tags within their scope
(person and age window: ageFrom/ageTo in whole years; ages 13-15 = from the 13th birthday
up to the day before the 16th).

    python3 dev/search-eval/tuning-set-4.py      # writes dev/search-eval/tuning-set-4.json (then prettier)
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
    # chosen here, not on the brief's list (and not those of tuning sets 2 and 3)
    'epilepsi': ('epilepsi/anfall', False),
    'diabetes': ('diabetes/blodsukker', False),
    'ensomhet': ('ensomhet/isolasjon', False),
    'infeksjon': ('infeksjon/feber', False),
    'svimmelhet': ('svimmelhet', False),
    'okonomi': ('økonomi/bolig', False),
}

PEOPLE = [
    # key, given, family, birth, sex
    ('t4p01', 'Emilie', 'Rønning', '2010-05-11', 'F'),
    ('t4p02', 'Noah', 'Kristiansen', '2012-09-03', 'M'),
    ('t4p03', 'Aurora', 'Sæther', '2008-02-19', 'F'),
    ('t4p04', 'Elias', 'Nordli', '2009-11-30', 'M'),
    ('t4p05', 'Nora', 'Abdi', '2011-04-07', 'F'),
    ('t4p06', 'Kristian', 'Hald', '1988-06-14', 'M'),
    ('t4p07', 'Ingrid', 'Solheim', '1979-10-02', 'F'),
    ('t4p08', 'Rune', 'Kvamme', '1962-01-23', 'M'),
    ('t4p09', 'Linda', 'Bergseth', '1995-08-08', 'F'),
    ('t4p10', 'Astrid', 'Holmboe', '1934-12-12', 'F'),
    ('t4p11', 'Olav', 'Brekke', '1940-03-03', 'M'),
    ('t4p12', 'Reidun', 'Myklebust', '1937-07-21', 'F'),
    ('t4p13', 'Per Arne', 'Skogstad', '1951-09-09', 'M'),
    ('t4p14', 'Martin', 'Vikøren', '1993-05-26', 'M'),
    ('t4p15', 'Sofie', 'Eidsvåg', '2013-01-15', 'F'),
    ('t4p16', 'Thea', 'Aune', '2006-07-30', 'F'),
]

NOTES = []


def n(person, when, author, text, rel='', tempt=''):
    """One note: person key suffix ('01'), 'YYYY-MM-DD HH:MM', 'name, role', text, topic tags."""
    NOTES.append({
        'person': 't4p' + person, 'when': when, 'author': author, 'text': text,
        'rel': rel.split(), 'tempt': tempt.split(),
    })


# ---------------------------------------------------------------- authors
HS = 'Tove Rygh, helsesykepleier helsestasjon'
HSN = 'Gunvor Hjelle, helsesjukepleiar helsestasjonen'
SK = 'Mari Fossum, helsesykepleier skolehelsetjenesten'
SKN = 'Ragnhild Vik, helsesjukepleiar skulehelsetenesta'
FLA = 'Einar Torp, fastlege'
FLB = 'Heidi Aakre, fastlege'
FLC = 'Sverre Lindahl, fastlege'
LV = 'Maria Ekeli, lege legevakt'
LV2 = 'Tor Inge Sund, sykepleier legevakt'
KLA = 'Kristin Dale, kontaktlærer (referat)'
KLB = 'Arne Tvedt, kontaktlærar (referat)'
INSP = 'Bente Hagen, inspektør ungdomsskolen'
RKT = 'Geir Lunder, rektor (referat)'
PPT = 'Anniken Sollie, PPT-rådgiver'
BVA = 'Stian Moen, barnevernskonsulent'
BVB = 'Fatima Ali, saksbehandler barneverntjenesten'
BARNEHUS = 'Hilde Kaasa, rådgiver Statens barnehus'
BUPA = 'Kjersti Aal, overlege BUP'
BUPB = 'Henning Rød, psykologspesialist BUP poliklinikk'
BUPD = 'Lise Wold, miljøterapeut BUP døgnpost'
BUPN = 'kim, nattevakt BUP døgn'
PSA = 'Ola Grimstad, overlege akuttpost psykiatri'
PSL = 'Ida Ness, LIS psykiatri'
PSS = 'Camilla Roos, sykepleier akuttpost'
PSN = 'Ronny Bakke, miljøarbeider natt'
DPS = 'Susanne Berge, psykolog DPS'
DPSL = 'Magnus Eng, overlege DPS'
KPH = 'Laila Sørum, psykiatrisk sykepleier kommunen'
RUS = 'Terje Holte, ruskonsulent kommunen'
TSB = 'Anette Lund, lege TSB avrusning'
NAV = 'Vibeke Sand, veileder NAV'
BOL = 'Jan Ove Rud, boligkonsulent kommunen'
KRISE = 'Nina Olsen, rådgiver krisesenteret'
SYKA = 'Pål Hegge, LIS medisinsk avdeling'
SYKB = 'Gro Lie, overlege nevrologi'
GER = 'Ellen Fjellstad, overlege geriatrisk poliklinikk'
HJA = 'Anne Lise Brun, sykepleier hjemmesykepleien'
HJB = 'Kjetil Sand, helsefagarbeider hjemmetjenesten'
HJC = 'Marit Lothe, heimesjukepleiar'
HJD = 'Aslak Ryen, helsefagarbeidar heimetenesta'
HJN = 'Svein, nattpatrulje hjemmetjenesten'
TILD = 'Randi Dahl, saksbehandler tildelingskontoret'
SHA = 'Lene Myhr, sykepleier sykehjem'
SHB = 'Jorunn Vatne, sjukepleiar sjukeheimen'
SHF = 'Sunniva Kro, helsefagarbeider sykehjem'
SHN = 'Dagny, assistent nattevakt'
SHNN = 'Ronja, nattevakt sjukeheim'
SHL = 'Erik Valde, sykehjemslege'
FYS = 'Hege Storli, fysioterapeut'
ERG = 'Karin Lysne, ergoterapeut'
KLIN = 'Berit Foss, klinisk ernæringsfysiolog'
VPA = 'Tommy Lien, vernepleier bolig'
VPB = 'Sandra Holm, miljøarbeider bolig'
VPN = 'Nils, nattevakt bolig'
FAG = 'Hanne Rød, fagansvarlig kap. 9 (habiliteringstjenesten)'
SF = 'Saksbehandler, Statsforvalteren (referat)'
DIAB = 'Siri Haug, diabetessykepleier'
JUR = 'Ketil Vang, advokat (referat)'

# ---------------------------------------------------------------- t4p01 Emilie (lawsuit case: bullying 13-15)
n('01', '2010-06-22 10:00', HS, '6 ukers kontroll. Vekt 4,6 kg, god vektoppgang. Fullammes. Mor og far virker trygge. Neste kontroll 2 mnd.')
n('01', '2011-05-19 09:30', HS, 'Ettårskontroll. Går langs møbler, sier "mamma". Søvn: våkner 1-2 ganger, ammes. Normal utvikling.', tempt='sovn')
n('01', '2015-03-10 13:00', HS, '4-årskontroll. Syn og hørsel ua. Trives i barnehagen, har to bestevenninner. Foreldrene spør om vaksiner.')
n('01', '2017-02-07 11:00', FLA, 'Feber 39,4 i tre dager, hoste, røde trommehinner bilateralt. Akutt otitt. Amoxicillin mikstur. Kontroll ved behov.', rel='infeksjon')
n('01', '2019-09-12 10:15', SK, '3. trinn, samtale etter at lærer meldte at Emilie gråter før friminutt. Sier hun ikke har noen å leke med etter at venninna flyttet. Avtalt oppfølging med kontaktlærer.', rel='ensomhet')
n('01', '2021-10-05 09:00', SK, 'Helsesamtale 5. trinn. Trives, spiller håndball. Spurt om mobbing og om noen er slemme: "nei, det er greit nå". Høyde og vekt ua.', tempt='mobbing')
n('01', '2022-09-20 14:00', KLA, 'Foreldresamtale 7. trinn. Mor forteller at tre jenter i klassen har laget en Snapchat-gruppe uten Emilie der de legger ut bilder fra bursdager hun ikke er invitert til. Skolen følger opp med aktivitetsplan.', rel='mobbing')
n('01', '2022-11-29 12:30', SK, 'Emilie (12) kom innom, sier de andre jentene hvisker og ler når hun kommer inn i garderoben. Hun har begynt å skifte på do. Vondt i magen om morgenen.', rel='mobbing magesmerter')
n('01', '2023-02-14 10:00', KLA, 'Aktivitetsplan evaluert. Færre episoder i friminuttene etter at voksne er ute. Emilie sier det er "litt bedre".', rel='mobbing')
n('01', '2023-05-08 13:20', SK, 'Emilie kom gråtende etter gymmen. Noen hadde skrevet "ingen vil ha deg her" på lappen i skapet hennes. Snakket med kontaktlærer samme dag.', rel='mobbing')
n('01', '2023-06-13 11:00', FLA, 'Kontroll etter sommerforkjølelse. Lungeauskultasjon ua. Temp 37,2. Ingen tiltak.', rel='infeksjon')
n('01', '2023-08-29 09:40', KLB, 'Ny klasse 8B. Emilie sitter alene i lunsjen de første dagene. Laget ny setekart og kontaktelev.', rel='ensomhet')
n('01', '2023-09-21 14:10', INSP, 'Melding fra elev: en video av Emilie når hun snubler i trappa er delt på TikTok med teksten "kua på tur". Videoen er fjernet etter kontakt med eleven som la den ut. Sak etter opplæringslova kap. 12, plikt til å undersøke.', rel='mobbing')
n('01', '2023-10-03 10:30', SK, 'Sier hun ikke orker å gå i kantina fordi noen fra 9. trinn "muer" når hun går forbi. Sover dårlig, ligger og tenker på hva de skal gjøre neste dag.', rel='mobbing sovn')
n('01', '2023-10-17 08:50', KLB, 'Tre fraværsdager siste to uker, alle etter kroppsøving. Mor sier Emilie har vondt i magen og ikke kommer seg ut døra.', rel='skolevegring magesmerter')
n('01', '2023-11-07 15:00', INSP, 'Møte med foreldre. Aktivitetsplan for Emilie: voksen i gangen ved kantina, samtaler med involverte elever, oppfølging ukentlig. Foreldrene mener skolen har visst dette siden 7. trinn.', rel='mobbing')
n('01', '2023-11-28 10:00', SK, 'Skolen hadde temauke "Vi sier fra" mot mobbing. Emilie var med i elevrådet og hengte opp plakater. Ingen egne saker tatt opp i dag.', tempt='mobbing')
n('01', '2024-01-16 09:00', KLB, 'Emilie ble sittende igjen alene da klassen skulle lage grupper i naturfag; ingen ville ha henne. Løst ved at lærer satte gruppene. Hun gikk hjem etter 3. time.', rel='mobbing skolevegring')
n('01', '2024-01-30 13:30', FLA, 'Mor bestilte time. Emilie har hatt hodepine nesten daglig i tre uker, verst på skoledager, borte i helger. Nevrologisk us ua. BT 102/64. Spør forsiktig om skolen, hun begynner å gråte og sier at "alle hater meg der". Henviser BUP.', rel='hodepine mobbing')
n('01', '2024-02-20 14:00', BUPB, 'Første samtale. Emilie beskriver at hun er holdt utenfor siden 7. trinn, kalt "kua" og "fetta", og at noen har laget en falsk profil med bildet hennes. Hun er redd hele tiden på skolen, hjertet banker og hun får ikke puste i friminuttene. Vurderes som angstsymptomer knyttet til skolesituasjonen.', rel='mobbing angst')
n('01', '2024-03-05 11:10', INSP, 'Undersøkelse etter kap. 12: to elever innrømmer å stå bak kontoen "emilie.kua". Kontoen slettet, foreldremøter holdt. Saken meldt til politiet av foreldrene.', rel='mobbing')
n('01', '2024-03-19 10:00', BUPB, 'Forteller at hun har risset seg på låret med passer tre ganger siste måned "for å kjenne noe annet". Overflatiske riper, ingen infeksjon. Sikkerhetsplan laget sammen med mor.', rel='selvskading')
n('01', '2024-04-09 14:00', BUPB, 'Spurt direkte om selvmordstanker: benekter planer, men har tenkt "det hadde vært lettere om jeg ikke fantes". Vurdert lav akutt risiko. Tett oppfølging.', rel='selvmord')
n('01', '2024-04-23 12:00', KLB, 'Fravær 18 % dette halvåret. Emilie møter til første time, men går hjem når det er friminutt ute. Tilrettelagt med pauser på biblioteket.', rel='skolevegring')
n('01', '2024-05-14 09:30', SK, 'Emilie skrev norsktekst om netthets som vant skolens skrivekonkurranse. Hun sier hun skrev om "en venninne". Ønsker ikke å snakke om det i dag. Sover bedre.', tempt='mobbing sovn')
n('01', '2024-06-11 15:30', RKT, 'Foreldrene har klaget til Statsforvalteren på at skolen ikke har oppfylt aktivitetsplikten. Skolen sender dokumentasjon innen fristen.', rel='klage mobbing')
n('01', '2024-09-03 10:00', KLB, '9. trinn. Ny klasseinndeling. Emilie har fått være sammen med ei venninne fra håndballen. Rolig start.')
n('01', '2024-09-24 13:00', SK, 'Sier noen fortsatt grynter når hun går forbi i gangen, og at to gutter la ut et bilde av henne i dusjen fra leirskolen. Hun vet ikke hvem som tok det. Meldt til inspektør og politiet.', rel='mobbing overgrep')
n('01', '2024-10-08 14:15', INSP, 'Bildedelingssaken: politiet har tatt over etterforskningen (deling av seksualisert bilde av mindreårig). Elevene er suspendert i tre dager. Ny aktivitetsplan.', rel='mobbing overgrep')
n('01', '2024-11-12 10:30', BUPB, 'Sliter med innsovning, ligger våken til to-tre og sjekker telefonen om det er lagt ut noe nytt. Søvnhygiene gjennomgått, telefon ut av rommet.', rel='sovn mobbing')
n('01', '2024-12-10 13:45', SKN, 'Kusina til Emilie vert plaga på ein annan skule, og Emilie er lei seg for henne. Sjølv seier ho at det er roleg i klassen no.', tempt='mobbing')
n('01', '2025-01-21 09:00', SF, 'Statsforvalteren har behandlet klagen etter opplæringslova kap. 12 og kommet til at skolen brøt aktivitetsplikten ved ikke å undersøke saken høsten 2023. Vedtak om tiltak: oppfølging og rapport innen 1. mars.', rel='klage mobbing')
n('01', '2025-02-18 11:00', FLA, 'Kontroll. Hodepinen er mindre, 1-2 dager i uka. Spiser og sover bedre. Ingen nye riper. Bruker paracetamol sjelden.', rel='hodepine', tempt='selvskading sovn')
n('01', '2025-03-25 12:20', KLB, 'Emilie ble kalt "horete" og "politimeldaren" i gangen av elever fra parallellklassen etter politisaken. Hun gikk hjem. Meldt inspektør.', rel='mobbing')
n('01', '2025-04-29 10:00', BUPB, 'Økende uro: har ikke vært på skolen på elleve dager. Sier hun får panikk i bussen dit, svetter og kjenner det strammer i brystet. Angst for å møte de andre.', rel='skolevegring angst brystsmerter')
n('01', '2025-05-20 14:00', PPT, 'Drøftingsmøte om fravær og læring. Anbefaler redusert timeplan, hjemmeundervisning i to fag og gradvis tilbakeføring. Emilie ønsker ikke å bytte skole.', rel='skolevegring')
n('01', '2025-06-17 09:00', SK, 'Sjekket vaksinestatus før 10. trinn (HPV fullført). Samtale om sommeren, hun skal på håndballcup. Ikke snakket om skolen i dag.')
n('01', '2025-08-26 10:30', KLB, '10. trinn. Emilie sitter alene i lunsjen igjen; venninna har fått ny gjeng. Noen har lagt henne til i en gruppechat som heter "kuaheim" og fjernet henne igjen etter fem minutter.', rel='mobbing ensomhet')
n('01', '2025-09-16 13:00', BUPB, 'Forteller at hun slo hendene i veggen til knokene blødde etter chat-episoden. Sår renset av mor. Ingen selvmordsplaner, men "tenker på å forsvinne". Kriseplan oppdatert.', rel='selvskading selvmord')
n('01', '2025-10-07 10:00', FLA, 'Influensavaksine tatt. Kort samtale: ikke noe nytt å melde om hodepine. Vekt stabil.', tempt='hodepine')
n('01', '2025-11-04 14:30', INSP, 'Oppsummering for advokat på forespørsel fra foreldrene: 14 registrerte hendelser fra 8. til 10. trinn (utestenging, kallenavn, filming, falsk profil, deling av bilde). Tiltak og datoer vedlagt.', rel='mobbing')
n('01', '2025-12-02 11:00', JUR, 'Foreldrene vurderer erstatningssak mot kommunen for manglende tiltak mot mobbing fra 2023. Innsyn i skolens og helsetjenestens journal begjært.', rel='mobbing klage')
n('01', '2026-01-13 10:00', BUPB, 'Går til skolen fire dager i uka. Trives med å være med på tegnekurs. Angsten er lavere, klarer bussen med musikk på øret.', rel='angst', tempt='skolevegring')
n('01', '2026-02-10 12:00', SK, 'Rutinesamtale. Spurt om søvn, rus, vold og om noen plager henne. Svarer nei på alt, sier 10. trinn "går". Gir uttrykk for at hun ser fram mot videregående.', tempt='sovn rus vold mobbing')
n('01', '2026-03-17 09:30', KLB, 'Emilie fikk en lapp på pulten med en tegning av en ku og "snart ferdig med deg". Hun kastet den og ville ikke at vi skulle melde det. Meldt inspektør likevel.', rel='mobbing')
n('01', '2026-05-10 11:00', INSP, 'Sluttrapport aktivitetsplan. Ingen nye hendelser siste seks uker. Emilie har fått tilbud om samtaler med miljøterapeut ut skoleåret.', rel='mobbing')
n('01', '2026-05-14 14:00', SK, 'Emilie (16) forteller at noen fra ungdomsskolen har sendt henne meldinger om at "kua skal på russefest". Hun blokkerte dem. Snakket om hva hun kan gjøre.', rel='mobbing')
n('01', '2026-09-08 10:00', SKN, 'Vg1 studiespesialisering. Nokre frå den gamle klassen går på same skule og ler når ho går forbi. Ho har byrja å ta ein annan inngang for å sleppe å møte dei.', rel='mobbing')
n('01', '2026-10-20 13:00', SKN, 'Oppfølging. Ho har fått to nye venninner i klassen og trivst. Søv godt. Ingen sjølvskading sidan i fjor.', tempt='sovn selvskading')
n('01', '2026-11-17 09:00', FLA, 'Urinveisinfeksjon, svie ved vannlating i to dager, ingen feber. Stix: leukocytter og nitritt positiv. Selexid 3 dager.', rel='infeksjon')
# ---------------------------------------------------------------- t4p02 Noah (omsorgssvikt, mors rus, fosterhjem, epilepsi, utagering)
n('02', '2012-09-10 12:00', HS, 'Hjemmebesøk nyfødt. Mor 19 år, bor alene i kommunal leilighet. Lite utstyr, ingen vogn. Mor sier hun har sluttet å røyke hasj i svangerskapet. Tett oppfølging avtalt.', tempt='rus')
n('02', '2012-10-16 10:00', HS, '6 uker. Vektøkning bare 300 g siden forrige veiing. Mor gir tillegg "når han gråter". Veiledet om måltider hver 3. time.', rel='ernaering')
n('02', '2012-12-04 09:00', HS, 'Mor møtte ikke. Tredje gang. Ringte, telefonen avslått. Drøftet med leder, bekymringsmelding sendt barneverntjenesten.', rel='omsorgssvikt')
n('02', '2013-01-15 14:00', BVA, 'Uanmeldt hjemmebesøk. Leiligheten kald, søppelposer i gangen, Noah i våt bleie som ikke var skiftet på lenge iflg. mor selv. Mor ruset på noe, sløv og med små pupiller. Akuttplassering i beredskapshjem etter bvl. § 4-6.', rel='omsorgssvikt rus')
n('02', '2013-02-20 10:00', BVA, 'Samvær under tilsyn. Mor møtte 40 min forsinket. Noah gråt da hun tok ham opp; hun ga ham tilbake etter få minutter.', rel='omsorgssvikt')
n('02', '2013-06-11 11:00', HS, '9 mnd kontroll fra beredskapshjem. Tatt igjen på vekt, følger nå 25-persentilen. Sitter uten støtte, babler.', tempt='ernaering')
n('02', '2014-03-25 13:00', BVA, 'Fylkesnemnda har vedtatt omsorgsovertakelse. Noah flytter til fosterhjem hos familien Aas. Mor har anket til tingretten.', rel='omsorgssvikt klage')
n('02', '2015-09-29 14:30', LV, 'Feberkramper: 2 år, temp 40,1, generaliserte rykninger ca 3 min hjemme i fosterhjemmet, våknet etterpå. Otitt venstre. Observert 4 t, foreldre informert om feberkramper.', rel='epilepsi infeksjon')
n('02', '2016-11-08 10:00', PPT, 'Barnehagen melder at Noah biter og sparker de andre barna når de tar leker fra ham, 3-4 ganger i uka. Språk litt forsinket. Foreslår veiledning til personalet.', rel='utagering')
n('02', '2017-05-16 11:00', FLB, 'Fosterfar har sett "fraværsanfall": Noah stopper opp midt i setningen, stirrer i 5-10 sek, fortsetter som ingenting. Flere ganger daglig. Henvist barneavdeling for EEG.', rel='epilepsi')
n('02', '2017-06-27 09:00', SYKB, 'EEG viser 3 Hz spike-wave utløst ved hyperventilering. Absenceepilepsi. Oppstart etosuksimid. Info om anfall og bading gitt til fosterforeldre.', rel='epilepsi')
n('02', '2018-09-18 13:00', KLA, '1. trinn. Noah velter pulter og kaster ting når han ikke får det som han vil. Klassen ble tatt ut to ganger denne uka.', rel='utagering')
n('02', '2018-09-18 13:45', KLA, 'Etter episoden i dag holdt assistent Noah rundt armene bakfra på gulvet til han roet seg, ca 5 min. Rektor informert, foreldre ringt.', rel='holding utagering')
n('02', '2019-02-12 10:00', BUPA, 'Utredning: tilknytningsvansker etter tidlig omsorgssvikt, ikke ADHD. Anfallene godt kontrollert. Anbefaler faste rutiner og forutsigbarhet på skolen.', rel='omsorgssvikt', tempt='epilepsi')
n('02', '2019-10-22 11:30', BVB, 'Samvær med mor avlyst; mor innlagt på avrusning. Noah ble lei seg og sov dårlig to netter iflg. fostermor.', rel='sovn', tempt='rus')
n('02', '2020-04-14 14:00', FLB, 'Fostermor ringer: glemt å gi kveldsdosen av epilepsimedisinen i to dager under hytteturen. Ingen anfall. Avtalt dosett og alarm på mobilen.', rel='legemiddelavvik', tempt='epilepsi')
n('02', '2021-01-19 09:30', SK, 'Noah (8) har klatret opp på taket av boden på skolen og nekter å komme ned. Sier "dere bestemmer ikke over meg". Kom ned etter at fosterfar kom.', rel='utagering')
n('02', '2021-06-08 10:00', BVB, 'Noah forteller i samtale at mors kjæreste slo ham med beltet da han var på samvær i påsken uten tilsyn. Samvær stanset. Politianmeldt, barnehusavhør bestilt.', rel='vold')
n('02', '2021-06-29 13:00', BARNEHUS, 'Tilrettelagt avhør gjennomført. Medisinsk undersøkelse: to gamle striper på baksiden av lårene forenlige med slag. Oppfølging ved barnehuset tilbys.', rel='vold')
n('02', '2022-03-01 14:00', BUPB, 'Mareritt nesten hver natt om "mannen med beltet", våkner skrikende. Traumefokusert behandling startet.', rel='sovn vold')
n('02', '2022-09-13 10:00', KLA, 'Noah har kalt en jente i klassen for "neger" og dyttet henne i gangen. Samtale med ham og foreldrene. Han sa unnskyld.', rel='mobbing')
n('02', '2023-01-24 12:00', SK, 'Gutter i 6. klasse sier til Noah at "moren din er narkis". Han slo en av dem i ansiktet. Inspektør følger opp begge.', rel='mobbing utagering', tempt='rus')
n('02', '2023-05-30 09:00', SYKB, 'Anfallsfri i 3 år. Nedtrapping av etosuksimid over 8 uker, kontroll-EEG etterpå. Info om hva de skal gjøre ved nytt anfall.', rel='epilepsi')
n('02', '2023-11-14 14:00', SYKB, 'EEG etter seponering normal. Ingen anfall. Avsluttes ved barneavdelingen.', rel='epilepsi')
n('02', '2024-02-06 13:00', SK, 'Helsesamtale 7. trinn. Vekt, høyde ua. Spurt om rus i miljøet, vold og om han har det bra hjemme: trives i fosterhjemmet, spiller fotball. Ingen bekymring.', tempt='rus vold')
n('02', '2024-10-01 10:30', FLB, 'Hodepine i panne siste uke etter forkjølelse, tett nese, verre ved foroverbøying. Bihulebetennelse. Nesespray og paracetamol.', rel='hodepine infeksjon')
n('02', '2025-03-11 11:00', BVB, 'Mor har fått ny leilighet og er rusfri i ett år. Noah ønsker mer samvær. Plan: dagsamvær annenhver helg.', tempt='rus')
n('02', '2025-09-16 13:00', SK, 'Fravær 9 dager siste måned. Noah sier han er "lei av skolen" og blir liggende. Fosterforeldre klarer ikke å få ham opp. Samarbeidsmøte avtalt.', rel='skolevegring')
n('02', '2025-10-21 10:00', KLB, 'Noah dukkar ikkje opp etter frukost fleire dagar i veka. Han seier han ligg og speler til tre om natta. Vi lagar plan saman med heimen.', rel='skolevegring sovn')
n('02', '2026-02-24 14:00', BVB, 'Fosterfar fant e-sigaretter og en pose hasj på rommet. Noah (13) sier han har prøvd det to ganger med eldre gutter. Samtale om rus, kontakt med ruskonsulent for ungdom.', rel='rus')
n('02', '2026-06-09 09:30', SK, 'Oppfølging. Fraværet er redusert, går på fotball igjen. Sier han ikke har røykt mer. Sover bedre etter at PC-en ble flyttet ut av rommet.', tempt='rus sovn skolevegring')
# ---------------------------------------------------------------- t4p03 Aurora (nynorsk delvis; spiseforstyrring, sjølvskading, BUP døgn, tvang)
n('03', '2014-09-02 10:00', HSN, 'Skulestartundersøking. Høgd og vekt normal. Aurora er sjenert men trygg. Syn ua.')
n('03', '2019-11-19 13:00', SKN, 'Aurora (11) kjem på kontoret og seier at ho er "feit". BMI 17,5. Ho har slutta å ete skulemat. Samtale med mor.', rel='ernaering')
n('03', '2020-03-10 09:40', SKN, 'Vekt ned 3 kg på fire månader. Trenar to gonger dagleg, hoppar over middag. Mor er uroa. Tilvist fastlege.', rel='ernaering')
n('03', '2020-03-17 11:00', FLC, 'Jente 12 år. Restriktivt matinntak, vekttap 4 kg, BMI 15,9, puls 52, BT 92/58. Amenoré er ikke aktuelt enda. Henvist BUP som haster, spiseforstyrrelse mistenkes.', rel='ernaering')
n('03', '2020-04-21 10:00', BUPA, 'Anorexia nervosa, restriktiv type. Familiebasert behandling oppstartet. Vektmål avtalt, ukentlig veiing. Aurora gråter og sier hun ikke skal spise mer enn hun vil.', rel='ernaering')
n('03', '2020-06-02 14:00', BUPA, 'Fortsatt vekttap, nå BMI 14,8, puls 44 i hvile, svimmel når hun reiser seg. Innlegges BUP døgn. Aurora og foreldre samtykker.', rel='ernaering svimmelhet')
n('03', '2020-06-05 19:30', BUPD, 'Aurora nekter kveldsmåltid, gjemmer brødskiva i genseren. Sitter 45 min ved bordet med miljøterapeut. Spiste halve.', rel='ernaering')
n('03', '2020-06-12 12:00', BUPA, 'Vedtak etter phvl. § 4-8 om ernæring uten eget samtykke (sondeernæring) ved nektelse. Aurora (12) og foreldre informert om klageadgang til kontrollkommisjonen.', rel='tvang ernaering', tempt='klage')
n('03', '2020-06-13 08:15', BUPD, 'Sondemåltid gitt etter vedtak. Aurora slo og sparket, to miljøterapeuter holdt armene mens sykepleier satte sonden. Samtale etterpå, hun gråt lenge.', rel='holding tvang utagering')
n('03', '2020-06-20 21:00', BUPN, 'urolig kveld, aurora skreik og kasta stolen i veggen på rommet etter telefon fra mor. roa seg etter 20 min m/ miljøterapeut i døra. sov fra 2330.', rel='utagering')
n('03', '2020-07-01 10:00', BUPA, 'Foreldrene har klaget vedtaket om tvangsernæring inn for kontrollkommisjonen. Kommisjonen opprettholdt vedtaket.', rel='klage tvang')
n('03', '2020-07-08 16:00', BUPD, 'Aurora har skjult kutt på underarmen, funnet ved dusjing. Ni overfladiske kutt med barberblad hun hadde tatt fra en medpasient. Sår rensket, strips. Økt tilsyn.', rel='selvskading')
n('03', '2020-07-09 11:00', BUPA, 'Etter selvskadingen i går: vedtak om skjerming etter phvl. § 4-3 i tre dager for å redusere stimuli og sikre tilsyn. Aurora er i skjermet avsnitt med fast personale.', rel='skjerming tvang selvskading')
n('03', '2020-07-10 02:40', BUPN, 'vaken. ligg i senga og gret, seier ho ikkje vil leve sånn. vil ikkje snakke meir om det. tilsyn kvart 15 min, sovna ca 0400.', rel='selvmord sovn')
n('03', '2020-07-10 10:00', BUPA, 'Suicidalvurdering: passive dødsønsker, ingen plan. Ikke tidligere forsøk. Moderat risiko. Skjerming avsluttes i morgen, videre økt tilsyn.', rel='selvmord skjerming')
n('03', '2020-08-25 12:00', BUPA, 'Utskrevet til hjemmet med BMI 17,1. Familiebasert behandling fortsetter poliklinisk. Skolen informert.', rel='ernaering')
n('03', '2021-02-09 10:30', KLB, 'Aurora har vore borte frå skulen fire dagar kvar veke sidan jul. Foreldra seier ho ikkje orkar. Ho seier at dei andre ser på kroppen hennar.', rel='skolevegring')
n('03', '2021-04-13 14:00', BUPB, 'Nedstemt, lite glede, ligger mye i senga. Vekt stabil. Depresjon i tillegg til spiseforstyrrelsen. Sertralin drøftet med foreldre.', rel='depresjon')
n('03', '2021-09-07 13:00', SKN, 'Aurora seier ho har det betre. Et saman med venninner i lunsjen. Vekta stabil. Ingen sjølvskading sidan sommaren.', tempt='selvskading ernaering')
n('03', '2022-01-18 10:00', LV, 'Tatt inn etter å ha tatt 20 paracetamol 500 mg på kvelden. Paracetamolkonsentrasjon over behandlingslinjen, acetylcystein startet. Sier hun ville dø etter krangel med kjæresten.', rel='selvmord')
n('03', '2022-01-20 11:00', PSL, 'Tilsyn etter intoksikasjon. Ambivalent til å leve, nå glad hun lever. Ikke grunnlag for tvungent vern. Overføres BUP døgn frivillig.', rel='selvmord', tempt='tvang')
n('03', '2022-06-14 09:00', BUPA, 'Aurora forteller at kjæresten (19) har presset henne til sex da hun ikke ville, flere ganger i vinter. Hun var 13. Meldt til politiet og barnevernet med hennes viten.', rel='overgrep')
n('03', '2022-07-05 13:00', BARNEHUS, 'Tilrettelagt avhør. Aurora fortalte om seksuelle handlinger mot sin vilje over tre måneder. Oppfølging hos barnehuset tilbudt.', rel='overgrep')
n('03', '2023-03-21 10:00', BUPB, 'Sover bare 4-5 timer, mareritt om overgrepet. Traumefokusert terapi. Melatonin prøves.', rel='sovn overgrep')
n('03', '2024-05-07 11:00', FLC, 'Kontroll. BMI 19,0, menstruasjon tilbake. Spiser tre måltider. Ingen kutting siste år. Studerer til eksamen.', tempt='ernaering selvskading')
n('03', '2025-02-25 14:00', DPS, 'Overført voksenpsykiatri ved 17. Stabil vekt, men kompenserer fortsatt med trening etter "store" måltider. Humør jevnt. Planlegger å bli sykepleier.', rel='ernaering')
n('03', '2026-04-14 10:00', DPS, 'Avslutningssamtale. Har ikke kastet opp eller restriksjon siste halvår. Noe uro før eksamen. Kan ta kontakt igjen.', tempt='ernaering angst')
# ---------------------------------------------------------------- t4p04 Elias (skulevegring, angst, hovudverk, magesmerter, søvn, einsemd)
n('04', '2010-01-12 11:00', HSN, '6 veker. Vekt 4,9 kg. Godt stell. Far i foreldrepermisjon. Ingen bekymring.')
n('04', '2013-12-10 10:00', HSN, '4-årskontroll. Litt sein språkleg, men forstår alt. Blyg. Trivst i barnehagen med ein fast ven.')
n('04', '2016-10-04 14:00', KLB, '1. klasse. Elias kjem gråtande til skulen kvar morgon og vil ikkje sleppe far. Det går over etter ein halvtime.', rel='angst')
n('04', '2018-03-13 09:00', FLA, 'Far kommer med Elias (8) pga. magesmerter nesten hver morgen siste måned, rundt navlen, aldri om natta. Spiser normalt. Abdomen bløt, ingen ømhet. Blod- og avføringsprøver normale. Funksjonelle magesmerter, sammenheng med skole drøftet.', rel='magesmerter')
n('04', '2018-11-20 13:00', SKN, 'Elias kjem til helsesjukepleiar med vondt i magen tredje gong denne veka. Vil ringje far og gå heim. Vi avtalar at han skal kvile ti minutt og gå tilbake til klassen.', rel='magesmerter')
n('04', '2019-09-24 10:00', KLB, 'Elias har ikkje nokon å vere med i friminutta. Han går rundt åleine ved gjerdet eller sit på biblioteket.', rel='ensomhet')
n('04', '2020-03-26 12:00', KLB, 'Heimeskule under koronanedstenginga. Elias leverer alt og verkar nøgd. Far seier han trivst betre heime.')
n('04', '2021-01-19 14:30', FLA, 'Hodepine i pannen etter skolen, 3-4 dager i uka, bedre i helger. Synstest ua hos optiker. BT ua. Nevrologisk us normal. Spenningshodepine. Råd om vann, mat og skjermpauser.', rel='hodepine')
n('04', '2021-08-31 10:00', KLB, 'Første veka i 6. klasse: Elias har vore på skulen éin dag. Han seier magen vrenger seg når han ser skulebygget.', rel='skolevegring magesmerter')
n('04', '2021-09-14 13:00', SKN, 'Samtale med Elias. Han er redd for å bli spurt i timen og for at dei andre skal sjå at han raudnar. Kjenner hjartet slår fort og han må på do. Tilvist BUP.', rel='angst')
n('04', '2021-11-02 10:00', BUPB, 'Sosial angstlidelse. Unngår skole, butikk og å svare i telefon. Ingen tegn til depresjon. KAT i 12 timer, gradvis eksponering.', rel='angst', tempt='depresjon')
n('04', '2022-01-25 09:00', PPT, 'Møte om skolefravær: 42 % fravær høsten 2021. Plan for gradvis tilbakeføring: 2 timer per dag med kjent voksen, egen inngang.', rel='skolevegring')
n('04', '2022-05-10 11:00', KLB, 'Elias har vore på skulen alle dagar i tre veker, dei to første timane. Han sit ved eit bord på grupperommet med miljøarbeidar.', rel='skolevegring')
n('04', '2022-10-18 13:00', FLA, 'Søvnvansker: legger seg 22, sovner ofte først 02-03. Spiller online med venner på kveldstid, sier det er der han har venner. Søvnhygiene, skjermfri siste time.', rel='sovn ensomhet')
n('04', '2023-02-07 10:00', KLB, 'Skulen har starta opp "Vennegruppe" for elevar som er åleine i friminutta. Elias vil ikkje vere med; han seier han har vener på nett.', tempt='ensomhet')
n('04', '2023-03-14 09:30', BUPB, 'Forverring etter juleferien. Har ikke vært på skolen på fem uker. Ligger i senga til midt på dagen, spiller om natten. Lite matlyst. Sier han er "en taper". PHQ-A 14, moderat depresjon i tillegg.', rel='skolevegring depresjon sovn')
n('04', '2023-03-28 14:00', BUPB, 'Spurt om selvmordstanker: "nei, men noen ganger tenker jeg at det ikke spiller noen rolle om jeg er her". Ingen plan. Kriseplan med far.', rel='selvmord')
n('04', '2023-06-20 10:00', NAV, 'Far har søkt om omsorgspenger og redusert stilling for å være hjemme med Elias som ikke går på skolen. Vurderes.', rel='skolevegring')
n('04', '2023-09-19 13:00', PPT, 'Alternativ opplæringsarena 3 dager i uka (gård). Elias møter hver dag der, ingen fravær i september.', tempt='skolevegring')
n('04', '2024-01-09 11:00', SKN, 'Rutinesamtale 9. trinn. Ingen rusbruk. Søv 7-8 timar. Ingen mobbing. Seier han har det greitt på garden.', tempt='rus sovn mobbing')
n('04', '2024-04-16 10:00', FLA, 'Svimmel flere ganger daglig siste to uker, særlig når han reiser seg fort. Hjertefrekvens 58, ortostatisk BT-fall 20 mmHg. Drikker lite. Råd om væske og salt. EKG normalt.', rel='svimmelhet')
n('04', '2024-04-30 10:00', FLA, 'Kontroll: svimmelheten nesten borte etter at han drikker mer. Ingen besvimelser.', rel='svimmelhet')
n('04', '2024-11-26 14:00', BUPB, 'Mye bedre. Har fått venner på gården, tar bussen alene. Angst 3/10. Sover fra 23.', tempt='angst sovn')
n('04', '2025-08-19 09:00', SK, 'Vg1 naturbruk. Kom på skolen første dag. Avtale om at han kan gå til helsesykepleier hvis det blir for mye.')
n('04', '2025-10-28 13:30', SK, 'Elias har hatt sterk hodepine bak øynene i to dager med feber 38,9 og stiv nakke. Sendt til legevakt med taxi etter telefon med far.', rel='hodepine infeksjon')
n('04', '2025-10-28 16:00', LV, 'Gutt 15 år, feber og hodepine. Ikke nakkestiv ved us, ingen petekkier, CRP 24. Vurdert som virusinfeksjon. Kontroll ved forverring. Info om meningittsymptomer.', rel='hodepine infeksjon')
n('04', '2026-03-03 10:00', SK, 'Fravær 6 % dette halvåret. Trives i klassen. Spør om jobb i sommer på gården.', tempt='skolevegring')
n('04', '2026-10-13 11:00', FLA, 'Førerkortattest (traktor/bil). Syn og hørsel ua. Ingen helsemessige hindringer.')
# ---------------------------------------------------------------- t4p05 Nora (overgrep av stefar, vold, diabetes type 1, magesmerter)
n('05', '2011-05-16 10:00', HS, '6 uker. Tolk brukt (somali). Mor alene med fire barn, far i Somalia. God vektøkning. Mor sliten.')
n('05', '2013-04-10 11:00', HS, '2-årskontroll. Nora snakker somali og noe norsk. Går i barnehage. Normal utvikling.')
n('05', '2017-02-21 20:00', LV, 'Jente 5 år, tørst og tisser mye i to uker, gått ned 2 kg, slapp i dag. Blodsukker 28 mmol/l, ketoner 3,9. Innlagt barneavdelingen, nyoppdaget diabetes type 1.', rel='diabetes ernaering')
n('05', '2017-03-07 10:00', DIAB, 'Opplæring mor og storesøster i insulinpenn og blodsukkermåling. Tolk. Mor redd for å gjøre feil. Hjemmebesøk avtalt.', rel='diabetes')
n('05', '2018-01-23 13:00', DIAB, 'HbA1c 78. Mange høye verdier om kvelden. Mor glemmer ofte måltidsinsulin når hun jobber kveld; storesøster (12) har ansvaret da.', rel='diabetes legemiddelavvik')
n('05', '2018-02-06 10:00', HS, 'Barnehagen melder at Nora ofte kommer uten mat og uten blodsukkerapparat. Drøftet med mor med tolk; hun har ikke råd til matpakke hver dag. Henvist NAV og barneverntjenesten for hjelpetiltak.', rel='omsorgssvikt okonomi diabetes')
n('05', '2018-03-20 14:00', BVA, 'Hjelpetiltak: støttekontakt, gratis SFO, økonomisk rådgivning. Mor samarbeider godt. Ikke grunnlag for omsorgsovertakelse.', rel='okonomi', tempt='omsorgssvikt')
n('05', '2019-06-04 09:00', BVB, 'Mor har giftet seg på nytt. Stefar flyttet inn. Familien har flyttet til en større leilighet i samme bydel.')
n('05', '2019-11-12 13:00', SK, 'Nora (8) har hatt fem følinger på skolen denne måneden, skjelven og blek. Sukker 2,8 en gang. Lærer er usikker på hva han skal gjøre. Opplæring av personalet avtalt.', rel='diabetes')
n('05', '2020-10-06 10:00', SK, 'Nora klager på vondt i magen flere ganger i uka, vil hjem. Blodsukkeret normalt. Virker redd, vil ikke si noe mer.', rel='magesmerter', tempt='klage')
n('05', '2020-11-17 11:00', FLB, 'Magesmerter siste to måneder, diffust, ikke sammenheng med mat. Cøliakiprøve negativ, urin ua, ingen forstoppelse. Mor sier Nora ikke vil sove i eget rom lenger.', rel='magesmerter sovn')
n('05', '2021-03-09 14:15', SK, 'Nora (9) fortalte i dag at stefar kommer inn på rommet hennes om natta og tar på henne under dyna, og at hun ikke får si det til mamma. Bekymringsmelding og politianmeldelse samme dag. Barnevernet kom til skolen.', rel='overgrep')
n('05', '2021-03-09 18:00', BVB, 'Akuttvedtak. Nora og søsknene i beredskapshjem i natt; mor samarbeider, stefar er bortvist fra hjemmet. Insulin og utstyr hentet.', rel='overgrep')
n('05', '2021-03-16 10:00', BARNEHUS, 'Tilrettelagt avhør: Nora beskriver gjentatte seksuelle overgrep fra stefar over ett år. Medisinsk undersøkelse ved overgrepsmottaket uten funn, som er vanlig. Stefar siktet.', rel='overgrep')
n('05', '2021-04-20 13:00', BARNEHUS, 'Nora forteller også at stefar slo mor og henne med flat hånd når han var sint. Oppfølgingssamtaler hver uke.', rel='vold')
n('05', '2021-06-15 09:00', DIAB, 'HbA1c steget til 92 siste halvår. Nora hopper over måltidsinsulin, sier hun "ikke bryr seg". Mye har skjedd hjemme. Koordinerer med BUP.', rel='diabetes')
n('05', '2021-09-28 13:00', BUPB, 'PTSD etter overgrep: mareritt, gjenopplevelser når noen står i døråpningen, skvetten. Traume-fokusert KAT startet. Sover med lyset på.', rel='sovn overgrep angst')
n('05', '2022-01-11 10:00', BVB, 'Mor har bestemt at stefar ikke skal flytte hjem igjen. Stefar dømt i tingretten. Mor og barn har fått bolig med hjelp fra kommunen.', rel='overgrep okonomi')
n('05', '2022-08-23 09:00', DIAB, 'Insulinpumpe og sensor startet. Mindre føling. Nora mestrer selv. HbA1c 61.', rel='diabetes')
n('05', '2023-02-14 11:00', SK, 'Nora blir kalt "sukkerdama" og "junkie" av noen når hun setter insulin i klasserommet. Hun har begynt å sette den på do. Meldt til kontaktlærer.', rel='mobbing diabetes', tempt='rus')
n('05', '2023-05-02 12:30', SK, 'Nora sier at noen i klassen tok pumpa hennes og kastet den mellom seg i friminuttet. Inspektør har tatt saken. Aktivitetsplan.', rel='mobbing')
n('05', '2024-04-09 20:30', LV, 'Jente 13 år, kvalme, oppkast og magesmerter siden i går, pumpa har sluttet å fungere. BS 24, ketoner 4,2, pH 7,21. Diabetisk ketoacidose. Innlagt barneavdelingen.', rel='diabetes magesmerter')
n('05', '2024-10-15 10:00', SK, 'Helsesamtale 8. trinn. Spurt om vold, overgrep og om hun har det bra hjemme: sier det er trygt nå. Tar vare på diabetesen selv.', tempt='vold overgrep diabetes')
n('05', '2025-03-18 13:00', BUPB, 'Avslutning. Ingen mareritt siste halvår, sover hele natten. Vil bli lege. Kan ta kontakt igjen.', tempt='sovn')
n('05', '2026-01-20 10:00', DIAB, 'Årskontroll. HbA1c 55. Øyebunnsfoto normalt. Bruker pumpe og sensor godt. Har prøvd alkohol på fest, informert om føling og alkohol.', rel='diabetes rus')
# ---------------------------------------------------------------- t4p06 Kristian (schizofreni og amfetamin; tvang, skjerming, utagering, depot, bolig)
n('06', '2005-05-10 10:00', SK, 'Kristian (16) møtte til samtale etter at lærer meldte mye fravær og at han sover i timene. Røyker hasj daglig iflg. ham selv. Bor hos far.', rel='rus skolevegring')
n('06', '2008-11-03 14:00', FLC, 'Far bekymret: Kristian (20) har isolert seg på rommet i tre måneder, snakker om at naboen overvåker ham gjennom stikkontakten. Bruker amfetamin i helgene. Henvist DPS som øyeblikkelig hjelp.', rel='rus ensomhet')
n('06', '2008-11-05 11:00', PSA, 'Innlagt frivillig. Paranoide vrangforestillinger, hørselshallusinasjoner. Urin positiv på amfetamin og THC. Rusutløst psykose vs. schizofreni. Observasjon uten antipsykotika først.', rel='rus')
n('06', '2008-11-08 23:30', PSN, 'pas gikk inn på rommet til medpasient og skrek at han var "spion", slo i døra med knyttneven. vakta tilkalt, roet seg da vi var fire. legevakt lege informert.', rel='utagering')
n('06', '2008-11-09 09:00', PSA, 'Overført til tvungent psykisk helsevern etter phvl. § 3-3: alvorlig sinnslidelse, fare for andre. Pasienten vil reise. Vedtak om skjerming etter § 4-3 i samme vedtak.', rel='tvang skjerming')
n('06', '2008-11-09 14:00', PSS, 'Pasienten i skjermingsenheten, en personal inne hele tiden. Rolig, men mistenksom mot maten. Spiser bare forseglet mat.', rel='skjerming')
n('06', '2008-11-12 10:00', PSA, 'Vedtak om behandling uten eget samtykke, phvl. § 4-4: olanzapin. Pasienten har klaget på vedtaket til Statsforvalteren.', rel='tvang klage')
n('06', '2008-11-20 11:00', SF, 'Klage på vedtak om tvangsmedisinering etter § 4-4 er behandlet. Vedtaket stadfestes; vilkårene er oppfylt.', rel='klage tvang')
n('06', '2009-01-14 13:00', PSA, 'Samtykkekompetanse vurdert: forstår nå at han har vært syk og at medisinen hjelper. Vurderes samtykkekompetent. Overgår til frivillig behandling.', rel='samtykke', tempt='tvang')
n('06', '2010-06-02 10:00', DPSL, 'Schizofreni, paranoid type. Depot (paliperidon) hver 4. uke. Rusfri i ett år. Jobber i arbeidspraksis.', tempt='rus')
n('06', '2012-03-20 09:00', KPH, 'Hjemmebesøk. Leiligheten ryddig. Kristian sier han har sluttet å ta depotsprøyta for to måneder siden fordi den gjør ham tjukk. Ikke psykotisk nå. Orientert fastlege og DPS.')
n('06', '2012-05-14 22:00', LV, 'Politiet bringer inn mann 23 år, løp naken i gata, roper om Gud. Amfetamin siste døgn. Tvungen observasjon etter phvl. § 3-2 begjært.', rel='rus tvang')
n('06', '2012-05-15 03:15', PSS, 'Kristian slo etter personalet med knyttneve da han skulle ha medisin, traff en sykepleier i ansiktet. Lagt i belter etter vedtak § 4-8, kontinuerlig tilsyn. Ute av belter kl 05.30.', rel='utagering tvang')
n('06', '2012-05-15 03:20', PSN, 'holdt pas i bakken 4 personal til beltesengen var på plass. pas skreik og spytta. ingen skader på pas. kollega fikk blødning fra leppa.', rel='holding utagering')
n('06', '2012-05-22 10:00', PSA, 'Kontrollkommisjonen har behandlet klage på tvungen observasjon. Klagen ble ikke tatt til følge.', rel='klage tvang')
n('06', '2013-02-12 14:00', NAV, 'Innvilget arbeidsavklaringspenger. Husleierestanse 3 måneder. Avtale om frivillig forvaltning av husleie.', rel='okonomi')
n('06', '2014-09-30 10:00', BOL, 'Utkastelse begjært av utleier pga husleierestanse og klager fra naboer på bråk om natta. Kommunal bolig søkt.', rel='okonomi', tempt='klage')
n('06', '2014-10-15 09:00', KPH, 'Kristian bor midlertidig på hospits. Lite mat, har gått ned 6 kg. Sover dårlig pga bråk. Søkt FACT-team.', rel='okonomi ernaering sovn')
n('06', '2016-04-05 11:00', DPSL, 'Depot gitt 14 dager for sent pga. sykefravær i teamet; ingen hadde sett at avtalen falt ut. Avvik meldt. Pasienten fortsatt stabil.', rel='legemiddelavvik')
n('06', '2017-08-22 10:00', KPH, 'Stabil. Går på treningssenter med støttekontakt. Ingen rus siste to år (urinprøver negative). Ensom, savner venner.', rel='ensomhet', tempt='rus')
n('06', '2019-01-08 13:00', DPSL, 'Vektøkning 18 kg på depot, BMI 33, HbA1c 49. Prediabetes. Bytte til aripiprazol drøftet. Kostveiledning.', rel='diabetes')
n('06', '2019-06-18 14:00', DPSL, 'Uteblitt fra depot to ganger. Pårørende melder at han har låst seg inne og snakker med stemmene. Tvungen undersøkelse etter phvl. § 3-1 begjært.', rel='tvang')
n('06', '2019-06-20 10:00', PSA, 'Etablert tvungent psykisk helsevern etter § 3-3 med døgnopphold. Psykotisk, lite innsikt. Ikke samtykkekompetent etter § 4-4 a; pasienten forstår ikke at han er syk.', rel='tvang samtykke')
n('06', '2019-06-21 16:40', PSS, 'Kristian tatt ut av fellesmiljøet etter å ha truet medpasient med stol. Sitter på skjermet enhet med to personal. Vedtak fattet av ansvarlig.', rel='skjerming utagering')
n('06', '2019-07-03 11:00', PSL, 'Brystsmerter sentralt, stikkende ved innpust, siste døgn. Feber 38,3. Rtg thorax: infiltrat høyre underlapp. Pneumoni, amoxicillin. EKG normalt.', rel='brystsmerter infeksjon')
n('06', '2019-09-10 10:00', PSA, 'Utskrevet til egen bolig med tvungent vern uten døgnopphold og depot hver 4. uke. FACT følger opp hjemme.', rel='tvang', tempt='okonomi')
n('06', '2021-05-04 09:30', KPH, 'Depotsprøyte satt i feil muskel ifølge pasienten (lår i stedet for sete). Sjekket: lår er godkjent injeksjonssted for dette preparatet. Ikke avvik.', tempt='legemiddelavvik')
n('06', '2022-02-15 11:00', RUS, 'Kristian har startet med amfetamin igjen etter at broren døde. Sier han ikke klarer å være alene i leiligheten. Vil ha hjelp.', rel='rus ensomhet')
n('06', '2022-02-28 10:00', TSB, 'Innlagt avrusning frivillig. Abstinens: søvnløshet, irritabel. Ingen psykose nå. Plan: døgnbehandling TSB.', rel='rus sovn')
n('06', '2023-11-07 13:00', KPH, 'Kristian har fått fast jobb på et lager 50 %. Rusfri 18 mnd. Spør om å trappe ned depot; avtale med DPS.', tempt='rus')
n('06', '2025-03-11 10:00', NAV, 'Gjeldsordning innvilget. Kristian betaler ned på gammel husleiegjeld. Trygg boligsituasjon.', rel='okonomi')
n('06', '2026-06-16 10:00', DPSL, 'Årskontroll. Stabil på depot. Ingen tvang siste tre år. Røyker 10 sigaretter daglig, ingen rus.', tempt='tvang rus')
# ---------------------------------------------------------------- t4p07 Ingrid (depresjon, selvmordstanker, panikk, alkohol, søvn, ensomhet)
n('07', '2015-01-13 10:00', FLB, 'Kvinne 35 år. Sliten etter samlivsbrudd i høst, sover dårlig, våkner 04 og får ikke sove igjen. Jobber full tid som regnskapsfører. Ikke tegn til depresjon nå, MADRS 8. Søvnråd, kontroll 4 uker.', rel='sovn', tempt='depresjon')
n('07', '2015-02-10 10:00', FLB, 'Kontroll. Sover bedre etter at hun sluttet med kaffe etter lunsj. Ingen ytterligere tiltak.', tempt='sovn')
n('07', '2017-09-05 22:40', LV, 'Kvinne 37 år med sterke smerter midt i brystet, hjertebank, nummenhet i fingrene og følelse av å skulle dø, startet i butikken. EKG sinusrytme 110, troponin negativt x2. Hyperventilering. Panikkanfall sannsynlig. Hjem med info.', rel='brystsmerter angst')
n('07', '2017-09-12 13:00', FLB, 'Tre nye anfall med trykk i brystet og hjertebank siste uke. Unngår butikker og buss. Panikklidelse med begynnende agorafobi. Henvist DPS, SSRI drøftet.', rel='angst brystsmerter')
n('07', '2017-11-21 10:00', DPS, 'Kartlegging: panikklidelse og moderat depressiv episode. Trekker seg fra venner, ligger på sofaen i helgene, lite glede. Drikker to-tre glass vin hver kveld for å få sove.', rel='angst depresjon rus sovn')
n('07', '2018-03-06 11:00', DPS, 'Bedring med escitalopram og KAT. Går i butikken alene. Har kuttet vin i ukedagene.', rel='angst rus')
n('07', '2019-08-27 09:00', FLB, 'Sykmeldt 100 % pga. nedstemthet og utmattelse etter omorganisering på jobben. Gråter lett, klarer ikke å konsentrere seg om tall. Gjenopptatt escitalopram.', rel='depresjon')
n('07', '2019-10-08 14:00', FLB, 'Ingrid sier hun har tenkt på å kjøre av veien på vei hjem fra butikken. Ingen forsøk. Har to katter hun "må leve for". Akuttvurdering DPS samme dag.', rel='selvmord')
n('07', '2019-10-08 17:00', DPSL, 'Akuttsamtale. Aktive selvmordstanker siste uke, har tenkt på metode, ingen forberedelser. Beskyttende: kattene, søsteren. Innlagt frivillig akutt døgnenhet.', rel='selvmord depresjon')
n('07', '2019-10-09 02:00', PSN, 'pasienten våken, sitter i dagligstua, sier hun ikke får sove. fått zopiklon 7,5 kl 0130 etter forordning. tilsyn hvert kvarter som avtalt. sovnet ca 0300.', rel='sovn')
n('07', '2019-10-15 10:00', PSL, 'Utskrevet etter en uke. Ikke lenger aktive selvmordstanker. Oppfølging DPS poliklinisk ukentlig, kriseplan med søsteren.', rel='selvmord')
n('07', '2020-04-14 11:00', DPS, 'Koronanedstenging. Ingrid sitter alene i leiligheten, har ikke snakket med noen på to uker utenom videosamtalene her. Drikker mer, en flaske vin daglig.', rel='ensomhet rus')
n('07', '2020-06-09 10:00', DPS, 'AUDIT 19. Skadelig bruk av alkohol. Motivert for å kutte. Henvist kommunens ruskonsulent.', rel='rus')
n('07', '2020-09-15 13:00', RUS, 'Samtale. Har redusert til helg. Har sluttet med vinen på hverdager. Går tur med nabo.', rel='rus')
n('07', '2021-01-26 10:00', FLB, 'Fall på glatta utenfor butikken, slo hodet. Ikke bevisstløs. Lett hodepine, ingen oppkast. Nevrologisk us ua. Hjernerystelse lite sannsynlig.', rel='fall', tempt='hodepine')
n('07', '2021-11-30 09:30', FLB, 'Kontroll depresjon. Jobber 80 %. MADRS 10. Fortsatt vanskelig å sovne, men 6 timer per natt. Ingen selvmordstanker.', tempt='depresjon selvmord sovn')
n('07', '2022-09-06 10:00', FLB, 'Hodepine bak høyre øye, dunkende, med kvalme og lysskyhet, 4-72 timer, 2-3 ganger per måned. Mor hadde migrene. Migrene uten aura. Triptan forskrevet.', rel='hodepine')
n('07', '2023-02-21 11:00', FLB, 'Trett, gått ned 5 kg uten å ville, tørst. HbA1c 52. Diabetes type 2. Kostråd, metformin.', rel='diabetes ernaering')
n('07', '2023-05-16 10:00', DIAB, 'Opplæring blodsukkermåling. Spiser uregelmessig, ofte bare kveldsmat. Mål HbA1c < 53.', rel='diabetes')
n('07', '2023-08-29 14:00', FLB, 'Apoteket har levert ut metformin 1000 mg x 2 i stedet for 500 mg x 2 på e-resepten; pasienten tok dobbel dose i en uke, magesmerter og diaré. Avviksmelding til apoteket.', rel='legemiddelavvik magesmerter')
n('07', '2024-03-12 10:00', FLB, 'Ny depressiv periode etter at søsteren flyttet til Spania. Lite kontakt med andre, ligger mye. MADRS 24. Dosen økt. Spurt om selvmordstanker: passive, ingen plan.', rel='depresjon selvmord ensomhet')
n('07', '2024-04-09 13:00', KPH, 'Første samtale med kommunal psykisk helse. Ingrid vil ha hjelp til å komme seg ut. Plan: turgruppe, frivilligsentral, samtaler hver 14. dag.', rel='ensomhet depresjon')
n('07', '2024-10-01 10:00', KPH, 'Deltar i turgruppen hver tirsdag, har fått en venninne der. Humør bedre. Sover 7 timer.', tempt='ensomhet sovn')
n('07', '2025-05-20 09:00', FLB, 'Svimmelhet ved snuing i senga og når hun ser opp, varer under et minutt, med kvalme. Dix-Hallpike positiv høyre. BPPV. Epleys manøver utført, bedring.', rel='svimmelhet')
n('07', '2025-12-09 10:00', FLB, 'Årskontroll diabetes. HbA1c 48. Fotstatus ua. Bruker alkohol bare ved selskap. Ingen depresjon nå.', rel='diabetes', tempt='rus depresjon')
n('07', '2026-08-18 11:00', FLB, 'Attest til forsikring om sykdomsforløp 2019. Opplysninger gitt etter samtykke fra pasienten.')
# ---------------------------------------------------------------- t4p08 Rune (alkohol, abstinenskramper, delirium, fall, hjemmetjenester, bolig)
n('08', '2016-03-15 10:00', FLA, 'Mann 54 år, sjåfør. Sier han drikker "noen pils" hver dag, CDT forhøyet, GT 210. Skjelven om morgenen. Anbefalt å kutte. Ønsker ikke henvisning.', rel='rus')
n('08', '2017-11-02 21:00', LV, 'Mann 55 år, funnet på gulvet i oppgangen av nabo, krampeanfall med tungebitt ca 2 min observert av nabo. Siste drink for to døgn siden. Abstinenskramper. Innlagt medisinsk avdeling.', rel='epilepsi rus fall')
n('08', '2017-11-03 04:30', SYKA, 'Kveldsvakt: pasienten plukker i lufta, ser mus på gulvet, vet ikke hvor han er, svetter, puls 124, tremor. Delirium tremens. Diazepam etter skjema, tiamin iv.', rel='delirium rus')
n('08', '2017-11-03 06:00', PSN, 'pas prøvde å klatre over sengehesten flere ganger, trodde han var på jobb og måtte hente bilen. satt vakt hos ham resten av natta. fikk valium 10 mg kl 0500.', rel='delirium')
n('08', '2017-11-06 11:00', SYKA, 'Klar og orientert. Ingen flere kramper. CT caput uten funn. Anbefalt avrusning og TSB; pasienten takker ja til henvisning.', rel='rus', tempt='epilepsi delirium')
n('08', '2017-12-11 10:00', TSB, 'Innlagt avrusning. Abstinens moderat, behandlet med oksazepam. Kartlegging: daglig drikking siden skilsmissen 2009, mistet førerkortet og jobben i høst.', rel='rus okonomi')
n('08', '2018-04-17 13:00', NAV, 'Arbeidsavklaringspenger innvilget. Rune har ubetalte regninger for 80 000, strømmen er varslet stengt. Økonomisk rådgiver kobles på.', rel='okonomi')
n('08', '2018-10-09 10:00', RUS, 'Tilbakefall etter fire måneder. Drikker en kasse øl i helgene. Skammer seg, vil ikke at datteren skal vite. Samtaler hver uke.', rel='rus')
n('08', '2019-02-26 22:10', LV2, 'Ambulanse hentet mann 57 år som falt på isen utenfor bussholdeplassen, beruset, promille ca 2. Kutt i bakhodet sydd med 4 sting. Sendt hjem med nabo.', rel='fall rus')
n('08', '2019-03-12 14:00', FLA, 'Brystsmerter ved anstrengelse siste uke, trykk midt i brystet når han går opp trappene, gir seg ved hvile. Røyker 20/dag. EKG ST-depresjon lateralt. Henvist kardiologisk poliklinikk som hastesak.', rel='brystsmerter')
n('08', '2019-04-02 10:00', SYKA, 'Angiografi: stenose RCA, stent satt. Stabil angina. Nitroglyserin ved behov, ASA, statin. Røykeslutt anbefalt.', rel='brystsmerter')
n('08', '2019-05-21 11:00', HJA, 'Vedtak om hjemmesykepleie 2 ganger daglig for medisiner (dosett) etter utskrivning. Rune er takknemlig, men skeptisk.', rel='hjemmetjenester')
n('08', '2019-06-04 08:20', HJB, 'Morgenbesøk. Dosett fra i går urørt. Lukter alkohol, ligger i sofaen med klær på. Ga morgenmedisin. Meldt til sykepleier.', rel='hjemmetjenester legemiddelavvik rus')
n('08', '2019-06-18 13:00', HJA, 'Rune har tatt dobbel dose av blodtrykksmedisin fordi han trodde han hadde glemt i går. BT 98/60, svimmel. Lege kontaktet, observeres. Dosett byttet til multidose.', rel='legemiddelavvik svimmelhet hjemmetjenester')
n('08', '2019-09-24 23:50', HJN, 'rune ringte trygghetsalarmen, lå på badegulvet, fikk ikke reist seg. ikke slått hodet sier han. hjalp han opp, ikke synlige skader. litt pust av alkohol. la han i senga.', rel='fall hjemmetjenester rus')
n('08', '2020-02-11 10:00', TILD, 'Revurdering av vedtak: hjemmesykepleie 3 ganger daglig, matombringing og trygghetsalarm. Rune ønsker ikke dagsenter.', rel='hjemmetjenester')
n('08', '2020-05-05 08:40', HJB, 'Ingen mat i kjøleskapet, har spist brødskiver siste uke. Vekt 64 kg (var 71 i januar). Middagsombringing har stått utenfor døra.', rel='ernaering hjemmetjenester')
n('08', '2020-11-17 12:00', BOL, 'Leiligheten er solgt ved tvangssalg etter gjeld. Rune har fått tilbud om kommunal omsorgsbolig med bemanning på dagtid. Han har takket ja.', rel='okonomi', tempt='tvang')
n('08', '2021-03-09 10:00', HJA, 'Rune har flyttet i omsorgsbolig. Har hatt en rolig uke. Hjemmesykepleien fortsetter med medisiner morgen og kveld.', rel='hjemmetjenester okonomi')
n('08', '2021-08-24 14:00', FLA, 'Kontroll angina. Ingen brystsmerter siste halvår. Går tur daglig. Har kuttet røyk til 5 per dag. Drikker 2-3 øl i helgene.', rel='rus', tempt='brystsmerter')
n('08', '2022-01-18 07:30', HJD, 'Rune var forvirra i dag tidleg, snakka om at dei hadde stole bilen hans (han har ikkje bil). Temp 38,6, svie ved vatnlating. Lege tilkalla.', rel='delirium infeksjon hjemmetjenester')
n('08', '2022-01-18 11:00', FLA, 'Hjemmebesøk: akutt forvirring, UVI med feber. Nitrofurantoin. Hjemmesykepleien øker tilsyn til 4 ganger daglig de neste dagene. Ikke abstinens, sist alkohol for en uke siden iflg. ham.', rel='delirium infeksjon hjemmetjenester', tempt='rus')
n('08', '2022-01-21 09:00', HJA, 'Klar igjen, husker lite fra de siste dagene. Feberfri. Tilbake til vanlig tilsyn.', rel='hjemmetjenester delirium')
n('08', '2023-06-13 10:00', HJB, 'Morgenbesøk ua. Har vært på fisketur med naboen. Tatt medisiner.', rel='hjemmetjenester')
n('08', '2024-02-20 13:00', FLA, 'MMSE 24/30, glemmer avtaler, gjentar seg. Alkoholrelatert kognitiv svikt mistenkes. Henvist hukommelsesutredning.', rel='demens', tempt='rus')
n('08', '2024-09-10 10:00', GER, 'Utredning: alkoholrelatert kognitiv svikt, moderat. Ikke Alzheimer-mønster på MR. Anbefaler fortsatt alkoholfrihet og struktur.', rel='demens rus')
n('08', '2025-04-08 22:00', HJN, 'rune hadde dotti i gangen, satt på gulvet med blod i panna. ringt legevakt. han sa han hadde drukket "bare en pils". sår ca 2 cm.', rel='fall rus hjemmetjenester')
n('08', '2025-11-25 11:00', TILD, 'Søknad om sykehjemsplass fra datteren avslått; Rune vil bo hjemme og er vurdert samtykkekompetent for dette valget. Økt hjemmesykepleie i stedet. Datteren har klaget på vedtaket.', rel='klage hjemmetjenester samtykke langtid')
# ---------------------------------------------------------------- t4p09 Linda (partnervold, voldtekt, angst, søvn, piller)
n('09', '2012-04-24 10:00', SK, 'Linda (16) kom innom for prevensjon. P-piller forskrevet. Kjæresten er 22. Hun sier alt er fint.')
n('09', '2013-02-05 13:00', SK, 'Blåmerke rundt venstre håndledd. Sier hun "falt på trening". Vil ikke snakke mer. Informert om at hun kan komme tilbake.', rel='vold', tempt='fall')
n('09', '2013-10-22 23:00', LV, 'Jente 18 år kommer med venninne etter fest. Sier hun ble voldtatt av en kjent i et soverom mens hun var beruset. Henvist overgrepsmottaket samme natt.', rel='overgrep rus')
n('09', '2013-10-23 02:30', LV2, 'Overgrepsmottaket: rettsmedisinsk undersøkelse med samtykke, prøver sikret. Nødprevensjon gitt. Tilbudt samtaler. Hun vil vente med anmeldelse.', rel='overgrep')
n('09', '2014-01-14 10:00', FLC, 'Sover dårlig siden i høst, mareritt, skvetter av lyder. Drikker for å sovne. Posttraumatiske symptomer etter voldtekt. Henvist DPS.', rel='sovn overgrep angst rus')
n('09', '2015-08-18 13:00', DPS, 'PTSD. Unngår fester og steder som minner om hendelsen. Hjertet hamrer når noen går bak henne. EMDR startet.', rel='angst overgrep')
n('09', '2017-03-07 11:00', FLC, 'Linda har flyttet sammen med ny kjæreste. Kommer for prevensjon. Ingen plager.')
n('09', '2018-05-15 21:30', LV, 'Kvinne 22 år, hevelse venstre kinn og øye, sier hun gikk inn i en dør. Røntgen ansiktsskjelett uten brudd. Samboer ventet i bilen. Spurt direkte om vold, svarer nei, men begynner å gråte.', rel='vold')
n('09', '2018-06-26 10:00', FLC, 'Linda forteller nå at samboeren slår henne når han drikker, siste gang med knyttneve. Han tar lønnen hennes og sjekker telefonen. Informert om krisesenter og anmeldelse.', rel='vold okonomi', tempt='rus')
n('09', '2018-07-03 12:00', KRISE, 'Linda har flyttet inn på krisesenteret. Redd, sover lite, skvetter ved lyd i gangen. Hjelp til å søke bolig og bostøtte.', rel='vold sovn angst okonomi')
n('09', '2018-09-11 10:00', KRISE, 'Linda har fått kommunal leilighet. Besøksforbud mot eks-samboer ilagt. Oppfølging avsluttes.', rel='vold okonomi')
n('09', '2019-04-23 14:00', DPS, 'Bruker paralgin forte og zopiklon hun får fra en venninne for å sove. Har bestilt "benzo" på nett. Vil slutte. Ruskonsulent koblet på.', rel='rus sovn')
n('09', '2019-05-07 10:00', RUS, 'Linda har kuttet zopiklon fra venninna. Sover dårlig, 4 timer. Står på venteliste TSB poliklinikk.', rel='rus sovn')
n('09', '2020-01-28 10:00', FLC, 'Hodepine daglig siste to måneder, trykkende, bruker paracetamol og ibux nesten hver dag. Medikamentoverforbrukshodepine sannsynlig. Plan for seponering.', rel='hodepine')
n('09', '2020-03-10 10:00', FLC, 'Hodepinen bedre etter at hun sluttet med daglige smertestillende. Nå 2-3 dager per måned.', rel='hodepine')
n('09', '2021-09-14 10:00', FLC, 'Gravid uke 8. Rusfri i ett år, tar ingen sovemedisin. Glad og spent. Henvist jordmor.', tempt='rus sovn')
n('09', '2022-04-19 11:00', HS, 'Hjemmebesøk nyfødt. Linda virker trygg med babyen. Spurt om vold i nære relasjoner (rutine): ny samboer er snill, sier hun. EPDS 6.', tempt='vold depresjon')
n('09', '2022-07-12 13:00', HS, 'EPDS 16. Gråter mye, sover ikke selv om babyen sover, føler seg som en dårlig mor. Fødselsdepresjon. Fastlege og kommunepsykolog kontaktet.', rel='depresjon sovn')
n('09', '2022-10-04 10:00', FLC, 'Fødselsdepresjon i bedring med samtaler og sertralin. Ammer ikke lenger. Samboer tar nattmatingene.', rel='depresjon')
n('09', '2023-11-21 10:00', FLC, 'Urinveisinfeksjon, tredje dette året. Dyrkning E. coli. Pivmecillinam. Profylakse drøftet.', rel='infeksjon')
n('09', '2024-06-04 13:00', HS, 'Helsestasjon 2 år for sønnen. Mor forteller at eks-samboeren fra før har dukket opp utenfor barnehagen. Politiet varslet. Hun er redd.', rel='angst', tempt='vold')
n('09', '2025-02-11 10:00', FLC, 'Sykmeldt 50 % pga angst etter at eks-samboer ble løslatt. Sover dårlig igjen. Voldsalarm fra politiet.', rel='angst sovn', tempt='vold')
n('09', '2026-03-17 10:00', FLC, 'Kontroll. Tilbake i full jobb. Angsten håndterbar. Sønnen har startet i barnehage.', tempt='angst')
# ---------------------------------------------------------------- t4p10 Astrid (hjemmesykepleie -> langtidsopphold; demens, fall, trykksår, ernæring, samtykke)
n('10', '2018-02-06 10:00', FLA, 'Kvinne 83 år, enke. Datteren bekymret: mor glemmer avtaler, har brent to kjeler. MMSE 23/30, klokketest patologisk. Henvist hukommelsesteam.', rel='demens')
n('10', '2018-04-10 13:00', GER, 'Hukommelsesutredning: Alzheimers sykdom, mild grad. Donepezil startet. Anbefaler hjemmetjenester for medisiner.', rel='demens')
n('10', '2018-04-24 11:00', TILD, 'Vedtak: hjemmesykepleie 1 gang daglig (medisiner) og trygghetsalarm. Astrid ønsker å bo hjemme.', rel='hjemmetjenester')
n('10', '2018-06-12 08:30', HJB, 'Medisiner gitt. Astrid har ikke spist frokost, sa hun hadde spist. Smurte en skive og satt med henne.', rel='hjemmetjenester ernaering')
n('10', '2018-10-30 19:00', HJN, 'trygghetsalarm kl 1850. astrid satt på kjøkkengulvet, sa hun skled da hun skulle hente melk. ingen smerter, reiste seg med hjelp. ringer datter i morgen.', rel='fall hjemmetjenester')
n('10', '2018-11-13 10:00', FYS, 'Fallrisikovurdering etter fall. Gangfunksjon ustø, balansetest svak. Fjernet løse tepper, montert håndtak ved dusj. Treningsprogram 2 ganger i uka.', rel='fall hjemmetjenester')
n('10', '2019-03-05 09:00', HJA, 'Astrid er svimmel når hun reiser seg, må holde seg i bordet. BT liggende 152/80, stående 118/70. Lege informert om ortostatisk BT-fall.', rel='svimmelhet hjemmetjenester')
n('10', '2019-03-08 12:00', FLA, 'Ortostatisk hypotensjon. Seponert doxazosin. Kontroll om 2 uker.', rel='svimmelhet')
n('10', '2019-09-17 10:00', HJA, 'Vekt 52 kg, var 58 kg i mars. Kjøleskapet fullt av gammel mat. Middagsombringing og ernæringsdrikk søkt. Datteren informert.', rel='ernaering hjemmetjenester')
n('10', '2019-10-01 11:00', TILD, 'Vedtak: hjemmesykepleie 3 ganger daglig, middag levert, dagsenter to dager i uka.', rel='hjemmetjenester')
n('10', '2020-01-21 07:50', HJD, 'Astrid låg på golvet på soverommet då vi kom, hadde lege der sidan i natt seier ho. Kald, vondt i høgre hofte, høgre fot utrotert. Ambulanse tilkalla.', rel='fall hjemmetjenester')
n('10', '2020-01-21 13:00', SYKA, 'Lårhalsbrudd høyre, operert med hemiprotese. Postoperativt urolig om natten, river i venekanylen.', rel='fall delirium')
n('10', '2020-01-23 03:00', PSN, 'pas urolig, roper på mannen sin (død), tror hun er på jobb på posten. prøver å gå ut av senga uten å kunne stå. sittevakt satt inn.', rel='delirium')
n('10', '2020-01-27 10:00', SYKA, 'Delir i tilbakegang. Rødme over korsbeinet, ikke blekbar, 2 x 3 cm. Trykksår kategori 1. Vendes hver 2. time, trykkavlastende madrass.', rel='trykksar delirium')
n('10', '2020-02-04 11:00', TILD, 'Korttidsopphold på sykehjem for rehabilitering etter hoftebrudd, 4 uker.', tempt='langtid')
n('10', '2020-02-12 14:00', SHA, 'Trykksår over sacrum nå kategori 2, åpen blemme 1 cm. Skumbandasje, sideleie 30 grader, vending hver 3. time dokumentert.', rel='trykksar')
n('10', '2020-03-03 10:00', SHA, 'Såret over korsbeinet grodd. Går med rullator med hjelp av én. Spiser halve porsjoner.', tempt='trykksar', rel='ernaering')
n('10', '2020-03-10 13:00', SHL, 'Vurdering av samtykkekompetanse før utskrivning: Astrid forstår ikke at hun ikke klarer seg hjemme, husker ikke fallet. Mangler samtykkekompetanse for spørsmålet om bosted (pbrl. § 4-3). Samtale med datteren.', rel='samtykke demens')
n('10', '2020-03-17 11:00', TILD, 'Vedtak om langtidsplass i sykehjem (skjermet enhet for personer med demens) fra 1. april. Astrid motsetter seg ikke; datteren er enig.', rel='langtid demens', tempt='skjerming')
n('10', '2020-04-01 15:00', SHF, 'Innflytting. Astrid har med bilder av mannen og barnebarna. Spurte flere ganger når hun skulle hjem. Rolig ved middagen.', rel='langtid')
n('10', '2020-04-08 03:10', SHN, 'astrid vandrer i gangen, vil hjem og fyre i ovnen. fulgt tilbake, fikk varm melk. sovnet kl 04.', rel='sovn demens')
n('10', '2020-06-16 12:00', SHA, 'Ernæringskartlegging (MNA) 7 poeng: underernæring. Vekt 47 kg. Spiser bedre med selskap ved bordet og fingermat. Beriket kost.', rel='ernaering')
n('10', '2020-09-08 10:00', SHL, 'Årlig legemiddelgjennomgang. Seponert zopiklon og donepezil (ingen effekt, vekttap). Sover like godt uten.', tempt='sovn ernaering')
n('10', '2021-02-02 22:30', SHN, 'funnet sittende på gulvet ved senga. sier hun skulle på do. ingen synlige skader, beveger alle ledd. sensormatte satt på.', rel='fall')
n('10', '2021-02-09 14:00', SHA, 'Feil pasient: Astrid fikk morgenmedisinene til beboer på rom 12 (blodtrykk og vanndrivende). Oppdaget etter 10 min. BT og puls fulgt, ingen symptomer. Lege og datter informert, avvik meldt.', rel='legemiddelavvik')
n('10', '2021-05-18 10:00', SHL, 'Temp 38,7, uklar, urinstix positiv. UVI. Selexid. Ekstra væske.', rel='infeksjon delirium')
n('10', '2021-05-19 03:00', SHN, 'veldig urolig natt, ser folk i hjørnet av rommet, slår etter oss ved stell. ikke slik hun pleier. ringt sykepleier.', rel='delirium utagering')
n('10', '2021-10-12 11:00', SHA, 'Datteren har klaget muntlig på at mor har sittet i våt bleie hele formiddagen og at middagen ble servert kald. Møte avtalt med avdelingsleder.', rel='klage')
n('10', '2021-11-02 13:00', SHA, 'Skriftlig svar til datteren på klagen: gjennomgått rutiner for stell og matservering, bemanningen styrket på formiddag.', rel='klage')
n('10', '2022-03-22 10:00', SHA, 'Rødme på høyre hæl, blekbar. Hælavlastning med pute. Ikke trykksår.', tempt='trykksar')
n('10', '2022-07-05 10:00', SHL, 'Vekt 44 kg. Svelger dårlig, hoster ved måltider. Konsistenstilpasset kost, fortykningsmiddel. Palliativ tilnærming drøftet med datter.', rel='ernaering')
n('10', '2022-08-30 14:00', SHL, 'Astrid døde stille i dag kl 13.40 med datteren til stede. Ingen tegn til smerter eller uro siste døgn.')
# ---------------------------------------------------------------- t4p11 Olav (nynorsk heimesjukepleie; diabetes, einsemd, fall, svimmelheit, legemiddelavvik)
n('11', '2017-01-10 10:00', FLC, 'Mann 76 år, diabetes type 2 i 10 år. HbA1c 71. Bruker metformin og insulin Abasaglar 20 E kveld. Kona døde i fjor. Spiser mye ferdigmat.', rel='diabetes')
n('11', '2017-03-21 11:00', HJC, 'Heimesjukepleie starta etter vedtak: hjelp med insulin kvar kveld og blodsukkermåling. Olav er grei å samarbeide med, men seier han klarar seg sjølv.', rel='hjemmetjenester diabetes')
n('11', '2017-05-02 21:00', HJD, 'Kveldsbesøk. BS 16,4. Olav har ete kake hjå naboen. Sett insulin som ordinert.', rel='hjemmetjenester diabetes')
n('11', '2017-09-12 20:30', HJD, 'Olav hadde sett insulinet sjølv før vi kom, og vi sette det ein gong til fordi det ikkje var notert. Oppdaga ved gjennomgang av penn. BS 4,1 kl 22, gitt saft og brødskive. Avvik meldt, nattpatruljen sjekka BS kl 02 (6,2).', rel='legemiddelavvik hjemmetjenester diabetes')
n('11', '2017-09-13 10:00', HJC, 'Etter avviket i går: ny rutine, insulinpenn oppbevart i låst skap og kvittering i perm på kjøkkenet.', rel='legemiddelavvik hjemmetjenester')
n('11', '2018-01-16 09:00', HJC, 'Olav sit åleine kvar dag, seier han ikkje har snakka med nokon sidan sist vi var her. Sonen bur i Oslo. Spurt om han vil på dagsenter eller besøksteneste.', rel='ensomhet hjemmetjenester')
n('11', '2018-02-13 10:00', TILD, 'Vedtak om besøksvenn frå frivilligsentralen og dagsenter ein dag i veka. Olav takka ja til dagsenteret.', rel='ensomhet')
n('11', '2018-06-19 14:00', FLC, 'Svimmel ved oppreisning og på morgonen, "det går rundt". BT 108/60 sittande. Blodsukker 3,8 ved kontroll. Hypoglykemi og låg BT. Insulin redusert til 14 E.', rel='svimmelhet diabetes')
n('11', '2018-06-26 08:15', HJD, 'Olav datt i gangen i går kveld, seier han vart svimmel. Blåmerke på høgre albue. Han ringde ikkje alarmen.', rel='fall svimmelhet hjemmetjenester')
n('11', '2018-11-27 10:00', FLC, 'Lite glede, søv dårleg, et lite. Seier "det er ikkje noko å stå opp for". GDS 9. Depresjon hos eldre, sorg. Mirtazapin 15 mg kveld.', rel='depresjon sovn')
n('11', '2019-01-22 09:00', HJC, 'Olav seier han søv betre og har byrja å gå på dagsenteret igjen. Prata om kona.', tempt='sovn')
n('11', '2019-08-06 10:00', FLC, 'Sår under høgre storetå, 1 cm, ikkje smertefullt (nevropati). Diabetisk fotsår. Avlastning, heimesjukepleie skiftar annakvar dag.', rel='diabetes hjemmetjenester')
n('11', '2019-08-20 14:00', HJC, 'Fotsåret væskar og luktar, raudt rundt. Temp 38,1. Lege tilkalla.', rel='infeksjon diabetes hjemmetjenester')
n('11', '2019-08-20 17:00', FLC, 'Infisert diabetisk fotsår, cellulitt. Dicloxacillin. Kontroll om tre dagar. Sengeleie og fot høgt.', rel='infeksjon diabetes')
n('11', '2019-12-03 10:00', HJC, 'Fotsåret grodd. Ny fotpleie avtalt kvar 6. veke. Olav går tur til butikken igjen.', tempt='diabetes')
n('11', '2020-04-07 11:00', HJD, 'Korona: dagsenteret stengt, besøksvenn kan ikkje kome. Olav seier han "snakkar med radioen". Ringjer han kvar formiddag frå no.', rel='ensomhet hjemmetjenester')
n('11', '2020-10-20 15:00', FLC, 'Trykk i brystet ved gange i motbakke, gir seg etter 2-3 min kvile. EKG ua i hvile. Stabil angina sannsynleg. Nitro og henvisning belastningstest.', rel='brystsmerter')
n('11', '2020-11-24 10:00', SYKA, 'Arbeids-EKG positiv. Koronar angiografi: trekarsykdom, medikamentell behandling valgt pga alder og ønske. Ingen hvilesmerter.', rel='brystsmerter')
n('11', '2021-03-02 08:00', HJD, 'Morgonbesøk. Olav klagar på vondt i brystet, "som eit band", sidan kl 06. Blek og klam. Nitro gitt x 2 utan effekt. 113 ringt.', rel='brystsmerter hjemmetjenester', tempt='klage')
n('11', '2021-03-02 14:00', SYKA, 'NSTEMI. Konservativ behandling etter pasientens ønske. Overvåkes 2 døgn.', rel='brystsmerter')
n('11', '2021-03-12 10:00', HJC, 'Heim frå sjukehuset. Auka vedtak til tre besøk dagleg. Multidose frå apoteket. Olav er sliten, men blid.', rel='hjemmetjenester')
n('11', '2021-09-14 12:00', HJC, 'Apoteket har levert multidose utan den nye blodfortynnande tabletten som vart starta på sjukehuset. Olav har ikkje fått han på ti dagar. Lege kontakta, avvik meldt.', rel='legemiddelavvik hjemmetjenester')
n('11', '2022-02-08 22:45', HJN, 'nattpatrulje. olav låg på golvet ved senga, hadde prøvd å gå på do i mørkret. ikkje slått hovudet seier han. hjelpt opp, sengekant-lys sett på.', rel='fall hjemmetjenester')
n('11', '2022-02-15 10:00', ERG, 'Tilpassa soverom: sengekantlys, sensorlampe på badet, dørstokkar fjerna. Olav har fått rullator.', tempt='fall')
n('11', '2022-09-27 10:00', FLC, 'Årskontroll. HbA1c 58. Ingen fall sidan februar. Ingen brystsmerter. Han har fått ein katt.', tempt='fall brystsmerter', rel='diabetes')
n('11', '2023-04-18 09:00', HJC, 'Olav har hatt vondt i magen og ikkje hatt avføring på fem dagar. Laksantia gitt etter forordning. Lege orientert.', rel='magesmerter hjemmetjenester')
n('11', '2023-11-07 11:00', TILD, 'Olav har søkt om omsorgsbustad nærmare sonen. Vedtak: avslag, vilkåra ikkje oppfylt. Olav har klaga på avslaget.', rel='klage okonomi')
n('11', '2024-01-16 10:00', TILD, 'Klagen på avslag om omsorgsbustad er teken til følgje etter ny vurdering. Olav flyttar til omsorgsbustad i mars.', rel='klage okonomi')
n('11', '2024-06-11 13:00', HJC, 'Olav trivst i omsorgsbustaden. Et middag i fellesstova med dei andre kvar dag. Seier han ikkje er einsam lenger.', rel='hjemmetjenester', tempt='ensomhet okonomi')
# ---------------------------------------------------------------- t4p12 Reidun (sykehjem; demens, utagering, kap. 4A, trykksår, klage)
n('12', '2019-05-14 10:00', FLB, 'Kvinne 81 år, frontotemporal demens diagnostisert 2018. Ektemannen (84) er sliten, Reidun går ut om natta og er sint når han stopper henne. Søkt avlastning.', rel='demens sovn')
n('12', '2019-06-04 11:00', TILD, 'Vedtak: avlastningsopphold på sykehjem én uke per måned og hjemmesykepleie morgen og kveld.', rel='hjemmetjenester')
n('12', '2019-06-11 08:30', HJA, 'Morgenstell. Reidun nektet dusj og dyttet meg bort. Stell utsatt, prøvde igjen etter frokost med ektemannen til stede, da gikk det.', rel='utagering hjemmetjenester')
n('12', '2019-09-17 13:00', FLB, 'Ektemannen har fått hjerneslag og er innlagt. Reidun kan ikke være alene. Akutt plass på sykehjem.', rel='demens')
n('12', '2019-09-24 11:00', TILD, 'Vedtak om langtidsopphold i sykehjem, skjermet enhet. Reidun mangler samtykkekompetanse for flyttingen; datteren er informert om vedtaket etter pbrl. § 4A-5 tredje ledd (innleggelse i institusjon).', rel='langtid tvang samtykke')
n('12', '2019-09-24 15:00', SHB, 'Innflytting. Reidun vil heim til mannen sin, prøvde døra fleire gonger. Sat med henne og såg i fotoalbum.', rel='langtid')
n('12', '2019-10-02 19:30', SHF, 'Reidun slo en medbeboer i hodet med veska da hun satte seg i "hennes" stol. Skilt fra hverandre. Medbeboer uten skade. Pårørende til begge informert.', rel='utagering')
n('12', '2019-10-08 14:00', SHL, 'Utfordrende atferd: slår og klyper ved stell, roper. Smertekartlegging (MOBID-2) viser smerter i hofter ved forflytning. Paracetamol fast. Miljøtiltak: én fast pleier.', rel='utagering')
n('12', '2019-10-29 10:00', SHL, 'Vedtak etter pbrl. kap. 4A: helsehjelp (personlig hygiene) tross motstand, inntil 3 måneder. To pleiere kan holde hendene hennes rolig under stell dersom tillitsskapende tiltak ikke fører fram.', rel='tvang holding')
n('12', '2019-11-05 08:40', SHF, 'Morgonstell etter vedtaket: Reidun slo, Kari holdt hendene hennes i fanget mens jeg vasket. Under 5 min. Hun roet seg og sang med etterpå. Protokoll ført.', rel='holding tvang utagering')
n('12', '2019-11-20 10:00', SF, 'Statsforvalteren har overprøvd vedtaket etter pbrl. § 4A-8 og stadfestet det. Vilkårene om tillitsskapende tiltak er dokumentert.', rel='tvang')
n('12', '2019-12-10 02:30', SHNN, 'reidun vaken heile natta, gjekk i gangen og bankar på dørene til dei andre. ville ikkje leggje seg. fekk ein kopp te, la seg kl 5.', rel='sovn')
n('12', '2020-02-18 13:00', SHB, 'Reidun har gått ned 4 kg på to månader. Går heile dagen, et lite ved bordet. Fingermat i lomma og i gangen. Beriking.', rel='ernaering')
n('12', '2020-03-31 11:00', SHA, 'Besøksforbud pga korona. Datteren har klaget til kommunen på at hun ikke får se mor og at mor er blitt mer urolig. Videosamtaler tilbys.', rel='klage')
n('12', '2020-04-21 10:00', SHL, 'Feber 38,9, hoste, SpO2 89 %. Covid-19 positiv. Oksygen, palliativ vurdering drøftet med datter. Reidun er søvnig og forvirret.', rel='infeksjon delirium')
n('12', '2020-04-23 03:00', SHNN, 'reidun rotar, trur ho er på fjøset og skal mjølke. river av seg oksygenbrillene. skiftande, roleg i periodar. anna enn vanleg.', rel='delirium')
n('12', '2020-05-12 10:00', SHL, 'Covid over. Delir gått tilbake. Mer sengeliggende enn før. Rød hud over høyre trokanter.', rel='trykksar delirium')
n('12', '2020-05-26 14:00', SHB, 'Trykksåret over høgre hofte kategori 3, 3 x 2 cm med gul belegg. Sårsjukepleiar kontakta, skumbandasje og vending kvar 2. time.', rel='trykksar')
n('12', '2020-06-09 15:00', SHA, 'Datteren klaget skriftlig på at trykksåret ikke ble oppdaget tidligere og at vendeskjema ikke er fulgt i helgene. Sendt til avdelingsleder, møte avtalt.', rel='klage trykksar')
n('12', '2020-07-14 11:00', SHA, 'Svar på klage: gjennomgang viste manglende vending lørdag og søndag, ny rutine med signering. Datteren fornøyd med svaret.', rel='klage trykksar')
n('12', '2020-09-01 10:00', SHB, 'Trykksåret på hofta grodd. Reidun går litt igjen med to.', tempt='trykksar')
n('12', '2020-12-15 08:30', SHF, 'Reidun fikk dobbel dose Paracet i morges; nattevakt hadde gitt 1 g kl 06 uten å signere. Ingen symptomer. Avvik meldt.', rel='legemiddelavvik')
n('12', '2021-03-09 10:00', SHL, 'Ny vurdering: Reidun motsetter seg ikke lenger stell. Vedtak etter kap. 4A ikke forlenget.', rel='tvang')
n('12', '2021-06-22 19:00', SHF, 'Reidun kastet tallerkenen i gulvet og spyttet på en pleier under middagen. Roet seg da hun fikk gå tur i hagen.', rel='utagering')
n('12', '2021-11-16 14:00', SHL, 'Smerter i magen, uro, ikke hatt avføring på 6 dager. Palpabel skybala. Klyster gitt, god effekt. Uroen borte.', rel='magesmerter')
n('12', '2022-04-05 11:00', SHB, 'Reidun sit i stolen i fellesstova og ser på fuglar. Roleg periode. Et godt.')
n('12', '2022-10-18 10:00', SHL, 'Reidun døde i natt, fredfullt. Datteren var til stede siste kveld.')
# ---------------------------------------------------------------- t4p13 Per Arne (hjemmetjenester, depresjon, alkohol, ensomhet, pneumoni, samtykke)
n('13', '2019-04-02 10:00', FLA, 'Mann 67 år, nylig pensjonert lastebilsjåfør, KOLS grad 2. Røyker. Bor alene på småbruk. Drikker "litt" hver kveld.', tempt='rus')
n('13', '2020-01-14 11:00', FLA, 'Feber 39, hoste med gult oppspytt, SpO2 91 %, CRP 180. Pneumoni. Innlagt medisinsk avdeling.', rel='infeksjon')
n('13', '2020-01-20 10:00', SYKA, 'Utskrevet etter pneumoni. Svekket. Anbefaler hjemmesykepleie for inhalasjoner og oppfølging av kost; pasienten takker nei.', tempt='hjemmetjenester', rel='infeksjon')
n('13', '2020-06-30 13:00', FLA, 'Naboen ringer: Per Arne har ikke vært ute på en uke, post i postkassen. Hjemmebesøk: utmagret, tomme flasker, sier han "ikke orker". Vekt 61 kg (71 i januar). Depresjon og alkohol.', rel='ernaering depresjon rus ensomhet')
n('13', '2020-07-07 10:00', TILD, 'Vedtak om hjemmesykepleie 1 gang daglig og matombringing. Per Arne samtykker motvillig.', rel='hjemmetjenester')
n('13', '2020-07-15 09:00', HJB, 'Per Arne sitter i godstolen. Tatt inhalasjon. Har spist halve middagen fra i går. Lite prat, ser ut av vinduet.', rel='hjemmetjenester')
n('13', '2020-08-11 10:00', HJA, 'Sier han ikke har noen igjen, kona er død og sønnen ringer ikke. "Hva skal jeg her?" Spurt om han tenker på å ta livet sitt: "ikke nå". Fastlege informert samme dag.', rel='selvmord ensomhet depresjon hjemmetjenester')
n('13', '2020-08-12 13:00', FLA, 'Samtale hjemme. Passive dødsønsker, har jaktvåpen i huset. Våpenet levert til lensmannen frivillig. Sertralin startet. Kommunal psykisk helse kobles på.', rel='selvmord depresjon')
n('13', '2020-09-08 10:00', KPH, 'Samtale hjemme. Per Arne snakker om kona som døde for to år siden. Drikker en halv flaske brennevin om kvelden for å sove. Vil prøve å trappe ned.', rel='rus sovn depresjon')
n('13', '2020-11-24 10:00', KPH, 'Har vært med på mannsgruppa på frivilligsentralen to ganger. Sier det var "greit nok". Drikker mindre, bare i helgene.', rel='ensomhet rus')
n('13', '2021-02-16 08:10', HJB, 'Per Arne lå på gulvet i stua, hadde sovnet der etter å ha drukket i går kveld. Ikke skadet. Hjalp ham i seng.', rel='rus hjemmetjenester', tempt='fall')
n('13', '2021-06-15 10:00', HJA, 'Per Arne nekter å ta imot hjelp med dusj; han sier han vasker seg selv. Forstår hva det betyr å si nei, og konsekvensene. Vurdert samtykkekompetent for dette. Respekteres.', rel='samtykke hjemmetjenester')
n('13', '2021-12-07 10:00', FLA, 'KOLS-forverring med feber og økt tungpust, antibiotika og prednisolon hjemme. Hjemmesykepleie øker besøk til to per dag en uke.', rel='infeksjon hjemmetjenester')
n('13', '2022-05-03 09:00', HJB, 'Hjemmebesøk ua. Per Arne har plantet poteter. Tatt medisiner. Blid i dag.', rel='hjemmetjenester')
n('13', '2022-10-18 13:00', FLA, 'Glemmer avtaler med hjemmesykepleien, har ikke betalt strømregningen, huset kaldt. MMSE 22. Henvist utredning. Sønnen kontaktet.', rel='demens okonomi', tempt='hjemmetjenester')
n('13', '2023-01-10 10:00', GER, 'Utredning: blandet vaskulær og alkoholrelatert kognitiv svikt. Anbefaler forvaltning av økonomi og vurdering av tilrettelagt bolig.', rel='demens okonomi', tempt='rus')
n('13', '2023-03-07 11:00', NAV, 'Vergemål opprettet for økonomiske forhold etter søknad fra sønnen. Strømregning og husleie betales nå av verge.', rel='okonomi')
n('13', '2023-06-20 22:30', HJN, 'ringt fra nabo, per arne har gått på veien i pysjamas og vil til butikken. fulgt hjem, forvirra og kald. ringt vakthavende.', rel='demens hjemmetjenester')
n('13', '2023-08-29 10:00', SHL, 'Vurdering av samtykkekompetanse for flytting til sykehjem: Per Arne forstår ikke at han ikke klarer seg hjemme, og tror kona lever. Mangler samtykkekompetanse for dette spørsmålet.', rel='samtykke demens')
n('13', '2023-09-12 11:00', TILD, 'Vedtak om langtidsopphold i sykehjem fra 1. oktober. Per Arne har sagt nei flere ganger, sønnen har klaget på at han ble "flyttet mot sin vilje". Saken oversendt Statsforvalteren for overprøving etter kap. 4A.', rel='langtid klage tvang')
n('13', '2023-10-02 16:00', SHA, 'Innflyttet. Per Arne går rundt og leter etter bilnøklene. Gir seg etter en kaffe. Spiste godt.', rel='langtid')
n('13', '2023-11-14 02:00', SHN, 'per arne prøver å gå ut av ytterdøra, sier han skal fôre sauene. roet seg når vi gikk en runde i gangen. sovnet 03.', rel='demens sovn')
n('13', '2024-03-05 10:00', SHL, 'Stabil. Ingen alkohol siden innflytting. Vekt 68 kg. Fornøyd med å være med på kaffestund. Sønnen besøker hver søndag.', tempt='rus ernaering ensomhet')
n('13', '2024-10-15 13:00', SHA, 'Per Arne har hatt tre fall siste måned, alle ved forflytning til toalettet om natten. Sensoralarm og lavseng. Fysioterapeut kontaktet.', rel='fall')
n('13', '2025-01-21 10:00', SHL, 'Fall fra sengen i natt, smerter i venstre skulder. Røntgen: ingen fraktur. Økt tilsyn på natt.', rel='fall')
n('13', '2025-09-09 10:00', SHL, 'KOLS forverret, palliativ fase. Får oksygen 1 l. Rolig, spiser lite, sønnen er informert.', tempt='ernaering')
# ---------------------------------------------------------------- t4p14 Martin (utviklingshemming, bolig; hol. kap. 9, utagering, selvskading, epilepsi)
n('14', '1993-07-06 10:00', HS, '6 uker. Født til termin, lav apgar, nakkestiv i 2 døgn etter fødsel. Suger svakt. Vekt følger 3-persentilen. Tett oppfølging.', rel='ernaering')
n('14', '1995-02-14 11:00', HS, '20 mnd. Går ikke ennå, sier ingen ord. Henvist barnehabilitering.')
n('14', '1996-09-10 10:00', SYKB, 'Barnehabilitering: psykisk utviklingshemming, moderat grad. Autismetrekk. Første epileptiske anfall i august: generaliserte kramper 4 min. Valproat startet.', rel='epilepsi')
n('14', '1999-11-23 13:00', PPT, 'Skolestart i forsterket avdeling. Martin slår hodet i gulvet når han blir frustrert, særlig ved overganger. Tegnstøttet kommunikasjon innføres.', rel='selvskading')
n('14', '2003-03-18 14:00', SYKB, 'Økende anfall, 4-5 i måneden, noen med fall og skade i hodet. Lamotrigin lagt til. Hjelm ved aktivitet.', rel='epilepsi fall')
n('14', '2008-05-06 10:00', KLA, 'Martin (14) har bitt en assistent i armen og dratt en medelev i håret i dag. Skjer når det blir mye lyd i rommet.', rel='utagering')
n('14', '2012-09-04 11:00', VPA, 'Martin (19) har flyttet inn i bolig med heldøgns tjenester, 4 beboere. Foreldrene er verger. Mye uro første uke.', tempt='okonomi')
n('14', '2012-09-11 22:00', VPN, 'martin slo hodet i veggen i gangen mange ganger, rødt merke over øyet. la puta mellom. roa seg da vi satte på musikken hans. sov fra 2330.', rel='selvskading')
n('14', '2012-10-16 14:00', FAG, 'Kartlegging av utfordrende atferd: selvskading (slår hodet i vegg og gulv, biter i hånda) 10-15 ganger per uke, utagering mot personalet ved krav. Funksjonell analyse: ofte smerter, støy eller endring i plan.', rel='selvskading utagering')
n('14', '2013-01-15 10:00', FAG, 'Vedtak etter helse- og omsorgstjenesteloven kap. 9, § 9-5 tredje ledd bokstav b: planlagte skadeavvergende tiltak i gjentatte nødsituasjoner. Inntil to personal kan holde armene hans for å hindre slag mot hodet, kortest mulig.', rel='tvang holding selvskading')
n('14', '2013-01-29 09:00', SF, 'Statsforvalteren har overprøvd og godkjent vedtaket etter kap. 9 for ett år. Krav om opplæring av personalet og månedlig rapportering.', rel='tvang')
n('14', '2013-02-12 19:40', VPB, 'Martin begynte å slå seg i hodet i stua etter at taxien ikke kom. Jeg og Tommy holdt armene hans nede ved siden av kroppen i ca 2 min til han slappet av. Registrert etter kap. 9-vedtaket.', rel='holding tvang selvskading')
n('14', '2013-03-05 10:00', FAG, 'Vedtak kap. 9, § 9-5 bokstav c: skjerming i egen leilighet når Martin er utagerende, med personal til stede i døra, inntil 30 minutter. Evaluering månedlig.', rel='skjerming tvang utagering')
n('14', '2013-03-14 17:10', VPA, 'Martin kastet TV-en i gulvet og slo Sandra i ryggen. Skjermet i egen leilighet etter vedtaket, 12 min. Rolig etterpå, spiste middag.', rel='skjerming utagering tvang')
n('14', '2013-09-10 14:00', FLB, 'Martin har slått hodet mer enn vanlig, tar seg til kinnet. Henvist tannlege under narkose: to store hull med abscess. Smerte som årsak til uro.', rel='selvskading')
n('14', '2014-05-20 08:00', VPN, 'anfall kl 0545 i senga, kramper i hele kroppen 3 min, blå rundt munnen. la han i sideleie. sov etterpå til 0730. ingen skade.', rel='epilepsi')
n('14', '2014-06-03 10:00', VPA, 'Avvik: Martin fikk ikke kveldsdosen av lamotrigin i går, medisinen var tom i boligen. Ny rutine for bestilling fra apotek.', rel='legemiddelavvik', tempt='epilepsi')
n('14', '2015-11-17 14:00', FAG, 'Evaluering: utagering og selvskading redusert til 2-3 episoder per måned etter visuell dagsplan og stille rom. Holding brukt én gang siste kvartal.', rel='selvskading utagering holding')
n('14', '2016-09-27 10:00', FLB, 'Magesmerter, uro om natta, drar seg i magen. Ikke avføring på 5 dager. Obstipasjon, laktulose fast.', rel='magesmerter sovn')
n('14', '2017-04-04 11:00', FAG, 'Vurdering av samtykkekompetanse for tannbehandling i narkose: Martin kan ikke forstå informasjonen. Mangler samtykkekompetanse, behandling etter pbrl. kap. 4A vurdert.', rel='samtykke')
n('14', '2018-08-14 19:00', VPB, 'Martin var på kino med støttekontakt. Første gang uten uro. Stolt.')
n('14', '2019-01-08 10:00', VPA, 'Boligen har låst kjøkkenskapene fordi en annen beboer spiser uhemmet. Drøftet at dette også begrenser Martin og må ha eget vedtak etter kap. 9 eller fjernes.', rel='tvang')
n('14', '2019-10-22 10:00', FLB, 'Vektøkning 12 kg siste to år, BMI 31. Spiser mye brød. Kostplan med personalet.', rel='ernaering')
n('14', '2020-03-17 14:00', VPA, 'Korona: dagtilbudet stengt. Martin forstår ikke hvorfor, mer uro, slår i døra og roper. Ekstra turer.', rel='utagering')
n('14', '2020-12-01 22:00', VPN, 'feber 39,2, hoster, uro. ringt legevakt. paracet gitt.', rel='infeksjon')
n('14', '2021-06-08 10:00', VPA, 'Pårørende (mor) har klaget til kommunen på at Martin har fått for mange ulike vikarer og at det fører til mer uro og flere kap. 9-tiltak. Klagen er tatt til følge, fast turnus.', rel='klage')
n('14', '2022-08-23 10:00', SYKB, 'Anfallsfri i to år. Fortsatt lamotrigin. Ingen endring.', rel='epilepsi')
n('14', '2023-05-16 14:00', FAG, 'Kap. 9-vedtaket om holding avsluttet etter et år uten bruk. Skjerming ikke brukt på to år. Miljøtiltak fortsetter.', rel='tvang', tempt='holding skjerming')
n('14', '2024-02-06 11:00', VPB, 'Martin (30) feiret bursdag med foreldrene og naboene i boligen. Lagde kake selv med hjelp.')
n('14', '2025-09-30 10:00', VPA, 'Martin har fått jobb to dager i uka på et vaskeri (VTA). Trives.')
# ---------------------------------------------------------------- t4p15 Sofie (omsorgssvikt, fravær, mobbing, lus, tenner, barnevern)
n('15', '2013-02-20 10:00', HS, 'Hjemmebesøk nyfødt. Mor og far begge uføre. Leiligheten rotete, men babyen er godt stelt. Storebror (6) hjemme fra skolen i dag.')
n('15', '2014-01-21 11:00', HS, 'Ettårskontroll. Sofie er blid, går langs møbler. Vaksiner oppdatert.')
n('15', '2016-03-08 13:00', HS, '3-årskontroll utsatt to ganger. Sofie har sår i munnviken og flere hull i tennene. Mor sier hun får saft i flaska når hun skal sove.', rel='omsorgssvikt')
n('15', '2016-09-13 10:00', BVB, 'Bekymringsmelding fra barnehagen: Sofie kommer ofte sulten, i skitne klær og uten ytterklær om vinteren. Hentes sent. Undersøkelsessak åpnet.', rel='omsorgssvikt ernaering')
n('15', '2016-11-22 14:00', BVB, 'Hjemmebesøk. Lite mat, søppel og kattemøkk på gulvet, madrass uten sengetøy på barnerommet. Foreldrene sier de er slitne og deprimerte. Hjelpetiltak: hjemmekonsulent, barnehageplass hele dagen, matpakke.', rel='omsorgssvikt', tempt='depresjon')
n('15', '2017-05-30 10:00', BVB, 'Evaluering hjelpetiltak: bedre hygiene, Sofie har fått ny seng. Foreldrene samarbeider. Tiltak videreføres.', rel='omsorgssvikt')
n('15', '2019-09-24 10:00', SK, '1. klasse. Lus igjen for tredje gang. Lærer melder at Sofie ofte kommer uten matpakke og sovner i timen. Sier hun ser på YouTube om natta.', rel='omsorgssvikt sovn')
n('15', '2019-11-05 09:00', KLA, 'Sofie har vært borte 11 dager dette halvåret, ofte uten melding. Mor sier hun "ikke våknet". Brev hjem om fravær.', rel='skolevegring omsorgssvikt')
n('15', '2020-01-14 10:00', KLA, 'Noen i klassen sier at Sofie lukter og vil ikke sitte ved siden av henne. Hun gråt i garderoben. Samtale med klassen om å være greie.', rel='mobbing')
n('15', '2020-02-11 13:00', SK, 'Sofie sier hun ikke har noen venner. De andre sier "æsj" når hun tar på ting. Hun vil ikke på skolen. Kontaktlærer og barnevern informert.', rel='mobbing ensomhet skolevegring')
n('15', '2020-03-10 10:00', BVB, 'Ny bekymringsmelding fra skolen om hygiene, fravær og at Sofie blir utestengt. Styrkede hjelpetiltak, besøkshjem annenhver helg.', rel='omsorgssvikt mobbing skolevegring')
n('15', '2020-10-20 11:00', FLB, 'Vondt i magen og svie når hun tisser, feber 38,5. Cystitt. Selexid. Mor informert om å sørge for at hun drikker.', rel='infeksjon magesmerter')
n('15', '2021-04-27 14:00', BVB, 'Far er innlagt på sykehus etter alkoholrelatert leversvikt. Mor klarer ikke å stå opp. Sofie (8) lager mat til seg selv og broren. Akuttplassering i beredskapshjem.', rel='omsorgssvikt', tempt='rus')
n('15', '2021-06-15 10:00', BVB, 'Fylkesnemnda har vedtatt omsorgsovertakelse. Foreldrene klager ikke. Sofie flytter til fosterhjem i nabokommunen, bytter skole.', rel='omsorgssvikt', tempt='klage')
n('15', '2021-09-07 10:00', SK, 'Ny skole. Sofie har fått en venninne. Sover godt i fosterhjemmet, spiser frokost. Fravær 0.', tempt='sovn skolevegring ensomhet')
n('15', '2022-03-15 10:00', SK, 'Sofie hadde hodepine og var kvalm i to dager. Feber 38,4. Sannsynlig virusinfeksjon. Hjem med fostermor.', rel='hodepine infeksjon')
n('15', '2023-02-28 13:00', SK, 'Sofie (10) forteller at en jente i klassen sier at hun "ikke har ordentlige foreldre". Sofie ble lei seg og slo henne. Samtale med begge.', rel='mobbing utagering')
n('15', '2023-09-19 10:00', BVB, 'Samvær med mor. Mor kom ruset og samværet ble avbrutt. Sofie sov dårlig etterpå og var sint i to dager iflg. fostermor.', rel='sovn', tempt='rus')
n('15', '2024-01-16 10:00', SK, 'Skolen har hatt kampanje mot netthets i 5. klasse. Sofie har skrevet dikt om vennskap som ble lest opp. Ingen saker om henne.', tempt='mobbing')
n('15', '2024-10-08 10:00', FLB, 'Hodepine etter skolen, bedre i helgene. Briller? Henvist optiker, som fant nærsynthet. Briller ga bedring.', rel='hodepine')
n('15', '2025-04-22 10:00', BVB, 'Sofie (12) ønsker ikke samvær med mor lenger. Respekteres. Fostermor melder at hun har det bra, trener turn.')
n('15', '2026-02-03 09:00', SK, 'Helsesamtale 7. trinn. Vekt og høyde normalt. Spurt om kropp, søvn, mobbing og om noen har gjort noe mot henne hun ikke ville: nei. Hun er glad i fosterfamilien.', tempt='sovn mobbing overgrep')
# ---------------------------------------------------------------- t4p16 Thea (rus, vold i byen, overgrep på fest, legevakt, depresjon, selvskading)
n('16', '2019-09-17 10:00', SK, 'Thea (13) sier hun har begynt å røyke og drukket på fest med eldre venner. Foreldrene skilt, bor annenhver uke. Samtale om alkohol og ungdom.', rel='rus')
n('16', '2020-05-26 23:30', LV2, 'Jente 13 år hentet av politiet i parken, sterkt beruset, kastet opp. Promille ca 1,8. Observert til mor kom. Bekymringsmelding til barnevernet.', rel='rus')
n('16', '2020-06-09 13:00', BVA, 'Samtale med Thea og mor etter beruselsen i parken. Thea henger med gjeng som er eldre. Hjelpetiltak: ungdomskontakt, faste hjemmetider.', rel='rus')
n('16', '2020-11-17 10:00', SK, 'Thea har kutt på underarmen, noen friske. Sier hun gjør det når det blir for mye hjemme hos far. Henvist BUP.', rel='selvskading')
n('16', '2021-01-19 14:00', BUPB, 'Kutter seg 2-3 ganger i uka, ofte etter krangel med far. Nedstemt, lite energi, søvnproblemer. Depresjon moderat. DBT-A ungdomsgruppe.', rel='selvskading depresjon sovn')
n('16', '2021-03-23 10:00', BUPB, 'Forteller at far kaster ting og har tatt kvelertak på henne en gang da hun kom hjem for sent. Bekymringsmelding, politi varslet.', rel='vold')
n('16', '2021-04-06 11:00', BVA, 'Thea bor nå fast hos mor. Far har samvær under tilsyn. Politiet etterforsker.', rel='vold')
n('16', '2021-09-28 10:00', KLA, 'Thea har vært borte 23 % av timene denne måneden. Kommer for sent, sover i timen. Sier hun er ute om nettene.', rel='skolevegring sovn')
n('16', '2021-12-14 01:30', LV, 'Jente 15 år, sier hun ble tvunget til sex av to gutter hun ikke kjenner godt på en hjemmefest, var beruset og husker lite. Overgrepsmottaket. Politi varslet etter samtykke fra mor.', rel='overgrep rus')
n('16', '2022-01-11 13:00', BUPB, 'Etter voldtekten: sover ikke, bruker hasj for å få sove, kutter seg igjen. Sier hun ønsker å dø. Innlagt BUP akutt.', rel='overgrep sovn rus selvskading selvmord')
n('16', '2022-01-12 10:00', BUPA, 'Akuttinnleggelse. Vedvarende selvmordstanker, plan om å hoppe fra brua. Frivillig innlagt, samtykker. Tett tilsyn.', rel='selvmord')
n('16', '2022-01-15 22:00', BUPN, 'thea prøvde å henge seg med skolissene på badet, funnet av meg etter ca 1 min. bevisst, merker på halsen. lege tilkalt. fratatt lisser og belte. fast vakt.', rel='selvmord')
n('16', '2022-01-16 09:00', BUPA, 'Etter selvmordsforsøket i går: tvungent psykisk helsevern vurdert, Thea samtykker fortsatt til å bli. Vedtak om undersøkelse av rom og eiendeler etter § 4-6. Skjerming ikke nødvendig.', rel='tvang selvmord', tempt='skjerming')
n('16', '2022-03-01 10:00', BUPA, 'Utskrevet. Ingen aktive selvmordstanker. Ukentlig oppfølging, kriseplan, mor har nøkkel til medisinskapet.', tempt='selvmord')
n('16', '2022-08-23 11:00', RUS, 'Thea (16) røyker hasj daglig, prøvd MDMA og kokain på fest. Vil kutte hasjen. Urinprøveavtale i ungdomsteamet.', rel='rus')
n('16', '2022-11-29 22:45', LV, 'Jente 16 år slått ned i sentrum av ukjent jente, sparket i hodet mens hun lå. Kutt over øyenbrynet sydd, hjernerystelse. Politianmeldt.', rel='vold')
n('16', '2022-12-06 10:00', FLA, 'Kontroll etter hjernerystelse: fortsatt hodepine og svimmelhet ved skjermbruk. Kognitiv hvile, gradvis tilbake til skolen.', rel='hodepine svimmelhet')
n('16', '2023-03-14 10:00', KLA, 'Thea har sluttet å komme på skolen etter at hun ble slått ned. Redd for å møte jentene som gjorde det. Tilrettelegging drøftet.', rel='skolevegring angst', tempt='vold')
n('16', '2023-06-20 13:00', NAV, 'Thea (16) har flyttet ut fra mor og bor hos kjæresten (20). Søkt økonomisk sosialhjelp. Barneverntjenesten kontaktet.', rel='okonomi')
n('16', '2023-09-05 10:00', BVA, 'Ettervern: Thea bor på hybel med oppfølging. Hjelp til budsjett og husleie. Rusfri siste to måneder iflg. urinprøver.', rel='okonomi', tempt='rus')
n('16', '2024-02-13 14:00', LV, 'Jente 17 år med sterke magesmerter nederst til høyre, feber 38,4, slipp-ømhet. Appendicitt mistenkes, innlagt kirurgisk.', rel='magesmerter infeksjon')
n('16', '2024-08-27 10:00', RUS, 'Tilbakefall med kokain og alkohol i helgene. Har fått inkassokrav på 30 000 etter lån. Vil ha hjelp.', rel='rus okonomi')
n('16', '2025-01-14 10:00', DPS, 'Overført voksen. Depresjon i remisjon. Bruker sjelden hasj. Jobber i kafé. Selvskading avsluttet for ett år siden.', rel='rus', tempt='depresjon selvskading')
n('16', '2025-10-07 10:00', FLA, 'Prevensjon, p-stav satt inn. Ingen plager. Spurt om rus og vold i kjæresteforholdet: nei.', tempt='rus vold')
n('16', '2026-05-19 10:00', DPS, 'Thea har klaget til pasient- og brukerombudet på at hun ble utskrevet fra BUP uten oppfølgingsplan i 2022. Ombudet har bedt om journal.', rel='klage')
# ---------------------------------------------------------------- second pass: thin topics, tempting sides, more voices
# Emilie
n('01', '2024-06-04 13:00', KLB, 'Referat klassemøte 8B. Elevane laga klasseregler: ingen skal stengjast ute, ingen bilete utan lov. Emilie sa ingenting, men skreiv under.', tempt='mobbing')
n('01', '2025-01-07 10:00', SK, 'Emilie spør om kostholdsråd, vil bli sterkere til håndball. Vekt og høyde følger kurven. Ingen slanking, ingen vekttap.', tempt='ernaering')
n('01', '2025-09-30 14:00', KLB, 'Emilie har vore heime i ei veke med feber og hoste. Mor melde fråvær kvar dag. Oppgåver sendt heim.', rel='infeksjon', tempt='skolevegring')
# Noah
n('02', '2016-05-24 10:00', BVA, 'Oppfølgingsbesøk i fosterhjemmet. Noah (3) sover hele natten, spiser godt og har språkeksplosjon. Ingen bekymring.', tempt='sovn')
n('02', '2019-03-26 09:15', KLA, 'Noah hadde et kort fravær i matten: stirret tomt i ca 10 sek og svarte ikke. Fortsatte som før. Meldt til fosterforeldre.', rel='epilepsi')
n('02', '2020-11-03 13:00', KLA, 'Brannøvelse på skolen. Noah ble redd av alarmen og gjemte seg under pulten, men fulgte klassen ut etter hvert.')
# Aurora
n('03', '2020-06-18 14:00', BUPD, 'Aurora forsøkte å løpe ut av posten etter måltid. Tatt igjen i trappa, vi to gikk med henne tilbake med et lett grep om overarmene. Ingen skade. Snakket etterpå.', rel='holding')
n('03', '2020-07-09 16:00', BUPD, 'Skjermingsrommet: Aurora ligger på senga og hører på musikk. En miljøterapeut sitter inne med henne. Spiste middag med personalet.', rel='skjerming')
n('03', '2024-11-12 10:00', FLC, 'Aurora har fått jobb som ekstrahjelp på sykehjemmet i helgene. Spør om vaksiner (hepatitt B). Ingen plager.', tempt='langtid')
# Elias
n('04', '2022-03-08 10:00', KLB, 'Informasjon til alle føresette: skulen har fått ny rutine for oppfølging av fråvær. Elias var på skulen heile dagen i dag.', tempt='skolevegring')
n('04', '2024-09-10 10:00', FLA, 'Elias kommer med far. Far (52) har hatt brystsmerter og er nylig utredet; Elias er redd for at far skal dø. Elias selv uten plager, normal us.', tempt='brystsmerter angst')
# Nora
n('05', '2022-05-24 13:00', SK, 'Nora klarer å sette insulin selv på skolen nå. Lærerne har fått ny opplæring i føling. Ingen hendelser denne måneden.', rel='diabetes')
n('05', '2025-09-09 10:00', SK, 'Nora (14) forteller at mor har vondt i magen og er utredet for magesår. Nora bekymrer seg. Selv uten plager.', tempt='magesmerter')
# Kristian
n('06', '2008-11-10 21:00', PSN, 'pas i skjermingen hele kvelden, rolig, ser på tv m/ personal. spist alt. sovna 2300.', rel='skjerming')
n('06', '2012-05-16 10:00', PSA, 'Skjerming etter § 4-3 forlenget med fem dager. Pasienten er fortsatt truende mot medpasienter og lite tilgjengelig for samtale.', rel='skjerming tvang')
n('06', '2019-06-24 03:30', PSN, 'pas våken, står og roper i skjermingen at vi har forgifta vannet. ga tilbud om behovsmedisin som han tok. roligere kl 04. sov fra 0500.', rel='skjerming sovn')
n('06', '2019-06-27 10:00', PSA, 'Samtykkekompetanse vurdert på nytt: Kristian kan ikke gjøre rede for hvorfor han er innlagt. Fortsatt ikke samtykkekompetent.', rel='samtykke')
n('06', '2022-06-14 10:00', KPH, 'Kristian spør om han kan være med på kurs i personlig økonomi. Han har ingen gjeld nå. Bor fast.', tempt='okonomi')
# Ingrid
n('07', '2018-01-16 10:00', DPS, 'Psykoedukasjon om panikkanfall: brystsmerter, hjertebank og pustevansker er kroppens alarm, ikke farlig. Ingrid kjenner seg igjen. Ingen anfall siste uke.', rel='angst', tempt='brystsmerter')
n('07', '2020-12-15 10:00', DPS, 'Ingrid fikk feil medisin fra apoteket i november (escitalopram 20 mg i stedet for 10 mg). Oppdaget ved dosettlegging, ikke tatt. Meldt apoteket.', rel='legemiddelavvik')
n('07', '2024-11-19 10:00', FLB, 'Mor (76) har fått demensdiagnose og flyttet på sykehjem. Ingrid er bekymret, men har det bra selv. Sover godt.', tempt='demens langtid sovn')
# Rune
n('08', '2018-01-09 10:00', TSB, 'Utskrevet fra døgnbehandling. Ingen abstinenskramper under nedtrappingen. Rusfri ved utskrivning.', tempt='epilepsi rus')
n('08', '2020-09-01 08:15', HJB, 'Rune skjelver på hendene, svett. Sier han ikke har drukket på tre dager. Ringt fastlege: oksazepam etter skjema. Tilsyn x 4.', rel='rus hjemmetjenester')
n('08', '2020-09-02 07:30', HJB, 'Rune hadde fått krampeanfall i natt ifølge nabo, ligger på sofaen, tungebitt. Sendt til legevakt.', rel='epilepsi rus')
n('08', '2023-09-19 10:00', HJA, 'Rune har klaget på at hjemmesykepleien kommer til forskjellige tider hver dag, noen ganger kl 11 med morgenmedisin. Videresendt til leder.', rel='klage hjemmetjenester')
# Linda
n('09', '2019-11-12 10:00', FLC, 'Linda spør om hjelp til økonomi, har gjeld etter eks-samboer som tok opp lån i hennes navn. Henvist NAV økonomisk rådgivning.', rel='okonomi')
n('09', '2023-04-11 10:00', FLC, 'Linda er svimmel og kvalm i morgenen, gravid? Test negativ. Hb 10,1, jernmangel. Jerntilskudd.', rel='svimmelhet')
# Astrid
n('10', '2018-09-04 10:00', HJA, 'Astrid sier hun "klarer seg" og vil ikke ha dusjhjelp. Hun forstår hva hjelpen går ut på og sier nei. Vurdert samtykkekompetent for dette nå. Respekteres.', rel='samtykke hjemmetjenester')
n('10', '2019-06-25 10:00', HJB, 'Dosett sjekket: tirsdag og onsdag kveld ikke tatt. Astrid sier hun har tatt dem. Byttet til medisinering ved hvert besøk.', rel='legemiddelavvik hjemmetjenester')
n('10', '2020-01-30 10:00', SYKA, 'Sårsykepleier: trykksår kategori 2 på venstre hæl i tillegg. Hælavlastende støvel. Fotografert og målt.', rel='trykksar')
n('10', '2020-04-15 14:00', SHA, 'Primærkontakt-samtale med datteren om langtidsoppholdet. Datteren spør om mor kan få enerom med eget bad. Ordnet fra mai.', rel='langtid')
n('10', '2021-05-22 10:00', SHA, 'Urolig og forvirret siden onsdag, nå klarere. Drikker godt. UVI-behandling avsluttet.', rel='delirium infeksjon')
n('10', '2022-08-15 10:00', SHA, 'Sengeliggende. Vendes hver 2. time etter plan. Huden hel, ingen trykksår.', tempt='trykksar')
# Olav
n('11', '2020-06-16 10:00', HJC, 'Olav har fått rødt område over halen etter mykje sitjing i stolen sidan koronastenginga. Blekbart. Trykkavlastande pute og gå-tur to gonger dagleg.', tempt='trykksar')
n('11', '2023-08-22 09:00', HJD, 'Olav var vaken heile natta, seier han har "kløe i heile kroppen". Ikkje utslett. Lege kontakta.', rel='sovn')
n('11', '2024-10-15 14:00', HJC, 'Olav vart forvirra og rastlaus i går, trudde han var på jobb på sagbruket. Feber 38,5, hoste. Lungebetennelse. Klarare i dag etter antibiotika.', rel='delirium infeksjon hjemmetjenester')
# Reidun
n('12', '2019-10-15 14:00', SHA, 'Reidun slo og skrek da vi skulle hjelpe henne opp av stolen. Vi ventet 10 min og prøvde igjen med sang, da gikk det.', rel='utagering')
n('12', '2021-09-14 10:00', SHL, 'Samtykkekompetanse vurdert før influensavaksine: Reidun kan ikke forstå hva vaksinen er. Mangler samtykkekompetanse; vaksinert etter pbrl. § 4-6 da hun ikke motsatte seg.', rel='samtykke')
n('12', '2022-06-21 10:00', SHL, 'Liggende mer. Rødme på begge hæler og over korsbeinet, kategori 1. Vending, hælavlastning.', rel='trykksar')
# Per Arne
n('13', '2020-09-22 10:00', HJA, 'Per Arne sier han nekter hjelp fra hjemmesykepleien fra neste uke. Samtale: han vet at han trenger mat og medisiner, men vil klare seg. Samtykkekompetent, men enig i å beholde matombringing.', rel='samtykke hjemmetjenester')
n('13', '2025-10-07 10:00', SHA, 'Per Arne ligger mye, sår over korsbeinet kategori 2. Skumbandasje, vending hver 2. time på dagtid.', rel='trykksar')
n('13', '2025-10-28 02:00', SHN, 'per arne urolig, plukker i dyna, snakker om sauene som har gått seg bort. ikke vanlig for han, var klar i går. ringt lege.', rel='delirium')
# Martin
n('14', '2016-02-09 19:00', VPB, 'Martin rev ned gardinene og dyttet en medbeboer i gangen. Vi førte ham til leiligheten hans med et grep under armene, og ble der sammen med ham. Registrert som skjerming etter kap. 9-vedtaket.', rel='skjerming holding utagering tvang')
n('14', '2018-04-17 10:00', VPA, 'Personalmøte: gjennomgang av kap. 9, hva er tvang og hva er det ikke. Ingen saker om Martin i dag.', tempt='tvang')
# Sofie
n('15', '2020-05-05 10:00', KLA, 'Hjemmeskole under nedstengingen: Sofie har ikke logget seg på noen dager denne uka. Ringt hjem, ingen svarer.', rel='skolevegring omsorgssvikt')
n('15', '2022-09-06 10:00', BVB, 'Fosterforeldrene klager på at kommunen har redusert fosterhjemsgodtgjørelsen. Saken videresendt.', rel='klage okonomi')
# Thea
n('16', '2021-10-12 10:00', BUPB, 'Thea sier hun ikke har kuttet på en måned, men hun har slått seg selv på lårene med knyttneven. Blåmerker.', rel='selvskading')
n('16', '2022-01-18 14:00', BUPD, 'Thea ville forlate posten i natt; personalet sto foran døra og holdt henne i armen da hun prøvde å dytte seg forbi. Fratatt ytterjakke etter avtale med lege.', rel='holding')
n('16', '2022-01-18 16:00', BUPA, 'Etter episoden i natt: vedtak om tilbakeholdelse etter phvl. § 3-3, tvungent vern, da hun trakk samtykket og har høy selvmordsrisiko. Skjermet fra fellesmiljøet i to døgn.', rel='tvang skjerming selvmord')
n('16', '2022-02-01 10:00', BUPA, 'Thea har klaget på vedtaket om tvungent vern til kontrollkommisjonen. Kommisjonen opprettholdt vedtaket.', rel='klage tvang')
# ---------------------------------------------------------------- third pass: other senses, negations, checklists, routine visits
n('01', '2024-10-22 10:00', FLA, 'Kontroll. Ingen magesmerter lenger, spiser frokost. Ingen svimmelhet. Hodepine sjelden.', tempt='magesmerter svimmelhet hodepine')
n('02', '2024-05-14 13:00', BVB, 'Fosterforeldrene samtykker til at barnevernet henter opplysninger fra skolen og BUP. Skjema signert. Noah vil være med på møtet.', tempt='samtykke')
n('02', '2025-05-20 10:00', SK, 'Klassen har hatt undervisning om psykisk helse. Noah sa at han syntes temaet om sinne og utagering var "kjedelig". Ingen episoder på skolen i vår.', tempt='utagering')
n('03', '2023-09-26 10:00', SKN, 'Aurora er med i elevrådet og har fremja sak om betre klagerutinar for elevar. Ho sjølv har ingen klage. Trivst.', tempt='klage')
n('04', '2025-02-04 10:00', FLA, 'Far er med. Farfar har fått Alzheimer og har flyttet på sykehjem; Elias har besøkt ham. Elias selv har det bra, sover og spiser.', tempt='demens langtid sovn')
n('05', '2019-03-12 10:00', DIAB, 'Langtidsblodsukker 64. Nora måler selv med hjelp. Mor holdt hånda hennes under stikket, hun er modig.', rel='diabetes', tempt='holding langtid')
n('06', '2010-10-12 10:00', DPSL, 'Kristian har fått jobb i hjemmetjenesten som vaskehjelp via arbeidspraksis. Stabil, ingen symptomer.', tempt='hjemmetjenester')
n('07', '2016-05-03 10:00', FLB, 'Ingrid klager over vondt i venstre skulder etter maling av huset. Bevegelig, ømhet over supraspinatus. Tendinitt. Fysioterapi.', tempt='klage')
n('07', '2022-11-15 10:00', FLB, 'Kontroll BT og kolesterol. BT 128/82. Ingen brystsmerter, ingen svimmelhet. Fortsetter tur og trening.', tempt='brystsmerter svimmelhet')
n('08', '2024-06-18 10:00', HJB, 'Legemiddelgjennomgang med fastlegen i hjemmet. Multidose stemmer med kurven. Ingen avvik funnet. Rune sier han ikke drikker lenger.', tempt='legemiddelavvik rus', rel='hjemmetjenester')
n('09', '2017-10-10 10:00', FLC, 'Linda har fått jobb som helsefagarbeider i hjemmesykepleien. Trives. Ingen plager, forny p-piller.', tempt='hjemmetjenester')
n('10', '2019-01-08 09:00', HJB, 'Morgenbesøk. Astrid har kledd på seg selv. Medisiner tatt. Sier hun sov godt. Blodtrykksfall? Ikke svimmel i dag.', rel='hjemmetjenester', tempt='fall svimmelhet sovn')
n('10', '2020-09-22 10:00', SHA, 'Tverrfaglig møte: Astrid har funnet seg til rette på langtidsplassen. Spiser i fellesstua, går med rullator med hjelp. Datteren fornøyd.', rel='langtid')
n('10', '2021-03-16 10:00', SHF, 'Astrid satt i fellesstua og strikket. Holdt takten da vi sang. Ingen uro i dag, ingen utagering.', tempt='holding utagering')
n('11', '2021-05-04 10:00', HJC, 'Olav er i betre form. Ikkje svimmel, ikkje vondt i brystet. Har vore på besøk hjå sonen i Oslo ei veke; heimesjukepleia var stoppa den veka.', tempt='svimmelhet brystsmerter', rel='hjemmetjenester')
n('12', '2019-11-26 10:00', SHA, 'Reidun har fått fast plass på skjermet enhet etter vedtak om langtidsopphold i september. Tilvenning: hun har sluttet å lete etter ytterdøra.', rel='langtid', tempt='skjerming')
n('12', '2022-01-11 10:00', SHL, 'Legemiddelgjennomgang. Reidun er rolig, spiser, ingen smerter, ingen magesmerter. Ingen endringer. Ingen avvik.', tempt='magesmerter legemiddelavvik')
n('13', '2024-05-14 10:00', SHA, 'Ansvarsgruppemøte om langtidsoppholdet: Per Arne har hatt det rolig. Sønnen har trukket klagen etter samtale med Statsforvalteren.', rel='langtid', tempt='klage')
n('13', '2024-08-06 10:00', SHF, 'Per Arne var med på tur til fjøset på nabogarden. Glad i dyra. Ingen uro.')
n('14', '2020-09-15 10:00', VPA, 'Fagdag i boligen om samtykkekompetanse og kap. 9. Martin var på dagsenteret. Ingen nye vedtak.', tempt='samtykke tvang')
n('15', '2024-05-28 10:00', SK, 'Fostermor jobber i hjemmetjenesten og har turnus. Sofie er hos besteforeldre noen helger. Trives godt.', tempt='hjemmetjenester')
n('16', '2024-11-05 10:00', DPS, 'Thea klager over vondt i ryggen etter jobb i kafé. Ikke røde flagg. Ingen depresjon nå, ingen selvskading.', tempt='klage depresjon selvskading')
n('16', '2025-06-03 10:00', FLA, 'Pasienten har fått utagerende nabo som bråker om nettene. Thea sover dårlig pga støyen. Ørepropper.', rel='sovn', tempt='utagering')
n('03', '2021-11-16 10:00', SKN, 'Klassen har hatt undervisning om demens og eldre i samfunnsfag. Aurora skal ha praksisveke på sjukeheimen.', tempt='demens langtid')
n('09', '2024-09-17 10:00', FLC, 'Kontroll. Ingen vold, ingen trusler siste halvår. Sover godt. Ferdigbehandlet for angst.', tempt='vold sovn angst')
n('07', '2021-03-23 10:00', FLB, 'Vaksine mot covid. Ingen bivirkninger. Kort samtale om jobben, går bra.')
n('11', '2019-05-14 10:00', HJD, 'Vårsjekk i heimen: røykvarslar testa, trygghetsalarm fungerer. Olav har sådd gulrøter.', rel='hjemmetjenester')
n('05', '2016-06-07 10:00', HS, '5-årskontroll. Nora er glad i å tegne, snakker godt norsk. Syn og hørsel ua.')
n('10', '2020-02-26 10:00', SHA, 'Korsbeinet: såret 1,5 x 1 cm, rent sårbunn, lite væske. Hælen mørk, tørr nekrose 1 cm, avlastes. Begge trykksårene i bedring.', rel='trykksar')
n('11', '2024-12-03 14:00', HJC, 'Olav har fått eit ope sår på venstre hæl etter at han har lege mykje i senga med lungebetennelsen. Kategori 2. Hælavlastning, skumbandasje, vending.', rel='trykksar hjemmetjenester')
n('08', '2018-07-24 02:10', LV2, 'Mann 56 år ranet og slått ned bak utestedet, sparket i ribbeina. Beruset. Røntgen: to costafrakturer. Smerter i brystet ved pust. Politi varslet.', rel='vold rus brystsmerter')
n('06', '2014-11-11 10:00', KPH, 'Kristian ble slått og fratatt telefonen og penger av en annen beboer på hospitset. Lett hevelse ved øyet. Han vil ikke anmelde. Ber om annen bolig.', rel='vold okonomi')
n('06', '2020-03-03 10:00', KPH, 'Avvik: depotinjeksjonen ble satt med 100 mg i stedet for ordinert 150 mg; gammel dose stod igjen i kurven etter doseøkningen. Oppdaget ved neste injeksjon. DPS informert, ingen forverring.', rel='legemiddelavvik')
n('11', '2021-03-05 10:00', SYKA, 'Dag 3 etter hjerteinfarkt. Orientert, CAM negativ, ingen tegn til delirium. Sover godt på avdelinga.', rel='brystsmerter', tempt='delirium sovn')
n('13', '2023-10-10 10:00', SHL, 'Innkomstsamtale sykehjem. Screening: ingen delir, ingen smerter, ingen trykksår. Vekt 66 kg.', tempt='delirium trykksar', rel='langtid')
n('13', '2024-01-16 10:00', SHA, 'Sønnen sier han føler at han har sviktet faren ved å bo så langt unna. Samtale om hvordan han kan være med. Per Arne blid ved besøket.', tempt='omsorgssvikt')
n('10', '2021-01-12 10:00', SHA, 'Smittevernrutiner oppdatert i avdelingen etter utbrudd på nabo-sykehjem. Astrid uten feber eller luftveissymptomer. Ingen infeksjon.', tempt='infeksjon')
n('04', '2020-11-10 10:00', KLB, 'Klassen hadde temadag om smitte og handvask. Elias var heime med ein forkjølt lillebror, men sjølv frisk, inga feber.', tempt='infeksjon')

# ---------------------------------------------------------------- queries
# (topic code, query text, scope). relevant/tempting come from the note tags within the scope.
P = lambda k, a=None, b=None: {k2: v for k2, v in (('person', 't4p' + k), ('ageFrom', a), ('ageTo', b)) if v is not None}
QUERIES = [
    # one query over everyone per topic, with the word a lawyer would type
    ('mobbing', 'mobbing', {}),
    ('vold', 'vold', {}),
    ('overgrep', 'seksuelle overgrep', {}),
    ('omsorgssvikt', 'omsorgssvikt', {}),
    ('tvang', 'tvang', {}),
    ('holding', 'fysisk holding', {}),
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
    ('rus', 'rusmisbruk', {}),
    ('samtykke', 'samtykkekompetanse', {}),
    ('langtid', 'langtidsopphold', {}),
    ('hjemmetjenester', 'hjemmetjenester', {}),
    ('demens', 'demens', {}),
    ('delirium', 'delirium', {}),
    ('utagering', 'utagering', {}),
    ('klage', 'klage', {}),
    ('epilepsi', 'epilepsi', {}),
    ('diabetes', 'diabetes', {}),
    ('ensomhet', 'ensomhet', {}),
    ('infeksjon', 'infeksjon', {}),
    ('svimmelhet', 'svimmelhet', {}),
    ('okonomi', 'økonomiske problemer', {}),
    # over everyone, another word for the topic
    ('mobbing', 'utfrysing', {}),
    ('mobbing', 'plaget av medelever', {}),
    ('vold', 'mishandling', {}),
    ('vold', 'slått', {}),
    ('overgrep', 'voldtekt', {}),
    ('omsorgssvikt', 'bekymringsmelding', {}),
    ('tvang', 'tvangsvedtak', {}),
    ('tvang', 'uten eget samtykke', {}),
    ('holding', 'holdt armene', {}),
    ('skjerming', 'tatt ut av fellesskapet', {}),
    ('selvskading', 'kuttet seg', {}),
    ('selvmord', 'selvmordsforsøk', {}),
    ('selvmord', 'ønsker å dø', {}),
    ('sovn', 'sover dårlig', {}),
    ('ernaering', 'underernæring', {}),
    ('ernaering', 'spiser lite', {}),
    ('fall', 'funnet på gulvet', {}),
    ('trykksar', 'decubitus', {}),
    ('legemiddelavvik', 'feil medisin', {}),
    ('hodepine', 'migrene', {}),
    ('brystsmerter', 'trykk i brystet', {}),
    ('magesmerter', 'vondt i magen', {}),
    ('angst', 'panikkangst', {}),
    ('depresjon', 'nedstemthet', {}),
    ('skolevegring', 'skolefravær', {}),
    ('rus', 'alkohol', {}),
    ('rus', 'narkotika', {}),
    ('samtykke', 'manglende samtykkekompetanse', {}),
    ('langtid', 'sykehjemsplass', {}),
    ('hjemmetjenester', 'heimesjukepleie', {}),
    ('demens', 'hukommelsessvikt', {}),
    ('delirium', 'akutt forvirring', {}),
    ('utagering', 'aggresjon', {}),
    ('klage', 'Statsforvalteren', {}),
    ('epilepsi', 'krampeanfall', {}),
    ('diabetes', 'blodsukker', {}),
    ('ensomhet', 'sosial isolasjon', {}),
    ('infeksjon', 'feber', {}),
    ('svimmelhet', 'svimmel', {}),
    ('okonomi', 'gjeld', {}),
    # person-scoped, most with age windows
    ('mobbing', 'mobbing', P('01', 13, 15)),   # the lawsuit case: 12 and 16 must not count
    ('mobbing', 'krenkelser', P('01', 13, 15)),
    ('mobbing', 'utestenging', P('01', 13, 15)),
    ('mobbing', 'netthets', P('01', 13, 15)),
    ('skolevegring', 'fravær', P('01', 13, 15)),
    ('selvskading', 'selvskading', P('01', 13, 15)),
    ('angst', 'angst', P('01', 13, 15)),
    ('klage', 'klage', P('01', 13, 15)),
    ('mobbing', 'mobbing', P('01', 12, 12)),
    ('omsorgssvikt', 'omsorgssvikt', P('02', 0, 3)),
    ('utagering', 'utagering', P('02', 4, 12)),
    ('epilepsi', 'epilepsi', P('02')),
    ('vold', 'vold', P('02', 8, 10)),
    ('ernaering', 'spiseforstyrrelse', P('03', 11, 14)),
    ('tvang', 'tvang', P('03', 12, 12)),
    ('holding', 'holding', P('03')),
    ('selvmord', 'selvmordstanker', P('03', 12, 15)),
    ('skolevegring', 'skolevegring', P('04', 11, 13)),
    ('magesmerter', 'magesmerter', P('04', 8, 11)),
    ('overgrep', 'overgrep', P('05', 9, 10)),
    ('diabetes', 'diabetes', P('05')),
    ('tvang', 'tvang', P('06', 20, 24)),
    ('skjerming', 'skjerming', P('06')),
    ('legemiddelavvik', 'legemiddelavvik', P('06')),
    ('selvmord', 'selvmordstanker', P('07', 40, 45)),
    ('rus', 'alkohol', P('07')),
    ('delirium', 'delirium', P('08')),
    ('fall', 'fall', P('08', 55, 63)),
    ('vold', 'vold i nære relasjoner', P('09', 17, 25)),
    ('sovn', 'søvn', P('09')),
    ('fall', 'fall', P('10', 83, 87)),
    ('trykksar', 'trykksår', P('10')),
    ('samtykke', 'samtykkekompetanse', P('10')),
    ('hjemmetjenester', 'heimesjukepleie', P('11', 77, 81)),
    ('ensomhet', 'einsemd', P('11')),
    ('tvang', 'tvang', P('12', 82, 82)),
    ('klage', 'klage', P('12')),
    ('langtid', 'langtidsopphold', P('13')),
    ('tvang', 'kap. 9', P('14')),
    ('selvskading', 'selvskading', P('14', 19, 22)),
    ('omsorgssvikt', 'omsorgssvikt', P('15', 3, 8)),
    ('mobbing', 'mobbing', P('15', 6, 8)),
    ('rus', 'rus', P('16', 13, 15)),
    ('selvmord', 'selvmordsforsøk', P('16', 15, 15)),
]


def birthday(birth, years):
    y, m, d = (int(x) for x in birth.split('-'))
    return datetime.date(y + years, m, d)


def main():
    people = {p[0]: p for p in PEOPLE}
    notes = []
    errors = []
    for i, x in enumerate(NOTES, 1):
        key = 't4n%04d' % i
        x['key'] = key
        date = datetime.date.fromisoformat(x['when'][:10])
        x['date'] = date
        birth = datetime.date.fromisoformat(people[x['person']][3])
        if not (birth <= date <= datetime.date(2026, 11, 30)):
            errors.append('%s: date %s outside life/2026' % (key, date))
        for t in x['rel'] + x['tempt']:
            if t not in TOPICS:
                errors.append('%s: unknown topic %s' % (key, t))
        for t in x['tempt']:
            if t in x['rel']:
                errors.append('%s: topic %s both rel and tempt' % (key, t))
        if "'" in x['text']:
            errors.append('%s: stray quote' % key)
        notes.append({'key': key, 'person': x['person'], 'writtenAt': x['when'].replace(' ', 'T'),
                      'author': x['author'], 'text': x['text']})
    seen = set()
    for x in NOTES:
        k = (x['person'], x['when'], x['author'])
        if k in seen:
            errors.append('%s: same person, time and author as another note' % x['key'])
        seen.add(k)
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
        if topic not in TOPICS:
            errors.append('query %s: unknown topic %s' % (text, topic))
            continue
        rel = [x['key'] for x in NOTES if inscope(x) and topic in x['rel']]
        tempt = [x['key'] for x in NOTES if inscope(x) and topic in x['tempt'] and topic not in x['rel']]
        if not rel:
            errors.append('query %s (%s) has no relevant note' % (text, scope))
        queries.append({'id': 't4q%03d' % i, 'topic': TOPICS[topic][0], 'listed': TOPICS[topic][1],
                        'query': text, 'scope': scope, 'relevant': rel, 'tempting': tempt})
    # per-topic minimums: listed >= 10 relevant over >= 3 people and >= 2 tempting; unlisted >= 10 relevant
    print('%-22s %4s %5s %7s' % ('topic', 'rel', 'tempt', 'people'))
    for code, (name, listed) in TOPICS.items():
        r = [x for x in NOTES if code in x['rel']]
        t = [x for x in NOTES if code in x['tempt'] and code not in x['rel']]
        who = len({x['person'] for x in r})
        print('%-22s %4d %5d %7d%s' % (name, len(r), len(t), who, '' if listed else '  (unlisted)'))
        if listed and (len(r) < 10 or len(t) < 2 or who < 3):
            errors.append('listed topic %s too thin: %d rel, %d tempt, %d people' % (name, len(r), len(t), who))
        if not listed and len(r) < 10:
            errors.append('unlisted topic %s too thin: %d rel' % (name, len(r)))
    untagged = sum(1 for x in NOTES if not x['rel'])
    tempting_only = sum(1 for x in NOTES if x['tempt'] and not x['rel'])
    tempting_any = sum(1 for x in NOTES if x['tempt'])
    scoped = sum(1 for q in QUERIES if q[2])
    print('people %d, notes %d (%d about no topic, %d of them tempting; %d with a tempting tag), queries %d (%d scoped)'
          % (len(PEOPLE), len(notes), untagged, tempting_only, tempting_any, len(queries), scoped))
    if '--check' in sys.argv:
        for q in queries:
            print('%s %-22s %-28s %-40s rel %3d tempt %2d' % (q['id'], q['topic'], q['query'], json.dumps(q['scope']), len(q['relevant']), len(q['tempting'])))
    if errors:
        print('\n'.join(errors), file=sys.stderr)
        sys.exit(1)
    if '--check' in sys.argv:
        return
    out = {'version': 1,
           'people': [{'key': k, 'givenName': g, 'familyName': f, 'birthDate': b, 'sex': s} for k, g, f, b, s in PEOPLE],
           'notes': notes, 'queries': queries}
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'tuning-set-4.json')
    with open(path, 'w', encoding='utf-8') as f:
        json.dump(out, f, ensure_ascii=False, indent=2)
        f.write('\n')
    print('wrote', path)
    # The repository checks JSON formatting with prettier; format the file when npx is at hand.
    root = os.path.dirname(os.path.dirname(os.path.dirname(path)))
    if shutil.which('npx'):
        subprocess.run(['npx', 'prettier', '--write', path], cwd=root, check=False)
    else:
        print('npx not found: run `npx prettier --write dev/search-eval/tuning-set-4.json`')


if __name__ == '__main__':
    main()
