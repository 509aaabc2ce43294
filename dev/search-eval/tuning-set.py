# Source of dev/search-eval/tuning-set.json: notes written for tuning (not from any export),
# each tagged by meaning with the topics it is about (rel) and those whose words it uses
# without being about them (tempt); queries take their relevant/tempting notes from the tags
# within their scope. Run: python3 dev/search-eval/tuning-set.py
import json
people = [
 ("p01","Emma","Berg","2004-03-12","F"),
 ("p02","Tobias","Lie","2006-09-02","M"),
 ("p03","Ingrid","Nilsen","1934-05-20","F"),
 ("p04","Kåre","Moen","1941-11-03","M"),
 ("p05","Sindre","Aas","1990-01-15","M"),
 ("p06","Maria","Sørli","1998-07-30","F"),
 ("p07","Nora","Haugen","2008-12-01","F"),
 ("p08","Arne","Vik","1950-02-10","M"),
]
HS="Hanne Dahl, helsesykepleier"; LG="Per Olsen, fastlege"; SP="Siri Lund, sykepleier"; HJ="Tone Aune, hjemmesykepleier"
MP="Geir Sand, miljøterapeut"; PS="Lene Krog, psykolog"; BV="Ola Brekke, barnevernspedagog"
notes=[]
def n(person, when, author, text, rel=(), tempt=()):
    notes.append(dict(key=f"n{len(notes)+1:04d}", person=person, writtenAt=when, author=author, text=text, rel=list(rel), tempt=list(tempt)))
