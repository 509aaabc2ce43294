#!/usr/bin/env python3
"""Third labelled tuning set for Helsespor's note search (writes tuning-set-3.json).

Written from scratch without reading the search vocabulary (search-index/), the blind set
(test/search-eval/), the first tuning set or the notes of tuning set 2 (only its format).
Every note carries, where it is written, the topics it is ABOUT (rel) and the topics whose
words it uses without being about them (tempt: negations, other senses, family history,
someone else's problem, routine checklists). Queries take `relevant` and `tempting` from
those tags within their scope (person and age window: ageFrom/ageTo in whole years; ages
13-15 = from the 13th birthday up to the day before the 16th).

    python3 dev/search-eval/tuning-set-3.py      # writes dev/search-eval/tuning-set-3.json (then prettier)
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
    # chosen here, not on the brief's list (and not those of tuning set 2)
    'tann': ('tannhelse', False),
    'syn': ('syn', False),
    'obstipasjon': ('obstipasjon', False),
    'adhd': ('konsentrasjon/ADHD', False),
    'hjertesvikt': ('hjertesvikt/ødem', False),
    'sar': ('sårbehandling', False),
    'kols': ('pust/KOLS', False),
}

PEOPLE = [
    # key, given, family, birth, sex
    ('t3p01', 'Maja', 'Fjellheim', '2009-09-23', 'F'),
    ('t3p02', 'Henrik', 'Solbakken', '2011-02-14', 'M'),
    ('t3p03', 'Ylva', 'Nesheim', '2007-12-03', 'F'),
    ('t3p04', 'Mathias', 'Bråten', '2005-04-17', 'M'),
    ('t3p05', 'Leah', 'Osmani', '2013-06-30', 'F'),
    ('t3p06', 'Sander', 'Eikrem', '2008-01-09', 'M'),
    ('t3p07', 'Hege', 'Lunde', '1984-08-12', 'F'),
    ('t3p08', 'Tore', 'Nyhus', '1966-03-29', 'M'),
    ('t3p09', 'Samira', 'Haddad', '1991-11-05', 'F'),
    ('t3p10', 'Gudrun', 'Aasen', '1931-07-14', 'F'),
    ('t3p11', 'Kjell', 'Mo', '1938-01-27', 'M'),
    ('t3p12', 'Birgit', 'Hovland', '1943-10-02', 'F'),
    ('t3p13', 'Arvid', 'Steinsland', '1950-05-19', 'M'),
    ('t3p14', 'Trine', 'Kvalheim', '1995-02-08', 'F'),
    ('t3p15', 'Even', 'Grøtting', '2010-08-21', 'M'),
    ('t3p16', 'Sigrid', 'Folkestad', '1945-03-07', 'F'),
    ('t3p17', 'Dag Rune', 'Iversen', '1977-01-30', 'M'),
]

NOTES = []


def n(person, when, author, text, rel='', tempt=''):
    """One note: person key suffix ('01'), 'YYYY-MM-DD HH:MM', 'name, role', text, topic tags."""
    NOTES.append({
        'person': 't3p' + person, 'when': when, 'author': author, 'text': text,
        'rel': rel.split(), 'tempt': tempt.split(),
    })


# ---------------------------------------------------------------- authors
HSST = 'Marte Vollan, helsesykepleier helsestasjon'
HSST2 = 'Synnøve Lid, helsesjukepleiar'
SKOLE = 'Linn Aarseth, helsesykepleier skolehelsetjenesten'
SKOLE2 = 'Oddny Grov, helsesjukepleiar skulehelsetenesta'
FL = 'Harald Wiik, fastlege'
FL2 = 'Kamilla Røste, fastlege'
FL3 = 'Jostein Mykland, fastlege'
FL4 = 'Ragna Helle, fastlege'
BUPL = 'Ingeborg Thue, overlege BUP'
BUPP = 'Andreas Kvåle, psykologspesialist BUP'
BUPM = 'Nina Haug, miljøterapeut BUP døgn'
KL = 'Gry Sletten, kontaktlærer (referat)'
KL2 = 'Magnus Holt, kontaktlærar (referat)'
REKTOR = 'Øyvind Berg, rektor (referat)'
PPTR = 'Siri Hammer, PPT-rådgiver'
BV = 'Jon Egil Strand, barnevernskonsulent'
BV2 = 'Lena Myhre, kontaktperson barnevernet'
SOS = 'Hanne Bøe, sosionom NAV'
AKUTT = 'Kine Dahl, sykepleier akuttpost'
AKUTT2 = 'Roar Tveit, spesialsykepleier sikkerhetsposten'
MT = 'Eskil Foss, miljøterapeut'
MT2 = 'Hilde Rue, miljøterapeut'
NATT = 'Bodil Kleiven, assistent nattevakt'
NATT2 = 'Jørn Hauge, nattevakt'
LISP = 'Sara Lindqvist, LIS psykiatri'
OVL = 'Petter Aam, overlege psykiatri'
PSYK = 'Mona Strøm, psykolog DPS'
RUSK = 'Kenneth Borg, ruskonsulent'
KPHR = 'Tone Ødegård, psykiatrisk sykepleier kommunal psykisk helse og rus'
LEGEV = 'Erik Fjeld, lege legevakt'
MEDAVD = 'Julie Berntsen, LIS medisinsk avdeling'
KARD = 'Anders Holmen, overlege kardiologi'
HJ = 'Randi Sætre, sykepleier hjemmesykepleien'
HJ2 = 'Frode Lie, helsefagarbeider hjemmetjenesten'
HJ3 = 'Astrid Myren, heimesjukepleiar'
HJ4 = 'Nils Rambøl, vernepleier hjemmetjenesten'
SH = 'Kari Bakken, sykepleier sykehjem'
SH2 = 'Oksana Melnyk, sykepleier sjukeheim'
SHA = 'Turid Nes, helsefagarbeider'
SHN = 'Gunhild Sve, assistent natt'
TL = 'Lars Opheim, tilsynslege'
TL2 = 'Marianne Kirkeby, sjukeheimslege'
FYS = 'Stine Vang, fysioterapeut'
ERG = 'Torbjørn Elde, ergoterapeut'
TILD = 'Berit Engen, saksbehandler tildelingskontoret'
VP = 'Håkon Rise, vernepleier bolig'
VP2 = 'Elise Tangen, miljøarbeider bolig'
VPN = 'Arnt Sunde, nattevakt bolig'
TANN = 'Hans Kolberg, tannlege (offentlig tannhelsetjeneste)'
TANN2 = 'Vigdis Ro, tannpleier'
JORD = 'Elin Aasvang, jordmor'
DIAB = 'Randi Lo, sårsykepleier'
OYE = 'Petra Sand, optiker (referat)'
GER = 'Bjarne Lyng, overlege geriatri'

# ---------------------------------------------------------------- t3p01 Maja (lawsuit case: bullying 13-15)
n('01', '2009-11-04 10:00', HSST, '6 ukers kontroll. Vekt 4,9 kg, lengde 56 cm. Ammes fullt, sover godt mellom måltidene. Mor i godt humør.', tempt='sovn')
n('01', '2010-09-30 09:30', HSST, '1 år. Går med støtte, sier "mamma". MMR gitt. Ingen bekymring.')
n('01', '2013-10-02 13:00', HSST, '4-årskontroll. Språk alderssvarende. Synstest ua. Tannstatus fint ifølge mor.', tempt='syn tann')
n('01', '2015-08-26 09:00', SKOLE, 'Skolestartsamtale. Gleder seg til skolen, har allerede venninner fra barnehagen.')
n('01', '2018-03-13 14:00', TANN, 'Årlig innkalling. To hull i melketenner fylt. Mye søtt drikke, råd gitt til foreldre.', rel='tann')
n('01', '2021-05-05 11:15', SKOLE, 'Maja (11) sier jentene i klassen har laget en ny gruppe på Snapchat uten henne og ler når hun spør om hun kan være med.', rel='mobbing')
n('01', '2021-11-17 10:40', KL, 'Maja blir ikke valgt på lag i gym, går alltid sist. Lærer har observert at to jenter himler med øynene når hun snakker i klassen.', rel='mobbing')
n('01', '2022-03-08 12:30', SKOLE, 'Grått på helsesykepleiers kontor. Noen har skrevet "hore" og "feit" på lappen hennes i pulten. Kontaktlærer og foreldre informert.', rel='mobbing')
n('01', '2022-06-14 09:00', FL, 'Vondt i magen nesten hver morgen, ingen diare, ikke feber. Bløt abdomen. Kan ha sammenheng med skolesituasjon. Avventer.', rel='magesmerter')
n('01', '2022-10-04 13:10', SKOLE, '8. trinn. De andre jentene sa hun luktet og ingen ville sitte ved siden av henne i kantina. Hun spiser nå matpakken på do.', rel='mobbing')
n('01', '2022-10-25 08:45', KL2, 'Fråvær 9 dagar sidan skulestart, mor melder "vondt i magen". Maja seier sjølv ho ikkje orkar å gå inn i klasserommet.', rel='skolevegring magesmerter')
n('01', '2022-11-22 14:30', SKOLE, 'Forteller at gutta i 9. sender bilder av henne med griseansikt tegnet på, og at de grynter når hun går forbi i gangen.', rel='mobbing')
n('01', '2022-12-13 10:00', REKTOR, 'Møte med foreldre. Skolen har satt inn aktivitetsplan etter opplæringslova § 12-5 (tidl. kap. 9 A). Tiltak: voksen i friminutt, samtaler med involverte elever.', rel='mobbing')
n('01', '2023-01-17 11:00', FL, 'Pas. sover dårlig, ligger våken til langt over midnatt og gruer seg. Vondt i hodet på ettermiddagen. Ingen nevrologiske utfall.', rel='sovn hodepine')
n('01', '2023-02-07 13:20', SKOLE, 'Sier hun "bare er lufta" for de andre. Står alene i storefri, har sluttet å gå i kantina. Når hun prøver å sette seg ved et bord flytter de seg.', rel='mobbing')
n('01', '2023-03-01 09:30', KL, 'Episode i garderoben etter gym: to jenter tok mobilen hennes og filmet henne mens hun skiftet, filmen ble delt i klassechatten. Politiet kontaktet av skolen.', rel='mobbing overgrep')
n('01', '2023-03-02 15:00', SKOLE, 'Oppfølging etter gårsdagens hendelse. Maja er skamfull, vil ikke tilbake til skolen. Satt på gangen med hendene for ørene da hun ble hentet.', rel='mobbing skolevegring angst')
n('01', '2023-03-20 10:00', FL, 'Henvisning BUP: 13 år gammel jente med vedvarende utestengning og krenkelser på skolen, økende angst, skolefravær og søvnvansker. Ber om vurdering.', rel='mobbing angst skolevegring sovn')
n('01', '2023-04-18 13:00', BUPP, 'Første samtale. Beskriver hjertebank og kvalme på vei til skolen, må snu ved porten. Tenker at alle ser på henne og ler.', rel='angst skolevegring')
n('01', '2023-05-09 13:00', BUPP, 'Har ikke vært på skolen siste tre uker. Sier at hun "ikke er verdt noe" og at det kanskje er like greit at ingen vil ha henne der.', rel='skolevegring depresjon')
n('01', '2023-05-30 10:30', BUPP, 'Spurt om tanker om å skade seg eller ta livet sitt. Har risset seg på låret med en passer to ganger i mai. Ingen tanker om å dø. Foreldre informert.', rel='selvskading', tempt='selvmord')
n('01', '2023-06-12 14:00', KL, 'Siste skoledag. Maja fikk ikke invitasjon til klassefesten, alle andre jentene var invitert. Mor tok det opp med kontaktlærer.', rel='mobbing')
n('01', '2023-08-29 12:00', SKOLE, '9. trinn, startet forsiktig med redusert timeplan. Første uka gikk greit, men hun hørte noen si "er ho der fortsatt".', rel='mobbing skolevegring')
n('01', '2023-09-19 11:45', KL2, 'Maja vart dytta inn i skapet i gangen av ein gut frå 10. og slo hovudet. Helsesjukepleiar såg på det, ingen hovudskade. Rektor varsla.', rel='mobbing vold', tempt='hodepine')
n('01', '2023-10-10 13:00', BUPP, 'Tar opp at noen har laget en falsk TikTok-profil i hennes navn med ydmykende videoer. Hun har ikke sovet ordentlig på en uke.', rel='mobbing sovn')
n('01', '2023-11-14 09:00', FL, 'Mor bekymret for at Maja har gått ned 4 kg siden sommeren, spiser lite og sitter mest på rommet. Vekt 44 kg.', rel='ernaering depresjon')
n('01', '2024-01-16 10:15', SKOLE, 'Maja fortalte at de i klassen kaller henne "spøkelset" og later som de ikke hører når hun snakker. Hun orker nesten ikke å fortelle lenger, sier det ikke nytter.', rel='mobbing')
n('01', '2024-02-06 14:00', REKTOR, 'Foreldrene har meldt saken til Statsforvalteren (håndhevingsordningen) fordi de mener skolen ikke har gjort nok. Skolen sender redegjørelse.', rel='klage mobbing')
n('01', '2024-03-12 13:00', BUPP, 'Stemningsleie lavt, gleder seg ikke til noe. Sover 10-12 timer i helgene, orker ikke trening. Vurderes som moderat depressiv episode.', rel='depresjon sovn')
n('01', '2024-04-23 12:10', KL, 'Hun blir stadig kommentert på utseendet i timene, "ekkel", "albino". Vikaren grep ikke inn. Notert og meldt til rektor.', rel='mobbing')
n('01', '2024-05-28 10:00', SKOLE, 'Fravær dette skoleåret 41 dager. Gjennomgått med PPT og foreldre, vurderes hjemmeundervisning deler av uka.', rel='skolevegring')
n('01', '2024-06-11 11:00', PPTR, 'Sakkyndig vurdering: Maja har faglig potensial men har mistet mye undervisning pga. langvarig fravær knyttet til et utrygt skolemiljø. Anbefaler tilrettelegging.', rel='skolevegring mobbing')
n('01', '2024-09-03 13:00', SKOLE, '10. trinn. Sier hun er "usynlig" for klassen nå – ingen plager henne direkte, men ingen snakker til henne heller. Ønsker ikke å gå i friminutt.', rel='mobbing')
n('01', '2024-10-15 09:20', KL2, 'Klassekameratar har lagt ut bilete av Maja frå leirskulen med stygge kommentarar i ein chat. Skjermbilete sendt til rektor.', rel='mobbing')
n('01', '2024-11-19 14:30', BUPP, 'Hun sa i dag at hun av og til tenker at alle hadde hatt det bedre uten henne. Ingen plan. Sikkerhetsplan oppdatert med mor.', rel='selvmord')
n('01', '2025-01-21 10:00', FL, 'Vondt i brystet ved anstrengelse? Nei – beskriver stikk i brystet når hun blir nervøs, EKG normalt. Forklart sammenhengen med angst.', rel='angst brystsmerter')
n('01', '2025-03-04 13:00', BUPP, 'Statsforvalteren har konkludert med at skolen brøt aktivitetsplikten. Maja lettet, men sier "det er for seint nå".', rel='klage mobbing')
n('01', '2025-05-06 12:00', SKOLE, 'Eksamensperiode. Maja har fått eget rom. Søvn noe bedre, legger seg før 23.', tempt='sovn')
n('01', '2025-06-17 11:00', TANN2, 'Kontroll. Ingen karies, litt tannkjøttbetennelse. Instruert i tanntråd.', rel='tann')
n('01', '2025-10-07 13:00', SKOLE, 'Vg1 på ny skole. Noen fra gamle klassen går der og har sagt til de nye at hun "er sprø". Hun blir ikke tatt med i pausene.', rel='mobbing')
n('01', '2026-02-10 10:30', FL, 'Hodepine med kvalme 2-3 ganger i måneden, lysskyhet, må legge seg. Forenlig med migrene. Forsøker ibuprofen tidlig.', rel='hodepine')
n('01', '2026-04-21 14:00', BUPP, 'Avslutning BUP. Fungerer bedre, har en venninne i ny klasse. Ingen selvskading siste år.', tempt='selvskading depresjon')
n('01', '2026-09-15 12:00', SKOLE, 'Vg2. Forteller om en venninne som blir mobbet, vil hjelpe henne å si fra. Selv har hun det greit.', tempt='mobbing')

# ---------------------------------------------------------------- t3p02 Henrik (ADHD, omsorgssvikt, vold hjemme, utagering)
n('02', '2011-03-28 10:00', HSST, '6 uker. Vekt 4,2 kg. Mor alene, far ikke inne i bildet. Mor sier hun er sliten og sover lite, EPDS 13. Ny time om 2 uker.', tempt='sovn depresjon')
n('02', '2011-08-16 11:00', HSST, '6 mnd. Møtte ikke til avtalt time to ganger. Nådde mor på telefon, hun hadde "glemt". Ny time.', rel='omsorgssvikt')
n('02', '2012-02-20 09:30', HSST, 'Ettårskontroll. Henrik har bleieeksem med sår, skitne klær, mor lukter røyk og alkohol. Samtale om hjelp hjemme. Bekymringsmelding vurderes.', rel='omsorgssvikt rus')
n('02', '2012-03-05 14:00', BV, 'Bekymringsmelding fra helsestasjonen mottatt. Undersøkelsessak åpnet etter bvl. Hjemmebesøk avtalt.', rel='omsorgssvikt')
n('02', '2012-04-10 13:30', BV, 'Hjemmebesøk. Lite mat i kjøleskapet, gutten satt i sprinkelsenga med tom flaske. Mor innrømmer at hun drikker når hun er alene. Hjelpetiltak: besøkshjem og foreldreveiledning.', rel='omsorgssvikt rus')
n('02', '2014-11-12 10:00', HSST, '3-årskontroll. Mye raserianfall i barnehagen, slår andre barn. Språk litt forsinket. Henvist PPT for vurdering.', rel='utagering')
n('02', '2015-06-02 09:00', TANN, 'Første kontroll. 6 hull i melketennene, flere med verk. Mor sier han får brus på tåteflaske om natta. Melding til barnevernet vurdert sammen med helsestasjonen.', rel='tann omsorgssvikt')
n('02', '2016-02-18 14:00', HSST, 'Barnehagen melder at Henrik har blåmerker på overarmene i et mønster som likner fingre. Mor sier at han faller mye. Ny bekymringsmelding sendt.', rel='vold', tempt='fall')
n('02', '2016-03-01 10:00', BV, 'Samtale med Henrik (5) i barnehagen. Sier at "Roger blir sint og klemmer hardt". Roger er mors nye samboer. Akuttvedtak vurdert, mor flytter med Henrik til krisesenter.', rel='vold')
n('02', '2017-10-09 12:00', KL, '1. klasse. Klarer ikke å sitte i ro mer enn noen minutter, løper ut av klasserommet, glemmer alt. Lærer ber om PPT.', rel='adhd')
n('02', '2018-04-24 11:00', PPTR, 'Utredning: store oppmerksomhetsvansker, impulsivitet, normal evnenivå. Anbefaler spesialundervisning 4 t/uke og henvisning BUP for ADHD-utredning.', rel='adhd')
n('02', '2018-11-06 13:00', BUPL, 'ADHD kombinert type diagnostisert (F90.0). Oppstart metylfenidat 10 mg morgen. Mor samtykker.', rel='adhd')
n('02', '2019-01-15 13:00', BUPL, 'Kontroll metylfenidat. Bedre fokus på skolen, men dårligere matlyst og har gått ned 1,5 kg. Dosen justeres, mellommåltid på ettermiddag.', rel='adhd ernaering')
n('02', '2019-05-22 14:10', KL, 'Henrik kastet en stol i klasserommet og sparket en medelev i leggen da han ikke fikk være først. Elevene evakuert.', rel='utagering')
n('02', '2019-05-22 15:00', REKTOR, 'Etter episode i dag: lærer og assistent holdt Henrik i armene og førte ham ut på grupperommet, der han roet seg etter ca 10 min. Foreldre varslet.', rel='holding utagering')
n('02', '2019-09-17 10:20', SKOLE, 'Henrik sier han ikke får sove, ligger og tenker på at mamma og Roger krangler. Roger bor der igjen.', rel='sovn')
n('02', '2020-01-28 09:00', BV2, 'Henrik forteller på skolen at Roger dyttet mamma i veggen og at han selv fikk en ørefik da han prøvde å stoppe det. Politiet varslet, barnehus-avhør bestilt.', rel='vold')
n('02', '2020-02-20 13:00', BV2, 'Tilsyn i fosterhjem (beredskapshjem). Henrik spiser mye, gjemmer mat under senga. Har ikke fått regelmessige måltider hjemme i lang tid iflg. fosterforeldre.', rel='omsorgssvikt ernaering')
n('02', '2020-06-09 10:00', BV2, 'Fylkesnemnda har vedtatt omsorgsovertakelse etter barnevernloven. Mor klager på vedtaket til tingretten.', rel='omsorgssvikt klage')
n('02', '2021-03-16 12:00', SKOLE, 'Henrik (10) har fått kallenavnet "fosterungen" av noen i klassen, han blir sint og slår tilbake.', rel='mobbing utagering')
n('02', '2021-10-05 14:00', FL2, 'Glemt å gi Henrik morgendosen metylfenidat tre dager på rad i fosterhjemmet pga ny rutine. Ingen skade. Dosett innført.', rel='legemiddelavvik adhd')
n('02', '2022-04-26 13:00', BUPP, 'Konsentrerer seg bedre. Fosterfar melder at han sover godt og har fått en kamerat i nabolaget.', rel='adhd', tempt='sovn')
n('02', '2023-02-07 10:00', SKOLE, 'Henrik har tatt mobilen fra en yngre elev og truet ham til å gi ham penger, ifølge inspektør. Henrik sier de "bare tulla".', rel='mobbing')
n('02', '2023-11-21 09:00', KL2, 'Mykje fråvær siste månad, 12 dagar. Fosterforeldra seier han nektar å stå opp. Han seier skulen er "kjedeleg" og at lærarane maser.', rel='skolevegring')
n('02', '2024-03-19 13:30', BUPL, 'Røyker hasj med eldre kamerater i helgene, har fosterfar funnet ut. Ingen daglig bruk. Motiverende samtale.', rel='rus')
n('02', '2024-09-10 11:00', FL2, 'Ønsker stopp av ADHD-medisin pga. hjertebank. Puls 96, BT 128/76, EKG normalt. Tempo redusert.', rel='adhd', tempt='brystsmerter')
n('02', '2025-05-13 10:00', SKOLE, 'Begynt på yrkesfag (bygg). Trives godt i praktisk arbeid. Ikke plaget av uro lenger.', tempt='adhd')
n('02', '2026-01-27 14:00', BV2, 'Ettervern drøftet. Henrik vil flytte på hybel ved 17. Kontakt med mor sporadisk; hun har vært innlagt for alkoholproblemer i høst.', tempt='rus')

# ---------------------------------------------------------------- t3p03 Ylva (nynorsk; overgrep, depresjon, spiseforstyrring, tvang)
n('03', '2008-01-15 10:00', HSST2, '6 veker. Vekt 4,4 kg. Ammar godt. Far og mor trygge i foreldrerolla.')
n('03', '2012-12-11 13:00', HSST2, '5-årskontroll. Syn 0,8 begge auge, hørsel ua. Barnehagen fortel om ei blid og aktiv jente.', tempt='syn')
n('03', '2016-09-20 10:00', SKOLE2, '3. klasse. Ylva klagar på at ho ikkje ser tavla. Tilvist optikar.', rel='syn')
n('03', '2016-10-18 12:00', OYE, 'Myopi -1,25 begge auge. Briller tilpassa.', rel='syn')
n('03', '2020-02-11 11:00', SKOLE2, 'Ylva (12) har vorte stille og trekkjer seg frå venninnene. Seier ho "berre er trøytt". Avtalt ny samtale.', rel='depresjon')
n('03', '2020-03-03 11:00', SKOLE2, 'Ylva fortel at onkelen har teke på henne under dyna når han overnatta hos familien, fleire gonger sidan jul. Barnevern og politi varsla same dag.', rel='overgrep')
n('03', '2020-03-10 09:00', BV, 'Tilsynsførar: tilrettelagt avhøyr på Statens barnehus gjennomført. Onkelen har fått besøksforbod. Mor og far ønskjer hjelp til Ylva.', rel='overgrep')
n('03', '2020-05-26 13:00', BUPP, 'Ylva vaknar fleire gonger kvar natt med mareritt, søv med lyset på. Vil ikkje vere åleine i huset. Traumefokusert behandling starta.', rel='sovn angst overgrep')
n('03', '2020-10-13 13:00', BUPP, 'Ho har slutta å ete middag med familien, et berre eple og knekkebrød. Ned 5 kg på tre månader.', rel='ernaering')
n('03', '2021-01-19 10:30', BUPL, 'KMI 15,4. Puls 44 kvile, ortostatisk BT-fall. Anorexia nervosa. Innlegging vurdert saman med foreldra.', rel='ernaering', tempt='fall')
n('03', '2021-01-25 18:00', BUPM, 'Ylva nekta å ete kveldsmat, skreik og kasta tallerkenen i veggen. To miljøpersonale heldt henne i armane på sofaen til ho roa seg etter om lag 5 minutt.', rel='holding utagering ernaering')
n('03', '2021-02-01 12:00', BUPL, 'Vedtak etter phvl. § 4-4 om ernæring via sonde utan samtykke. Ylva og foreldra informert om klagerett til kontrollkommisjonen.', rel='tvang ernaering', tempt='klage samtykke')
n('03', '2021-02-01 16:30', BUPM, 'Sondeernæring gjennomført. Ylva låg på senga med to personale som heldt armane hennar medan sonden vart lagt. Gråt mykje etterpå.', rel='holding tvang ernaering')
n('03', '2021-02-03 09:00', BUPL, 'Skjerma frå fellesmiljøet frå kl. 09 etter vedtak phvl. § 4-3; svært uroleg, får ikkje ro i fellesareala. Eit personale i følgje heile tida.', rel='skjerming')
n('03', '2021-02-09 14:00', BUPL, 'Foreldra har klaga til kontrollkommisjonen over sondevedtaket. Uttale sendt. Skjerminga oppheva i går.', rel='klage tvang skjerming')
n('03', '2021-03-04 02:40', NATT2, 'Ylva sto opp kl 02 og gjorde situps på rommet. Fikk henne i seng igjen. Sov urolig resten av natta.', rel='sovn ernaering')
n('03', '2021-04-20 13:00', BUPP, 'Seier at ho ikkje ser noko poeng med å bli frisk og at ho av og til ønskjer at ho ikkje skulle vakne. Ingen plan. Tettare tilsyn.', rel='selvmord depresjon')
n('03', '2021-06-08 10:00', BUPL, 'Utskriven til heimen. Vekt 47 kg. Oppfølging poliklinisk. Ikkje lenger tvungent vern.', rel='ernaering', tempt='tvang')
n('03', '2022-01-11 11:00', SKOLE2, 'Ylva har mykje fråvær i 9. klasse, om lag to dagar i veka. Seier ho ikkje orkar å sjå dei andre.', rel='skolevegring')
n('03', '2022-05-17 09:30', FL4, 'Kutt på innsida av låra, nokre ferske. Seier det hjelper når det blir for mykje inni hovudet. Stelt og tilvist BUP att.', rel='selvskading')
n('03', '2022-09-13 13:00', BUPP, 'Tankar om å døy dei fleste dagar. Har googla korleis ein kan ta overdose. Akuttvurdering, innlagd frivillig.', rel='selvmord')
n('03', '2022-09-14 03:00', BUPM, 'Nattevakt: Ylva låg vaken, sa ho var redd for å sovne fordi "han kjem i draumane". Sat hos henne ein halvtime.', rel='sovn overgrep')
n('03', '2023-03-28 11:00', BUPP, 'Stabil. Ingen sjølvskading sidan i haust. Ein venninne i klassen har også vore innlagd for spiseforstyrring, Ylva er redd for henne.', tempt='selvskading ernaering')
n('03', '2023-10-03 10:00', FL4, 'Ylva (15) ønskjer p-piller. Samtale om samtykke i seksuelle relasjonar, ho har kjærast på same alder. Ingen grunn til uro.', tempt='overgrep samtykke')
n('03', '2024-06-04 12:00', TANN2, 'Erosjonsskader på tannflater innside overkjeve, passar med tidlegare oppkast. Fluor og råd gitt.', rel='tann')
n('03', '2025-02-18 10:00', FL4, 'Straffesaka mot onkelen er avgjort, dom for seksuelle overgrep mot barn under 14 år. Ylva har det tungt att, søv dårleg.', rel='overgrep sovn')
n('03', '2025-11-11 13:00', PSYK, 'DPS. Ylva (17) har moderat depresjon, studerer med redusert timetal. Ingen aktuelle suicidale tankar.', rel='depresjon', tempt='selvmord')
n('03', '2026-06-16 09:00', FL4, 'Helseattest til sommarjobb på kafé. Vekt stabil 56 kg, et tre måltid dagleg.', tempt='ernaering')

# ---------------------------------------------------------------- t3p04 Mathias (rus, vold, utagering, tvang, ADHD)
n('04', '2005-06-01 10:00', HSST, '6 ukers kontroll. 4,7 kg. Kolikk om kveldene, foreldre slitne men ok.')
n('04', '2009-05-12 13:00', HSST, '4 år. Uro i barnehagen, vanskelig å samle seg om aktiviteter. Følges opp.', rel='adhd')
n('04', '2013-03-19 11:00', PPTR, 'Mathias (7) strever med lesing og konsentrasjon, blir lett avledet og er i stadig bevegelse. Spesialpedagogisk hjelp anbefalt.', rel='adhd')
n('04', '2015-10-06 13:00', BUPL, 'ADHD bekreftet. Atomoxetin forsøkt, foreldrene ønsker ikke sentralstimulerende.', rel='adhd')
n('04', '2017-09-26 10:00', SKOLE, 'Mathias (12) har havnet i slåsskamp i friminuttet, fikk et slag over øyet. Sier den andre begynte. Is og kontroll.', rel='vold')
n('04', '2018-11-13 14:00', KL, 'Mathias har i flere uker kalt en jente i klassen "lesbe" og "tjukka", og får med seg andre. Sak etter § 9 A-4 opprettet, foreldre innkalt.', rel='mobbing')
n('04', '2019-04-02 09:00', SKOLE, 'Skulker mye, særlig mandager. Lukter røyk og sier han "chiller med gutta" i stedet for skolen.', rel='skolevegring')
n('04', '2019-10-22 15:00', FL3, 'Legevakt-epikrise: Mathias (14) funnet overstadig beruset på busstopp, promille ca 1,8. Oppkast, observert over natta.', rel='rus')
n('04', '2020-06-16 11:00', RUSK, 'Ungdomskontakt. Røyker cannabis daglig, kjøper via Snap. Sier det er "det eneste som får meg til å sove".', rel='rus sovn')
n('04', '2020-12-01 22:30', LEGEV, 'Knivstukket i låret under krangel om penger i sentrum. Sutur 4 sting. Politiet tok anmeldelse. Pas. ruset, vil ikke si hvem.', rel='vold rus sar')
n('04', '2021-03-09 14:00', BV, 'Mathias (15) bor nå på institusjon. Rømte i helga, kom tilbake påvirket av noe, ustø og rødøyd.', rel='rus')
n('04', '2021-03-10 08:00', MT, 'I går kveld: Mathias slo hull i døra på rommet og truet ansatt med å "knuse trynet". To ansatte holdt ham i armene på gulvet til han ble rolig, ca 7 min. Tvangsprotokoll skrevet.', rel='utagering holding tvang')
n('04', '2021-04-13 13:00', MT, 'Nektet urinprøve, kastet koppen etter miljøterapeut. Ingen skader. Samtale etter at han roet seg.', rel='utagering rus')
n('04', '2021-08-24 10:00', SKOLE, 'Har nesten ikke vært på skolen siden sommeren, 3 dager totalt. Ligger til 14.', rel='skolevegring sovn')
n('04', '2022-02-15 23:50', AKUTT, 'Innlagt etter tvangsinnleggelse (phvl § 3-3) via legevakt: psykotisk, hører stemmer etter mye amfetamin. Paranoid mot personalet.', rel='tvang rus')
n('04', '2022-02-16 04:00', NATT2, 'Pt urolig heile natta, gikk i gangen og snakka med seg sjøl. Sov ikkje. Slo i veggen ved vaktrommet, ble rolig etter samtale.', rel='sovn utagering')
n('04', '2022-02-16 11:00', OVL, 'Skjermet fra fellesmiljøet etter phvl § 4-3 pga. truende atferd mot medpasienter. Vedtak fattet, pasienten informert om klageadgang.', rel='skjerming', tempt='klage')
n('04', '2022-02-17 14:20', AKUTT2, 'Pt gikk til angrep på medpasient i røykerommet, slo ham i hodet. Lagt i belter etter vedtak § 4-8 i 2 t 15 min. Fast vakt.', rel='utagering tvang')
n('04', '2022-02-19 10:00', OVL, 'Pasienten har klaget til kontrollkommisjonen på beltevedtaket. Journal oversendt.', rel='klage tvang')
n('04', '2022-03-04 13:00', LISP, 'Psykosen avklinger. Urin fortsatt positiv for THC. Ønsker selv å slutte. Samtykkekompetent, overført frivillig.', rel='rus', tempt='samtykke tvang')
n('04', '2023-01-31 10:00', RUSK, 'LAR ikke aktuelt. Poliklinisk TSB, hatt tre rene urinprøver på rad. Jobber på lager.', rel='rus')
n('04', '2023-07-08 02:10', LEGEV, 'Slått ned utenfor utested, kort bevisstløs. CT caput u.a. Hodepine og kvalme, observeres. Promille 1,2.', rel='vold rus hodepine')
n('04', '2024-05-14 11:00', FL3, 'Tilbakefall med kokain og alkohol etter brudd med samboer. Sover dårlig, spiser lite. Henvist TSB på nytt.', rel='rus sovn ernaering')
n('04', '2024-09-03 14:00', RUSK, 'Forteller at han har tenkt at det er best å "bare forsvinne". Ikke plan. Kriseplan laget, kontakt med fastlege samme dag.', rel='selvmord')
n('04', '2025-03-25 10:00', FL3, 'Brystsmerter etter kokainbruk i helgen, trykkende, stråler til venstre arm. Sendt akutt til medisinsk avdeling.', rel='brystsmerter rus')
n('04', '2025-03-25 18:00', MEDAVD, 'Troponin negativ x2, EKG med uspesifikke ST-forandringer. Kokainutløst vasospasme vurdert. Utskrives med råd om rusfrihet.', rel='brystsmerter rus')
n('04', '2025-12-09 13:00', RUSK, 'Avholden i 6 mnd. Går på NA-møter. Har fått eget leilighetskontrakt.', rel='rus')
n('04', '2026-05-19 09:00', FL3, 'Arbeidsattest. Ingen rus siste året. Tannlege anbefalt, mange hull etter rusperioden.', rel='tann', tempt='rus')

# ---------------------------------------------------------------- t3p05 Leah (omsorgssvikt, tann, syn, obstipasjon, fravær)
n('05', '2013-08-12 10:00', HSST, '6 uker. Vekt 4,1 kg. Ammes. Mor ung (19), bor hos egen mor. Ingen bekymring.')
n('05', '2014-07-08 13:00', HSST, '1 år. Mor og Leah har flyttet i egen leilighet. Mor virker sliten, sier barnet skriker mye om natta og hun får ikke sove.', rel='sovn')
n('05', '2015-01-14 10:00', HSST, 'Har hard avføring hver 4.-5. dag, gråter ved toalettbesøk. Råd om kost og væske, Laktulose.', rel='obstipasjon')
n('05', '2015-06-23 09:00', HSST, '2-årskontroll. Leah er tynn, vekt falt fra 25. til 3. persentil. Mor sier hun er kresen. Kostholdsdagbok.', rel='ernaering')
n('05', '2015-09-15 13:00', HSST, 'Hjemmebesøk: lite mat i huset, Leah hadde bare fått melk i dag kl 13. Mor deprimert og innrømmer at hun ikke klarer å lage mat. Melding til barnevernet.', rel='omsorgssvikt ernaering')
n('05', '2015-10-02 11:00', BV2, 'Undersøkelse åpnet. Mor samarbeider, ønsker avlastning og hjelp. Tiltak: hjemmekonsulent to ganger i uka.', rel='omsorgssvikt')
n('05', '2017-05-16 10:00', TANN, 'Leah (3) 8 hull, to tenner med abscess. Mor har ikke pusset tennene regelmessig. Tannbehandling i narkose planlagt. Bekymringsmelding sendt.', rel='tann omsorgssvikt')
n('05', '2017-10-10 14:00', BV2, 'Barnehagen melder at Leah ofte kommer sulten, i for lite klær i kulda og med samme bleie som dagen før.', rel='omsorgssvikt')
n('05', '2018-02-06 10:00', HSST, 'Mor har fått depresjonsbehandling, det er bedre hjemme. Leah har økt til 15. persentil.', rel='ernaering', tempt='depresjon')
n('05', '2018-06-19 13:00', HSST, '4-årskontroll. Syn: myser, 0,3 høyre og 0,5 venstre. Henvist øyelege.', rel='syn')
n('05', '2018-09-04 10:00', OYE, 'Øyelege: skjeling (strabisme) høyre, lappebehandling venstre øye 3 timer daglig.', rel='syn')
n('05', '2018-12-11 11:00', HSST, 'Lappen blir ikke brukt, mor orker ikke "kampen". Øyelegen advarer om varig synstap på høyre øye.', rel='syn omsorgssvikt')
n('05', '2019-11-05 14:00', SKOLE, 'Førsteklasse. Leah klager på vondt i magen hver dag og vil gå hjem. Obstipert ifølge mor, ikke hatt avføring på 6 dager.', rel='magesmerter obstipasjon')
n('05', '2020-03-03 10:00', FL2, 'Kronisk obstipasjon med fekal overfylling, lekkasje i trusa. Movicol-kur. Vondt i magen bedret.', rel='obstipasjon magesmerter')
n('05', '2021-01-19 13:00', SKOLE, 'Mor ringte: Leah har ikke vært på skolen på to uker, mor "rakk ikke" å få henne av gårde. Leah sier hun må passe lillebror.', rel='skolevegring omsorgssvikt')
n('05', '2021-02-23 10:00', BV2, 'Leah (7) tar ansvar for lillebror på 2 hjemme mens mor sover til midt på dagen. Mor ruser seg på piller ifølge mormor. Akuttplassering vurderes.', rel='omsorgssvikt rus')
n('05', '2021-03-01 09:00', BV2, 'Leah og broren plassert hos mormor som fosterhjem (slektsfosterhjem). Mor klager over vedtaket.', rel='omsorgssvikt klage')
n('05', '2021-09-14 13:00', SKOLE, 'Trives hos mormor, sover hele natta, kommer hver dag på skolen.', tempt='sovn skolevegring')
n('05', '2022-05-10 10:00', SKOLE, 'Leah sier at jentene i klassen har laget en klubb og at hun ikke får være med fordi "mora di er narkis".', rel='mobbing')
n('05', '2022-10-25 10:00', TANN2, 'Leah (9) god munnhygiene nå, ingen nye hull. Mormor følger opp pussing.', rel='tann')
n('05', '2023-04-18 14:00', OYE, 'Nedsatt syn høyre øye 0,4, ikke bedret seg. Briller. Blir sittende nærmest tavla.', rel='syn')
n('05', '2024-02-20 09:00', SKOLE, 'Leah (10) får hodepine når hun leser lenge, sier brillene "ikke virker lenger". Sendt til ny synsundersøkelse.', rel='hodepine syn')
n('05', '2024-11-26 13:00', FL2, 'Magevondt og forstoppelse igjen. Spiser lite fiber, drikker lite. Movicol ved behov.', rel='magesmerter obstipasjon')
n('05', '2025-06-03 12:00', SKOLE, 'Mor er inne på avrusning igjen. Leah er lei seg, men sier mormor er "den beste". Sover litt dårligere.', rel='sovn', tempt='rus')
n('05', '2026-03-17 11:00', SKOLE, 'Leah (12) sier hun ikke vil til helsesykepleier mer, "alt er fint". Ingen fravær, fine resultater.')

# ---------------------------------------------------------------- t3p06 Sander (depresjon, søvn, gaming, fravær, selvmordstanker)
n('06', '2008-02-20 10:00', HSST2, '6 veker. Vekt 4,5 kg. Gulsott gått tilbake. Ammar.')
n('06', '2012-01-17 10:00', HSST2, '4-årskontroll. Snakkar godt, likar å teikne. Syn og hørsel ua.', tempt='syn')
n('06', '2015-02-03 11:00', TANN, 'Kontroll. Ingen hol. Tannregulering vurdert seinare.', tempt='tann')
n('06', '2019-10-08 13:00', SKOLE, 'Sander (11) kommer innom med vondt i hodet etter gym, har ikke spist frokost. Fått mat og vann, bedre etter 30 min.', rel='hodepine')
n('06', '2021-09-21 10:00', SKOLE, 'Sander (13) sitter oppe og gamer til 04 om natta, sovner i timene. Foreldre har prøvd å ta ruteren.', rel='sovn')
n('06', '2021-11-30 12:00', KL2, 'Fråvær 22 dagar dette halvåret. Når han er på skulen, sit han med hetta over hovudet og seier ingenting.', rel='skolevegring')
n('06', '2022-01-11 10:00', FL, 'Sander er nedfor, har mistet interessen for fotball, bare spiller på PC. Ikke glad for noe. PHQ-A 17. Henvist BUP.', rel='depresjon')
n('06', '2022-03-22 13:00', BUPP, 'Sander beskriver en tomhet "som om alt er grått". Sover 4-5 t, døgnrytmen snudd. Spiser mest chips og energidrikk.', rel='depresjon sovn ernaering')
n('06', '2022-05-10 13:00', BUPP, 'Har skrevet i en chat at han "ikke orker mer" og at han har sett på bro-rekkverket på vei hjem. Akutt vurdering, suicidalvurdering: høy risiko. Innlagt døgnenhet.', rel='selvmord')
n('06', '2022-05-11 07:00', BUPM, 'Natt: urolig, sovnet ca 03. Fast tilsyn hvert 15. min. Ingen selvskading observert.', rel='sovn', tempt='selvskading')
n('06', '2022-05-20 14:00', BUPL, 'Sertralin 25 mg startet etter samtale med foreldre. Informert om økt risiko for suicidale tanker de første ukene.', rel='depresjon', tempt='selvmord')
n('06', '2022-08-30 11:00', BUPP, 'Bedre. Går på skolen 3 dager i uka med tilrettelegging. Har begynt på bordtennis.', rel='skolevegring depresjon')
n('06', '2022-12-06 09:00', FL, 'Mor oppdaget at Sander har tatt dobbel dose sertralin i en uke fordi han trodde det ville virke raskere. Kvalme og uro. Gjennomgått med ham.', rel='legemiddelavvik')
n('06', '2023-02-14 13:00', SKOLE, 'Sander blir kalt "psykopasienten" av noen gutter etter at det ble kjent at han var innlagt. Han ler det bort men er tydelig såret.', rel='mobbing')
n('06', '2023-10-17 10:00', BUPP, 'Pappa ble innlagt for hjerteinfarkt forrige uke. Sander bekymret, har hatt vondt i brystet selv men det er "nok bare stress".', rel='brystsmerter')
n('06', '2023-10-24 11:00', FL, 'Vondt i brystet ved hvile, stikkende, varer sekunder. EKG og auskultasjon normal. Angst for å få infarkt som far.', rel='angst brystsmerter')
n('06', '2024-04-09 13:00', BUPP, 'Avslutning. Ingen depressive symptomer siste 3 mnd. Sover 7-8 timer, spiller bare i helgene.', tempt='depresjon sovn')
n('06', '2025-01-28 00:30', LEGEV, 'Sander (17) kom inn etter fest, kastet opp gjentatte ganger, drukket en halv flaske vodka. Observert 4 t, hentet av far.', rel='rus')
n('06', '2025-09-16 10:00', FL, 'Ønsker å slutte på sertralin som han begynte på igjen i vår. Nedtrapping over 4 uker. Humør stabilt.', tempt='depresjon')
n('06', '2026-08-25 12:00', FL, 'Førerkort-attest. Synsfelt og visus normalt. Ingen rus. Frisk.', tempt='syn rus')

# ---------------------------------------------------------------- t3p07 Hege (bipolar lidelse; tvang, skjerming, holding, legemiddelavvik, klage)
n('07', '2003-05-06 10:00', FL, 'Hege (18) vil slutte på p-piller, humørsvingninger. Ellers frisk. Ikke gravid.')
n('07', '2006-11-14 13:00', FL, 'Har sovet 2-3 timer per natt i to uker, snakker fort, har brukt 40 000 kr på klær. Henvist DPS akutt.', rel='sovn')
n('07', '2006-11-15 16:00', LISP, 'Manisk episode med psykotiske trekk. Mangler innsikt, vil ikke legges inn. Tvungen observasjon § 3-2 besluttet.', rel='tvang')
n('07', '2006-11-16 03:20', NATT, 'Pas. vart ikkje roleg, gjekk inn og ut av rommet til andre pasientar heile natta. Sov ca 1 t. Fekk Zyprexa etter fast ordinasjon.', rel='sovn')
n('07', '2006-11-17 11:00', OVL, 'Skjerming etter § 4-3 vedtatt pga. stor uro, seksualisert atferd og grenseløshet overfor medpasienter. Skjermingsenhet, personale til stede hele tiden.', rel='skjerming')
n('07', '2006-11-18 20:15', MT2, 'Pas ville ut av skjermingen, dyttet personalet og slo etter meg. Holdt av tre personale mot veggen i ca 3 min, deretter gitt Haldol im etter § 4-8 vedtak.', rel='holding utagering tvang skjerming')
n('07', '2006-11-20 10:00', OVL, 'Pasienten har klaget på skjermingsvedtaket. Sendt kontrollkommisjonen, som opprettholder vedtaket.', rel='klage skjerming')
n('07', '2006-12-12 13:00', OVL, 'Stemning normalisert. Samtykkekompetent etter vurdering i dag, overført til frivillig vern. Litium startet.', rel='samtykke', tempt='tvang')
n('07', '2008-03-04 10:00', PSYK, 'Depressiv fase. Hege ligger mye, orker ikke dusje, har ikke gått på jobb på 3 uker. Ingen suicidale tanker.', rel='depresjon', tempt='selvmord')
n('07', '2009-09-22 14:00', FL, 'Litiumnivå 1,4 (for høyt). Skjelving, kvalme, diaré. Hadde tatt dobbel dose i 4 dager fordi dosetten ble fylt feil på apoteket.', rel='legemiddelavvik magesmerter')
n('07', '2011-06-07 10:00', JORD, 'Gravid uke 10. Litium seponert i samråd med psykiater. Tett oppfølging planlagt.', tempt='legemiddelavvik')
n('07', '2012-02-20 12:00', PSYK, '3 uker etter fødsel. Sover lite, har tanker om at hun er en dårlig mor og at barnet har det bedre uten henne. Sikkerhetsvurdering: ingen intensjon. Tett oppfølging, familien involvert.', rel='depresjon selvmord sovn')
n('07', '2012-03-05 09:00', HSST, 'Hjemmebesøk. Mor (Hege) er flat og gråter. Barnet godt stelt, far tar mye ansvar. Kontakt med DPS.', rel='depresjon')
n('07', '2014-10-21 22:00', AKUTT, 'Innlagt. Manisk, ikke sovet på 5 døgn. Har kjørt bil i 180 km/t på E6 "for å kjenne at hun lever". Tvungent psykisk helsevern § 3-3.', rel='tvang sovn')
n('07', '2014-10-22 02:30', NATT2, 'Hege sang høgt i gangen og banka på dørene. Vekte nabopasientar. Gitt ekstra medisin kl 01, sovna ca 02.', rel='sovn')
n('07', '2014-10-23 13:00', OVL, 'Pasienten nekter all medikasjon. Vedtak om behandling uten eget samtykke (§ 4-4) med olanzapin fattet etter konsultasjon med kollega.', rel='tvang', tempt='samtykke')
n('07', '2014-10-23 14:10', AKUTT2, 'Medisin gitt som injeksjon etter vedtak. Pasienten holdt av fire personale på senga under injeksjonen, motsatte seg kraftig.', rel='holding tvang')
n('07', '2014-10-29 11:00', OVL, 'Hege har fått satt inn feil preparat i morgendosen: Lamictal 200 mg i stedet for 100 mg. Avvik meldt i avvikssystemet, ingen symptomer.', rel='legemiddelavvik')
n('07', '2014-11-10 10:00', LISP, 'Hege har skrevet klage til pasient- og brukerombudet om måten hun ble holdt under injeksjonen på, mener det var unødvendig mange personale.', rel='klage holding')
n('07', '2016-04-12 13:00', KPHR, 'Oppfølging hjemme hver 14. dag. Stabil, jobber 60 %. Ingen tegn til mani eller depresjon.', tempt='depresjon')
n('07', '2018-08-28 10:00', KPHR, 'Hege forteller at eksmannen truer henne på SMS og har møtt opp utenfor arbeidsplassen. Hun er redd. Kontakt med politiet om besøksforbud.', rel='vold angst')
n('07', '2018-09-03 14:00', FL, 'Sover dårlig, våkner ved minste lyd, er redd eksmannen kommer. Zopiklon 5 mg for en kort periode.', rel='sovn angst')
n('07', '2021-01-26 11:00', PSYK, 'Lett depressiv. Pandemien har gjort henne isolert. Har økt vinforbruk til en flaske om kvelden.', rel='depresjon rus')
n('07', '2022-03-15 09:00', FL, 'Hodepine daglig siste måned, verre om morgenen. Blodtrykk 152/96. Mye alkohol. Redusere. Kontroll om 4 uker.', rel='hodepine rus')
n('07', '2023-06-20 13:00', KPHR, 'Har kuttet ut alkohol, går på AA. Litium fortsatt i terapeutisk nivå.', rel='rus')
n('07', '2024-11-05 10:00', FL, 'Ny manisk episode? Nei – rastløs og søvnløs etter at datteren rømte hjemmefra. Samtaler, ingen endring i medisin.', rel='sovn', tempt='tvang')
n('07', '2025-07-01 10:00', FL, 'Kontroll nyrefunksjon på litium. eGFR 68, stabil. Tannlege har meldt munntørrhet og karies.', rel='tann')

# ---------------------------------------------------------------- t3p08 Tore (alkohol, hjertesvikt, KOLS, fall, delirium, hjemmetjenester)
n('08', '2004-02-10 10:00', FL3, 'Røyker 25 sigaretter daglig. Hoste om morgenen. Spirometri FEV1/FVC 0,66. KOLS gold 2.', rel='kols')
n('08', '2008-11-04 09:00', FL3, 'Gamma-GT 210, MCV 102. Innrømmer 6-8 øl daglig og mer i helgene. Ønsker ikke hjelp nå.', rel='rus')
n('08', '2010-01-19 23:00', LEGEV, 'Falt i trappa hjemme i beruset tilstand, kutt i bakhodet, sutur. CT u.a. Hodepine etter fallet.', rel='fall rus hodepine sar')
n('08', '2012-05-15 11:00', FL3, 'Tung pust i motbakker, hovne ankler om kvelden. Knatrelyder basalt. BNP 980. Hjertesvikt sannsynlig, henvist kardiolog.', rel='hjertesvikt kols')
n('08', '2012-06-20 13:00', KARD, 'EF 30 %. Alkoholisk kardiomyopati mistenkt. Startet ACE-hemmer, betablokker og furosemid. Total avholdenhet anbefalt.', rel='hjertesvikt rus')
n('08', '2013-02-05 10:00', RUSK, 'Tore har vært avholdende i 3 mnd etter hjerteutredningen. Sier han ikke vil dø av spriten som faren.', rel='rus')
n('08', '2015-12-28 03:00', LEGEV, 'Kraftig trykk i brystet i natt, svett og kvalm. STEMI. Sendt til PCI.', rel='brystsmerter')
n('08', '2016-01-04 12:00', KARD, 'PCI av LAD etter STEMI. Ingen brystsmerter etter inngrepet. Hjertesvikten forverret, EF 25 %.', rel='brystsmerter hjertesvikt')
n('08', '2017-08-15 10:00', TILD, 'Vedtak: hjemmesykepleie 1 gang daglig for medisiner og veiing, praktisk bistand 2 t/uke. Bor alene i 2. etasje uten heis.', rel='hjemmetjenester')
n('08', '2017-09-01 09:15', HJ, 'Vekt +2,3 kg siden mandag, bena hovne til knærne, tungpustet ved påkledning. Ringt fastlege, furosemid økt.', rel='hjertesvikt hjemmetjenester')
n('08', '2017-09-12 08:40', HJ2, 'Medisiner gitt. Tomme ølbokser i gangen, ca 20 stk. Tore sier det er fra besøk.', rel='rus hjemmetjenester')
n('08', '2018-01-23 08:30', HJ, 'Funnet på gulvet på badet, hadde ligget der siden i natt. Klarte ikke å reise seg. Blåmerke på hoften. Legevakt kontaktet.', rel='fall hjemmetjenester')
n('08', '2018-01-23 15:00', MEDAVD, 'Innlagt etter fall. Febril, KOLS-forverrelse med pneumoni. Forvirret på kvelden, plukker på dyna, vet ikke hvor han er. Abstinens? Delirium. CIWA-score 18.', rel='delirium kols rus fall')
n('08', '2018-01-24 03:10', NATT2, 'Pt ser dyr på veggen og prøvde å klatre over sengehesten. Oksazepam gitt etter skjema. Roligere ved 04.', rel='delirium')
n('08', '2018-01-26 10:00', MEDAVD, 'Klarere i dag, orientert for tid og sted. Husker ikke de første dagene. Kobler tiamin.', rel='delirium')
n('08', '2018-02-05 09:00', HJ, 'Hjemme igjen. Økt til hjemmesykepleie 3 ganger daglig, trygghetsalarm montert.', rel='hjemmetjenester')
n('08', '2019-03-12 08:20', HJ2, 'morgenbesøk: tore hadde ikkje tatt kveldsmedisin, dosetten fra igår full. glemt seier han. sagt fra til spl.', rel='legemiddelavvik hjemmetjenester')
n('08', '2019-06-04 13:00', FL3, 'Vekt 64 kg, ned 9 kg på et år. Dårlig matlyst, spiser mest brødskiver. Ernæringsdrikk forskrevet, matombringing foreslått.', rel='ernaering')
n('08', '2019-11-19 10:00', FYS, 'Gangfunksjon ustø, TUG 19 sek. Rullator anbefalt, fjernet løse tepper. Høy fallrisiko.', rel='fall')
n('08', '2020-04-07 14:00', HJ, 'Tungpusten i hvile, SpO2 86 %. Ringt legevakt. Bruker inhalatorer feil, ny opplæring gitt.', rel='kols hjemmetjenester')
n('08', '2020-12-15 08:50', HJ3, 'Tore hadde drukke i går, ligg i senga med klede på. Ikkje ete. Har sett fram mat. Fastlege orientert.', rel='rus hjemmetjenester ernaering')
n('08', '2021-05-25 10:00', FL3, 'Samtale om fremtid. Tore vil bo hjemme så lenge som mulig. Forstår risiko ved å bo alene, samtykkekompetent.', rel='samtykke')
n('08', '2022-02-08 09:00', HJ, 'Sår på høyre legg etter at han slo den mot bordkanten, 3x2 cm. Rengjort og lagt på skumbandasje. Skift hver 3. dag.', rel='sar hjemmetjenester')
n('08', '2022-02-22 09:00', HJ, 'Leggsåret væsker mye, rød kant. Ødem i bena gjør tilhelingen treg. Sårkultur tatt.', rel='sar hjertesvikt')
n('08', '2022-03-15 10:00', DIAB, 'Venøst/kardialt leggsår høyre legg 4x3 cm, fibrinbelegg. Kompresjon ikke aktuelt pga. hjertesvikt. Sølvbandasje.', rel='sar')
n('08', '2022-09-06 14:00', HJ, 'Klager over at det er ulike folk hver dag og at ingen kommer til avtalt tid. Sendt klage til kommunen om tjenestene.', rel='klage hjemmetjenester')
n('08', '2023-02-28 11:00', TILD, 'Søknad om langtidsplass innvilget ut fra sviktende hjerte- og lungefunksjon og gjentatte innleggelser.', rel='langtid')
n('08', '2023-03-10 13:00', SH, 'Innflyttet langtidsplass. Tore sier han gleder seg til "å slippe å være alene om nettene". Røyker på balkong.', rel='langtid')
n('08', '2023-08-15 13:00', SH, 'Ødem til lårene, dyspné. Palliativ vurdering med tilsynslege. Morfin ved dyspné.', rel='hjertesvikt kols')
n('08', '2023-08-20 06:00', SHN, 'Natt: Tore sov urolig, vil sitte i stolen fordi han ikke får puste liggende. Satt hos ham en stund.', rel='sovn kols hjertesvikt')
n('08', '2023-08-26 09:00', TL, 'Død i natt, rolig, med datteren til stede.')

# ---------------------------------------------------------------- t3p09 Samira (angst, panikk, partnervold, hodepine, depresjon)
n('09', '2008-03-11 10:00', SKOLE, 'Samira (16) kom til Norge for 2 år siden. Trives på skolen, lærer norsk raskt. Spør om prevensjon.')
n('09', '2010-10-05 13:00', FL2, 'Hodepine bak øynene hver ettermiddag, bruker Paracet nesten daglig. Mulig medikamentoverforbrukshodepine. Kartlegging med dagbok.', rel='hodepine')
n('09', '2011-01-18 13:00', FL2, 'Hodepinen bedre etter pause fra smertestillende. Søvn ok.', rel='hodepine', tempt='sovn')
n('09', '2014-06-10 23:40', LEGEV, 'Hjertebank, prikking i fingrene, trykk over brystet, trodde hun skulle dø. EKG sinustakykardi 118, ellers normalt. Panikkanfall.', rel='angst brystsmerter')
n('09', '2014-06-24 10:00', FL2, 'Flere anfall med hjertebank og kvelningsfølelse siste uker, redd for å gå på butikken alene. Panikklidelse med agorafobi. Henvist DPS.', rel='angst')
n('09', '2014-09-16 13:00', PSYK, 'Kognitiv terapi startet. Unngår kollektivtransport, har sluttet på jobb i butikk. Sover urolig.', rel='angst sovn')
n('09', '2015-03-03 13:00', PSYK, 'Tar buss igjen. Panikkanfall sjeldnere. Forteller at samboer kontrollerer telefonen hennes.', rel='angst')
n('09', '2015-11-17 09:00', FL2, 'Blåmerker på begge overarmer og i nakken. Samira sier først at hun falt, deretter at samboeren tok kvelertak da hun ville gå. Dokumentert med bilder. Informert om krisesenteret.', rel='vold', tempt='fall')
n('09', '2015-11-20 13:00', SOS, 'Samira bor på krisesenteret. Søker midlertidig bolig og økonomisk sosialhjelp. Redd for at han skal finne henne.', rel='vold angst')
n('09', '2016-01-12 10:00', FL2, 'Våkner hver natt klokka 3 med hjertet i halsen, ligger våken resten av natta. Mareritt om samboeren.', rel='sovn angst')
n('09', '2016-04-26 13:00', PSYK, 'PTSD etter langvarig vold i nære relasjoner. Skvetter ved høye lyder, unngår steder han kan være.', rel='angst vold')
n('09', '2016-09-13 13:00', PSYK, 'Samira har fortalt at samboeren tvang henne til sex flere ganger når hun sa nei. Vurderer anmeldelse, får bistandsadvokat.', rel='overgrep vold')
n('09', '2017-05-02 10:00', FL2, 'Flat, gråter mye, klarer ikke å glede seg over noe. Har ikke vært ute av leiligheten på en uke. Escitalopram 10 mg.', rel='depresjon')
n('09', '2017-05-30 10:00', FL2, 'Tenker noen ganger at hun ikke orker mer, men vil aldri gjøre det mot sønnen. Ingen plan.', rel='selvmord depresjon')
n('09', '2018-02-20 14:00', SOS, 'Arbeidsavklaringspenger innvilget. Plan om arbeidstrening på kafé.')
n('09', '2019-08-27 10:00', FL2, 'Vondt i magen etter måltider, oppblåst, vekslende avføring. Lettere når hun er mindre stresset. IBS sannsynlig.', rel='magesmerter')
n('09', '2020-03-10 11:00', PSYK, 'Avslutning DPS. Fungerer godt, jobber 50 %. Ingen angst for å gå ut.', tempt='angst')
n('09', '2021-05-18 13:00', FL2, 'Klage: mener DPS avsluttet behandlingen for tidlig og at hun ikke fikk vite om retten til ny vurdering. Klagen sendt videre til DPS-ledelsen.', rel='klage')
n('09', '2022-10-04 10:00', FL2, 'Migrene med aura, 3-4 anfall per måned. Triptan forskrevet. Ingen røde flagg.', rel='hodepine')
n('09', '2023-04-11 10:00', FL2, 'Sønnen (9) blir mobbet på skolen og Samira er svært bekymret, sover dårlig. Snakket om hva hun kan kreve av skolen.', rel='sovn', tempt='mobbing')
n('09', '2024-01-23 13:00', FL2, 'Apoteket oppdaget at Samira hadde fått utlevert Sumatriptan i dobbel styrke pga. feil i e-resepten. Ny resept, avvik meldt.', rel='legemiddelavvik')
n('09', '2025-06-17 10:00', FL2, 'Smerter under venstre bryst, stikkende, verre ved dyp inspirasjon. Trykkøm over ribbensbrusk. Tietzes syndrom. Ikke hjerte.', rel='brystsmerter')
n('09', '2026-02-03 10:00', FL2, 'Årskontroll. Stabil, ingen panikkanfall på 2 år. Tar ikke lenger escitalopram.', tempt='angst depresjon')

# ---------------------------------------------------------------- t3p10 Gudrun (hjemmesykepleie -> sykehjem, demens, fall, trykksår, ernæring)
n('10', '2012-04-17 10:00', FL4, 'Gudrun (80) bor alene etter at mannen døde. Klarer seg selv, går tur daglig. Grå stær høyre øye, henvist.', rel='syn')
n('10', '2012-09-25 13:00', OYE, 'Kataraktoperasjon høyre øye gjennomført. Visus 0,8 etter inngrepet.', rel='syn')
n('10', '2015-03-10 10:00', FL4, 'Datteren er bekymret: mor glemmer avtaler, har brent en kjele to ganger. MMSE 24/30. Klokketest feil. Henvist hukommelsesutredning.', rel='demens')
n('10', '2015-06-02 13:00', GER, 'Utredning konkluderer med Alzheimers sykdom, tidlig fase. Donepezil startet. Bilkjøring frarådes.', rel='demens')
n('10', '2015-08-18 11:00', TILD, 'Vedtak om hjemmesykepleie for medisinhåndtering morgen og kveld, samt dagsenter 2 dager i uka.', rel='hjemmetjenester')
n('10', '2015-09-01 08:15', HJ, 'Morgenbesøk. Gudrun var påkledd og hadde laget kaffe. Medisiner tatt under tilsyn.', rel='hjemmetjenester')
n('10', '2016-02-09 20:30', HJ2, 'Kveldsbesøk: G. hadde tatt morgen- og kveldsdosen samtidig i morges, dosetten var rotet. Låst dosett innført.', rel='legemiddelavvik hjemmetjenester')
n('10', '2016-05-24 08:30', HJ, 'Falt i gangen i natt, lå på gulvet ca 4 timer til vi kom. Vond hofte, ikke forkortet ben. Legevakt: ingen brudd.', rel='fall hjemmetjenester')
n('10', '2016-06-14 10:00', ERG, 'Hjemmebesøk: terskler fjernet, nattlys i gang og bad, sensor i sengen. Trygghetsalarm.', rel='fall hjemmetjenester')
n('10', '2016-11-15 08:20', HJ3, 'Gudrun vart funnen ute på trappa i nattkjole kl 07, trudde ho skulle på jobb. Kald. Fått ho inn og varma.', rel='demens hjemmetjenester')
n('10', '2016-12-06 13:00', HJ, 'Kjøleskapet nesten tomt, gammel mat. Har gått ned 5 kg siden i vår. Matombringing bestilt, ernæringsdrikk.', rel='ernaering hjemmetjenester')
n('10', '2017-01-17 10:00', FL4, 'Vurdering av samtykkekompetanse til helsehjelp: Gudrun forstår ikke at hun trenger tilsyn og kan ikke gjengi informasjon hun har fått. Mangler samtykkekompetanse på dette området (pbrl. § 4-3).', rel='samtykke demens')
n('10', '2017-01-31 11:00', TILD, 'Søknad om langtidsplass i sykehjem innvilget. Datteren har bedt om plass nær der hun bor.', rel='langtid')
n('10', '2017-03-07 13:00', SH, 'Innflytting langtidsopphold, avd. 2. Gudrun er forvirret, spør etter mannen. Datteren ble med.', rel='langtid demens')
n('10', '2017-03-08 03:00', SHN, 'Ho var oppe og gikk heile natta, ville heim til "Arne". Prøvde å opne ytterdøra. Fekk ho til å leggje seg ved 4-tida.', rel='sovn demens')
n('10', '2017-04-18 14:00', SHA, 'Gudrun skulle på toalettet uten å ringe på, falt og slo hodet i vasken. Kul i panna. Tilsynslege varslet, nevrologisk observasjon.', rel='fall')
n('10', '2017-10-10 13:00', TL, 'Gudrun nekter å ta blodtrykkstablettene og spytter dem ut. Mangler samtykkekompetanse. Vedtak etter pbrl. kap. 4A om å gi medisinen knust i syltetøy ble vurdert, men ikke fattet – seponert i stedet.', rel='samtykke', tempt='tvang')
n('10', '2018-02-13 09:30', SH, 'Rødt område over halebenet 3x3 cm som ikke blekner ved trykk. Kategori 1. Snuregime hver 3. time, trykkavlastende madrass.', rel='trykksar')
n('10', '2018-02-27 09:00', SH, 'Sår over sacrum nå åpent, 2x1,5 cm, overfladisk. Trykksår kategori 2. Skumbandasje.', rel='trykksar sar')
n('10', '2018-03-13 10:00', TL, 'Trykksåret gror sakte. Albumin lavt, spiser under halvparten av porsjonen. Ernæringskartlegging: i risiko. Berikede retter og næringsdrikk.', rel='trykksar ernaering')
n('10', '2018-04-02 14:00', SH, 'Datteren klager på at moren ligger for lenge i samme stilling og at såret ble oppdaget for seint. Klagen tatt opp med avdelingsleder, svar sendt.', rel='klage trykksar')
n('10', '2018-08-21 10:00', SH, 'Såret over sacrum grodd. Fortsatt snuregime om natta.', rel='trykksar')
n('10', '2018-12-04 18:00', SHA, 'Gudrun sto opp etter middag og gikk over ende ved bordet. Ingen synlig skade, kontrollert av sykepleier. Sensormatte ved sengen.', rel='fall')
n('10', '2019-01-15 13:00', TL, 'Akutt forvirring siste 2 døgn, sovner midt i måltidene og er urolig om kvelden. Urinveisinfeksjon. Delirium på demens. Antibiotika.', rel='delirium demens')
n('10', '2019-01-16 02:00', SHN, 'Urolig, ropte på hjelp og trodde det var brann. Vil ikkje i senga. Sat med ho, ga vann. Sovna ved 3.', rel='delirium sovn')
n('10', '2019-01-22 10:00', SH, 'Forvirringen er gått tilbake, kjenner igjen datteren. UVI behandlet.', rel='delirium')
n('10', '2019-06-11 12:00', SHA, 'Gudrun spiser nesten ingenting til middag, snur seg bort. Fått hjelp til mating. Veid: 46 kg.', rel='ernaering')
n('10', '2019-09-03 10:00', TANN2, 'Munnstell: proteser sitter løst, sår i munnen under overkjeveprotesen. Justeres. Personalet må ta ut protesen om natta.', rel='tann')
n('10', '2019-11-26 14:00', TL, 'Palliativ fase. Ønsker fra datteren: ingen sykehusinnleggelse. Morfin ved smerter.')
n('10', '2019-12-05 07:00', SH, 'Gudrun døde i natt kl 04.30, rolig. Datteren til stede.')

# ---------------------------------------------------------------- t3p11 Kjell (hjemmesykepleie; hjertesvikt, leggsår, obstipasjon, delirium, fall)
n('11', '2014-03-18 10:00', FL, 'Kjell (76) tungpustet ved gange, hovne legger. Ekko: EF 35 %. Hjertesvikt NYHA II. Furosemid og ramipril.', rel='hjertesvikt')
n('11', '2014-09-09 10:00', FL, 'Vekt stabil, mindre ødem. Klarer trappene med en pause. Bruker sertralin for tungsinn etter konas død.', rel='hjertesvikt', tempt='depresjon')
n('11', '2015-11-24 09:00', FL, 'Grønn stær, øyedråper daglig. Ser dårlig i mørket.', rel='syn')
n('11', '2016-04-05 11:00', TILD, 'Hjemmesykepleie innvilget: øyedråper og medisiner morgen, kompresjonsstrømper på og av.', rel='hjemmetjenester syn')
n('11', '2016-04-12 08:00', HJ4, 'Første besøk. Kjell venter i stolen med strømpene klare. Dråper satt. Fint samarbeid.', rel='hjemmetjenester')
n('11', '2016-10-18 08:30', HJ4, 'Sår på innsiden av venstre ankel, 2 cm, gulaktig belegg, lite smerter. Kjell har hatt det i 3 uker uten å si fra. Lagt på bandasje, lege kontaktes.', rel='sar hjemmetjenester')
n('11', '2016-10-25 10:00', DIAB, 'Venøst leggsår medialt venstre. ABI 0,9. Kompresjonsbehandling kortstrekkbind, skift 2 ganger i uka av hjemmesykepleien.', rel='sar')
n('11', '2016-12-13 09:00', HJ4, 'Leggsåret mindre, 1x1 cm, rosa granulasjonsvev. Bind skiftet.', rel='sar hjemmetjenester')
n('11', '2017-02-07 08:15', HJ, 'Kjell sier han ikke har hatt avføring på 5 dager, har vondt nederst i magen. Har sluttet å ta Laxoberal. Gitt klyster etter ordinasjon.', rel='obstipasjon magesmerter hjemmetjenester')
n('11', '2017-03-14 10:00', FL, 'Forstoppelse gjentatte ganger, bruker morfin-plaster? Nei, kodein mot ryggsmerter. Bytter til Paracet og fast Movicol.', rel='obstipasjon')
n('11', '2017-07-04 16:00', HJ2, 'Kjell var heit og kvalm, drikk lite. Sa han ikkje ville ha meir vatn pga vassdrivande. Sagt frå til spl.', rel='hjemmetjenester', tempt='hjertesvikt')
n('11', '2017-07-05 12:00', MEDAVD, 'Innlagt dehydrert, nyresvikt (kreatinin 210), hyponatremi. Forvirret, vet ikke hvor han er og snakker om folk i rommet som ikke er der. Delirium.', rel='delirium')
n('11', '2017-07-06 02:00', NATT2, 'Pasient dro ut venflon og ville heim. Roa seg etter at datteren ringte. Fast vakt resten av natta.', rel='delirium')
n('11', '2017-07-10 11:00', MEDAVD, 'Klar og orientert. Delirium gått over. Vanndrivende justert.', rel='delirium hjertesvikt')
n('11', '2018-01-09 08:00', HJ, 'Falt over rullatoren på kjøkkenet i natt, lå til morgenbesøket. Skrubbsår på albuen, ellers ok. Fallrapport skrevet.', rel='fall hjemmetjenester sar')
n('11', '2018-01-30 13:00', FYS, 'Balansetrening hjemme 2 ganger i uka. Otago-program. Kjell motivert.', rel='fall')
n('11', '2018-05-15 10:00', FL, 'Fortsatt lite glede etter konas død for 5 år siden. Sitter mye alene. Samtale om samtaletilbud og frivillig besøksvenn.', rel='depresjon')
n('11', '2018-10-23 08:40', HJ2, 'kjell hadde vondt i brystet igår kveld, tok nitro spray og det gikk over. ikkje sagt frå til nokon. tatt bt 134/80. spl tilkalt.', rel='brystsmerter hjemmetjenester')
n('11', '2018-10-24 10:00', FL, 'Stabil angina. Brystsmerter ved anstrengelse, gir seg på nitro. Ikke hvilesmerter. Økt betablokker.', rel='brystsmerter')
n('11', '2019-03-05 09:30', HJ, 'Hjemmesykepleien ga Furix 40 mg i stedet for 20 mg i tre dager etter at dosen ble endret i MinPlan, men ikke i multidosen. Kjell svimmel. Avvik meldt.', rel='legemiddelavvik hjemmetjenester')
n('11', '2019-09-17 10:00', TILD, 'Økt hjemmesykepleie til 3 besøk daglig. Kjell ønsker å bo hjemme, og er klar over risikoen.', rel='hjemmetjenester')
n('11', '2020-02-11 08:20', HJ, 'Tungpustet i hvile, fuktige knatrelyder, 3 kg vektøkning på 4 dager. Leger kontaktet, økt diuretika.', rel='hjertesvikt hjemmetjenester')
n('11', '2020-06-16 10:00', FL, 'Pusteproblemer også i natt, må sove sittende. Ikke KOLS, lungefunksjon normal. Dyspné fra hjertet.', rel='hjertesvikt sovn', tempt='kols')
n('11', '2021-01-12 11:00', TILD, 'Langtidsplass innvilget etter nytt fall og økende hjelpebehov.', rel='langtid fall')
n('11', '2021-02-02 13:00', SH2, 'Kjell flytta inn på langtidsplass. Seier han helst vil vere heime, men er letta over å ha folk rundt seg om natta.', rel='langtid')
n('11', '2021-07-20 10:00', SH2, 'Ny sår på venstre legg etter støyt mot rullestolen. Sårstell med skumbandasje og kompresjon.', rel='sar')
n('11', '2022-03-01 14:00', TL2, 'Økende hjertesvikt, ødem i bein og mage. Samtale med Kjell og datter om livets slutt.', rel='hjertesvikt')

# ---------------------------------------------------------------- t3p12 Birgit (nynorsk; demens, utagering, kap. 4A, munnstell, smerter)
n('12', '2016-05-10 10:00', FL4, 'Birgit (72) pensjonert lærar. Frisk, går turar. Lett hørselstap.')
n('12', '2019-02-12 10:00', FL4, 'Mannen fortel at Birgit har vorte gløymsk og mistenksam, meiner at han tek pengane hennar. MMSE 22. Tilvist utgreiing.', rel='demens')
n('12', '2019-05-07 13:00', GER, 'Frontotemporal demens sannsynleg: endra personlegdom, mister sosiale hemningar, spisar mykje søtt.', rel='demens')
n('12', '2020-01-14 14:00', HJ3, 'Heimesjukepleie starta for medisinar. Birgit vil ikkje sleppe oss inn, seier ho ikkje har bede om nokon. Mannen opna.', rel='hjemmetjenester')
n('12', '2020-03-03 09:00', HJ3, 'Mannen har blåmerke på underarmen, seier Birgit klypte og slo han då han skulle hjelpe ho med dusjen. Han er sliten.', rel='utagering hjemmetjenester')
n('12', '2020-06-16 11:00', TILD, 'Vedtak om langtidsopphald ved skjerma eining for personar med demens, Solbakken sjukeheim.', rel='langtid', tempt='skjerming')
n('12', '2020-06-30 13:00', SH2, 'Innflytting langtidsplass. Birgit gjekk rundt heile ettermiddagen og prøvde alle dørene. Ville heim.', rel='langtid demens')
n('12', '2020-07-02 23:00', SHN, 'ho vil ikkje leggje seg, gjekk i gangen fram og tilbake. sov ca 2 timar i stolen. roleg ellers.', rel='sovn')
n('12', '2020-08-11 15:30', SHA, 'Birgit sparka ein medbebuar på leggen då han sette seg i stolen hennar. Skilde dei. Medbebuaren uskadd.', rel='utagering')
n('12', '2020-08-25 10:00', TL2, 'Birgit motset seg munnstell og dusj, slår etter personalet. Vurdering etter pbrl. kap. 4A: ho manglar samtykkekompetanse, tillitsskapande tiltak prøvd. Vedtak om helsehjelp ved motstand for munnstell og dusj.', rel='tvang samtykke utagering')
n('12', '2020-08-26 08:30', SHA, 'Dusj etter 4A-vedtak. To personale, ho vart halden i hendene medan vi vaska håret. Ho skreik, men roa seg med musikk.', rel='holding tvang')
n('12', '2020-09-15 14:00', TL2, 'Dottera har klaga til Statsforvaltaren på 4A-vedtaket, meiner mor blir handtert for hardt. Alle dokument sende.', rel='klage tvang')
n('12', '2020-10-20 10:00', TANN, 'Mange rotkaries og to tenner med verk. Dårleg munnhygiene etter at ho motset seg tannpuss. Tre tenner trekte.', rel='tann')
n('12', '2020-11-03 14:00', SHA, 'Birgit held seg på magen og vil ikkje sitje ved bordet. Har ikkje hatt avføring på ei veke.', rel='magesmerter obstipasjon')
n('12', '2020-11-04 10:00', TL2, 'Fekal impaksjon, klyster med god effekt. Fast Movicol. Smerteåtferd vurdert med MOBID-2.', rel='obstipasjon magesmerter')
n('12', '2021-02-16 18:30', SHA, 'Birgit kasta tallerkenen i golvet og drog ein pleiar i håret. Skjerma frå fellesstova på rommet med personale til ho var roleg.', rel='utagering', tempt='skjerming')
n('12', '2021-04-06 10:00', SH2, 'Feil: Birgit fekk Zyprexa frå medbebuar sin dosett kl 20 i går. Ho var svært søvnig i dag. Avvik skrive, lege varsla.', rel='legemiddelavvik')
n('12', '2021-06-22 13:00', SH2, 'Vekt 58 kg, ned 7 kg på eit halvår. Går heile dagen og et lite. Fingermat og ekstra mellommåltid.', rel='ernaering')
n('12', '2021-09-14 09:00', SHA, 'Birgit fall i korridoren under vandring, slo kneet. Ikkje brot. Hoftebeskyttar.', rel='fall')
n('12', '2022-01-25 10:00', TL2, 'Grimasar og stønar ved forflytning, truleg smerte i hofta. Paracet fast. MOBID-2 skåre ned frå 6 til 3.', tempt='magesmerter')
n('12', '2022-05-03 02:30', SHN, 'Ropte og banka i veggen. Var vaken til kl 5. Fekk ikkje ro sjølv med fotbad. Gitt behovsmedisin.', rel='sovn utagering')
n('12', '2022-09-13 13:00', SH2, 'Trykksår grad 2 på høgre hæl, kjem av at ho ligg mykje no. Hælavlastning, skumbandasje.', rel='trykksar')
n('12', '2022-10-11 10:00', SH2, 'Hælsåret gror. Ingen nye raude område ved huddsjekk.', rel='trykksar')
n('12', '2023-01-17 10:00', TL2, 'Ligg mest i senga, et og drikk lite. Palliativ plan. Munnstell kvar 2. time.', rel='ernaering tann')

# ---------------------------------------------------------------- t3p13 Arvid (enkemann; depresjon, alkohol, selvmordstanker, KOLS, hjemmetjenester)
n('13', '2012-09-04 10:00', FL3, 'Arvid (62) røyker fortsatt. Spirometri viser moderat obstruksjon, KOLS. Inhalator startet, røykeslutt anbefalt.', rel='kols')
n('13', '2015-01-20 10:00', FL3, 'Tungpustet ved trappegang, produktiv hoste hver morgen. Ny inhalator (LAMA/LABA).', rel='kols')
n('13', '2017-11-07 10:00', FL3, 'Kona døde i sommer. Arvid sover dårlig, våkner kl 4 og får ikke sove igjen. Har mistet 6 kg. Orker ikke lage mat.', rel='sovn ernaering depresjon')
n('13', '2017-12-05 10:00', FL3, 'Sier han "ikke ser meningen med noe lenger". Drikker et par pils og noen drammer hver kveld for å sove. Ingen planer om å ta livet sitt. Henvist kommunal psykisk helse.', rel='depresjon rus sovn', tempt='selvmord')
n('13', '2018-01-16 13:00', KPHR, 'Hjemmebesøk. Gardinene trukket for, oppvask for en uke. Arvid sitter i godstolen med TV-en på. Sier han venter på å få komme etter kona.', rel='depresjon selvmord')
n('13', '2018-01-30 13:00', KPHR, 'Spurt direkte: har tenkt på å bruke haglen på låven. Våpenet levert til sønnen i dag. Kriseplan, daglige telefoner.', rel='selvmord')
n('13', '2018-02-14 10:00', FL3, 'Mirtazapin 15 mg til natt. Sover bedre etter en uke, matlysten kommer sakte.', rel='depresjon sovn ernaering')
n('13', '2018-06-26 13:00', KPHR, 'Mye bedre. Er med i en turgruppe for pensjonister. Fortsatt 2-3 øl om kvelden.', rel='rus')
n('13', '2019-10-15 23:00', LEGEV, 'Funnet av naboen på gårdsplassen, hadde falt på isen etter å ha drukket. Sårskade over venstre øyebryn, limt. Promille 1,4.', rel='fall rus sar')
n('13', '2020-03-24 10:00', FL3, 'Økende alkoholbruk under nedstengningen, ca. 1 flaske akevitt i uka pluss øl. AUDIT 19. Samtale om konsekvenser, motivert for å redusere.', rel='rus')
n('13', '2020-11-10 10:00', FL3, 'Synet svekket på begge øyne, vanskelig å lese. Aldersrelatert makuladegenerasjon, tørr form. Henvist øyeavd.', rel='syn')
n('13', '2021-02-09 10:00', TILD, 'Vedtak: hjemmesykepleie for øyedråper og inhalasjoner, praktisk bistand rengjøring. Arvid vil helst klare seg selv.', rel='hjemmetjenester syn kols')
n('13', '2021-02-16 09:00', HJ, 'Første besøk. Arvid viste stolt fram den nye kaffetrakteren. Inhalatorteknikk gjennomgått.', rel='hjemmetjenester kols')
n('13', '2021-05-11 08:30', HJ2, 'arvid lukta alkohol kl 0830, ustø. sa han hadde drukke med naboen i går. tok medisinane.', rel='rus hjemmetjenester')
n('13', '2021-08-24 08:00', HJ, 'Hjemmesykepleien kom ikke til avtalt tid på søndag, Arvid fikk ikke medisinene før kl 14. Avvik skrevet.', rel='legemiddelavvik hjemmetjenester')
n('13', '2021-09-07 10:00', FL3, 'Arvid har klaget skriftlig til kommunen over at hjemmesykepleien uteble og at han ikke fikk beskjed. Jeg støtter klagen.', rel='klage hjemmetjenester')
n('13', '2022-01-18 13:00', MEDAVD, 'KOLS-forverrelse med pneumoni. CO2-retensjon, døsig og forvirret ved innkomst. Klarere etter NIV.', rel='kols delirium')
n('13', '2022-01-19 03:00', NATT2, 'Pas forvirra, prøvde å ta av seg masken og sa at kona venta på han. Roleg etter kvart.', rel='delirium')
n('13', '2022-06-07 10:00', TANN2, 'Tannkjøttbetennelse og flere løse tenner. Arvid har ikke vært hos tannlegen på 15 år. Rens og plan for protese.', rel='tann')
n('13', '2022-11-29 10:00', FL3, 'Arvid (72) ønsker ikke sykehusbehandling ved ny forverrelse. Forstår konsekvensene og kan gjøre rede for dem. Samtykkekompetent. Notert i kjernejournal.', rel='samtykke')
n('13', '2023-04-18 09:00', HJ, 'Arvid spiser lite, vekt 61 kg (ned 4 kg siden jul). Middag fra kommunen står urørt. MNA 7. Næringsdrikk.', rel='ernaering hjemmetjenester')
n('13', '2023-09-12 10:00', FL3, 'Arvid har vært tørrlagt i 5 måneder. Stolt av det. Humøret godt.', rel='rus', tempt='depresjon')
n('13', '2024-03-05 10:00', FL3, 'Sønnen spør om faren har samtykkekompetanse til å selge gården. Vurdert: god forståelse, kan resonnere. Ingen kognitiv svikt. MMSE 29.', rel='samtykke', tempt='demens')
n('13', '2024-10-22 09:00', HJ2, 'Trykksår? Nei – rødt område på høgre hofte blekner ved trykk. Ikkje trykksår. Ny pute i stolen.', tempt='trykksar')
n('13', '2025-02-11 10:00', FL3, 'Kontroll. KOLS stabil, ingen forverrelser i vinter. Ingen alkohol. Ingen selvmordstanker.', rel='kols', tempt='rus selvmord')

# ---------------------------------------------------------------- t3p14 Trine (utviklingshemming, bolig; kap. 9, selvskading, utagering, tann, obstipasjon)
n('14', '1995-03-20 10:00', HSST, '6 uker. Trine har Downs syndrom. Hjerteultralyd viste liten VSD, kontrolleres. Ammes med god hjelp.', tempt='hjertesvikt')
n('14', '1997-04-15 11:00', HSST, '2 år. Går ikke ennå, sitter godt. Fysioterapi. Hørselstest med rør i ørene.')
n('14', '2002-09-03 13:00', PPTR, 'Trine (7) har moderat utviklingshemming. Spesialundervisning i egen gruppe. Språk enkelttale og tegn.')
n('14', '2009-10-13 14:00', SKOLE, 'Trine (14) slår seg selv i hodet med knyttneven når hun blir frustrert. Mor bekymret. Henvist habiliteringstjenesten.', rel='selvskading')
n('14', '2010-02-09 10:00', VP, 'Habiliteringstjenesten: selvskading (hodeslag og biting i hånden) skjer særlig ved overganger og høy lyd. Tiltak: bildeskjema, forvarsel.', rel='selvskading')
n('14', '2015-08-18 13:00', VP, 'Trine (20) har flyttet inn i bofellesskap for personer med utviklingshemming. Eget leilighet, personalbase.')
n('14', '2015-08-19 07:00', VPN, 'Første natt. Trine gråt og ville hjem til mamma, sov ca 3 timer. Var hos henne.', rel='sovn')
n('14', '2015-10-06 16:00', VP2, 'Trine kastet kopp og slo en ansatt i brystet da hun ikke fikk gå på butikken. Rolig etter 15 min i egen leilighet.', rel='utagering')
n('14', '2016-03-15 11:00', VP, 'Vedtak etter helse- og omsorgstjenesteloven kap. 9 godkjent av Statsforvalteren: planlagte skadeavvergende tiltak i nødssituasjon (holde armene hennes når hun slår seg selv i hodet).', rel='tvang selvskading holding')
n('14', '2016-03-30 17:30', VP2, 'Trine slo seg hardt i hodet gjentatte ganger ved middag. To ansatte holdt armene hennes ned i fanget i ca 2 min iht. vedtak. Protokoll skrevet.', rel='holding selvskading tvang')
n('14', '2016-06-14 10:00', VP, 'Samtykkekompetanse vurdert av fastlege: Trine kan ikke ta stilling til tannbehandling i narkose. Verge og mor informert.', rel='samtykke tann')
n('14', '2016-09-06 13:00', TANN, 'Undersøkelse i narkose. 4 hull fylt, tannstein fjernet. Tannkjøttet blør. Hjelp til tannpuss morgen og kveld.', rel='tann')
n('14', '2017-01-17 14:00', VP2, 'Trine har ikkje hatt avføring sidan fredag, held seg på magen og vil ikkje ete. Gitt Microlax etter prosedyre.', rel='obstipasjon magesmerter')
n('14', '2017-05-23 10:00', FL, 'Hyppig obstipasjon. Lite fysisk aktivitet, drikker lite. Fast Movicol og drikkeliste.', rel='obstipasjon')
n('14', '2017-11-08 20:00', VPN, 'trine skreik og sparka dørkarmen i 20 min etter at foreldra reiste. Skada seg ikkje. Roa seg med musikk.', rel='utagering')
n('14', '2018-04-10 13:00', VP, 'Trine har gått ned 5 kg på 3 måneder, vil bare spise yoghurt. Tannverk? Sendt til tannlege.', rel='ernaering tann')
n('14', '2018-04-24 10:00', TANN, 'Abscess på en jeksel, trukket i lokalbedøvelse med god hjelp fra personalet. Spiser bedre etterpå.', rel='tann ernaering')
n('14', '2018-10-16 09:00', VP2, 'Trine fikk morgenmedisinene til en annen beboer (Sertralin og Levaxin). Oppdaget ved kontroll av dosett. Lege varslet, observert. Avvik.', rel='legemiddelavvik')
n('14', '2019-06-04 14:00', VP, 'Mor har klaget til Statsforvalteren på at personalet låser kjøleskapet i leiligheten. Det finnes ikke vedtak på dette. Låsen fjernet.', rel='klage tvang')
n('14', '2020-02-25 16:00', VP2, 'Trine gikk til angrep på en medbeboer i fellesstua, dro ham i håret. Skilt av to ansatte som holdt henne rundt overkroppen til hun slapp.', rel='utagering holding')
n('14', '2020-04-07 13:00', VP, 'Under nedstengningen har Trine mistet dagsenteret. Mer uro, slår seg selv i ansiktet flere ganger daglig.', rel='selvskading')
n('14', '2020-09-15 10:00', FL, 'Trine (25) tar seg mye til brystet og gråter. EKG normalt, ingen tegn til hjertesykdom. Mulig refluks. PPI forsøk.', rel='brystsmerter')
n('14', '2021-03-09 23:30', VPN, 'Ikkje sove enno kl 23.30, går ut og inn av leiligheten. Vekte ein annan bebuar. Sat saman med ho i stua.', rel='sovn')
n('14', '2022-05-17 10:00', VP, 'Nytt vedtak kap. 9 om bruk av sengehest om natta etter fall ut av senga. Overprøvd av Statsforvalteren.', rel='tvang fall')
n('14', '2022-05-02 03:10', VPN, 'Trine falt ut av sengen i natt, lå på gulvet da vi kom. Ingen skade synlig. Hjalp henne opp.', rel='fall')
n('14', '2023-08-22 10:00', FL, 'Trine sitter mer stille, mindre interessert i aktiviteter, vanskeligere å finne ord. Vurdering av tidlig demens ved Downs syndrom. Henvist.', rel='demens')
n('14', '2024-02-06 13:00', GER, 'Alzheimers sykdom ved Downs syndrom, tidlig stadium. Donepezil forsøkes.', rel='demens')
n('14', '2025-01-14 10:00', VP, 'Trine har fått ny kontaktperson. Fin sommer på hytta med foreldrene. Ingen tvangstiltak siste halvår.', tempt='tvang')

# ---------------------------------------------------------------- t3p15 Even (angst, skolevegring, hodepine, ADHD-utredning, søvn)
n('15', '2010-10-05 10:00', HSST, '6 uker. Even veier 5,1 kg. Sover godt. Mor ønsker info om D-vitamin.', tempt='sovn')
n('15', '2014-09-02 10:00', HSST, '4 år. Even er forsiktig og holder seg nær mor i nye situasjoner. Syn og hørsel normalt.', tempt='syn')
n('15', '2016-11-15 11:00', SKOLE, 'Even (6) gråter hver morgen ved levering og får vondt i magen. Lærer må hente ham i garderoben.', rel='angst magesmerter')
n('15', '2018-03-06 10:00', TANN2, 'God tannstatus. Litt trangstilling i overkjeven, regulering vurderes senere.', rel='tann')
n('15', '2019-04-09 13:00', SKOLE, 'Even (8) vil ikke sove alene, redd for innbrudd og brann. Sovner først kl 23.', rel='angst sovn')
n('15', '2020-10-20 13:00', KL, 'Even ble ertet for at han gråt da han mistet en ball i gym. Noen gutter har fortsatt å kalle ham "grinebiter".', rel='mobbing')
n('15', '2021-09-14 10:00', SKOLE, 'Even (11) har hodepine nesten hver dag etter skolen, over pannen. Bruker briller ikke. Sendt til optiker.', rel='hodepine')
n('15', '2021-10-05 12:00', OYE, 'Hypermetropi +2,0 begge øyne, astigmatisme. Briller. Hodepine kan skyldes anstrengte øyne.', rel='syn hodepine')
n('15', '2022-01-25 14:00', SKOLE, 'Hodepinen er borte etter brillene. Even glad.', rel='hodepine syn')
n('15', '2022-11-08 10:00', KL2, 'Even har byrja å bli heime når det er presentasjonar i klassen. Fråvær 8 dagar dette halvåret, alle på presentasjonsdagar.', rel='skolevegring angst')
n('15', '2023-02-14 13:00', BUPP, 'Sosial angst, redd for å dumme seg ut foran klassen, rødmer og skjelver. Har begynt å unngå kantina.', rel='angst')
n('15', '2023-05-09 13:00', BUPP, 'Foreldre spør om ADHD: Even er urolig, glemmer lekser, men konsentrerer seg godt når han er trygg. Utredning viser ikke ADHD; vanskene skyldes angst.', rel='angst', tempt='adhd')
n('15', '2023-10-03 11:00', SKOLE, 'Even (13) har vært borte fra skolen i to uker. Ligger under dyna og vil ikke snakke. Mor tar fri fra jobb for å være hjemme.', rel='skolevegring')
n('15', '2023-10-17 13:00', BUPP, 'Skolevegring, angst og depressive trekk. Gradvis eksponering, start med én time på skolen med fast voksen.', rel='skolevegring angst depresjon')
n('15', '2024-01-16 13:00', BUPP, 'Even går på skolen 4 av 5 dager. Sover bedre. Mindre nervøs før timene.', rel='skolevegring', tempt='sovn')
n('15', '2024-04-23 10:00', KL, 'Even og to andre gutter har skrevet stygge ting om en jente i klassen i en gruppechat ("hore", "ingen vil ha deg"). Foreldre kontaktet, samtale med alle tre.', rel='mobbing')
n('15', '2024-09-10 13:00', BUPP, 'Even har blitt med på å plage en medelev, sier han gjorde det for å ikke bli den som blir plaget selv. Skamfull.', rel='mobbing angst')
n('15', '2025-03-18 10:00', FL, 'Brystsmerter ved fotballtrening, stikkende, 5 min. Normal auskultasjon og EKG, ekkokardiografi u.a. Trolig muskulært.', rel='brystsmerter')
n('15', '2025-11-04 10:00', FL, 'Even (15) har røykt snus og prøvd hasj på fest. Foreldrene bekymret. Samtale alene med ham; ingen regelmessig bruk.', rel='rus')
n('15', '2026-05-12 13:00', SKOLE, 'Kommer til samtale om eksamensnerver. Forsovet seg to ganger pga. gaming. Ellers greit.', rel='angst', tempt='sovn skolevegring')

# ---------------------------------------------------------------- t3p16 Sigrid (hjemmesykepleie; KOLS, trykksår, fall, delirium, langtid)
n('16', '2013-05-14 10:00', FL2, 'Sigrid (68) KOLS grad 3, oksygen hjemme på natt. Røykfri siden 2010. Bor med mannen.', rel='kols')
n('16', '2016-02-02 10:00', FL2, 'Hyppige forverrelser, tre kurer med prednisolon i vinter. Pusten tung selv ved påkledning.', rel='kols')
n('16', '2017-09-12 11:00', TILD, 'Hjemmesykepleie 2 ganger daglig innvilget: inhalasjoner, oksygenkontroll og hjelp til dusj. Mannen har fått hjerneslag.', rel='hjemmetjenester kols')
n('16', '2017-09-19 08:30', HJ, 'Morgenbesøk. Sigrid SpO2 89 % på 2 l O2. Inhalasjon gitt, dusj utsatt pga. tung pust.', rel='hjemmetjenester kols')
n('16', '2018-01-09 09:00', HJ, 'Sigrid sitter hele dagen i lenestolen og sover der om natta. Rød flekk på setet som ikke blekner. Sittepute bestilt, tips om å reise seg hver time.', rel='trykksar hjemmetjenester')
n('16', '2018-01-23 09:00', HJ, 'Liggesår på setet nå åpent, 1 cm, overfladisk. Mepilex Border, skift hver 3. dag. Vil fortsatt ikke ligge i senga.', rel='trykksar hjemmetjenester')
n('16', '2018-02-06 10:00', FL2, 'Sigrid forstår at sittestillingen gir sår og sier selv at hun heller vil sitte fordi hun ikke får puste liggende. Samtykkekompetent; valget respekteres.', rel='samtykke trykksar kols')
n('16', '2018-03-20 08:50', HJ2, 'sårstell sete. såret større ca 2x2cm, lukter litt. tatt bilde, spl informert. obs infeksjon.', rel='trykksar hjemmetjenester')
n('16', '2018-04-17 10:00', DIAB, 'Trykksår kategori 3 over sete, nekrose fjernet. Trykkfordelende sittepute og lufmadrass i stolen. Ernæring vurdert: for lite protein.', rel='trykksar ernaering')
n('16', '2018-06-12 09:00', HJ, 'Sigrid glemmer å slå på oksygenet. Virker mer glemsk, mannen sier hun har stilt kaffekjelen i kjøleskapet.', rel='demens hjemmetjenester')
n('16', '2018-08-14 14:00', HJ, 'Funnet på kjøkkengulvet, hadde snublet i oksygenslangen. Kul i bakhodet. Legevakt. Slangen festet langs listene.', rel='fall hjemmetjenester')
n('16', '2018-11-06 11:00', MEDAVD, 'Innlagt KOLS-forverrelse. Natt til i dag plutselig uklar, trodde hun var på hotell og ville betale. Hypoksi og infeksjon. Delirium.', rel='delirium kols')
n('16', '2018-11-07 02:30', NATT, 'Sigrid var uroleg og snakka om at "dei" var under senga. Tok av seg oksygenet fleire gonger. Sat hos ho.', rel='delirium')
n('16', '2018-11-12 10:00', GER, 'Delirium avtagende. Bakenforliggende kognitiv svikt sannsynlig (MMSE 21 etter bedring). Anbefaler økt hjelp eller sykehjem.', rel='delirium demens')
n('16', '2018-12-04 13:00', TILD, 'Langtidsplass tildelt. Mannen har fått plass på samme sykehjem.', rel='langtid')
n('16', '2019-03-05 10:00', SH, 'Sigrid og mannen bor på naborom. Hun sitter mest ved ham. Trykksåret på setet er grodd.', rel='langtid trykksar')
n('16', '2019-07-16 06:00', SHN, 'Sigrid sov godt i natt, ingen uro. Oksygen på 2 l hele natta.', tempt='sovn delirium')
n('16', '2020-01-28 13:00', TL, 'Sigrid er bekymret for at mannen har trykksår på hælen. Selv ingen nye sår, huden hel ved hudinspeksjon.', tempt='trykksar')
n('16', '2020-04-21 09:00', SH, 'Sigrid fekk Furix to gonger i dag tidleg fordi morgonvakta ikkje hadde signert. Obs. blodtrykk. Avvik meldt.', rel='legemiddelavvik')
n('16', '2020-10-06 14:00', SH, 'Mannen døde i helga. Sigrid gråter mye, spiser lite og vil ikke være med på aktiviteter. Følges opp.', rel='depresjon ernaering')

# ---------------------------------------------------------------- t3p17 Dag Rune (psykose og rus; skjerming, tvang, selvskading, legemiddelavvik)
n('17', '1999-06-15 10:00', FL3, 'Dag Rune (22) har sluttet på studiene, isolerer seg, tror naboene overvåker ham gjennom stikkontaktene. Henvist DPS.', rel='angst')
n('17', '1999-07-02 23:00', AKUTT, 'Tvangsinnlagt etter § 3-3: paranoid schizofreni, ruset på amfetamin, truet naboen med øks. Politiet brakte ham inn.', rel='tvang rus')
n('17', '1999-07-03 10:00', OVL, 'Pasienten holdes på skjermingsavsnittet med personell til stede, vedtak § 4-3, for å redusere stimuli og beskytte medpasientene.', rel='skjerming')
n('17', '1999-07-05 15:00', MT, 'Dag Rune slo hodet mot døra på skjermingsrommet flere ganger. Holdt av to personale til han roet seg. Kul i panna.', rel='selvskading holding skjerming')
n('17', '1999-07-08 11:00', OVL, 'Skjerming opphørt. Kan være i fellesmiljøet i korte perioder med følge.', rel='skjerming')
n('17', '2003-03-11 10:00', KPHR, 'Bor i kommunal bolig. Depot-injeksjon hver 2. uke. Spiller gitar, lite kontakt med familien.')
n('17', '2004-08-24 13:00', KPHR, 'Dag Rune har ikke fått depotinjeksjonen på 6 uker fordi han ble stående uten fast kontaktperson over sommeren. Økende mistenksomhet. Avvik meldt til leder.', rel='legemiddelavvik')
n('17', '2004-09-01 21:00', AKUTT, 'Reinnlagt tvungent. Har kuttet seg på underarmene med knust glass "for å få ut brikken". Sårene sydd.', rel='tvang selvskading sar')
n('17', '2004-09-02 09:00', OVL, 'Pasienten tas ut av fellesmiljøet og oppholder seg i skjermet del av posten med personale, vedtak § 4-3. Fare for selvskade og uro.', rel='skjerming')
n('17', '2004-09-04 19:40', AKUTT2, 'Nektet å gå inn på rommet, gikk mot personalet med knyttneve. Lagt i belter (§ 4-8) i 1 t 40 min, fast vakt.', rel='tvang utagering')
n('17', '2004-09-20 10:00', LISP, 'Pasienten har klaget på beltelegging til kontrollkommisjonen. Kommisjonen fant vedtaket lovlig.', rel='klage tvang')
n('17', '2008-05-06 13:00', RUSK, 'Bruker amfetamin et par ganger i måneden, sier det "holder stemmene unna". Hasj daglig.', rel='rus')
n('17', '2010-11-16 10:00', FL3, 'Brystsmerter og hjertebank etter amfetamin. EKG normalt. Ikke kardiell årsak funnet. Informert om risiko.', rel='brystsmerter rus')
n('17', '2013-02-19 13:00', KPHR, 'Flat, sier han ikke har noe å leve for, men vil ikke dø fordi det ville gjøre mora trist. Ingen plan.', rel='depresjon selvmord')
n('17', '2015-06-09 14:00', KPHR, 'Bolig for rusavhengige med personale. Dag Rune har vært rusfri i 3 mnd. Søvn bedre.', rel='rus', tempt='sovn')
n('17', '2017-10-03 08:30', HJ4, 'Medisinutdeling. Dag Rune hadde samlet opp kveldstabletter i en boks i skapet, ca 20 Zyprexa. Fjernet. Lege informert, vurderes suicidalfare.', rel='legemiddelavvik', tempt='selvmord')
n('17', '2017-10-04 10:00', FL3, 'Suicidalvurdering etter funn av samlede tabletter: han sier han sparte dem "i tilfelle han ble tom". Ingen tanker om å dø. Lav akutt risiko.', tempt='selvmord')
n('17', '2019-12-10 13:00', PSYK, 'Vektøkning 18 kg på olanzapin, BMI 34. Prediabetes. Bytte til aripiprazol diskutert.', tempt='ernaering')
n('17', '2021-04-13 10:00', FL3, 'Klager over at han får lite tid hos DPS og at legen bytter hver gang. Vil ha fast behandler. Hjelp til å skrive klage.', rel='klage')
n('17', '2023-09-19 10:00', TANN, 'Tannhelse dårlig etter rus og munntørrhet av medisin. 9 hull, 2 ekstraksjoner. Gratis tannbehandling etter TOO-ordningen.', rel='tann')
n('17', '2025-05-27 13:00', KPHR, 'Stabil, jobber på VTA. Ingen tvangsinnleggelser siste 8 år. Liker å male.', tempt='tvang')

# ---------------------------------------------------------------- third pass: more ways of telling, tempting notes, routine visits
# Maja
n('01', '2020-09-08 10:00', SKOLE, 'Samtale 6. trinn: trivsel. Maja er med i korps og har to bestevenninner. Skolen har hatt Zero-opplegg mot mobbing, hun syntes det var bra.', tempt='mobbing')
n('01', '2022-08-23 09:00', SKOLE, 'Vaksinasjon HPV dose 1. Ingen reaksjoner.')
n('01', '2023-04-25 12:00', KL, 'Elevene i gruppa mi lagar lyder og hermar etter Maja når ho seier noko i timen. Eg har stoppa det fleire gonger. (Notat frå kontaktlærar, nynorsk.)', rel='mobbing')
n('01', '2023-11-28 13:00', SKOLE, 'Hun viser meg meldingen: "drep deg sjøl, ingen liker deg". Avsender er en anonym konto som flere i klassen følger. Meldt til skolen og politiet.', rel='mobbing', tempt='selvmord')
n('01', '2024-08-20 11:00', FL, 'Kontroll. Maja har ikke skadet seg selv siden i fjor vår, ingen nye arr. Bruker ikke lenger passeren, sier hun.', tempt='selvskading')
n('01', '2024-12-03 10:10', SKOLE, 'Maja spurte om hun kan slippe svømming fordi de andre jentene "tar bilder og ler av kroppen min". Fritak gitt midlertidig, saken meldt rektor.', rel='mobbing')
n('01', '2025-04-08 13:00', KL2, 'Utestengd frå gruppearbeid igjen – elevane seier dei "alt er fulle" kvar gong Maja spør. Lærar deler no inn gruppene sjølv.', rel='mobbing')
n('01', '2026-05-26 10:00', SKOLE, 'Maja (16) sier noen fra 10. klasse fortsatt sender henne hånlige meldinger om "spøkelset". Hun har blokkert dem.', rel='mobbing')
# Henrik
n('02', '2018-06-12 10:00', SKOLE, 'Henrik (7) sier at mamma sover hele dagen og at han lager frokost selv. Kommer uten matpakke nesten hver dag.', rel='omsorgssvikt')
n('02', '2022-08-16 12:00', KL, 'Henrik klarer å jobbe i 20 minutter om gangen nå med pauser. Stor framgang i matte. Glemmer fortsatt lekser.', rel='adhd')
n('02', '2024-12-10 10:00', SKOLE, 'Henrik (13) forteller at han og noen kompiser så en voldsom film i helga og ikke fikk sove etterpå. Ellers fint.', tempt='vold sovn')
# Ylva
n('03', '2019-05-14 10:00', SKOLE2, 'Seksualundervisning i 6. klasse: kropp, grenser og kven ein kan seie frå til om nokon tek på ein. Ylva var aktiv og stilte mange spørsmål.', tempt='overgrep')
n('03', '2021-02-05 14:00', BUPM, 'Ylva skjerma på rommet med personale i døra etter vedtak, fekk ikkje gå i fellesstova. Roleg ettermiddag, les bok.', rel='skjerming')
n('03', '2022-05-31 13:00', BUPP, 'Ylva har brent seg med ein lighter på handledden tre gonger sidan sist. Ho gøymer det under armband.', rel='selvskading')
n('03', '2024-02-27 10:00', FL4, 'Ylva (16) spør om hjelp til å skrive klage på at BUP ikkje har svart på tilvisinga på tre månader.', rel='klage')
# Mathias
n('04', '2018-02-27 22:00', LEGEV, 'Mathias (12) brakt inn av politiet etter å ha vært alene hjemme i tre døgn, foreldrene på tur i Syden. Lite mat i huset. Barnevernsvakta overtok.', rel='omsorgssvikt')
n('04', '2018-03-05 13:00', BV, 'Oppfølging: foreldrene mener Mathias er stor nok til å være alene. Han har ofte vært overlatt til seg selv i helgene. Undersøkelse åpnet.', rel='omsorgssvikt')
n('04', '2020-02-11 10:00', SKOLE, 'Mathias (14) klarer ikke å følge med i timene, sier det "bare suser". Tar ikke medisinen sin lenger.', rel='adhd')
n('04', '2021-05-04 10:00', BV, 'Institusjonen: Mathias har vært mer rolig siste måned, ingen tvangsbruk eller holding. Går på skolen 3 dager.', tempt='holding tvang')
n('04', '2022-02-20 09:30', AKUTT, 'Mathias er fortsatt skjermet, sover mye på dagtid. Ingen utagering siste døgn.', rel='skjerming', tempt='utagering')
# Leah
n('05', '2016-03-08 10:00', HSST, 'Hjemmebesøk fra helsestasjonen, mor og Leah i ny leilighet. Ryddig, mat i skapet. Mor virker i bedre form.', tempt='hjemmetjenester omsorgssvikt')
n('05', '2024-06-11 13:00', SKOLE, 'Leah (10) forteller at en voksen mann hun spiller med på nett ber henne sende bilder uten klær og lover henne skins. Foreldre/mormor og politi varslet.', rel='overgrep')
n('05', '2024-09-24 10:00', BV2, 'Politiet har identifisert mannen som kontaktet Leah på nett. Leah har fått samtaler på barnehuset.', rel='overgrep')
n('05', '2025-09-30 10:00', SKOLE, 'Rutinekontroll 6. trinn. Avføring normalt, ikke forstoppet lenger. Vekt og høyde følger kurve.', tempt='obstipasjon ernaering')
# Sander
n('06', '2021-10-26 13:00', KL2, 'Sander klarer ikkje å halde fokus i timane, blir sitjande og stire ut i lufta. Gløymer lekser. Er trøytt.', rel='adhd sovn')
n('06', '2022-06-21 14:00', BUPM, 'Sander har risset seg med en binders på underarmen, overfladisk. Stelt. Forteller at det "kjentes som å gjøre noe".', rel='selvskading')
n('06', '2022-06-28 10:00', BUPP, 'Utredning: konsentrasjonsvanskene forklares best av depresjonen, ikke ADHD. Følges opp.', rel='adhd depresjon')
n('06', '2024-11-12 10:00', FL, 'Sår hals og feber i 3 dager, streptokokktest positiv. Penicillin.', tempt='sar')
# Hege
n('07', '2010-05-11 10:00', KPHR, 'Hege er bekymret for moren sin som har fått demens og bor alene. Hege kjører dit hver helg.', tempt='demens')
n('07', '2019-04-09 13:00', FL, 'Hege har skiftet jobb: jobber nå som assistent i hjemmetjenesten. Trives, litt sliten av turnus.', tempt='hjemmetjenester')
n('07', '2020-09-15 10:00', FL, 'Sår hals, feber. Ellers stabil. Fått vite at eksmannen er dømt for vold mot ny samboer.', tempt='sar vold')
# Tore
n('08', '2014-05-06 10:00', FL3, 'Far døde av KOLS og hjertesvikt 70 år gammel. Tore vil sjekke seg. Spirometri uendret.', tempt='kols hjertesvikt')
n('08', '2019-08-20 08:30', HJ, 'Tore sier han ikke har hatt avføring på 4 dager, oppblåst. Laxoberal 10 dråper. Drikker lite pga. væskerestriksjon.', rel='obstipasjon hjemmetjenester')
n('08', '2021-10-12 09:00', HJ2, 'Tore var sur i dag og smelte døra igjen etter meg. Sa det var pga. kaffen. Ingen utagering mot personale, berre grinete.', tempt='utagering')
# Samira
n('09', '2019-01-15 10:00', FL2, 'Samira har begynt som helsefagarbeiderlærling i hjemmetjenesten. Trives med eldre brukere.', tempt='hjemmetjenester')
n('09', '2022-03-22 10:00', FL2, 'Samira ble dyttet og truet av en utagerende bruker på jobben. Ingen skade, men skjelven. Sykmeldt 3 dager.', rel='vold angst', tempt='utagering')
n('09', '2024-09-03 10:00', FL2, 'Kartlegging ved ny fastlegeliste: spurt om vold, rus, søvn. Ingen vold nå, drikker ikke, sover godt.', tempt='vold rus sovn')
# Gudrun
n('10', '2014-02-11 10:00', FL4, 'Gudrun vil ha råd om sin mann som har fått langtidsplass på sykehjem. Hun sover dårlig alene i huset.', rel='sovn', tempt='langtid')
n('10', '2016-08-30 10:00', FL4, 'Ankelødem begge sider, lett tung pust. Hjertesvikt med bevart EF. Lav dose furosemid.', rel='hjertesvikt')
n('10', '2017-06-20 13:00', SH, 'Avføring hver 5. dag, hard. Gudrun vil ikke gå på do når det er ukjente personale. Laktulose fast.', rel='obstipasjon')
n('10', '2018-09-18 10:00', SH, 'Hovne ankler, vekt +2 kg. Tilsynslege økte furosemid.', rel='hjertesvikt')
# Kjell
n('11', '2015-06-16 10:00', FL, 'Kjells bror har Alzheimer og bor på sykehjem. Kjell selv er klar, husker godt. Ingen kognitiv svikt.', tempt='demens langtid')
n('11', '2019-12-17 09:00', HJ4, 'Kjell fortel at sona bur i utlandet og at han er åleine i jula. Ikkje deprimert, seier han. Tilbod om julemiddag på dagsenteret.', tempt='depresjon')
n('11', '2021-11-16 14:00', SH2, 'Kjell hadde vondt i magen og var forstoppa, ikkje avføring på 6 dagar. Klyster. God effekt.', rel='obstipasjon magesmerter')
# Birgit
n('12', '2019-10-15 10:00', FL4, 'Ankelødem etter at ho byrja på amlodipin. Ikkje hjartesvikt, lungene reine. Byter medisin.', tempt='hjertesvikt')
n('12', '2021-11-09 10:00', TL2, 'Ingen teikn til delirium, Birgit er som vanleg. Uroa er ein del av demenssjukdomen.', rel='demens', tempt='delirium')
# Arvid
n('13', '2019-05-21 10:00', FL3, 'Arvid spør om søster si som har fått hjemmesykepleie og langtidsplass er aktuelt for. Han selv klarer seg fint.', tempt='hjemmetjenester langtid')
n('13', '2023-01-10 09:00', HJ, 'Arvid hadde ikke avføring på 5 dager, vondt i magen. Lite drikke og mat. Movicol gitt.', rel='obstipasjon magesmerter hjemmetjenester')
# Trine
n('14', '2019-11-19 13:00', VP, 'Personalet reagerer på at en ny vikar går inn på badet når Trine dusjer uten at det trengs, og at Trine har vært redd for ham. Vikaren tatt ut av turnus, saken meldt til politiet.', rel='overgrep')
n('14', '2019-12-03 10:00', VP, 'Politiet har henlagt saken mot vikaren. Trine er roligere. Rutiner for intimhygiene med to ansatte av samme kjønn.', rel='overgrep')
n('14', '2021-06-15 10:00', VP2, 'Fin dag på tur. Trine gikk hele turen selv og spiste godt. Ingen uro.', tempt='utagering ernaering')
# Even
n('15', '2021-11-30 13:00', SKOLE, 'Even (11) er med i en klasse der det har vært mye uro og et utagerende barn. Han synes det er skummelt, men har ikke selv vært involvert.', rel='angst', tempt='utagering')
n('15', '2022-04-05 13:00', SKOLE, 'Mor redd for å bli meldt for omsorgssvikt fordi Even er så mye borte. Ingen grunn til bekymring for omsorgen, foreldrene er svært engasjerte.', rel='skolevegring', tempt='omsorgssvikt')
n('15', '2023-06-13 10:00', BUPP, 'Mormor til Even har KOLS og bor hos familien nå, Even hjelper henne med oksygenet.', tempt='kols')
# Sigrid
n('16', '2017-05-09 10:00', FL2, 'Spurt om vold og trusler i hjemmet som del av kartlegging før hjemmetjenester: ingenting å melde.', tempt='vold')
n('16', '2019-10-15 10:00', SH, 'Sigrid har vore lei seg fordi ho høyrde ein medbebuar bli halden fast av to pleiarar. Ho sjølv har det fint.', tempt='holding')
# Dag Rune
n('17', '2000-02-08 13:00', PSYK, 'Dag Rune forteller for første gang at fotballtreneren tok på ham seksuelt da han var 11-12 år. Aldri fortalt til noen. Traumeanamnese.', rel='overgrep')
n('17', '2006-03-14 10:00', RUSK, 'Bodde på hybelhus. Har ikke fått i seg mat på to dager, hjemmetjenesten har levert matpakker. Har gått ned 8 kg.', rel='ernaering rus hjemmetjenester')
n('17', '2018-05-22 10:00', KPHR, 'Gikk sammen til tannlegen, Dag Rune var veldig redd. Sår i munnen etter løse proteser. Nye bestilt.', rel='tann', tempt='sar')

# ---- fourth pass: thin tempting sides, more voices, routine notes
n('01', '2021-02-02 10:00', FL, 'Mor har migrene og hodepine flere dager i uka, spør om Maja kan arve det. Maja selv har ikke hodepine.', tempt='hodepine')
n('01', '2025-08-26 09:30', SKOLE, 'Samtale før Vg1. Maja gruer seg, men sier hun ikke har vondt i magen lenger om morgenene.', tempt='magesmerter')
n('02', '2013-05-14 10:00', HSST, '2-årskontroll. Henrik går og løper, sier noen ord. Mor møtte presis denne gangen, har fått støttekontakt.')
n('03', '2023-06-06 10:00', FL4, 'Ylva (15) spør kva samtykkekompetanse betyr, ho vil sjølv bestemme om foreldra skal få sjå journalen. Forklart at ho frå 16 år bestemmer sjølv.', tempt='samtykke')
n('04', '2024-06-04 14:00', FL3, 'Mathias samtykker til at rusbehandlingen får kontakt med fastlegen. Er klar, forstår hva det innebærer.', tempt='samtykke')
n('05', '2020-08-18 10:00', SKOLE, 'Skolestart 2. trinn. Leah har fått nye briller og ser tavla godt. Mormor følger til skolen.', rel='syn')
n('06', '2023-03-21 13:00', SKOLE, 'Sander (15) forteller at en i klassen tok for mange piller ved en feil på ferie. Selv tar han sertralin som han skal.', tempt='legemiddelavvik')
n('07', '2017-02-14 10:00', FL, 'Apoteket har gitt Hege generisk litium med annen styrke, men dosen ble justert riktig. Ingen avvik. Nivå 0,7.', tempt='legemiddelavvik')
n('08', '2016-10-11 10:00', FL3, 'Kontroll etter infarkt. Ingen brystsmerter, ingen hodepine på nitro. Går 20 min daglig.', tempt='brystsmerter hodepine')
n('09', '2021-09-28 10:00', FL2, 'Samira har hatt omgangssyke, magesmerter og diaré i 2 døgn, begge barna også. Drikk godt.', rel='magesmerter')
n('10', '2016-03-15 08:10', HJ2, 'morgenbesøk: gudrun ikkje stått opp, sa ho hadde hatt ei fæl natt med vondt i ryggen. gitt paracet etter liste. obs.', rel='hjemmetjenester sovn')
n('10', '2017-09-26 13:00', TL, 'Vurdert samtykkekompetanse for innflytting: Gudrun motsetter seg ikke oppholdet, trives. Ikke behov for vedtak etter kap. 4A.', rel='samtykke langtid', tempt='tvang')
n('11', '2020-09-29 10:00', FL, 'Kjell vil ikke ha pacemaker. Forstår informasjonen og kan forklare risiko med egne ord. Samtykkekompetent, avslaget respekteres.', rel='samtykke hjertesvikt')
n('12', '2020-07-07 10:00', TL2, 'Samtykkekompetanse vurdert: Birgit kan ikkje forstå at ho treng medisinar. Pårørande (dotter) informert. Mangel på samtykkekompetanse dokumentert.', rel='samtykke demens')
n('13', '2022-12-13 08:40', HJ2, 'Arvid hadde ikkje spist frokosten, sa han var kvalm. Målt temp 37,2. Sagt frå til spl. Elles fin.', rel='hjemmetjenester')
n('14', '2024-08-13 10:00', FL, 'Vurdering av samtykkekompetanse til blodprøver: Trine forstår ikke hva prøven er for, men samarbeider når hun får se på at personalet tar prøve på hverandre først. Ingen motstand.', rel='samtykke', tempt='tvang')
n('15', '2019-09-03 10:00', SKOLE, 'Pappa har fått beskjed om at han har fått hjertesvikt. Even er redd for at pappa skal dø.', rel='angst', tempt='hjertesvikt')
n('16', '2019-05-14 09:00', SH, 'Sigrid har hatt hard avføring og vondt i magen i 3 dager. Laktulose økt, mer drikke.', rel='obstipasjon magesmerter')
n('17', '2012-06-19 10:00', FL3, 'Ingen forstoppelse på klozapin, avføring daglig. Siste blodprøver normale.', tempt='obstipasjon')
n('17', '2016-01-26 13:00', KPHR, 'Hjemmebesøk. Dag Rune har ryddet leiligheten, kjøpt seg katt. Sier han har det bra.')
n('12', '2021-12-21 20:00', SHA, 'Julebord på avdelinga. Birgit song med på julesongar og åt godt. Roleg kveld.', tempt='ernaering')
n('13', '2024-07-02 10:00', FL3, 'Arvid har fått kuttet fingeren med kniv på kjøkkenet, 2 cm kutt. Steri-strips, sårstell hjemme.', rel='sar')
n('11', '2022-06-14 10:00', TL2, 'Kjell fekk klage frå naboen på rommet fordi TV-en står på for høgt. Løyst med hodetelefonar.', tempt='klage')
n('08', '2020-06-30 10:00', HJ, 'Tore har bedt om å få skrive klage fordi han mener hjemmesykepleien tok med seg ølet hans. Avklart med leder: han hadde gitt det til naboen.', rel='klage hjemmetjenester rus')
n('01', '2023-07-11 10:00', FL, 'Mor fann blodige plaster i søppelbøtta. Maja har skore seg på låret med eit barberblad fleire gonger i sommarferien. Såra stelt, BUP varsla.', rel='selvskading')
n('01', '2024-03-05 13:00', SKOLE, 'Maja er lei seg fordi lillebroren (8) blir ertet og holdt utenfor på SFO. Hun vil at mor skal si fra til skolen.', tempt='mobbing')
n('01', '2025-02-18 10:00', KL, 'Maja har levert fordypningsoppgave i samfunnsfag om mobbing på nett og opplæringsloven. Karakter 5.', tempt='mobbing')
n('01', '2025-04-01 12:00', SKOLE, 'Maja har ikke hatt fravær siden jul og går på alle fag. Stolt av det.', tempt='skolevegring')

# ---------------------------------------------------------------- queries
# (topic code, query text, scope). relevant/tempting come from the note tags within the scope.
P = lambda k, a=None, b=None: {k2: v for k2, v in (('person', 't3p' + k), ('ageFrom', a), ('ageTo', b)) if v is not None}
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
    ('tann', 'tannhelse', {}),
    ('syn', 'synsproblemer', {}),
    ('obstipasjon', 'forstoppelse', {}),
    ('adhd', 'konsentrasjonsvansker', {}),
    ('hjertesvikt', 'hjertesvikt', {}),
    ('sar', 'sårstell', {}),
    ('kols', 'KOLS', {}),
    # over everyone, another word for the topic
    ('mobbing', 'krenkelser', {}),
    ('mobbing', 'utestengt', {}),
    ('mobbing', 'erting', {}),
    ('vold', 'slått', {}),
    ('vold', 'vold i nære relasjoner', {}),
    ('overgrep', 'overgrep', {}),
    ('omsorgssvikt', 'manglende omsorg', {}),
    ('tvang', 'tvangsvedtak', {}),
    ('tvang', 'belter', {}),
    ('holding', 'holdt fast', {}),
    ('skjerming', 'skjermet', {}),
    ('selvskading', 'kutting', {}),
    ('selvmord', 'suicidal', {}),
    ('sovn', 'mareritt', {}),
    ('sovn', 'søvn', {}),
    ('ernaering', 'underernæring', {}),
    ('ernaering', 'spiseforstyrrelse', {}),
    ('fall', 'falt', {}),
    ('trykksar', 'liggesår', {}),
    ('legemiddelavvik', 'feilmedisinering', {}),
    ('magesmerter', 'vondt i magen', {}),
    ('angst', 'panikkanfall', {}),
    ('depresjon', 'nedstemt', {}),
    ('skolevegring', 'fravær', {}),
    ('rus', 'alkohol', {}),
    ('rus', 'cannabis', {}),
    ('langtid', 'sykehjemsplass', {}),
    ('hjemmetjenester', 'hjemmetjenesten', {}),
    ('demens', 'kognitiv svikt', {}),
    ('delirium', 'akutt forvirring', {}),
    ('utagering', 'aggressiv', {}),
    ('klage', 'Statsforvalteren', {}),
    ('tann', 'karies', {}),
    ('hjertesvikt', 'ødem', {}),
    ('sar', 'leggsår', {}),
    ('kols', 'tungpust', {}),
    # person-scoped, most with age windows
    ('mobbing', 'mobbing', P('01', 13, 15)),   # the lawsuit case: 11-12 and 16+ must not count
    ('mobbing', 'utestengt', P('01', 13, 15)),
    ('mobbing', 'krenkelser', P('01', 13, 15)),
    ('mobbing', 'trakassering', P('01', 13, 15)),
    ('skolevegring', 'fravær', P('01', 13, 15)),
    ('klage', 'klage', P('01', 13, 15)),
    ('selvskading', 'selvskading', P('01')),
    ('omsorgssvikt', 'omsorgssvikt', P('02', 0, 5)),
    ('vold', 'vold', P('02', 0, 9)),
    ('utagering', 'utagering', P('02', 5, 12)),
    ('adhd', 'ADHD', P('02')),
    ('overgrep', 'overgrep', P('03', 12, 17)),
    ('tvang', 'tvang', P('03', 13, 13)),
    ('holding', 'holding', P('03', 13, 13)),
    ('ernaering', 'spiseforstyrrelse', P('03', 12, 14)),
    ('rus', 'rus', P('04', 14, 17)),
    ('tvang', 'tvang', P('04', 16, 16)),
    ('vold', 'vold', P('04')),
    ('omsorgssvikt', 'omsorgssvikt', P('05', 0, 8)),
    ('syn', 'syn', P('05')),
    ('selvmord', 'selvmordstanker', P('06', 13, 15)),
    ('sovn', 'søvn', P('06', 13, 15)),
    ('skjerming', 'skjerming', P('07', 22, 22)),
    ('tvang', 'tvang', P('07', 30, 30)),
    ('legemiddelavvik', 'legemiddelavvik', P('07')),
    ('fall', 'fall', P('08')),
    ('delirium', 'delirium', P('08')),
    ('vold', 'vold', P('09', 23, 25)),
    ('angst', 'angst', P('09')),
    ('trykksar', 'trykksår', P('10', 86, 87)),
    ('fall', 'fall', P('10', 84, 88)),
    ('demens', 'demens', P('10')),
    ('sar', 'leggsår', P('11')),
    ('hjemmetjenester', 'hjemmesykepleie', P('11', 78, 82)),
    ('tvang', 'tvang', P('12', 76, 77)),
    ('utagering', 'utagering', P('12')),
    ('selvmord', 'selvmordstanker', P('13', 67, 68)),
    ('rus', 'alkohol', P('13')),
    ('tvang', 'kap. 9', P('14')),
    ('selvskading', 'selvskading', P('14')),
    ('skolevegring', 'skolevegring', P('15', 12, 13)),
    ('mobbing', 'mobbing', P('15')),
    ('trykksar', 'trykksår', P('16')),
    ('skjerming', 'skjerming', P('17')),
]


def birthday(birth, years):
    y, m, d = (int(x) for x in birth.split('-'))
    return datetime.date(y + years, m, d)


def main():
    people = {p[0]: p for p in PEOPLE}
    notes = []
    errors = []
    for i, x in enumerate(NOTES, 1):
        key = 't3n%04d' % i
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
        queries.append({'id': 't3q%03d' % i, 'topic': TOPICS[topic][0], 'listed': TOPICS[topic][1],
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
    print('people %d, notes %d (%d about no topic), queries %d' % (len(PEOPLE), len(notes), untagged, len(queries)))
    if errors:
        print('\n'.join(errors), file=sys.stderr)
        sys.exit(1)
    out = {'version': 1,
           'people': [{'key': k, 'givenName': g, 'familyName': f, 'birthDate': b, 'sex': s} for k, g, f, b, s in PEOPLE],
           'notes': notes, 'queries': queries}
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'tuning-set-3.json')
    with open(path, 'w', encoding='utf-8') as f:
        json.dump(out, f, ensure_ascii=False, indent=2)
        f.write('\n')
    print('wrote', path)
    # The repository checks JSON formatting with prettier; format the file when npx is at hand.
    root = os.path.dirname(os.path.dirname(os.path.dirname(path)))
    if shutil.which('npx'):
        subprocess.run(['npx', 'prettier', '--write', path], cwd=root, check=False)
    else:
        print('npx not found: run `npx prettier --write dev/search-eval/tuning-set-3.json`')


if __name__ == '__main__':
    main()
