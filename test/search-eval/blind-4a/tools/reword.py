#!/usr/bin/env python3
"""One-off helper: rewordings so that only a minority of relevant notes use the topic word."""
import glob
R = [
("Ingrid oppholder seg i skjermet del etter måltidene", "Ingrid sitter i egen stue adskilt fra de andre ungdommene etter måltidene"),
("førte ham inn på skjermingsenheten", "førte ham inn i det lille avsnittet innerst i gangen, bort fra de andre pasientene"),
("la ham ned på madrassen i skjermingsrommet", "la ham ned på madrassen på det avlukkede rommet der han nå bor uten kontakt med medpasienter"),
("Fortsatt skjermet, tåler korte turer", "Fortsatt atskilt fra fellesmiljøet på posten, tåler korte turer"),
("Pas. er i skjermet del av avdelingen", "Pas. bor i den lukkede enden av korridoren uten tilgang til fellesarealene"),
("inn i skjermingsavsnittet. Sang", "inn på eget rom borte fra de andre, der en miljøterapeut ble sittende hos henne. Sang"),
("Marte oppholder seg fortsatt på skjermet område.", "Marte er fortsatt tatt ut av avdelingsmiljøet og har egen stue med fast personale."),
("skjermes hun på enerom med fast kontaktperson", "får hun være på enerom borte fra de andre, med fast kontaktperson og lite stimuli"),
("Skjermes på rolig rom med fast personale nattetid en periode.", "Flyttes til rolig rom i enden av gangen, atskilt fra medpasientene, med fast personale nattetid en periode."),
("Skjermes på eget rom med dempet lys og begrenset kontakt.", "Oppholder seg på eget rom med dempet lys, ingen kontakt med medpasienter, én miljøterapeut av gangen."),
("Skjermingen fortsteter.", "Fortsatt adskilt fra de andre på posten."),
("Julie er fortsatt i det skjermede avsnittet.", "Julie bor fortsatt på enheten bak glassdøra, borte fra fellesstua."),
("Skjermet på enerom nær personalbasen,", "Plassert på enerom nær personalbasen, uten opphold i fellesarealene,"),
("Kristoffer oppholder seg skjermet, spiser på rommet sammen med meg.", "Kristoffer er på rommet etter plan, spiser der sammen med meg og møter ikke de andre pasientene."),
("Skjermet i egen del av posten med to personale.", "Tas ut av fellesskapet og får være i egen del av posten med to personale."),
("Fortsatt i skjermet avsnitt.", "Fortsatt på eget avsnitt uten kontakt med medpasienter."),
("Har vært på skjermet rom med oss i tre døgn.", "Har vært på eget rom med oss, borte fra de andre pasientene, i tre døgn."),
("skjermes Hedda på eget avsnitt med kontinuerlig tilsyn", "flyttes Hedda til eget avsnitt borte fra de andre ungdommene, med kontinuerlig tilsyn"),
("er hun skjermet fra de andre ungdommene på egen fløy", "er hun tatt ut av fellesskapet og bor på egen fløy"),
("det langvarige plageriet", "den langvarige mobbingen"),
("for manglende oppfølging av skolemiljøet", "for manglende oppfølging av mobbingen på skolen"),
("Skolen har opprettet aktivitetsplan og gitt jentene", "Skolen ser dette som mobbing og har opprettet aktivitetsplan og gitt jentene"),
("Foreldre og skole informert.\n", "Foreldre og skole informert om mobbingen.\n"),
("Far med sønnen. Vil ikke på skolen,", "Far med sønnen. Vil ikke på skolen pga. mobbing,"),
("Bekymringsmelding sendt barneverntjenesten i dag.", "Bekymringsmelding om mulig omsorgssvikt sendt barneverntjenesten i dag."),
("Tannlegetime bestilt.", "Vurderes som omsorgssvikt fra tidligere omsorgsperson. Tannlegetime bestilt."),
("Samtale med mor, ny melding til barnevernet.", "Samtale med mor, ny melding til barnevernet om omsorgssvikt."),
("Fortsatt sporadisk risping med kniv", "Fortsatt sporadisk selvskading med kniv (risping)"),
("Etter flere skadehandlinger siste døgn", "Etter gjentatt selvskading siste døgn"),
("etter nattens skadehandling.", "etter nattens selvskading."),
("informasjon om tidlgiere skadehandlinger.", "informasjon om tidligere selvskading."),
("Holdt i sittende på gulvet av to ansatte i ca. 4 min, rolig etterpå.", "Fysisk holding i sittende på gulvet, to ansatte, ca. 4 min. Rolig etterpå."),
("Varighet 5 min. Protokollført.", "Fysisk holding, varighet 5 min. Protokollført."),
]
texts = {fn: open(fn, encoding='utf-8').read() for fn in glob.glob('src/notes_*.txt')}
for a, b in R:
    hits = [fn for fn, s in texts.items() if a in s]
    assert len(hits) == 1 and texts[hits[0]].count(a) == 1, (a, hits)
    texts[hits[0]] = texts[hits[0]].replace(a, b)
for fn, s in texts.items():
    open(fn, 'w', encoding='utf-8').write(s)
print('reworded', len(R))