# p01 Emma (born 2004-03-12)
n("p01","2016-09-14T10:00",HS,"Emma (12) kommer innom. Sier at noen jenter i klassen har laget en gruppe på Snapchat der alle unntatt henne er med. Hun får ikke sitte sammen med dem i lunsjen.",["mobbing"])
n("p01","2016-10-03T13:15",HS,"Samtale med Emma og mor. Hun blir kalt «feite Emma» i gangen og noen har tatt bilder av henne i garderoben og delt dem. Kontaktlærer varslet, skolen har startet aktivitetsplan etter opplæringsloven.",["mobbing"])
n("p01","2016-11-21T09:40",HS,"Emma har vært borte fra skolen åtte dager denne måneden. Mor forteller at hun gråter om morgenen og sier hun har vondt i magen. Vil ikke gå dit.",["skolevegring","magesmerter","depresjon"])
n("p01","2017-01-10T11:00",HS,"Oppfølging. Emma sier det er roligere nå, ingen har plaget henne etter jul. Hun spiser lunsj med to jenter fra parallellklassen.",[],["mobbing"])
n("p01","2017-02-08T14:20",HS,"Emma beskriver at hun ligger våken til to-tre om natta og tenker på hva de andre sier om henne. Sliter med å komme seg opp om morgenen.",["søvnvansker","angst"])
n("p01","2017-04-25T10:30",LG,"Hodepine nesten daglig siste måned, verst på ettermiddagen. Ingen nevrologiske utfall. Råd om væske, regelmessige måltider og mindre skjermtid.",["hodepine","smerter"])
n("p01","2017-09-18T12:00",HS,"Emma har skjulte kutt på underarmene, noen ferske. Sier hun gjør det for å få ut trykket når det blir for mye. Hun vil ikke at mor skal vite det. Drøftet med lege samme dag.",["selvskading"])
n("p01","2017-09-18T15:30",LG,"Vurdering etter melding fra helsesykepleier. Overfladiske rispeskader venstre underarm. Emma sier hun ikke har planer om å ta livet sitt, men at hun noen ganger tenker at det hadde vært lettere å ikke være her. Henvist BUP som øyeblikkelig hjelp vurdering.",["selvskading","selvmordstanker"])
n("p01","2017-10-02T09:00",PS,"BUP-samtale. Stemningsleiet er lavt, hun har mistet interessen for håndball og trekker seg fra venner. Skårer høyt på depressive symptomer. Ingen aktuelle suicidplaner.",["depresjon","selvmordstanker"])
n("p01","2017-11-06T10:00",PS,"Emma har gått ned fire kilo siden august. Hun hopper over frokost og lunsj og sier hun ikke er sulten. Avtalt veiing hver uke hos helsesykepleier.",["ernæring"])
n("p01","2018-01-15T10:00",HS,"Veiing: vekten stabil siste tre uker. Hun spiser matpakke på skolen igjen.",["ernæring"])
n("p01","2018-03-20T13:00",HS,"Emma har fått nye venner på ungdomsskolen og sover bedre. Ingen tegn til selvskading siden jul, sier hun selv.",[],["selvskading","søvnvansker"])
n("p01","2018-06-05T11:10",HS,"Klassetur planlagt. Emma gruer seg litt men vil være med. Vi snakket om hvordan hun kan si fra hvis noe skjer.",[],[])
n("p01","2019-02-11T09:30",LG,"Kommer med mor etter en fest i helgen der hun drakk seg så full at hun kastet opp og måtte hentes. Første gang, sier hun. Snakket om alkohol og risiko.",["rus"])
n("p01","2019-05-02T14:00",HS,"Emma (15) forteller at hun har hjertebank og blir svimmel før prøver, er redd for å svikte. Har hatt to panikkanfall i timen.",["angst"])
n("p01","2020-10-12T10:00",LG,"Konsultasjon: vondt i brystet ved hoste, ellers frisk. Lungene normale. Tolkes som muskulært etter luftveisinfeksjon.",["brystsmerter","smerter"])
n("p01","2021-01-19T11:00",HS,"Helsesamtale VG2. Ingen mobbing, trives i klassen. Sover godt, trener tre ganger i uka.",[],["mobbing","søvnvansker"])
# p02 Tobias (born 2006-09-02)
n("p02","2014-05-06T10:00",HS,"Tobias (7) kommer uten matpakke for tredje gang denne uken. Klærne er for tynne for årstiden og lukter urin. Tas opp med kontaktlærer.",["omsorgssvikt"])
n("p02","2014-05-20T12:30",HS,"Bekymringsmelding sendt barneverntjenesten etter samtale med rektor. Tobias sier at mamma sover mye og at han lager frokost selv. Han har hull i flere tenner.",["omsorgssvikt"])
n("p02","2014-09-10T13:00",BV,"Hjemmebesøk. Mor har et alvorlig alkoholproblem etter eget utsagn. Det står tomme vinflasker på kjøkkenbenken. Hjelpetiltak: besøkshjem annenhver helg og tilsyn.",["omsorgssvikt","rus"])
n("p02","2015-03-02T09:15",HS,"Tobias har blåmerker på overarmene og ett på kinnet. Sier først at han falt på sykkelen, senere at mors kjæreste «tok hardt tak» i ham og slo ham fordi han sølte.",["vold"])
n("p02","2015-03-02T11:45",BV,"Akuttmøte. Tobias forteller at mors samboer slår mamma når han er full, og at han gjemmer seg under senga. Politiet er kontaktet. Tobias flyttes til beredskapshjem i dag.",["vold","rus","omsorgssvikt"])
n("p02","2016-01-14T10:00",HS,"Tobias (9) bor i fosterhjem og har det bra. Han har begynt på fotball og spiser godt.",[],["omsorgssvikt"])
n("p02","2017-10-09T11:00",HS,"Tobias sier at noen gutter i 6. klasse kaller ham «fosterunge» og at de truer med å banke ham etter skolen. Han har sluttet å gå på fritidsklubben.",["mobbing"])
n("p02","2017-11-27T13:10",HS,"Møte med skolen: to elever har dyttet Tobias ned trappa og tatt lua hans flere ganger. Rektor har snakket med foreldrene deres. Tobias er redd for å gå til skolen alene.",["mobbing","angst"])
n("p02","2018-02-12T09:00",LG,"Tobias har hatt vondt i magen hver morgen i tre uker, ofte så han blir hjemme. Normal undersøkelse, ingen vekttap. Sannsynlig sammenheng med situasjonen på skolen.",["magesmerter","smerter","skolevegring"])
n("p02","2018-04-16T10:00",HS,"Fosterfar ringer. Tobias har ikke vært på skolen på to uker. Han låser seg inne på rommet og spiller. Avtalt møte med PPT.",["skolevegring"])
n("p02","2019-09-23T14:00",HS,"Fosterfar forteller at Tobias har prøvd hasj med eldre gutter på kjøpesenteret.",["rus"])
n("p02","2020-06-08T10:30",LG,"Kontroll etter fotballskade, fall på kunstgress med overtråkk. Hevelse lateralt i ankelen, ingen brudd.",[],["fall"])
# p03 Ingrid (born 1934-05-20) elderly
n("p03","2019-02-04T08:30",HJ,"Morgenbesøk. Ingrid lå på gulvet i gangen, hadde ligget der siden i natt. Klarte ikke å komme seg opp selv. Hjulpet opp med løftestol, smerter i venstre hofte. Lege tilkalt.",["fall","smerter"])
n("p03","2019-02-04T10:15",LG,"Hjemmebesøk etter at pasienten ble funnet på gulvet. Hoften kan belastes, ingen forkortning. Blodtrykket faller ved oppreisning, seponerer doxazosin.",["fall"])
n("p03","2019-02-20T09:00",HJ,"Vedtak om hjemmesykepleie økt til tre besøk daglig. Trygghetsalarm montert og testet. Ingrid vil helst bo hjemme så lenge som mulig.",["hjemmetjenester"])
n("p03","2019-05-13T14:00",LG,"Pårørende bekymret for at mor glemmer å spise og har mistet nøkler flere ganger. MMSE 21/30. Henvist hukommelsesutredning ved alderspsykiatrisk poliklinikk.",["demens","ernæring"])
n("p03","2019-09-02T11:00",LG,"Utredning konkluderer med Alzheimers sykdom, mild til moderat grad. Datter informert. Oppstart donepezil.",["demens"])
n("p03","2019-11-18T17:20",HJ,"Ingrid kjente ikke igjen datteren i telefonen og spurte flere ganger hvilket år det var. Kokeplaten var på da vi kom.",["demens"])
n("p03","2020-01-08T08:40",HJ,"Kveldsmedisin fra i går ligger igjen i dosetten. Avvik skrevet i Synergi. Ingrid har ikke fått sine tabletter.",["legemiddelavvik"])
n("p03","2020-01-27T12:00",HJ,"Ved utdeling oppdaget at multidoseposen for tirsdag var gitt to ganger, mandagsposen lå uåpnet. Lege kontaktet, ingen tiltak nødvendig. Avviksmelding sendt.",["legemiddelavvik"])
n("p03","2020-02-15T19:00",HJ,"Datter har skrevet klage til kommunen fordi hjemmesykepleien kommer til ulike tider og mor har stått uten hjelp til morgenstell. Hun mener tjenesten ikke er forsvarlig.",["klage","hjemmetjenester"])
n("p03","2020-03-10T10:00",LG,"Ingrid vurderes som ikke samtykkekompetent når det gjelder flytting til institusjon; hun forstår ikke at hun ikke klarer seg hjemme. Vedtak etter pasient- og brukerrettighetsloven kapittel 4A drøftes med datter.",["samtykkekompetanse"])
n("p03","2020-04-01T13:00",SP,"Innflytting på langtidsplass ved Solbakken sykehjem avdeling 2. Ingrid er rolig, datter til stede.",["langtidsopphold"])
n("p03","2020-05-19T22:30",SP,"Ingrid er plutselig mer urolig og forvirret enn vanlig, prøver å gå ut og snakker om folk som ikke er der. Feber 38,6. Urinstix positiv. Lege kontaktet for vurdering av akutt forvirring.",["delirium"])
n("p03","2020-05-22T10:00",LG,"Klarere i dag etter antibiotika. Delirium i tilbakegang.",["delirium"])
n("p03","2020-08-03T14:00",SP,"Ved stell observert rødme over korsbenet som ikke blekner ved trykk, og et lite åpent sår på venstre hæl. Snuplan hver tredje time, vekselmadrass bestilt.",["trykksår"])
n("p03","2020-08-17T14:00",SP,"Såret på hælen er rent, grad 2. Hælene avlastes med pute. Rødmen over sacrum er borte.",["trykksår"])
n("p03","2020-09-30T12:00",SP,"Ingrid spiser under halvparten av porsjonene og har gått ned 3 kg på seks uker. Starter næringsdrikk to ganger daglig, ernæringsplan utarbeides.",["ernæring"])
n("p03","2020-10-05T12:00",SP,"Pusset tennene og stelt. Ingrid satt i stolen i dagligstua og hørte på radio. God dag.",[],[])
n("p03","2020-12-12T03:15",SP,"Funnet sittende på gulvet ved sengen ved nattrunde. Sier hun skulle på toalettet. Ingen synlige skader. Sengealarm vurderes.",["fall"])
# p04 Kåre (born 1941-11-03)
n("p04","2018-03-05T09:00",LG,"Kåre kommer med trykkende smerter midt i brystet ved gange i motbakke, går over ved hvile. Henvist kardiolog for utredning av mulig angina.",["brystsmerter","smerter"])
n("p04","2018-06-12T10:00",LG,"Blodtrykk 128/76. Ingen brystsmerter siden oppstart av nitro. Føler seg i god form.",[],["brystsmerter"])
n("p04","2019-01-21T11:00",LG,"Kona forteller at Kåre drikker fire–fem pils hver kveld og sprit i helgene. Han har falt to ganger hjemme i påvirket tilstand. Samtale om alkohol.",["rus","fall"])
n("p04","2019-04-08T08:00",HJ,"Oppstart hjemmesykepleie for medisinhåndtering og øyedråper. Kåre er fornøyd med ordningen.",["hjemmetjenester"])
n("p04","2019-10-14T16:30",HJ,"Kåre fikk kveldsdosen til en annen bruker i samme oppgang. Oppdaget ved gjennomgang av dosettene. Lege og pårørende informert, avvik registrert.",["legemiddelavvik"])
n("p04","2019-11-02T09:00",LG,"Innlagt med lungebetennelse. Under oppholdet akutt forvirret på natt, røsket ut venekanylen og trodde han var på jobb. CAM positiv. Tiltak: ro, lys, mobilisering.",["delirium"])
n("p04","2019-12-01T12:00",LG,"Sønnen er misfornøyd med utskrivningen og har sendt klage til pasient- og brukerombudet. Han mener faren ble sendt hjem for tidlig.",["klage"])
n("p04","2020-02-10T10:00",LG,"Kåre klager over smerter i korsryggen etter snømåking. Ingen utstråling. Paracet ved behov.",["smerter"],["klage"])
n("p04","2020-03-16T09:00",LG,"Ortostatisk blodtrykksfall ved måling, fall i blodtrykk på 30 mmHg ved oppreisning. Ingen falltendens i hjemmet.",[],["fall"])
n("p04","2020-09-07T08:30",HJ,"Kåre snublet i dørstokken på badet og slo hodet i dørkarmen. Kutt i pannen, lagt strips. Lege informert.",["fall"])
# p05 Sindre (born 1990-01-15) residential care, intellectual disability
n("p05","2015-04-10T15:00",MP,"Sindre ble sint da turen ble avlyst, kastet en stol mot personalet og slo en ansatt i ansiktet. To personale fikk roet ham ved å skjerme ham i leiligheten.",["utagering","skjerming"])
n("p05","2015-04-10T16:00",MP,"Etter hendelsen måtte to ansatte holde Sindre i armene i ca. fem minutter for å hindre at han skadet seg selv mot vinduet. Protokoll ført etter helse- og omsorgstjenesteloven § 9-5 tredje ledd bokstav a.",["fysisk-holding","tvang"])
n("p05","2015-06-01T09:00",MP,"Vedtak fattet av kommunen og overprøvd av Statsforvalteren om bruk av tvang og makt ved stell: kortvarig fastholding av armene ved tannpuss og dusj.",["tvang","fysisk-holding"])
n("p05","2015-09-22T20:00",MP,"Rolig kveld. Sindre så fotball med personalet og la seg kl. 22.",[],[])
n("p05","2016-02-03T13:00",MP,"Sindre slo hodet i veggen flere ganger og bet seg selv i hånda da han ikke fikk mer kaffe. Avledet med tur.",["utagering","selvskading"])
n("p05","2016-02-14T18:45",MP,"Utagerte mot medbeboer i fellesstua, dyttet ham i gulvet og sparket etter personalet. Sindre ble ført til leiligheten sin og oppholdt seg der med personale i døra til han var rolig.",["utagering","skjerming","tvang"])
n("p05","2016-05-30T10:00",MP,"Kjøleskapet låses om natten etter vedtak, Sindre har spist seg syk flere ganger. Han reagerer med banning men godtar det.",["tvang","ernæring"])
n("p05","2017-01-12T14:00",MP,"Sindre holdt fast i armen til en ansatt og ville ikke slippe. Han lo og virket fornøyd. Ikke tiltak.",[],["fysisk-holding"])
n("p05","2017-08-08T11:00",MP,"Sindre ønsker ikke tannlegetime. Han forstår ikke hvorfor behandlingen trengs, og vurderes å mangle samtykkekompetanse for tannbehandling. Verge informert.",["samtykkekompetanse"])
n("p05","2018-03-15T19:30",MP,"Nødsituasjon: Sindre forsøkte å løpe ut i trafikken. Personalet holdt ham tilbake og la ham ned på plenen til han roet seg. Varighet 3 min. Skadeavvergende tiltak registrert.",["tvang","fysisk-holding"])
n("p05","2018-03-16T09:00",MP,"Sindre har et blåmerke på overarmen etter gårsdagens holding. Foreldrene informert.",["fysisk-holding"])
# p06 Maria (born 1998-07-30) adult mental health
n("p06","2017-02-01T13:00",PS,"Maria (18) beskriver vedvarende bekymringer for alt mulig, klarer ikke slappe av og har hyppig hodepine og kvalme. Mistanke om generalisert angstlidelse.",["angst","hodepine","smerter"])
n("p06","2017-03-15T13:00",PS,"Forteller at hun ble voldtatt av en bekjent på en fest i fjor høst. Har ikke anmeldt. Får flashbacks og mareritt, våkner gjennomvåt av svette.",["seksuelle-overgrep","søvnvansker","angst"])
n("p06","2017-05-10T13:00",PS,"Sover to til fire timer per natt. Bruker lang tid på å sovne og våkner tidlig. Ønsker ikke sovemedisin.",["søvnvansker"])
n("p06","2017-09-20T13:00",PS,"Maria har brent seg med lighter på innsiden av låret når tankene blir for sterke. Skal prøve alternative strategier med is og kaldt vann.",["selvskading"])
n("p06","2018-01-09T10:00",LG,"Overdose med 20 paracetamol i går kveld etter krangel med kjæresten. Sier hun ville dø. Innlagt for observasjon og psykiatrisk vurdering.",["selvmordstanker","selvskading"])
n("p06","2018-01-10T11:00",PS,"Suicidalvurdering: fortsatt dødsønsker men ingen plan, tar avstand fra forsøket. Vurderes ikke akutt selvmordsfare. Poliklinisk oppfølging tett.",["selvmordstanker"])
n("p06","2018-06-04T13:00",PS,"Maria er deprimert, grå i huden, ligger mye. Orker ikke møte venner. Startet sertralin via fastlege.",["depresjon"])
n("p06","2019-03-11T13:00",PS,"Rusmiddelbruk kartlagt: røyker cannabis de fleste kvelder for å få sove, drikker sjelden. Motivert for å trappe ned.",["rus","søvnvansker"])
n("p06","2019-11-04T13:00",PS,"Maria har det bedre. Hun benekter selvmordstanker, sover sju timer og har begynt å studere.",[],["selvmordstanker","søvnvansker"])
n("p06","2020-02-17T13:00",PS,"Hun forteller at onkelen tok på henne da hun var liten, på hytta om somrene. Hun har aldri sagt det til noen før.",["seksuelle-overgrep"])
n("p06","2020-09-14T13:00",PS,"Samtale om arbeidsmarked og økonomi. Maria har fått deltidsjobb i butikk og trives.",[],[])
# p07 Nora (born 2008-12-01)
n("p07","2013-10-08T10:00",HS,"Barnehagen melder at Nora (4) viser seksualisert atferd mot andre barn og tegner kjønnsorganer. Hun har sagt at «stefar leker tissefanten» med henne.",["seksuelle-overgrep"])
n("p07","2013-10-09T09:00",BV,"Sak meldt politiet. Tilrettelagt avhør ved Statens barnehus planlagt. Mor og stefar informeres ikke før avhøret.",["seksuelle-overgrep"])
n("p07","2014-02-26T14:00",HS,"Nora er ofte sulten når hun kommer i barnehagen, har ikke vasket seg og har samme klær flere dager. Mor virker overveldet.",["omsorgssvikt"])
n("p07","2015-06-10T10:00",HS,"Nora har en stor blåveis rundt øyet. Forklarer at hun dunket i et bord. Mor bekrefter. Barnevernet orientert om skaden.",[],["vold"])
n("p07","2017-03-06T11:00",HS,"Nora (8) har et fravær på 30 prosent dette halvåret. Hun sier hun er redd for at mamma skal bli borte mens hun er på skolen.",["skolevegring","angst"])
n("p07","2017-09-11T12:00",HS,"Vaksinasjon 2. trinn gitt. Ingen reaksjoner.",[],[])
n("p07","2019-04-29T10:00",LG,"Nora klager over vondt i magen etter måltider. Glutenprøve tatt.",["magesmerter","smerter"])
n("p07","2021-11-22T13:00",HS,"Nora sier at en voksen mann hun ble kjent med på nettet har bedt om nakenbilder og truet med å dele det hun allerede har sendt.",["seksuelle-overgrep"])
# p08 Arne (born 1950-02-10) generic adult, unlisted topics + tempting
n("p08","2015-01-12T09:00",LG,"Astmakontroll. Bruker Symbicort to ganger daglig, sjelden behov for Ventoline. Peak flow 480.",["astma"])
n("p08","2015-11-30T10:00",LG,"Tung pust og piping i brystet etter forkjølelse, nattlig hoste. Økt dose inhalasjonssteroid.",["astma"])
n("p08","2016-03-01T10:00",LG,"Kona sier at han skrur TV-en veldig høyt og spør om igjen. Hørselstest viser nedsatt hørsel begge sider i diskantområdet. Henvist høreapparat.",["hørsel"])
n("p08","2016-09-14T10:00",LG,"Har fått høreapparater og er fornøyd, hører godt i samtale.",["hørsel"])
n("p08","2017-02-20T09:30",LG,"HbA1c 58. Diabetes type 2 dårlig regulert. Metformin økes.",["diabetes"])
n("p08","2017-06-06T09:30",LG,"Blodsukkeret har vært høyt om morgenen, 9–11 mmol/l. Kostholdsveiledning.",["diabetes"])
n("p08","2018-01-15T08:00",LG,"I alle fall tre episoder med svimmelhet siste uke. Fall i blodtrykket ved oppreisning. Reduserer blodtrykksmedisin.",[],["fall"])
n("p08","2018-05-22T10:00",LG,"Lungefunksjon stabil, ingen astmaanfall siste halvår.",["astma"])
n("p08","2019-08-19T10:00",LG,"Sår på legg etter hageredskap, rengjort og lagt bandasje. Stivkrampevaksine oppdatert.",[],["trykksår"])
n("p08","2019-12-02T11:00",LG,"Klager på at blodprøvesvar tok tre uker. Ikke fornøyd med ventetiden på legekontoret, ønsker å klage.",["klage"])
n("p08","2020-04-14T10:00",LG,"Sykehjemsbesøk hos moren hans. Han uttrykker lettelse over at hun har fått fast plass.",[],["langtidsopphold"])
n("p08","2021-03-09T09:00",LG,"Kontroll diabetes: fotundersøkelse normal, monofilament følt overalt. HbA1c 49.",["diabetes"])
from datetime import date
birth={p[0]:p[3] for p in people}
def age(pk, when):
    b=date.fromisoformat(birth[pk]); d=date.fromisoformat(when[:10])
    return d.year-b.year-((d.month,d.day)<(b.month,b.day))
Q=[]
def q(qid, topic, query, scope=None, tags=None, listed=True):
    scope=scope or {}
    tags=set(tags or [topic])
    def inscope(x):
        if scope.get('person') and x['person']!=scope['person']: return False
        a=age(x['person'], x['writtenAt'])
        if 'ageFrom' in scope and a<scope['ageFrom']: return False
        if 'ageTo' in scope and a>scope['ageTo']: return False
        return True
    rel=[x['key'] for x in notes if inscope(x) and tags & set(x['rel'])]
    tem=[x['key'] for x in notes if inscope(x) and tags & set(x['tempt']) and x['key'] not in rel]
    assert rel, qid
    Q.append(dict(id=qid, topic=topic, listed=listed, query=query, scope=scope, relevant=rel, tempting=tem))
q("q01","mobbing","mobbing")
q("q02","mobbing","mobbing",{"person":"p01","ageFrom":12,"ageTo":13})
q("q03","mobbing","krenkelser",{"person":"p02"})
q("q04","vold","vold")
q("q05","seksuelle-overgrep","seksuelle overgrep")
q("q06","omsorgssvikt","omsorgssvikt")
q("q07","tvang","tvang",{"person":"p05"})
q("q08","fysisk-holding","fysisk holding")
q("q09","skjerming","skjerming")
q("q10","selvskading","selvskading")
q("q11","selvmordstanker","selvmordstanker")
q("q12","søvnvansker","søvnproblemer")
q("q13","ernæring","ernæring")
q("q14","ernæring","vekttap",{"person":"p03"})
q("q15","fall","fall")
q("q16","trykksår","trykksår")
q("q17","legemiddelavvik","legemiddelavvik")
q("q18","smerter","hodepine",None,["hodepine"])
q("q19","smerter","brystsmerter",None,["brystsmerter"])
q("q20","smerter","magesmerter",None,["magesmerter"])
q("q21","smerter","smerter",{"person":"p04"},["smerter","hodepine","brystsmerter","magesmerter"])
q("q22","angst","angst")
q("q23","depresjon","depresjon")
q("q24","skolevegring","skolevegring")
q("q25","skolevegring","fravær",{"person":"p07"})
q("q26","rus","alkohol",None,["rus"])
q("q27","rus","rus")
q("q28","samtykkekompetanse","samtykkekompetanse")
q("q29","langtidsopphold","langtidsopphold")
q("q30","hjemmetjenester","hjemmetjenester")
q("q31","demens","demens")
q("q32","demens","kognitiv svikt",{"person":"p03"})
q("q33","delirium","delirium")
q("q34","utagering","utagering")
q("q35","klage","klage")
q("q36","astma","astma",None,None,False)
q("q37","hørsel","hørsel",None,None,False)
q("q38","diabetes","diabetes",None,None,False)
out=dict(version=1,
  people=[dict(key=k,givenName=g,familyName=f,birthDate=b,sex=s) for k,g,f,b,s in people],
  notes=[{k:v for k,v in x.items() if k not in ('rel','tempt')} for x in notes],
  queries=Q)
import os
json.dump(out, open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'tuning-set.json'),'w'), ensure_ascii=False, indent=1)
print(len(notes),'notes',len(Q),'queries')
