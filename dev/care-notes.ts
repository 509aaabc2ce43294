/**
 * Varied, natural everyday care notes for the generator (dev/generator.ts): the training
 * corpus of the learned query expansion (search-index/expansions.ts) in tests and the demo,
 * and the held-out measurement of it (bench/search-learned.ts). A model learns nothing from
 * twelve repeated sentences, so each note is put together from a topic's sentence templates
 * with alternatives for every slot ({a|b|c}): many ways of describing the same care, with
 * inflections, compounds, abbreviations and, now and then, a typo. Deterministic per seed.
 *
 * Topics go well beyond the search vocabulary's concepts (hygiene, wound care, mobility,
 * medication, family contact, infection, breathing, skin, continence, dental, vision,
 * hearing, economy, housing, school, work, leisure, loneliness, diabetes, epilepsy, bowels,
 * dizziness, nausea, stroke, psychosis, palliative care, grief, heart failure, smoking,
 * thyroid, Parkinson's, kidney failure, autism, rheumatism and, with the lexicon of
 * ./care-notes-lexicon.ts, 105 topics in all), and some are the vocabulary's own topics told
 * in everyday wording (bullying, violence, abuse, neglect, self-harm, suicidal thoughts,
 * sleep, anxiety, depression, school refusal, alcohol and drugs, dementia, acting out, falls;
 * appetite, sleep, pain), so the model knows their words too. The training and `all` splits
 * are written by six writers over the topic's templates and the lexicon's frames (richNotes);
 * templates marked `held` are written only into the held-out split (`split: 'heldout'`,
 * heldOutNotes, the templates alone as always): wording a model trained on the training
 * split never saw.
 */
import { prng } from './generator';
import type { LabelledSet } from './labelled-set';
import { FRAMES, LEXICON, MORE_TOPICS, SLOTS, type TopicLexicon } from './care-notes-lexicon';

export interface CareTopic {
  topic: string;
  /** What a user would type to find the topic's notes (held-out measurement). */
  queries: string[];
  /** Sentence templates; `!` first marks a held-out-only template. */
  templates: string[];
}

export const CARE_TOPICS: CareTopic[] = [
  {
    topic: 'hygiene',
    queries: ['hygiene', 'personlig hygiene'],
    templates: [
      '{Fikk|Trengte} hjelp til {dusj|dusjing|å dusje} {i dag|i formiddag|etter frokost}.',
      '{Nedsatt|Dårlig|Mangelfull} personlig hygiene, {lukter urin|klærne er skitne|håret er fett og ustelt|neglene er lange og skitne}.',
      'Morgenstell gjennomført, {vasket|vasker} seg selv på overkroppen, {hjelp med|trenger hjelp til} {ryggen|bena|nedre del}.',
      '{Vil ikke|Nekter å|Orker ikke å} {dusje|vaske seg|skifte klær}, har ikke {dusjet|vasket seg} på {en uke|to uker|flere dager}.',
      '{Hårvask|Negleklipp|Barbering|Fotstell} {utført|gjennomført|tilbudt} i forbindelse med {stellet|dusjen|badet}.',
      'Helvask i seng {i dag|i kveld}, {huden|hudfolder} {inspisert|smurt med krem}.',
      'Skiftet {sengetøy|klær|undertøy} etter {dusjen|kveldsstellet}. {Rent og pent|Ryddig} rundt {pasienten|bruker}.',
      '!Personalet {minnet|påminnet} om {tannpuss og vask|håndvask|kroppsvask}, {klarer|greier} det med {veiledning|verbal støtte}.',
      '!Badet {med god hjelp|med to personale}, {likte|trivdes med} det {varme vannet|karbadet}.',
      '!{Dårlig|Slett} {kroppslukt|renslighet}, {sengen|leiligheten} {tilgriset|skitten}, tar {sjelden|nesten aldri} {dusj|bad}.',
    ],
  },
  {
    topic: 'sårstell',
    queries: ['sår', 'sårstell'],
    templates: [
      'Skiftet {bandasje|forbinding|plaster} på {leggsåret|såret på leggen|operasjonssåret|kuttet i hånden}.',
      '{Sårkanter|Sårkantene} {rolige|lett røde|fine}, {lite|moderat|mye} {sekresjon|væsking|puss}.',
      '{Sårstell|Skift av sårbandasje} {etter prosedyre|etter plan|etter skjema} {i dag|i morges}.',
      '{Renset|Skylte} såret med {saltvann|NaCl|sårrens}, {lagt på|la på} {skumbandasje|kompress|Mepilex}.',
      '{Leggsår|Legg-sår|Venøst sår} på {venstre|høyre} legg {gror sakte|tilheler|er uendret} {siden forrige uke|etter tre uker}.',
      'Sting {fjernet|tatt} {etter ti dager|i dag}, {arret|snittet} {pent|tørt og fint}.',
      '!{Hudavskrapning|Skrubbsår|Rift} på {albuen|kneet|armen}, {tørket|vasket} og {dekket|tildekket} med {plaster|kompress}.',
      '!{Brannsår|Forbrenning} på {hånden|fingrene} etter {kaffe|kokende vann}, {kjølt|avkjølt} og {forbundet|bandasjert}.',
      '!Sårhelingen {går fint|går tregt|stagnerer}, {sårsenter|sårpoliklinikk} {kontaktet|tar over oppfølgingen}.',
    ],
  },
  {
    topic: 'mobilitet',
    queries: ['mobilitet', 'gangfunksjon'],
    templates: [
      'Går med {rullator|krykker|stokk|støtte fra personalet} {i korridoren|inne|ute på tunet}.',
      '{Forflytning|Forflytter seg} fra {seng til stol|stol til rullestol|seng til toalett} med hjelp av {to pleiere|én pleier|personløfter}.',
      '{Fysioterapeut|Fysioterapeuten|Fysio} {har trent|trente|øvde} {gange|balanse|trappegang|styrke i bena} {med pasienten|i dag}.',
      'Gangfunksjonen {er bedret|har blitt bedre|er redusert|er dårligere} {siste uke|etter operasjonen|den siste tiden}.',
      '{Sengeliggende|Mest sengeliggende|Sitter mest i stol} {siste dager|etter hoftebruddet|etter infeksjonen}, {snus|leires} hver {tredje|fjerde} time.',
      'Bruker {rullestol|elektrisk rullestol|scooter} {utendørs|ute|på lengre turer}.',
      'Gikk {tur|en runde} {rundt huset|til butikken|i hagen} {sammen med|med} {personalet|datteren|fysioterapeut}.',
      '!{Stiv|Støl|Stram} i {hoftene|knærne|ryggen}, {vansker med|strever med} å {reise seg|komme seg opp} fra {stolen|sengen}.',
      '!{Hjelpemidler|Hjelpemiddel} {søkt om|bestilt} fra {NAV hjelpemiddelsentral|hjelpemiddelsentralen}: {dusjstol|toalettforhøyer|gåstol}.',
      '!Ergoterapeut {vurderte|har vurdert} {boligen|hjemmet} og {forflytningsteknikk|bevegelighet|behov for tilrettelegging}.',
    ],
  },
  {
    topic: 'legemidler',
    queries: ['medisiner', 'legemidler'],
    templates: [
      '{Dosett|Multidose|Medisinrull} {fylt|kontrollert|levert} for {neste uke|to uker}.',
      'Tar {medisinene|tablettene|legemidlene} sine {selv|med hjelp|under tilsyn}, {svelger|tar} dem {uten problem|med vann}.',
      '{Fornyet|Fornya|Skrev ut} resept på {blodtrykksmedisin|Paracet|Albyl-E|Metformin|Furix}.',
      '{Legemiddelgjennomgang|Gjennomgang av legemiddellisten|Medisingjennomgang} {med fastlege|med sykehjemslege|ved lege}: {seponert|avsluttet} {Sobril|Imovane|Zopiklon}.',
      '{Ny|Oppdatert} {legemiddelliste|medisinliste} {mottatt|sendt} fra {sykehuset|fastlegen|apoteket}.',
      '{Dosen|Dosering} av {Marevan|Eliquis|Levaxin} {justert|endret|økt} etter {blodprøve|INR|kontroll}.',
      '!{Injeksjon|Sprøyte} {satt|gitt} {subkutant|i magen|i låret}, {tolererte|tålte} det {godt|fint}.',
      '!{Bivirkninger|Bivirkning} {av|etter} {ny medisin|det nye preparatet}: {kvalme|svimmelhet|tørr munn}, lege {informert|kontaktet}.',
      '!Apoteket {leverte|kom med} {pakkene|doseringsposene} {i dag|etter avtale}, {lagt|satt} i {medisinskapet|låst skap}.',
    ],
  },
  {
    topic: 'pårørende',
    queries: ['pårørende', 'familie'],
    templates: [
      '{Datter|Sønn|Kona|Ektemannen|Søsteren} {ringte|var på besøk|kom innom} {i dag|i går|i ettermiddag}.',
      '{Samtale|Telefonsamtale} med {datteren|sønnen|kona|ektemannen|broren} om {videre plan|situasjonen|behov for hjelp}.',
      '{Pårørendemøte|Møte med pårørende|Familiemøte} {gjennomført|avholdt|avtalt} {med lege til stede|på avdelingen|neste uke}.',
      'Har {lite|sporadisk|jevnlig|god} kontakt med {familien|barna|søsknene}.',
      '{Barnebarna|Barnebarnet|Familien} kom på besøk, {pasienten|hun|han} {var glad|ble glad|koste seg}.',
      '{Nærmeste pårørende|Pårørende} {informert|orientert|varslet} om {endringen|innleggelsen|nytt vedtak}.',
      '!{Mor|Far|Foreldrene} {deltok|var med} på {samtalen|møtet}, {ønsker|vil ha} {tettere|mer} {kontakt|informasjon} fra {skolen|tjenesten}.',
      '!{Svigerdatter|Nevø|Niese} {har fullmakt|er kontaktperson|følger opp} {praktiske ting|økonomi|avtaler}.',
      '!Uenighet i {familien|søskenflokken} om {videre omsorg|sykehjemsplass|arven}, {samtale|møte} {tilbudt|foreslått}.',
    ],
  },
  {
    topic: 'infeksjon',
    queries: ['infeksjon'],
    templates: [
      '{Feber|Temp} {38,6|38,9|39,2} {i kveld|i natt|i morges}, {frysninger|skjelving|slapp og varm}.',
      '{Urinveisinfeksjon|UVI|Urinveisinfeksjonen} {påvist|bekreftet} med {stiks|urinstiks|dyrkning}, startet {antibiotika|Selexid|Furadantin}.',
      '{CRP|Crp} {85|120|46}, {tegn på|mistanke om} {bakteriell infeksjon|lungebetennelse|infeksjon}.',
      '{Antibiotikakur|Penicillinkur|Kuren} {avsluttet|fullført|startet} {i dag|i går}, {feberfri|bedre|uendret}.',
      '{Isolert|Kontaktsmitte|Dråpesmitte} {på rommet|på enerom}, {smittevern|smitteverntiltak} {iverksatt|fulgt}.',
      '{Omgangssyke|Oppkast og diaré|Norovirus} på avdelingen, {pasienten|flere beboere} {smittet|syke}.',
      '!{Betent|Rødt og hovent} rundt {kateteret|såret|neglen}, {puss|verk} {kommer ut|tømt}, {prøve tatt|dyrket}.',
      '!{Covid|Influensa|RS-virus} {påvist|positiv test}, {hoster|snufser|sår hals} og {slapp|trøtt}.',
      '!{Sepsis|Blodforgiftning} {mistenkt|vurdert}, {sendt|innlagt} {akutt|med ambulanse} til sykehus.',
    ],
  },
  {
    topic: 'pust',
    queries: ['pustebesvær', 'tungpust'],
    templates: [
      '{Tungpustet|Tung i pusten|Andpusten} {ved anstrengelse|i hvile|om natten}, {metning|SpO2} {89|91|93} %.',
      '{Får|Gitt} {oksygen|O2} {2 liter|1 liter|3 l} på {nesekateter|brille|maske}.',
      '{Inhalasjon|Inhalator|Forstøver} med {Ventoline|Atrovent|Airomir} {gitt|tatt} {morgen og kveld|ved behov}.',
      '{KOLS|Kols|Astma}-{forverring|anfall}, {puster|pustet} med {leppepust|hjelpemuskulatur}.',
      '{Hoster|Hoster opp} {slim|seigt slim|gult oppspytt}, {pipelyder|surkling} over lungene.',
      '!{Pustebesvær|Åndenød|Dyspné} {økte|tiltok} {utover kvelden|i natt}, {sitter oppreist|hevet hodeenden}.',
      '!{Surstoffmetning|Oksygenmetningen} {falt|sank} til {86|88} %, {lege tilkalt|ringte legevakt}.',
    ],
  },
  {
    topic: 'hud',
    queries: ['hudproblemer', 'eksem'],
    templates: [
      '{Tørr|Sprukken|Flassende} hud på {leggene|hendene|føttene}, {smurt|smøres} med {fuktighetskrem|Locobase|Decubal}.',
      '{Eksem|Utslett|Kløe} på {armene|halsen|magen}, {klør|klør mye} {om natten|etter dusj}.',
      '{Soppinfeksjon|Sopp|Rødme} i {lysken|under brystene|hudfoldene}, {behandlet|smurt} med {Daktacort|Pevaryl}.',
      '{Blåmerker|Blåmerke|Hematom} på {armen|låret|hoften}, {usikker|uklart} {hvordan det oppstod|årsak}.',
      '!{Elveblest|Allergisk reaksjon|Hudreaksjon} etter {ny såpe|nytt vaskemiddel|medisin}, {hoven|rød} og {kløende|klør}.',
      '!{Psoriasis|Føflekk|Vorter} {vurdert|undersøkt} av {hudlege|lege}, {henvist|ny time}.',
    ],
  },
  {
    topic: 'inkontinens',
    queries: ['inkontinens', 'lekkasje'],
    templates: [
      '{Urinlekkasje|Lekkasje av urin|Inkontinent for urin} {om natten|ved hoste|hele døgnet}, bruker {bleie|inkontinensprodukt|Tena}.',
      '{Fulgt|Hjulpet|Hjelp} {til toalettet|på do|til WC} {hver tredje time|etter måltider|ved behov}.',
      '{Kateter|Permanent kateter|KAD} {skiftet|tømt|byttet} {i dag|etter plan}, urinen {klar|mørk|uklar}.',
      '{Avføringslekkasje|Inkontinent for avføring|Tilsølt} {i sengen|i natt}, {vasket|stelt} og {skiftet|byttet} {sengetøy|laken}.',
      '{Forstoppelse|Treg mage|Ikke hatt avføring} {på fire dager|siden lørdag}, gitt {Movicol|Laxoberal|klyster}.',
      '!{Bleieskift|Skift av bleie|Skifte av inkontinensutstyr} {gjennomført|utført} {morgen og kveld|ved behov}.',
      '!{Blæretrening|Toalettrening|Bekkenbunnstrening} {startet|fortsetter}, {færre|sjeldnere} {uhell|episoder med lekkasje}.',
    ],
  },
  {
    topic: 'tannhelse',
    queries: ['tannhelse', 'tenner'],
    templates: [
      '{Tannpuss|Munnstell|Tannstell} {utført|gjennomført|gjort} {morgen og kveld|etter måltider}.',
      '{Tannlege|Tannlegen|Den offentlige tannhelsetjenesten} {kontaktet|besøkte|undersøkte} {pasienten|munnen}, {hull i to tenner|karies|tannstein}.',
      '{Tannprotesen|Gebisset|Protesen} {passer dårlig|skaver|er løs}, {sår|gnagsår} i munnen.',
      '{Tannkjøttet|Gommene} {blør lett|er rødt og hovent|er betent} ved {tannpuss|børsting}.',
      '{Tannverk|Vondt i en tann|Ising i tennene} {siden i går|i flere dager}, {time|akutt time} hos tannlege.',
      '!{Munnhygiene|Munnhygienen} {dårlig|mangelfull}, {belegg på tungen|munntørrhet|dårlig ånde}.',
      '!{Trukket|Fjernet} {en tann|jeksel|visdomstann} {hos tannlegen|i dag}, {blør litt|hoven kinn}.',
    ],
  },
  {
    topic: 'syn',
    queries: ['synet', 'syn'],
    templates: [
      '{Ser dårlig|Nedsatt syn|Synet er svekket} {på venstre øye|på begge øyne|på avstand}, {bruker briller|har lesebriller}.',
      '{Grå stær|Katarakt|Grønn stær} {operert|diagnostisert} {på høyre øye|i fjor}.',
      '{Øyelege|Optiker|Synssentralen} {kontroll|time|undersøkelse} {avtalt|gjennomført}.',
      '{Øyedråper|Dråper|Xalatan} {gitt|dryppet} {i begge øyne|morgen og kveld}.',
      '!{Blind|Sterkt svaksynt|Svaksynt} {siden|etter} {slaget|diabetesskaden}, {trenger|bruker} {ledsager|forstørrelsesglass}.',
      '!Mistet {brillene|lesebrillene}, {nye|nye briller} {bestilt|på vei} fra {optiker|brillebutikken}.',
    ],
  },
  {
    topic: 'hørsel',
    queries: ['hørsel', 'høreapparat'],
    templates: [
      '{Hører dårlig|Nedsatt hørsel|Tunghørt}, {bruker høreapparat|har høreapparat} på {begge ører|høyre øre}.',
      '{Høreapparatet|Høreapparat} {virker ikke|piper|trenger nytt batteri}, {batteri skiftet|sendt til reparasjon}.',
      '{Ørevoks|Voks i øret|Vokspropp} {fjernet|skylt ut} {hos fastlegen|av lege}, hører {bedre|litt bedre}.',
      '{Hørselstest|Audiometri|Hørselskontroll} {utført|avtalt} hos {øre-nese-hals|ØNH-lege|hørselssentralen}.',
      '!{Øresus|Tinnitus|Susing i ørene} {plager|forstyrrer} {søvnen|konsentrasjonen}.',
      '!Må {snakke høyt|snakke tydelig|stå foran} {for å bli hørt|når vi snakker}, {misforstår|oppfatter} lite.',
    ],
  },
  {
    topic: 'økonomi',
    queries: ['økonomi', 'gjeld'],
    templates: [
      '{Økonomiske problemer|Dårlig økonomi|Stram økonomi}, {har|har fått} {inkassokrav|regninger som ikke er betalt|gjeld}.',
      '{Søkt|Søknad om} {økonomisk sosialhjelp|sosialhjelp|bostøtte} {hos NAV|sendt NAV}.',
      '{Verge|Vergen|Hjelpeverge} {oppnevnt|har ansvar} for {økonomien|regninger|bankkontoen}.',
      '{Budsjett|Budsjettveiledning|Gjeldsrådgivning} {satt opp|avtalt} med {økonomirådgiver|NAV-veileder}.',
      '!{Husleien|Strømregningen|Regningen} {ikke betalt|er ubetalt} {på tre måneder|siden jul}, {frykter|risikerer} {utkastelse|å bli kastet ut}.',
      '!{Har ikke råd|Mangler penger} til {mat|medisiner|egenandel}, {fikk|har fått} {nødhjelp|matkort|utbetaling}.',
    ],
  },
  {
    topic: 'bolig',
    queries: ['bolig', 'bosted'],
    templates: [
      '{Bor alene|Bor sammen med kona|Bor med foreldrene} i {leilighet|enebolig|kommunal bolig} {i tredje etasje|uten heis|med trapp}.',
      '{Søkt om|Søknad om} {omsorgsbolig|kommunal bolig|tilrettelagt bolig} {sendt|innvilget|avslått}.',
      '{Boligen|Leiligheten|Huset} er {lite egnet|ikke tilrettelagt|uryddig og skitten}, {trapper|terskler|smalt bad}.',
      '{Flytter|Skal flytte|Har flyttet} til {omsorgsbolig|ny leilighet|bofellesskap} {neste måned|i høst}.',
      '!{Bostedsløs|Uten fast bopel|Uten bolig}, {sover|bor} {hos venner|på hospits|midlertidig}.',
      '!{Varsel om utkastelse|Oppsigelse av leiekontrakten} {mottatt|kom i posten}, {kontakt med|ringt} boligkontoret.',
    ],
  },
  {
    topic: 'skole',
    queries: ['skole', 'læring'],
    templates: [
      '{Lærevansker|Lese- og skrivevansker|Dysleksi} {utredet|påvist|mistenkt} av {PPT|PP-tjenesten}.',
      '{Spesialundervisning|Ekstra oppfølging|Tilrettelagt undervisning} {innvilget|startet} {i matte|i norsk|i flere fag}.',
      '{Karakterene|Skoleresultatene} har {falt|gått ned|bedret seg} {dette halvåret|siden jul}.',
      '{Foreldresamtale|Utviklingssamtale|Møte} med {kontaktlærer|læreren|rektor} om {læring|konsentrasjon|lekser}.',
      '!{Lekser|Leksene|Skolearbeidet} tar {lang tid|hele kvelden}, {strever med|sliter med} {lesing|regning|konsentrasjonen}.',
      '!{Ny skole|Skolebytte|Overgang til ungdomsskolen} {gikk fint|har vært krevende}, {trives|trives ikke} i {klassen|timene}.',
    ],
  },
  {
    topic: 'arbeid',
    queries: ['arbeid', 'jobb'],
    templates: [
      '{Sykmeldt|Sykemeldt|100 % sykmeldt|50 % sykmeldt} fra {jobben|arbeidet|stillingen som} {sykepleier|snekker|butikkmedarbeider}.',
      '{Arbeidsavklaringspenger|AAP|Uføretrygd} {søkt|innvilget|vurderes}.',
      '{Tilbake i jobb|Tilbake på jobb|I arbeid} {i redusert stilling|gradert|full tid} {fra mandag|siden mars}.',
      '{Dialogmøte|Møte med arbeidsgiver|Oppfølgingsmøte} om {tilrettelegging|arbeidsoppgaver|gradert sykmelding}.',
      '!{Mistet jobben|Ble oppsagt|Arbeidsledig} {i vår|etter nedbemanning}, {søker|leter etter} {ny jobb|arbeid}.',
      '!{Arbeidsgiveren|Sjefen|Lederen} {tilbyr|har tilbudt} {lettere arbeid|andre oppgaver|hjemmekontor}.',
    ],
  },
  {
    topic: 'fritid',
    queries: ['fritid', 'aktivitet'],
    templates: [
      '{Deltok|Var med} på {allsang|trim|bingo|gudstjeneste|dagsenter} {i dag|i formiddag}.',
      '{Spiller|Har begynt med} {fotball|håndball|gitar|sjakk} {to ganger i uken|på fritiden}.',
      '{Tur|Utflukt|Busstur} til {sjøen|byen|kafé} med {aktivitøren|frivillige|besøksvenn}.',
      '{Trives med|Liker} {å strikke|håndarbeid|å lese|å høre på radio|hagearbeid}.',
      '!{Støttekontakt|Fritidskontakt|Aktivitetsvenn} {innvilget|startet}, {går på kino|går på konsert|trener} {sammen|hver uke}.',
      '!{Speider|Korps|Kor} {slutta|sluttet|begynte} {i høst|i fjor}, {savner|liker} det.',
    ],
  },
  {
    topic: 'ensomhet',
    queries: ['ensomhet', 'ensom'],
    templates: [
      '{Føler seg ensom|Er mye alene|Sitter mye alene} {på rommet|i leiligheten|om kveldene}.',
      '{Savner|Lengter etter} {avdøde ektefelle|kona|mannen|venner} og {sier|forteller} at {dagene er lange|ingen kommer}.',
      '{Lite|Få|Ingen} {sosiale|venner|besøk} {siden flyttingen|etter at kona døde}.',
      '!{Isolert|Sosialt isolert|Trekker seg unna}, {takker nei til|vil ikke} {fellesaktiviteter|besøk}.',
      '!{Besøksvenn|Frivillig|Røde Kors-besøk} {foreslått|ordnet}, {gleder seg|ser fram} til {kaffebesøk|samtaler}.',
    ],
  },
  {
    topic: 'diabetes',
    queries: ['diabetes', 'blodsukker'],
    templates: [
      '{Blodsukker|BS|Blodsukkeret} {målt|var} {14,2|3,1|8,7} {før frokost|etter middag|i kveld}.',
      '{Insulin|Insulindose|NovoRapid|Lantus} {satt|gitt} {etter skjema|kl 08|ved måltid}.',
      '{Føling|Lavt blodsukker|Hypoglykemi} {i natt|før lunsj}, {fått|gitt} {saft|druesukker|juice}.',
      '{HbA1c|Langtidsblodsukker} {58|72|49}, {diabeteskontroll|kontroll hos diabetessykepleier} {gjennomført|avtalt}.',
      '!{Sukkersyke|Diabetes type 2|Type 1-diabetes} {godt regulert|dårlig regulert|ustabil} siste {måned|halvår}.',
      '!{Fotundersøkelse|Fotkontroll|Diabetesfot} {utført|vurdert}, {nedsatt følelse|nummenhet} i {tærne|føttene}.',
    ],
  },
  {
    topic: 'epilepsi',
    queries: ['epilepsi', 'anfall'],
    templates: [
      '{Epileptisk anfall|Krampeanfall|Anfall} {kl 14|i natt|i friminuttet} {varte|som varte} {to minutter|fem minutter}.',
      '{Stesolid|Buccolam|Anfallsmedisin} {gitt|satt} etter {tre minutter|anfallsplanen}.',
      '{Trøtt|Søvnig|Forvirret} {etter anfallet|etter krampene}, sov {resten av dagen|et par timer}.',
      '{EEG|Nevrologisk kontroll|Epilepsikontroll} {tatt|gjennomført|avtalt} ved {nevrologen|sykehuset}.',
      '!{Fravær|Absenser|Små fraværsanfall} {observert|sett} {flere ganger|i timen}, {stirrer|blikket blir tomt}.',
      '!{Lamictal|Keppra|Orfiril} {dosen|dose} {økt|justert}, {færre|ingen} {kramper|anfall} siden.',
    ],
  },
  {
    topic: 'allergi',
    queries: ['allergi'],
    templates: [
      '{Pollenallergi|Høysnue|Allergi mot bjørk} {plager|plaget} {i vår|hver vår}, {rennende nese|kløe i øynene|nysing}.',
      '{Matallergi|Nøtteallergi|Melkeallergi|Allergi mot egg} {kjent|bekreftet}, {EpiPen|adrenalinpenn} {utlevert|fornyet}.',
      '{Antihistamin|Cetirizin|Aerius|Zyrtec} {tatt|gitt} {daglig|ved behov} i {pollensesongen|sesongen}.',
      '{Prikktest|Allergitest|Blodprøve for allergi} {tatt|utført} hos {lege|allergolog}: {positiv|utslag} for {gress|katt|hund|midd}.',
      '!{Anafylaksi|Allergisk sjokk|Kraftig allergisk reaksjon} etter {peanøtter|rekesalat|vepsestikk}, {hovne lepper|pustevansker}, {adrenalin|EpiPen} satt.',
      '!{Kosttilpasning|Spesialkost|Allergikost} {avtalt|meldt} til {barnehagen|skolen|kjøkkenet}, {unngår|tåler ikke} {nøtter|melk|gluten}.',
    ],
  },
  {
    topic: 'hjerte',
    queries: ['hjertesykdom', 'blodtrykk'],
    templates: [
      '{Blodtrykk|BT|Blodtrykket} {165/95|142/88|110/70} {i hvile|målt to ganger}, {puls|pulsen} {88|62|104} {regelmessig|uregelmessig}.',
      '{Hjertesvikt|Hjertesvikten|Kjent hjertesvikt}: {hovne ankler|ødemer i bena|vektøkning} {siste dager|siden forrige uke}, {Furix|vanndrivende} {økt|justert}.',
      '{Atrieflimmer|Flimmer|Hjerteflimmer} {påvist|kjent}, {EKG|Holter} {tatt|avtalt} ved {legekontoret|kardiologisk poliklinikk}.',
      '{Hjertebank|Herjtebank|Hjertet slår fort} {om kvelden|i hvile}, {svimmel|kortpustet} {samtidig|av og til}.',
      '!{Angina|Hjertekrampe|Trykk over hjertet} ved {anstrengelse|trappegang}, {Nitro|nitroglyserin} {tatt|gitt} med effekt.',
      '!{Pacemaker|Hjertestarter|ICD} {kontrollert|sjekket} ved {sykehuset|pacemakerkontrollen}, {fungerer fint|normal funksjon}.',
    ],
  },
  {
    topic: 'kreft',
    queries: ['kreft'],
    templates: [
      '{Cellegift|Cellegiftkur|Kjemoterapi} {kur 3|runde to|siste kur} {gjennomført|startet} ved {onkologisk|kreftavdelingen}.',
      '{Brystkreft|Prostatakreft|Tarmkreft|Lungekreft} {diagnostisert|påvist} {i fjor|i mars}, {operert|strålebehandlet}.',
      '{Strålebehandling|Stråling|Stråleterapi} {avsluttet|pågår} {denne uken|siden mai}, {trøtt|kvalm|sår hud}.',
      '{Palliativ|Lindrende} {fase|behandling}, {morfinpumpe|smertepumpe} {satt opp|justert}, {kreftsykepleier|palliativt team} {involvert|kontaktet}.',
      '!{Svulst|Tumor|Kul} {funnet|påvist} {i brystet|på lungen|i tarmen}, {biopsi|vevsprøve} {tatt|venter svar}.',
      '!{Metastaser|Spredning} til {skjelettet|leveren}, {samtale|informasjon} om {prognose|videre forløp} med {familien|pasienten}.',
    ],
  },
  {
    topic: 'graviditet',
    queries: ['graviditet', 'gravid'],
    templates: [
      '{Gravid|Svanger} i uke {12|24|36}, {svangerskapskontroll|kontroll hos jordmor} {gjennomført|normal}.',
      '{Ultralyd|Rutineultralyd|Tidlig ultralyd} {viser|viste} {normal vekst|ett foster|tvillinger}.',
      '{Jordmor|Jordmora|Jordmoren} {målte|sjekket} {blodtrykk|symfyse-fundus|fosterlyd}, alt {fint|normalt}.',
      '{Kvalme|Svangerskapskvalme|Morgenkvalme} {plager|plaget} {mye|i første trimester}, {sykmeldt|drikker lite}.',
      '!{Termin|Terminen|Fødselen} {nærmer seg|er satt til} {i mars|om tre uker}, {fødeplan|fødselsforberedelse} {gjennomgått|snakket om}.',
      '!{Barselbesøk|Hjemmebesøk etter fødsel|Barselkontroll}: {mor og barn|mor og baby} {har det bra|i fin form}, {ammer|amming} går {fint|tregt}.',
    ],
  },
  {
    topic: 'adhd',
    queries: ['adhd', 'konsentrasjon'],
    templates: [
      '{Uro|Motorisk uro|Urolig} i {timene|klassen|hjemme}, {konsentrasjonsvansker|vansker med konsentrasjon|lett distrahert}.',
      '{ADHD|ADD|Hyperaktivitet} {utredet|diagnostisert|mistenkt} ved {BUP|barne- og ungdomspsykiatrisk poliklinikk}.',
      '{Ritalin|Concerta|Medikinet|Sentralstimulerende} {startet|økt|justert}, {roligere|bedre fokus|dårlig matlyst} etter oppstart.',
      '{Impulsiv|Impulsivitet|Avbryter andre} og {glemmer|mister} {ting|beskjeder} {ofte|hele tiden}.',
      '!{Oppmerksomhetsvansker|Vansker med oppmerksomheten|Fokusvansker}, {faller ut|dagdrømmer} i {undervisningen|timene}, {trenger|får} {pauser|tett oppfølging}.',
      '!{Struktur|Faste rutiner|Dagsplan med bilder} {hjelper|fungerer}, {foreldreveiledning|foreldrekurs} {tilbudt|startet}.',
    ],
  },
  {
    topic: 'vaksinasjon',
    queries: ['vaksine', 'vaksinasjon'],
    templates: [
      '{Vaksinert|Fikk vaksine|Satt vaksine} mot {MMR|difteri, stivkrampe og kikhoste|HPV|influensa|covid-19} {etter programmet|i dag}.',
      '{Influensavaksine|Sesonginfluensa-vaksine|Pneumokokkvaksine} {gitt|satt} i {venstre|høyre} overarm.',
      '{Barnevaksinasjonsprogrammet|Vaksinasjonsprogrammet|Vaksinekortet} {fulgt|oppdatert|gjennomgått} med {foreldrene|mor}.',
      '{Ingen|Lett} {reaksjon|rødme|hevelse} {etter|på stikkstedet etter} {vaksinen|sprøyta}.',
      '!{Foreldrene|Mor|Far} {er skeptiske til|takker nei til|ønsker å utsette} {vaksinering|vaksinen}, {samtale|informasjon} {gitt|om nytte og risiko}.',
      '!{Oppfriskningsdose|Påfyllingsdose|Booster} {anbefalt|satt} før {reise|utenlandsopphold}, {SYSVAK|vaksineregisteret} {oppdatert|registrert}.',
    ],
  },
  {
    topic: 'brudd',
    queries: ['brudd', 'skade'],
    templates: [
      '{Brudd|Fraktur|Brekt} i {håndleddet|ankelen|armen|kragebeinet} etter {sykkelulykke|fotballtrening|skitur}.',
      '{Gips|Gipsen|Skinne} {lagt|fjernet|skiftet} {i dag|etter seks uker}, {røntgen|kontrollrøntgen} viser {god tilheling|fin stilling}.',
      '{Forstuet|Vrikket|Overtråkk på} {ankelen|foten|kneet}, {hoven|hovent} og {blått|øm}.',
      '{Legevakt|Skadelegevakten|Skadepoliklinikken} {sydde|limte} {kutt|flenge} {i panna|på haka|i hånden}.',
      '!{Hjernerystelse|Slag mot hodet|Hodeskade} etter {fall fra sykkel|takling|slag}, {hodepine|kvalme}, {observert|våkes} i {natt|et døgn}.',
      '!{Korsbåndskade|Menisk|Leddbåndskade} i {kneet|høyre kne}, {henvist|ortoped vurderte}, {krykker|fysioterapi}.',
    ],
  },
  {
    topic: 'overvekt',
    queries: ['overvekt', 'vekt'],
    templates: [
      '{KMI|BMI|Kroppsmasseindeks} {31|34|28}, {vekt|vekten} {økt|gått opp} {fem kilo|mye} {siste år|siden i fjor}.',
      '{Overvektig|Fedme|Kraftig overvekt}, {samtale|veiledning} om {kosthold|mosjon|fysisk aktivitet}.',
      '{Livsstilsendring|Frisklivssentral|Treningsgruppe} {henvist|startet|avtalt}, {mål|målet} er {vektnedgang|mer bevegelse}.',
      '{Sukkerholdig drikke|Brus|Godteri} {daglig|mye}, {lite|ingen} {frukt|grønnsaker} i {kosten|kostholdet}.',
      '!{Fedmeoperasjon|Slankeoperasjon|Gastric bypass} {vurdert|utført}, {vektnedgang|gått ned} {20 kilo|mye} siden.',
      '!{Helsestasjonen|Skolehelsetjenesten} {følger|fulgte} {vektkurven|vekstkurven}, {krysser|over} {persentiler|iso-KMI 30}.',
    ],
  },
  {
    topic: 'språk',
    queries: ['språk', 'tale'],
    templates: [
      '{Språkutvikling|Språket|Talen} {forsinket|sen|alderstilsvarende} ved {toårskontrollen|fireårskontrollen|kontroll}.',
      '{Logoped|Logopeden|Språkpedagog} {startet|gir} {språktrening|taletrening|oppfølging} {i barnehagen|ukentlig}.',
      '{Stammer|Stamming|Uttalevansker} {økt|bedre} {siste tid|når han er sliten}, {foreldrene|mor} er bekymret.',
      '{Tospråklig|Flerspråklig|Snakker mest arabisk hjemme}, {tolk|tolken} {brukt|bestilt} i {samtalen|konsultasjonen}.',
      '!{Ordforrådet|Ordforråd|Begrepsforståelsen} er {lite|begrenset|svakt}, {bruker|sier} {få ord|korte setninger} {for alderen|ennå}.',
      '!{Afasi|Talevansker|Utydelig tale} etter {hjerneslaget|slaget}, {finner ikke ord|ordleting}, {kommunikasjonstavle|bildekort} tas i bruk.',
    ],
  },
  {
    topic: 'fordøyelse',
    queries: ['forstoppelse', 'avføring'],
    templates: [
      '{Ikke hatt avføring|Ingen avføring|Ikke hatt avføring på} {på fire dager|siden fredag|på en uke}, {gitt|fått} {Laxoberal|Movicol|Duphalac|klyster}.',
      '{Hard|Treg|Knollete} mage, {plages med|sliter med} {forstoppelse|obstipasjon|treg mage} {etter oppstart med morfin|siden innleggelsen}.',
      '{Løs|Tynn|Vandig} avføring {tre|flere|fire} ganger {i natt|i dag|siste døgn}, {diaré|diare} {registrert|notert} i {avføringsskjema|avføringslisten}.',
      '{Avføringsliste|Tarmregime|Laksantia} {følges|startet|justert}, {god|normal|myk} avføring {i dag|etter frokost}.',
      '{Oppblåst|Luft i magen|Rumling i magen}, {ubehag|ubekvem} etter {måltidene|middag}.',
      '!{Obstipert|Forstoppet} {siste uken|over tid}, {fiberrik kost|svisker|mer væske} {anbefalt|forsøkt} i tillegg til {Movicol|avføringsmiddel}.',
      '!{Tarmtømming|Toalettbesøk} {etter|med} {klyster|Microlax} {med god effekt|uten effekt}, {rektal eksplorasjon|eksplorasjon} {utført|vurdert}.',
    ],
  },
  {
    topic: 'svimmelhet',
    queries: ['svimmelhet', 'svimmel'],
    templates: [
      '{Svimmel|Ør i hodet|Uggen} {ved oppreisning|når hun reiser seg|når han reiser seg|om morgenen}, {blodtrykk|BT} {målt|tatt} {liggende og stående|i sittende}.',
      '{Kjenner at|Sier at} {rommet går rundt|alt snurrer|det går rundt}, {kvalm|uvel} {samtidig|med det}.',
      '{Ortostatisk|Postural} {blodtrykksfall|hypotensjon} {påvist|mistenkt}, {råd om|veiledet om} å reise seg {langsomt|rolig}.',
      '{Vertigo|Krystallsyke|Svimmelhetsanfall} {utredet|vurdert} av {ØNH|øre-nese-hals|fastlegen}, {øvelser|Epleys manøver} {vist|gjennomført}.',
      '{Ustø|Ustødig|Vaklende} og {ør|svimmel} {etter|siden} {dosen ble økt|ny blodtrykksmedisin}.',
      '!{Besvimte|Svimte av|Mistet bevisstheten kort} {i dusjen|på kjøkkenet|under middagen}, {kom raskt til seg selv|våken etter kort tid}.',
      '!{Lett i hodet|Føler seg uvel og ør|Svartnet for øynene} {når hun står|når han står|ved gange}, {drikker for lite|lavt væskeinntak}.',
    ],
  },
  {
    topic: 'kvalme',
    queries: ['kvalme', 'oppkast'],
    templates: [
      '{Kvalm|Uvel|Kvalmende} {hele dagen|etter måltid|om morgenen}, {kastet opp|brakk seg|gulpet} {to ganger|en gang|flere ganger}.',
      '{Gitt|Fått} {Afipran|Postafen|kvalmestillende|Zofran} {med effekt|uten effekt} {mot kvalmen|for kvalme}.',
      '{Oppkast|Brekninger|Kaster opp} {etter cellegift|etter kuren|etter ny medisin}, {drikker|tåler} {små slurker|lite}.',
      '!{Magen i opprør|Vil ikke ha mat, føler seg uvel|Brekker seg} {ved synet av mat|om morgenen}, {tørr|tørre} {kjeks|kavring} {tolereres|går ned}.',
      '!{Emesis|Vomitus} x{2|3} {i natt|siste døgn}, {væskebalanse|drikke} {følges|registreres}.',
    ],
  },
  {
    topic: 'hjerneslag',
    queries: ['hjerneslag', 'slag'],
    templates: [
      '{Lammelse|Nedsatt kraft|Svakhet} i {høyre|venstre} {arm|side|hånd} etter {hjerneslaget|slaget|infarktet} {i fjor|i vår}.',
      '{Afasi|Språkvansker|Ordletingsvansker} etter {slaget|hjerneslaget}, {logoped|logopeden} {følger opp|trener med henne|trener med ham}.',
      '{Skjev|Hengende} munnvik og {utydelig tale|snøvlete tale}, {ringte|kontaktet} {113|AMK} {straks|umiddelbart}.',
      '{Trombolyse|Trombektomi} {gitt|utført} ved {slagenheten|sykehuset}, {overflyttet|skrevet ut} til {rehabilitering|kommunen}.',
      '{Halvsidig|Venstresidig|Høyresidig} {neglekt|svakhet}, {trener|øver} på {forflytning|gange|å kle seg} med {ergoterapeut|fysioterapeut}.',
      '!{Drypp|TIA|Forbigående slag} {for to uker siden|i høst}, {Albyl-E|blodfortynnende} {startet|fortsetter}.',
      '!{Hemiparese|Paralyse} {etter cerebralt infarkt|etter hjerneblødning}, {spasitet|stivhet} i {armen|benet}.',
    ],
  },
  {
    topic: 'psykose',
    queries: ['psykose', 'psykotisk'],
    templates: [
      '{Hører stemmer|Hører stemmer som kommenterer|Hører stemmer som sier} {det hun gjør|det han gjør|at han er verdiløs|at hun er verdiløs}.',
      '{Paranoid|Mistenksom|Mistroisk}, {tror at|mener at} {naboene|personalet|politiet} {overvåker|følger etter|forgifter} {henne|ham|maten}.',
      '{Vrangforestillinger|Forfølgelsesideer|Storhetsideer} {tydelige|fremtredende|uendret} {i samtalen|i dag}, {lite|manglende} sykdomsinnsikt.',
      '{Depot|Depotinjeksjon|Abilify Maintena|Xeplion} {satt|gitt} {etter plan|i dag}, {schizofreni|psykoselidelse} {stabil|følges opp}.',
      '{Tankeforstyrrelser|Springende tanker|Usammenhengende tale}, {snakker|prater} med seg selv på rommet.',
      '!{Psykotisk|Ute av realitetskontakt|Realitetsbristende} {i natt|siste døgn}, {DPS|akutteamet} {kontaktet|varslet}.',
      '!{Tror|Sier} at {TV-en|radioen} {sender beskjeder|snakker} til {henne|ham}, {redd|engstelig} og {våken|urolig}.',
    ],
  },
  {
    topic: 'palliasjon',
    queries: ['palliasjon', 'livets slutt'],
    templates: [
      '{Døende|I terminalfasen|Siste levedager}, {lindrende behandling|palliativ pleie} {iverksatt|fortsetter}.',
      '{Pustepumpe|Smertepumpe|Subkutan pumpe} med {morfin|Midazolam|Robinul} {startet|koblet}, {rolig|komfortabel} {i natt|nå}.',
      '{Surkling|Ralling|Dødsralling} {i luftveiene|ved pust}, {leiret|snudd} og {munnstell|munnfukting} {gitt|utført}.',
      '{Pårørende|Familien} {våker|sitter hos} {henne|ham}, {informert om|forberedt på} at {døden nærmer seg|det går mot slutten}.',
      '{Livsforlengende behandling|HLR} {avsluttet|ikke aktuelt}, {HLR minus|ikke gjenoppliving} {avklart|dokumentert} med {lege|pasient og pårørende}.',
      '!{Sovnet stille inn|Døde fredelig|Gikk bort} {kl 04.30|i natt|i formiddag} med {familien|datteren|kona} til stede.',
      '!{Lindrende|Palliativ} {plan|tiltaksplan} {oppdatert|gjennomgått}, {ESAS|ESAS-r|symptomregistrering} {skår|kartlegging} {utført|registrert}.',
    ],
  },
  {
    topic: 'sorg',
    queries: ['sorg', 'dødsfall'],
    templates: [
      '{Mistet|Har mistet} {mannen sin|kona si|faren sin|moren sin|broren sin} {for to måneder siden|i vinter|nylig} og {sørger|savner} {mye|ham|henne}.',
      '{Sorgreaksjon|Sorgen|Savnet} {preger|tynger} {hverdagen|henne|ham}, {gråter|gråt} når {hun|han} snakker om {begravelsen|dødsfallet}.',
      '{Samtale|Sorgsamtale} om {tapet|dødsfallet|det som skjedde}, {tilbudt|henvist til} {sorggruppe|samtaler hos psykolog}.',
      '!{Enke|Enkemann|Ble enke} {i høst|for et år siden}, {besøker graven|går til kirkegården} {hver dag|hver søndag}.',
      '!{Bestefaren|Bestemoren|En venn} {døde|gikk bort} {brått|plutselig} {i helgen|i sommer}, {barnet|eleven} {sørger|er preget}.',
    ],
  },
  {
    topic: 'hjertesvikt',
    queries: ['hjertesvikt', 'ødem'],
    templates: [
      '{Hovne|Opphovnede|Tykke} {ankler|legger|bein} med {pittingødem|ødem|hevelse} {til knærne|over anklene}.',
      '{Vekt|Vekten} {økt|opp} {to kilo|1,5 kg} {på tre dager|siden mandag}, {Furix|Burinex|vanndrivende} {økt|justert} etter {legens|kardiologens} råd.',
      '{Hjertesvikt|Hjertesvikten|Kronisk hjertesvikt} {forverret|stabil|i bedring}, {tungpust|andpusten} {liggende|i trapper}, sover med {tre puter|hevet hodeende}.',
      '{Væskerestriksjon|Drikkebegrensning} {1,5 liter|2 liter} per døgn, {drikkeliste|væskeregnskap} {ført|fulgt}.',
      '!{Vann i bena|Væske i kroppen|Væskeansamling}, {strømper|kompresjonsstrømper} {på|tatt på} {om morgenen|etter stell}.',
      '!{Ejeksjonsfraksjon|EF} {30|35} %, {hjertesviktpoliklinikk|hjertesviktsykepleier} {kontrollerer|følger opp}.',
    ],
  },
  {
    topic: 'røyking',
    queries: ['røyking', 'tobakk'],
    templates: [
      '{Røyker|Røyker fortsatt|Har røykt} {ti sigaretter|en pakke|20 sigaretter} {om dagen|daglig} {i mange år|siden ungdommen}.',
      '{Røykeslutt|Slutte å røyke|Snusslutt} {tatt opp|drøftet|anbefalt}, {nikotinplaster|nikotintyggegummi|Champix} {forskrevet|tilbudt}.',
      '{Snuser|Bruker snus|Dampet} {daglig|på skolen|i friminuttene}, {foreldrene|mor} {vet|vet ikke} om det.',
      '!{Tobakksbruk|Røykevaner|Nikotinbruk} {kartlagt|registrert}: {tidligere røyker|aktiv røyker|20 pakkeår}.',
      '!Går ut på {balkongen|verandaen} for å {ta en røyk|røyke} {flere ganger daglig|etter måltidene}, {røyklukt|lukter røyk} i {leiligheten|klærne}.',
    ],
  },
  {
    topic: 'stoffskifte',
    queries: ['stoffskifte', 'thyreoidea'],
    templates: [
      '{Lavt stoffskifte|Hypotyreose|Lavt stoffskiftet} {påvist|bekreftet}, {Levaxin|levotyroksin} {startet|dosen økt}.',
      '{TSH|Tsh|Stoffskifteprøver} {forhøyet|lav|normalisert} ved {kontroll|blodprøve}, {ny prøve|ny kontroll} om {seks uker|tre måneder}.',
      '{Høyt stoffskifte|Hypertyreose|Graves}, {hjertebank|skjelving|svetter mye} og {vektnedgang|går ned i vekt} {tross god matlyst|uten å forstå hvorfor}.',
      '!{Skjoldbruskkjertelen|Thyreoidea} {forstørret|struma} ved {undersøkelse|ultralyd}, {henvist|sendt} til {endokrinolog|medisinsk poliklinikk}.',
      '!{Frossen|Fryser|Kald} {hele tiden|på hender og føtter}, {trøtt|slapp} og {tørr hud|hårtap}, {prøver av stoffskiftet|thyreoideaprøver} {tatt|rekvirert}.',
    ],
  },
  {
    topic: 'parkinson',
    queries: ['parkinson', 'skjelving'],
    templates: [
      '{Skjelver|Skjelving|Tremor} i {høyre hånd|hendene|venstre arm} {i hvile|ved stress|mer enn før}, {Parkinsons sykdom|parkinsonisme} {kjent|diagnostisert}.',
      '{Madopar|Sinemet|Levodopa} {gitt|tas} {til faste tider|hver tredje time}, {on-off|svingninger} {rundt dosene|i effekt}.',
      '{Små skritt|Tripper|Subber med føttene} og {fryser|stopper opp} i {døråpninger|svinger}, {fallfare|usikker} {vurdert|kartlagt}.',
      '!{Stivhet|Rigiditet} og {langsomme bevegelser|bradykinesi}, {stemmen|talen} {lav|svak} og {utydelig|monoton}.',
      '!{Nevrolog|Bevegelsesklinikken} {justerte|endret} {dopaminagonist|medisineringen} {etter hallusinasjoner|på grunn av bivirkninger}.',
    ],
  },
  {
    topic: 'nyre',
    queries: ['nyresvikt', 'dialyse'],
    templates: [
      '{Kronisk nyresykdom|Nyresvikt|Redusert nyrefunksjon} {stadium 4|stadium 3|kjent}, {kreatinin|eGFR|GFR} {steget|falt|stabil} ved {kontroll|siste prøve}.',
      '{Hemodialyse|Dialyse|Bloddialyse} {tre ganger i uken|mandag, onsdag og fredag} på {sykehuset|dialyseavdelingen}, {sliten|trøtt} etter {behandlingen|dialysen}.',
      '{Fistel|AV-fistel|Dialysekateter} {kontrollert|inspisert}, {surr|bruit} {kjennes|høres} {godt|fint}.',
      '!{Peritonealdialyse|Posedialyse|PD} hjemme, {poseskift|skift av pose} {fire ganger daglig|om natten} med {maskin|cycler}.',
      '!{Nyrene|Nyrefunksjonen} {svikter|forverres}, {urinmengde|diurese} {redusert|liten}, {nefrolog|nyrelege} {vurderer|planlegger} {transplantasjon|dialyse}.',
    ],
  },
  {
    topic: 'autisme',
    queries: ['autisme', 'autismespekteret'],
    templates: [
      '{Autisme|Autismespekterforstyrrelse|Asperger} {kjent|diagnostisert} {i barnehagen|som liten|i fjor}, {strever med|vansker med} {overganger|endringer i rutiner|sosialt samspill}.',
      '{Sensorisk overfølsom|Lydsensitiv|Overfølsom for lyd}, {bruker|har} {hørselsvern|støydempende hørselvern} {i klasserommet|i friminuttet}.',
      '{Dagtavle|Visuell plan|Bildeplan} {brukes|innført} for å {skape forutsigbarhet|forberede endringer}, {nedsmelting|sammenbrudd} når {planen endres|noe uventet skjer}.',
      '!{Snakker lite|Lite blikkontakt|Begrenset samspill} med {jevnaldrende|andre barn}, {særinteresser|sterke interesser} for {tog|dinosaurer|tall}.',
      '!{ASD|Autismediagnose} {utredet|bekreftet} ved {BUP|habiliteringstjenesten}, {spesialpedagog|assistent} {i skolen|følger opp}.',
    ],
  },
  {
    topic: 'revmatisme',
    queries: ['revmatisme', 'leddgikt'],
    templates: [
      '{Leddgikt|Revmatoid artritt|Revmatisme} med {hovne|ømme|stive} {fingerledd|håndledd|knær} {om morgenen|i perioder}.',
      '{Morgenstivhet|Stive ledd} {i over en time|hver morgen}, {Methotrexat|Metotreksat|biologisk behandling} {tas|gis} {ukentlig|hver fjortende dag}.',
      '{Urinsyregikt|Gikt|Giktanfall} i {stortåa|stortåleddet|foten}, {rød|hoven|varm} og {svært øm|vond å ta på}.',
      '!{Artrose|Slitasjegikt|Belastningsplager} i {knærne|hoftene|hendene}, {vondt|smerter} ved {gange|trapper|belastning}.',
      '!{Revmatolog|Revmatologisk poliklinikk} {kontrollerte|justerte} {behandlingen|medisinene}, {senkning|CRP} {lav|normal}.',
    ],
  },
  {
    topic: 'mobbing',
    queries: ['mobbing'],
    templates: [
      '{Eleven|Gutten|Jenta} {forteller at|sier at} {noen i klassen|de andre|et par gutter|noen jenter} {erter|plager|kødder med} {ham|henne} {hver dag|i friminuttene|på bussen}.',
      '{Blir ikke invitert|Får ikke være med} {i bursdager|på lek|i gruppa}, {sitter alene|går alene} {i friminuttet|i storefri|i kantina}.',
      '{Stygge|Slemme|Sårende} {meldinger|kommentarer|bilder} {på Snapchat|i klassechatten|på nettet}, {foreldrene|mor|far} har {tatt skjermbilder|varslet skolen}.',
      '{Kontaktlærer|Rektor|Skolen} {har satt inn|følger opp med} {aktivitetsplan|tiltak etter opplæringsloven §9A} {etter|på grunn av} {mobbingen|krenkelsene|hendelsene}.',
      '{Gruer seg til|Vil ikke på} {skolen|trening} fordi {de andre|noen på laget} {ler av|gjør narr av|kaller} {ham|henne} {stygge ting|for tjukk|for rar}.',
      '!{Dyttet|Sparket|Lugget} i {garderoben|gangen|skolegården}, {sekken|lua|telefonen} {tatt|kastet|gjemt} av {medelever|eldre elever}.',
      '!{Utestengt|Holdt utenfor|Fryst ut} {fra vennegjengen|av venninnene|i klassen} {siden høsten|i flere måneder}, {føler seg|er} {alene|ensom|uønsket}.',
    ],
  },
  {
    topic: 'vold',
    queries: ['vold'],
    templates: [
      '{Blåmerker|Merker|Hevelse} på {overarmene|halsen|ryggen|kinnet} som {ikke passer med|ikke forklares av} {forklaringen|et fall}.',
      '{Forteller at|Sier at} {far|mor|stefar|samboeren|kjæresten} {slår|slo|dytter|tok kvelertak på} {henne|ham|mor} {når han drikker|når han blir sint|hjemme}.',
      '{Vold i nære relasjoner|Familievold|Partnervold} {kartlagt|tatt opp}, {politiet|barnevernet|krisesenteret} {varslet|kontaktet}.',
      '{Har blitt|Ble} {slått|sparket|truet med kniv} {på byen|i helgen|av en ukjent}, {legevakt|skadepoliklinikk} {undersøkte|dokumenterte} {skadene|funnene}.',
      '!{Redd for|Gruer seg for} å {dra hjem|være hjemme} fordi {det blir|det er} {bråk og slåssing|mye krangling og slag} {hjemme|i familien}.',
      '!{Tatt hardt i|Ristet|Klypt} av {forelder|voksen} {som straff|når hun ikke hører etter|når han ikke hører etter}, {bekymringsmelding|melding} sendt.',
    ],
  },
  {
    topic: 'seksuelle-overgrep',
    queries: ['seksuelle overgrep'],
    templates: [
      '{Forteller|Har fortalt} at {en voksen|en slektning|en eldre gutt|stefar} har {tatt på henne|tatt på ham|befølt henne|vist henne porno} {på steder hun ikke ville|mot hennes vilje|når de var alene}.',
      '{Mistanke om|Bekymring for} {seksuelle overgrep|overgrep|seksuelt misbruk}, {Statens barnehus|politiet|barnevernet} {kontaktet|varslet} {samme dag|straks}.',
      '{Ble presset til|Tvunget til|Måtte} {sex|seksuelle handlinger|å sende nakenbilder} {på en fest|av en eldre gutt|over nett}.',
      '{Voldtatt|Utsatt for voldtekt|Utsatt for et overgrep} {i helgen|for et år siden|som barn}, {overgrepsmottak|Overgrepsmottaket} {tilbudt|besøkt}.',
      '!{Seksualisert atferd|Uvanlig seksualisert lek|Seksuell atferd som ikke passer alderen} {observert|beskrevet} i {barnehagen|skolen}, {meldt|drøftet}.',
      '!{Kontakt|Chat} med {voksen mann|ukjent voksen} på {nettet|Snapchat} som {ber om bilder|vil møte henne|har sendt gaver}, {grooming|nettovergrep} {mistenkes|vurderes}.',
    ],
  },
  {
    topic: 'omsorgssvikt',
    queries: ['omsorgssvikt'],
    templates: [
      '{Barnet|Gutten|Jenta} {kommer ofte|møter ofte} {uten matpakke|sulten|i skitne klær|uten yttertøy} {til skolen|i barnehagen}.',
      '{Foreldrene|Mor|Far} {møter ikke|har ikke møtt} til {avtaler|helsekontroll|tannlege} {flere ganger|på ett år}, {barnet|vaksiner} {ikke fulgt opp|mangler}.',
      '{Bekymringsmelding|Melding} {sendt|sendes} til {barneverntjenesten|barnevernet} om {manglende omsorg|omsorgssituasjonen|hjemmeforholdene}.',
      '{Hjemmet|Leiligheten} {fremstår|var} {uryddig og skittent|uten mat i kjøleskapet|kaldt}, {søsken|barna} {passer seg selv|alene hjemme} {om kveldene|store deler av dagen}.',
      '!{Lus|Tannråte|Sår som ikke er behandlet} {over lang tid|igjen}, {ingen voksne|ingen} {tar ansvar|følger opp} {hjemme|for behandlingen}.',
      '!{Mor|Far} {virker ruset|sover når barnet kommer hjem|er psykisk syk}, {barnet|eldste søster} {lager mat|tar seg av småsøsken} selv.',
    ],
  },
  {
    topic: 'selvskading',
    queries: ['selvskading'],
    templates: [
      '{Kutt|Rispeskader|Arr|Sår} på {underarmene|lårene|håndleddet} {som hun har påført seg selv|som han har påført seg selv|etter barberblad}.',
      '{Skader seg selv|Kutter seg|Risper seg} {når det blir for mye|for å kjenne noe|for å døyve smerten inni}, {skjuler det|går med lange ermer}.',
      '{Brenner seg|Slår hodet i veggen|Klorer seg til blods} {når hun blir lei seg|når han blir sint|i perioder}.',
      '{Selvskading|Selvskadingen} {kartlagt|følges opp} {i samtale|av BUP|med plan}, {sikkerhetsplan|avtale} om å {si fra|ta kontakt}.',
      '!{Tok|Svelget} {en håndfull tabletter|mange Paracet|flere piller} {etter krangel|i affekt}, {innlagt|observert} på {sykehus|legevakt}.',
      '!{Nye|Ferske} {sår|kutt} {funnet|sett} ved {stell|skift}, {barberblad|knivblad} {funnet|fjernet} fra {rommet|sekken}.',
    ],
  },
  {
    topic: 'selvmordstanker',
    queries: ['selvmordstanker'],
    templates: [
      '{Sier|Forteller} at {hun|han} {ikke orker mer|ikke vil leve lenger|ønsker å dø|tenker på å ta livet sitt}.',
      '{Suicidalvurdering|Vurdering av selvmordsrisiko} {gjort|gjennomført}: {tanker om døden|passive dødsønsker|konkrete planer} {, ingen plan|, har plan|uten forsøk}.',
      '{Har skrevet|Skrev} {avskjedsbrev|brev til familien} og {gitt bort|ryddet} {tingene sine|rommet}, {akutteamet|legevakt} {kontaktet|tilkalt}.',
      '{Tidligere selvmordsforsøk|Forsøk på å ta sitt eget liv} {i fjor|for to år siden}, {tett oppfølging|sikkerhetsplan} {avtalt|oppdatert}.',
      '!{Lei av livet|Livstrett|Ser ingen mening} og {tenker at|mener at} {alle hadde hatt det bedre uten|det ikke er noen vei ut} {henne|ham}.',
      '!{Funnet på|Stod på} {brua|taket|jernbanesporet}, {hentet av politiet|brakt inn}, {innlagt|tvangsinnlagt} til {observasjon|vurdering}.',
    ],
  },
  {
    topic: 'søvnvansker',
    queries: ['søvnvansker'],
    templates: [
      '{Ligger våken|Får ikke sove|Sovner ikke} {til langt på natt|før klokka tre|i timevis} og {er trøtt|sliter med å stå opp} om morgenen.',
      '{Våkner|Våkner opp} {flere ganger|tidlig|kl 04} {hver natt|om natten} og {får ikke sove igjen|blir liggende}, {sovemedisin|Imovane|melatonin} {forsøkt|gitt}.',
      '{Mareritt|Vonde drømmer|Nattlig uro} {de siste ukene|etter hendelsen}, {redd for å legge seg|vil sove hos mor}.',
      '{Døgnrytmen|Søvnrytmen} {er snudd|har glidd ut}, {sover|ligger} {på dagtid|til ettermiddagen} og {er oppe|gamer} {om natten|hele natta}.',
      '!{Søvnregistrering|Søvndagbok|Søvnkartlegging} {viser|tyder på} {lite søvn|fire timer søvn|oppstykket søvn}, {søvnhygiene|råd om søvn} {gjennomgått|gitt}.',
      '!{Urolig|Våken|Vandret} {hele natten|store deler av natta}, {sov|har sovet} {lite|nesten ingenting} {siste døgn|i natt}.',
    ],
  },
  {
    topic: 'angst',
    queries: ['angst'],
    templates: [
      '{Får|Fikk} {hjertebank|pustevansker|klump i halsen|svetteture} og {blir redd|tror hun skal dø|tror han skal dø} {i butikken|på bussen|i klasserommet}.',
      '{Bekymrer seg|Engster seg|Grubler} {for alt|for skolen|for helsa} og {klarer ikke å slappe av|har uro i kroppen}.',
      '{Unngår|Tør ikke} {å gå ut|å ta bussen|å være i store grupper|å snakke i klassen} {på grunn av|pga} {redsel|frykt|nervøsitet}.',
      '{Panikkanfall|Angstanfall} {to ganger|flere ganger} {siste uke|i det siste}, {pusteøvelser|kognitiv terapi|samtaler} {startet|avtalt}.',
      '!{Skjelven|Nervøs|Urolig} og {anspent|på vakt} før {prøver|legetimen|møter}, {får vondt i magen|kaster opp} av {nerver|stress}.',
      '!{Redd for å være alene|Separasjonsredd|Klamrer seg til mor}, {gråter|får panikk} når {foreldrene|mor} {går|forlater rommet}.',
    ],
  },
  {
    topic: 'depresjon',
    queries: ['depresjon'],
    templates: [
      '{Nedstemt|Trist|Lei seg} {i lang tid|siste måneder|hele høsten}, {orker ingenting|har mistet gleden|gidder ikke noe}.',
      '{Ligger|Blir liggende} i {senga|sengen} {store deler av dagen|til langt på dag}, {har sluttet med|trukket seg fra} {venner|trening|aktiviteter}.',
      '{Lavt stemningsleie|Senket stemning|Depressive plager} {vurdert|kartlagt} med {PHQ-9|MADRS|samtale}, {antidepressiva|SSRI|samtaleterapi} {startet|vurderes}.',
      '{Føler seg|Kjenner seg} {verdiløs|tom|håpløs|som en byrde} og {gråter mye|gråter uten grunn}.',
      '!{Tungt|Mørkt|Grått} {om dagen|i hodet}, {lite energi|ingen drivkraft|initiativløs}, {spiser og sover|sover} {dårlig|mye}.',
      '!{Mistet interessen|Gir opp} {for det hun likte|for det han likte|for alt}, {sitter inne|isolerer seg} og {svarer ikke|tar ikke telefonen}.',
    ],
  },
  {
    topic: 'skolevegring',
    queries: ['skolevegring'],
    templates: [
      '{Har ikke vært|Ikke møtt} på skolen {på tre uker|siden jul|mer enn to dager i uka}, {blir hjemme|låser seg inne} {om morgenen|på rommet}.',
      '{Høyt fravær|Mye fravær|Fraværet} {siste halvår|i høst}, {skolen|kontaktlærer} {bekymret|har meldt fra}, {PPT|skolehelsetjenesten} {koblet inn|involvert}.',
      '{Nekter|Vil ikke|Klarer ikke} å {gå på skolen|dra til skolen|komme seg ut døra}, {får vondt i magen|kaster opp|gråter} {hver morgen|på søndagskvelden}.',
      '!{Hjemmesitter|Sitter hjemme} {i flere måneder|det meste av året}, {gradvis tilbakeføring|plan for skolestart} {utarbeidet|avtalt} med {skolen|PPT}.',
      '!{Skulker|Skulket} {timer|fag|dager} og {er i byen|sover hjemme} i stedet, {foreldre|mor} {varslet|informert} av {skolen|rektor}.',
    ],
  },
  {
    topic: 'rus',
    queries: ['rus', 'alkohol'],
    templates: [
      '{Drikker|Drakk} {mye|flere øl|en flaske vin} {i helgene|hver dag|på fest} og {husker ikke|har blackout om} {hva som skjedde|kvelden}.',
      '{Lukter|Luktet} {alkohol|sprit} {ved besøket|på morgenen}, {ustø|snøvlete|sløv} og {usammenhengende|vanskelig å snakke med}.',
      '{Røyker|Røyket} {hasj|cannabis|weed} {daglig|i helgene|med venner}, {urinprøve|rusprøve} {positiv|tatt}.',
      '{Rusmisbruk|Alkoholproblemer|Avhengighet} {kjent|erkjent} {over tid|i mange år}, {henvist til|ønsker} {rusbehandling|avrusning|LAR}.',
      '!{Kjøpt|Tatt} {piller|tabletter|benzodiazepiner} {på gata|fra venner} og {blandet med|kombinert med} {alkohol|sprit}, {overdose|forgiftning} {vurdert|behandlet}.',
      '!{Tomme flasker|Ølbokser|Vinflasker} {overalt|i leiligheten|under senga}, {bruker|pasienten} {benekter|innrømmer} {drikking|problem}.',
    ],
  },
  {
    topic: 'demens',
    queries: ['demens'],
    templates: [
      '{Glemmer|Husker ikke} {avtaler|hva hun har spist|hva han har spist|at datteren var der} og {spør om det samme|gjentar seg} {flere ganger|hele tiden}.',
      '{Finner ikke fram|Går seg bort|Gikk seg vill} {i nabolaget|på vei hjem|i butikken}, {funnet av|hentet av} {naboen|politiet}.',
      '{Kognitiv testing|MMSE|Klokketest} {viser|tyder på} {svikt|nedsatt hukommelse|redusert orientering}, {henvist|utredes} {for demens|ved hukommelsesklinikk}.',
      '{Kjenner ikke igjen|Forveksler} {barna|ektefellen|personalet} og {tror|snakker som om} det er {1970|krig|lenge siden}.',
      '!{Setter|Satt} {kjeler på platen|nøkler i kjøleskapet|klær i ovnen} og {glemmer|glemte} {dem|det}, {komfyrvakt|tilsyn} {montert|økt}.',
      '!{Alzheimer|Vaskulær demens|Lewy body} {diagnostisert|stilt som diagnose}, {demenskoordinator|demensteamet} {følger opp|har kartlagt}.',
    ],
  },
  {
    topic: 'utagering',
    queries: ['utagering'],
    templates: [
      '{Ble sint|Ble rasende|Fikk raseriutbrudd} og {kastet|knuste|veltet} {stoler|glass|bordet} {i stua|på avdelingen|i klasserommet}.',
      '{Slo|Sparket|Kløp|Spyttet på} {personalet|en medbeboer|en medelev} {under stell|i gangen|ved måltidet}.',
      '{Truende|Aggressiv|Høylytt og truende} {mot personalet|overfor andre}, {skjelte ut|kjeftet på|banner} {de ansatte|alle rundt}.',
      '{Brøset|Risikovurdering|Voldsrisikovurdering} {skår|gjennomført} {høy|moderat}, {to personale|ekstra bemanning} ved {stell|kontakt}.',
      '!{Eskalerte|Trappet opp} {raskt|brått} da {hun|han} {fikk nei|måtte vente}, {avledning|skjerming|pause} {hjalp|roet} {situasjonen|ned}.',
      '!{Verbal|Fysisk} {uro|trussel|aggresjon} {i kveld|i natt}, {klorer|biter} når {personalet|pleierne} {nærmer seg|hjelper}.',
    ],
  },
  {
    topic: 'fall',
    queries: ['fall'],
    templates: [
      '{Funnet|Ble funnet} {på gulvet|på badet|ved senga} {i morges|i natt}, {klarte ikke|kom seg ikke} opp {selv|alene}.',
      '{Snublet|Skled|Mistet balansen} {på badet|i trappa|på isen|over teppet} og {slo|slo seg på} {hofta|hodet|håndleddet}.',
      '{Fallrisiko|Falltendens|Fallfare} {vurdert|kartlagt}, {sklimatte|sengealarm|hoftebeskytter} {tatt i bruk|anskaffet}.',
      '!{Gikk over ende|Datt|Ramlet} {i gangen|på vei til toalettet|ved rullatoren}, {blåmerke|hevelse|kul} {på|i} {pannen|albuen|hofta}.',
      '!{Ustø|Ustødig|Vinglete} {gange|på bena} {siste uker|etter ny medisin}, {nesten falt|holdt på å falle} {flere ganger|i går}.',
    ],
  },
  {
    topic: 'matlyst',
    queries: ['matlyst'],
    templates: [
      '{Spiste|Spiser} {godt|lite|halve porsjonen|nesten ingenting} {til middag|til frokost|i dag}.',
      '{Dårlig|Nedsatt|Ingen} matlyst {siste uke|etter infeksjonen}, {tilbudt|fått} {næringsdrikk|Nutridrink}.',
      '{Drikker|Drakk} {lite|for lite|godt} {i dag|gjennom dagen}, {væskeliste|drikkeliste} {startet|ført}.',
    ],
  },
  {
    topic: 'søvn',
    queries: ['søvn'],
    templates: [
      '{Sov|Sover} {godt|urolig|dårlig} {i natt|om nettene}, {våken|oppe} {flere ganger|fra kl 03}.',
      '{Vanskelig|Vansker med} å sovne, {ligger våken|får ikke sove} {til langt på natt|i timevis}.',
    ],
  },
  {
    topic: 'smerter',
    queries: ['smerter'],
    templates: [
      '{Vondt i|Smerter i|Verk i} {ryggen|hofta|knærne|skuldra}, {gitt|fått} {Paracet|Paracetamol|smertestillende}.',
      '{Smertescore|VAS|NRS} {6|4|8} {ved bevegelse|i hvile}, {effekt|god effekt|lite effekt} av {medisin|tablett}.',
    ],
  },
];

/** Sentences any note may carry, whatever its topic (the held-out split's own list, kept as it was). */
const COMMON = [
  '{Pårørende|Lege} {informert|orientert}.',
  '{Følges opp|Vurderes} {neste uke|ved neste besøk|i morgen}.',
  '{Rolig|Blid|Trøtt|Urolig} {i dag|i kveld|på formiddagen}.',
  '{Ny vurdering|Evaluering} {om to uker|etter helgen}.',
  'Dokumentert i {tiltaksplanen|pleieplanen|journalen}.',
  '{Avtalt|Avtale om} {ny time|nytt besøk|hjemmebesøk} {om en måned|neste uke|i april}.',
  'Ingen {andre|nye} {endringer|observasjoner} {å melde|av betydning}.',
];

/** More of what any note may carry (training and `all` splits). */
const COMMON_MORE = [
  ...COMMON,
  'BT {128/76|142/88|156/92|110/70|135/80}, puls {64|72|88|96|104}, temp {36,8|37,2|37,9|38,3}, sat {93|95|97|98} %.',
  '{Ua.|Ua|Uten anmerkninger.|Ellers ua.|Ellers rolig vakt.|Ellers ingen endring.}',
  '{Spiste|Spiser} {frokost|lunsj|middag|kveldsmat} {på rommet|i fellesstua|sammen med de andre|alene}.',
  '{Se|Viser til} {tidligere notat|notat fra {@dag}|epikrise|tiltaksplan}.',
  '{Hyggelig|God|Fin} {prat|samtale} {om gamle dager|om familien|om været|over kaffen}.',
  '{Fornøyd|Misfornøyd} med {maten|dagen|hjelpen} {i dag|nå}.',
  '{@staff} {orientert|informert|kontaktet} {@tid}.',
  '{Ringer|Ringte} {@fam} {i morgen|senere i dag|ved endring}.',
  '{Primærkontakt|Kontaktperson} {følger opp|tar kontakt} {neste uke|over helgen}.',
  '{Sitter|Satt} i {stua|stolen|godstolen} og {ser på TV|hører på radio|løser kryssord|blar i avisen}.',
  '{Trygg|Trygg og rolig|Urolig og engstelig|Blid og pratsom|Stille og innesluttet} {@tid}.',
  'Vekt {54,2|61,8|68,0|74,5|82,3|91,0} kg.',
  'Neste {kontroll|time|besøk} {@dag} kl {09|10.30|13|14.15}.',
  '{Tiltaksplan|Pleieplan|Behandlingsplan|Individuell plan} {oppdatert|evaluert|revidert} {@tid}.',
];

const NAMES = ['Kari', 'Ola', 'Ingrid', 'Per', 'Sara', 'Jonas', 'Astrid', 'Knut', 'Nora', 'Erik'];
/** Names training notes may call their person by. */
const MORE_NAMES = [
  ...NAMES,
  ...[
    'Anne',
    'Inger',
    'Kristin',
    'Marit',
    'Liv',
    'Solveig',
    'Bjørg',
    'Randi',
    'Gunn',
    'Turid',
    'Aud',
    'Berit',
  ],
  ...['Hans', 'Ole', 'Arne', 'Odd', 'Svein', 'Bjørn', 'Terje', 'Egil', 'Kjell', 'Rolf', 'Leif', 'Harald'],
  ...['Emma', 'Ida', 'Maja', 'Ella', 'Sofie', 'Jakob', 'Emil', 'Noah', 'Filip', 'Lukas', 'Aksel', 'Aurora'],
  ...['Mohammed', 'Fatima', 'Amina', 'Yusuf', 'Piotr', 'Olena', 'Aleksander', 'Sigrid', 'Magnus', 'Tiril'],
];
const OPENERS = ['', '', '', 'Hjemmebesøk. ', 'Telefon. ', 'Kveldsvakt: ', 'Dagvakt. ', 'Konsultasjon. '];
const MORE_OPENERS = [
  ...OPENERS,
  ...['', '', '', 'Morgenvakt: ', 'Natt: ', 'Rapport: ', 'Tilsyn. ', 'Samtale. ', 'Telefonkonsultasjon. '],
  ...[
    'Journalnotat. ',
    'Sykepleienotat: ',
    'Miljønotat. ',
    'Ettersyn. ',
    'Hjemmesykepleie: ',
    'Legetilsyn. ',
  ],
  ...['Hj.besøk: ', 'Tlf. ', 'Innkomst. ', 'Oppfølging. ', 'Visitt: ', 'Kontroll. ', 'Videokonsultasjon. '],
];

/** Bokmål → nynorsk (and some dialect) for the nynorsk writer. */
const NYNORSK: Record<string, string[]> = {
  ikke: ['ikkje', 'ikkje', 'itj'],
  hun: ['ho'],
  jeg: ['eg', 'æ'],
  ble: ['vart', 'blei'],
  hva: ['kva', 'ka'],
  hvordan: ['korleis', 'koss'],
  noen: ['nokon'],
  noe: ['noko'],
  mye: ['mykje'],
  også: ['òg', 'også'],
  morgen: ['morgon'],
  morges: ['morgon'],
  sier: ['seier'],
  sa: ['sa'],
  mener: ['meiner'],
  hjem: ['heim'],
  hjemme: ['heime'],
  fra: ['frå'],
  nå: ['no'],
  være: ['vere'],
  vært: ['vore'],
  hvis: ['viss'],
  hos: ['hjå', 'hos'],
  uke: ['veke'],
  uker: ['veker'],
  uken: ['veka'],
  gang: ['gong'],
  ganger: ['gonger'],
  fikk: ['fekk'],
  gikk: ['gjekk'],
  flere: ['fleire'],
  bare: ['berre'],
  mer: ['meir'],
  sammen: ['saman'],
  sykehus: ['sjukehus'],
  sykehuset: ['sjukehuset'],
  syk: ['sjuk'],
  sykepleier: ['sjukepleiar'],
  hennes: ['hennar'],
  deres: ['deira'],
  vanskelig: ['vanskeleg'],
  dårlig: ['dårleg'],
  vanlig: ['vanleg'],
  mulig: ['mogleg'],
  egen: ['eigen'],
  uten: ['utan'],
  annen: ['annan'],
  trøtt: ['trøytt'],
  øyne: ['auge'],
  øye: ['auge'],
  sove: ['sove'],
  spiste: ['åt'],
  spiser: ['et'],
  drikker: ['drikk'],
  tror: ['trur'],
  snakket: ['snakka'],
  kommer: ['kjem'],
  forteller: ['fortel'],
  vil: ['vil'],
  hjelp: ['hjelp'],
  smerter: ['smerter', 'smertar'],
  dag: ['dag'],
  etter: ['etter'],
  mellom: ['mellom'],
  natten: ['natta'],
  kvelden: ['kvelden'],
  fortsatt: ['framleis'],
  dette: ['dette'],
  disse: ['desse'],
  kanskje: ['kanskje'],
  litt: ['litt'],
  seg: ['seg'],
  selv: ['sjølv'],
  hele: ['heile'],
  lite: ['lite'],
  veldig: ['veldig', 'svært'],
  skolen: ['skulen'],
  skole: ['skule'],
  pasienten: ['pasienten'],
  samtale: ['samtale'],
  legen: ['legen'],
  mor: ['mor'],
  gutten: ['guten'],
  jenta: ['jenta'],
  vondt: ['vondt', 'vondt'],
  redd: ['redd'],
  liten: ['liten'],
  siste: ['siste'],
  bedre: ['betre'],
  verre: ['verre'],
  informert: ['informert'],
  kontaktet: ['kontakta'],
  gitt: ['gitt'],
  fått: ['fått'],
  startet: ['starta'],
  avsluttet: ['avslutta'],
  vurdert: ['vurdert'],
  økt: ['auka'],
  klarer: ['klarar'],
  trenger: ['treng'],
  føler: ['kjenner'],
  hjemmesykepleien: ['heimesjukepleia'],
  matlyst: ['matlyst'],
  søvn: ['søvn'],
  ingenting: ['ingenting'],
  alltid: ['alltid'],
  aldri: ['aldri'],
};

/** Long words → what a hurried writer puts (the terse writer). */
const SHORT: [RegExp, string[]][] = [
  [/\bpasienten\b/giu, ['pas.', 'pt', 'pt.', 'pas']],
  [/\bi forhold til\b/giu, ['ift', 'ift.', 'i forh. til']],
  [/\bmed tanke på\b/giu, ['mtp', 'mtp.']],
  [/\buten anmerkninger?\b/giu, ['ua', 'u.a.']],
  [/\bblodtrykket\b|\bblodtrykk\b/giu, ['BT', 'bt']],
  [/\boksygenmetningen\b|\bmetningen\b|\bmetning\b/giu, ['sat', 'SpO2', 'metn.']],
  [/\bobserveres\b|\bobserveres videre\b/giu, ['obs', 'obs.']],
  [/\bved behov\b/giu, ['v.b.', 'vb', 'PN']],
  [/\bsykepleier\b/giu, ['spl', 'spl.']],
  [/\btelefon\b/giu, ['tlf', 'tlf.']],
  [/\bpå grunn av\b|\bgrunnet\b/giu, ['pga', 'pga.']],
  [/\bangående\b/giu, ['ang.', 'ang']],
  [/\bvedrørende\b/giu, ['vedr.', 'vedr']],
  [/\blegevakten\b|\blegevakt\b/giu, ['LV', 'legevakt']],
  [/\bfastlegen\b|\bfastlege\b/giu, ['FL', 'fastl.']],
  [/\bhjemmesykepleien\b/giu, ['hjsp', 'hjemmespl.']],
  [/\bpårørende\b/giu, ['pår.', 'pårørende']],
  [/\bundersøkelse\b/giu, ['us.', 'us']],
  [/\bbehandling\b/giu, ['beh.', 'behandl.']],
  [/\btemperatur\b/giu, ['temp', 'temp.']],
  [/\bminutter\b/giu, ['min', 'min.']],
  [/\bdaglig\b/giu, ['dgl.', 'daglig']],
  [/\bi dag\b/giu, ['idag', 'i dag']],
  [/\bi morgen\b/giu, ['imorgen', 'i mrg']],
  [/\bmedisiner\b|\bmedikamenter\b/giu, ['med.', 'medisiner']],
  [/\bkontaktet\b/giu, ['kontaktet', 'ktk.']],
  [/\bog\b/gu, ['og', 'og', '+', '&']],
  [/\bmed\b/gu, ['med', 'med', 'm/']],
  [/\buten\b/gu, ['uten', 'u/']],
  [/\bhar\s/gu, ['har ', '']],
];

/** Who writes the note, and how. */
type Voice = 'standard' | 'terse' | 'physician' | 'night' | 'nynorsk' | 'narrative';
const VOICES: [Voice, number][] = [
  ['standard', 0.36],
  ['terse', 0.2],
  ['physician', 0.14],
  ['night', 0.1],
  ['nynorsk', 0.12],
  ['narrative', 0.08],
];

export interface CareNote {
  topic: string;
  text: string;
}

export interface CareNoteOptions {
  seed?: number;
  /** 'train' leaves out the held-out templates; 'heldout' writes only held-out templates where a topic has them. */
  split?: 'train' | 'heldout' | 'all';
  /** Chance that a long word gets one typo (swap, drop or double a letter; æ, ø, å written without them). */
  typoRate?: number;
  /** Only these topics (default all). */
  topics?: string[];
}

/** Every topic the training and `all` splits write: CARE_TOPICS and the lexicon's further topics. */
export const ALL_CARE_TOPICS: CareTopic[] = [
  ...CARE_TOPICS,
  ...Object.entries(MORE_TOPICS).map(([topic, l]) => ({
    topic,
    queries: [l.terms[0]!],
    templates: l.templates ?? [],
  })),
];

function fill(r: () => number, template: string): string {
  return template.replace(/\{([^{}]*)\}/g, (_, alts: string) => {
    const xs = alts.split('|');
    return xs[Math.floor(r() * xs.length)]!;
  });
}

/** The note's topic, for `{@T}` and `{@D}`. */
interface FillContext {
  lex?: TopicLexicon;
}

/** A term as records inflect it now and then (definite, or plural where that is natural), where the ending makes it safe. */
function inflect(r: () => number, w: string): string {
  if (r() >= 0.1 || !/^\p{Ll}+$/u.test(w)) return w;
  if (/ing$/.test(w)) return w + pick(r, ['en', 'en', 'er', 'ene']);
  if (/else$/.test(w)) return w + pick(r, ['n', 'n', 'r', 'ne']);
  if (/(sjon|het|itet)$/.test(w)) return w + 'en';
  if (/[^e]e$/.test(w)) return w + 'n';
  return w;
}

/**
 * Fills nested templates, innermost braces first: `{a|b}` one alternative, `{@name}` a word
 * of SLOTS, `{@T}` / `{@D}` a term / detail of the note's topic.
 */
function fillDeep(r: () => number, template: string, ctx: FillContext): string {
  let s = template;
  for (let pass = 0; pass < 6 && s.includes('{'); pass++)
    s = s.replace(/\{([^{}]*)\}/g, (_, inner: string) => {
      if (inner.startsWith('@')) {
        const name = inner.slice(1);
        if (name === 'T') return ctx.lex?.terms.length ? inflect(r, pick(r, ctx.lex.terms)) : '';
        const xs = name === 'D' ? ctx.lex?.details : SLOTS[name];
        return xs && xs.length ? pick(r, xs) : '';
      }
      return pick(r, inner.split('|'));
    });
  return s;
}

function typo(r: () => number, w: string): string {
  const i = 1 + Math.floor(r() * (w.length - 2));
  const k = r();
  if (k < 0.4) return w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2);
  if (k < 0.7) return w.slice(0, i) + w.slice(i + 1);
  return w.slice(0, i) + w[i] + w.slice(i);
}

/** A typo of the training notes: as above, or æ ø å written as on a foreign keyboard. */
function typoMore(r: () => number, w: string): string {
  if (/[æøå]/i.test(w) && r() < 0.35)
    return w.replace(/[æøå]/gi, (c) => ({ æ: 'ae', ø: 'o', å: 'aa', Æ: 'Ae', Ø: 'O', Å: 'Aa' })[c] ?? c);
  return typo(r, w);
}

const capitalise = (s: string) =>
  s.replace(/^(\s*)(\p{Ll})/u, (_, a: string, c: string) => a + c.toUpperCase());

/** `count` notes, topics in turn. */
export function generateCareNotes(count: number, opts: CareNoteOptions = {}): CareNote[] {
  return (opts.split ?? 'all') === 'heldout' ? heldOutNotes(count, opts) : richNotes(count, opts);
}

/**
 * The held-out split: each note 2–4 of its topic's held-out templates and 0–2 common
 * sentences, as this split has always been written (so bench:search-learned's held-out set
 * stays what it was; none of the lexicon's material goes in).
 */
function heldOutNotes(count: number, opts: CareNoteOptions): CareNote[] {
  const r = prng(opts.seed ?? 4242);
  const split = 'heldout' as CareNoteOptions['split'];
  const typoRate = opts.typoRate ?? 0.03;
  const topics = CARE_TOPICS.filter((t) => !opts.topics || opts.topics.includes(t.topic));
  const out: CareNote[] = [];
  for (let n = 0; n < count; n++) {
    const t = topics[n % topics.length]!;
    const held = t.templates.filter((x) => x.startsWith('!')).map((x) => x.slice(1));
    const open = t.templates.filter((x) => !x.startsWith('!'));
    const pool = split === 'train' ? open : split === 'heldout' && held.length ? held : [...open, ...held];
    const k = Math.min(pool.length, 2 + Math.floor(r() * 3));
    const chosen = [...pool].sort(() => r() - 0.5).slice(0, k);
    if (split === 'heldout' && held.length && open.length && r() < 0.3) chosen.push(pick(r, open));
    const sentences = chosen.map((x) => fill(r, x.startsWith('!') ? x.slice(1) : x));
    for (let c = Math.floor(r() * 3); c > 0; c--)
      sentences.splice(Math.floor(r() * sentences.length + 1), 0, fill(r, pick(r, COMMON)));
    let text = pick(r, OPENERS) + sentences.join(' ');
    if (r() < 0.2) text = text.replace(/\b(pasienten|bruker)\b/, pick(r, NAMES));
    text = text.replace(/\p{L}{7,}/gu, (w) => (r() < typoRate ? typo(r, w) : w));
    out.push({ topic: t.topic, text });
  }
  return out;
}

const lexiconOf = (topic: string): TopicLexicon | undefined => LEXICON[topic] ?? MORE_TOPICS[topic];
const contextOf = (topic: string): FillContext => ({ lex: lexiconOf(topic) });

/**
 * The training and `all` splits: per note a writer (plain, terse shorthand, physician's
 * prose, night shift, nynorsk and dialect, longer narrative), 2–5 sentences of its topic
 * from the topic's templates (`train`: without the held-out ones) and the lexicon's frames
 * over the topic's terms and details, now and then a sentence of another topic or a common
 * one, a name, a signature, typos.
 */
function richNotes(count: number, opts: CareNoteOptions): CareNote[] {
  const r = prng(opts.seed ?? 4242);
  const split = opts.split ?? 'all';
  const typoRate = opts.typoRate ?? 0.03;
  const topics = ALL_CARE_TOPICS.filter((t) => !opts.topics || opts.topics.includes(t.topic));
  const pools = new Map(
    ALL_CARE_TOPICS.map((t) => {
      const open = t.templates.filter((x) => !x.startsWith('!'));
      const held = t.templates.filter((x) => x.startsWith('!')).map((x) => x.slice(1));
      const lex = lexiconOf(t.topic);
      return [t.topic, [...open, ...(split === 'all' ? held : []), ...(lex?.templates ?? [])]] as const;
    }),
  );
  const sentence = (topic: string): string => {
    const ctx = contextOf(topic);
    const pool = pools.get(topic)!;
    const frame = ctx.lex && (!pool.length || r() < 0.55);
    const text = fillDeep(r, frame ? pick(r, FRAMES) : pick(r, pool), ctx);
    return capitalise(
      text.replace(/\p{Ll}{5,}(?:ing|sjon|else|het|itet)\b/gu, (w) => (r() < 0.4 ? inflect(r, w) : w)),
    );
  };
  const out: CareNote[] = [];
  for (let n = 0; n < count; n++) {
    const t = topics[n % topics.length]!;
    const lex = contextOf(t.topic);
    let v = r();
    const voice = VOICES.find(([, p]) => (v -= p) < 0)?.[0] ?? 'standard';
    const k = 2 + Math.floor(r() * (voice === 'physician' || voice === 'narrative' ? 5 : 4));
    const sentences = Array.from({ length: k }, () => sentence(t.topic));
    if (r() < 0.25) {
      const other = pick(r, ALL_CARE_TOPICS).topic;
      sentences.splice(Math.floor(r() * (sentences.length + 1)), 0, sentence(other));
    }
    for (let c = Math.floor(r() * 3); c > 0; c--)
      sentences.splice(Math.floor(r() * (sentences.length + 1)), 0, fillDeep(r, pick(r, COMMON_MORE), lex));
    let text: string;
    if (voice === 'physician') {
      const age = 2 + Math.floor(r() * 95);
      const head = fillDeep(
        r,
        `{Kvinne|Mann|Pasient|Pasienten er en|Gjelder} {${age} år|f. ${2025 - age}|på ${age} år}{ med kjent {@komorb}{ og {@komorb}|}| med {@komorb}, {@komorb} og {@komorb}|, tidligere frisk|}. ` +
          `{Kommer til|Innlagt|Vurdert|Sett|Henvist|Konsultasjon|Kontroll} {pga|grunnet|for|med|på grunn av|med spørsmål om} {@T}.`,
        lex,
      );
      const [anamnese, ...rest] = sentences;
      text =
        `${head} {Aktuelt|Anamnese|Aktuelt:|Anamnestisk}: ${anamnese} ${rest.slice(0, -1).join(' ')} ` +
        `{Vurdering|Vurd.|Vurdering og plan|Konklusjon}: ${rest.slice(-1).join(' ')}`;
      text = fillDeep(r, text, lex);
    } else if (voice === 'night') {
      text =
        fillDeep(
          r,
          '{Natt|Nattevakt|Nattrapport|Natt til {@dag}}{:|.| -} {Tilsyn x{2|3|4}.|Runder kl 23, 02 og 05.|Gått tilsyn hver {time|andre time}.|}',
          lex,
        ) +
        ' ' +
        sentences.join(' ') +
        fillDeep(
          r,
          ' {Sov mellom tilsyn.|Sov godt resten av natten.|Urolig natt.|Våken fra kl {03|04|05}.|}',
          lex,
        );
    } else if (voice === 'narrative') {
      text =
        fillDeep(
          r,
          '{Har i dag hatt en lengre samtale med {@pas}.|Skriver dette etter møtet i dag.|Oppsummering av uken:|Kort om situasjonen:} ',
          lex,
        ) +
        sentences
          .map((x, i) =>
            i && r() < 0.5
              ? `${pick(r, ['Videre,', 'Dessuten', 'I tillegg', 'Samtidig', 'Etter dette', 'Ellers', 'Det kommer fram at', 'Vi ser at', 'Personalet opplever at'])} ${x}`
              : x,
          )
          .join(' ');
      text = text.replace(
        /(,|Dessuten|tillegg|Samtidig|dette|Ellers|at) (\p{Lu})(\p{Ll})/gu,
        (_, a: string, c: string, d: string) => `${a} ${c.toLowerCase()}${d}`,
      );
    } else text = pick(r, MORE_OPENERS) + sentences.join(' ');
    if (voice === 'terse') {
      for (const [re, xs] of SHORT) text = text.replace(re, (m) => (r() < 0.7 ? pick(r, xs) : m));
      text = text.replace(/(^|\. )(?:Hun|Han|Pasienten) /gu, (m, a: string) => (r() < 0.6 ? a : m));
      if (r() < 0.5) text = text.replace(/\. /g, () => pick(r, ['. ', '; ', '. ', ' - ']));
    }
    if (voice === 'nynorsk' || r() < 0.04)
      text = text.replace(/\p{L}+/gu, (w) => {
        const xs = NYNORSK[w.toLowerCase()];
        if (!xs || r() < 0.15) return w;
        const x = pick(r, xs);
        return w[0] === w[0]!.toUpperCase() ? x[0]!.toUpperCase() + x.slice(1) : x;
      });
    if (r() < 0.25) text = text.replace(/\b(pasienten|brukeren|beboeren)\b/, pick(r, MORE_NAMES));
    if (r() < 0.2) text += fillDeep(r, ' {/|Sign.|-|Mvh} {@sign}', lex);
    text = text.replace(/\p{L}{7,}/gu, (w) => (r() < typoRate ? typoMore(r, w) : w));
    out.push({ topic: t.topic, text: text.replace(/\.\./g, '.').replace(/\s+/g, ' ').trim() });
  }
  return out;
}

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!;
}

/**
 * A labelled held-out set (dev/labelled-set.ts format) of care notes for topics no
 * vocabulary concept names, written from the held-out templates (wording the training split
 * never has) with a seed of its own: per topic `perTopic` notes spread over twelve people,
 * and the topic's query words over everyone. bench/search-learned.ts measures the learned
 * expansion on it.
 */
export function heldOutLabelledSet(
  opts: { seed?: number; perTopic?: number; skipQuery?: (q: string) => boolean } = {},
): LabelledSet {
  const r = prng(opts.seed ?? 777);
  const topics = CARE_TOPICS.filter((t) => !['matlyst', 'søvn', 'smerter'].includes(t.topic));
  const people = Array.from({ length: 12 }, (_, i) => ({
    key: `h${String(i + 1).padStart(2, '0')}`,
    givenName: NAMES[i % NAMES.length]!,
    familyName: ['Bakke', 'Lunde', 'Strand', 'Moen', 'Eide', 'Solberg'][i % 6]!,
    birthDate: `${1935 + i * 6}-0${1 + (i % 9)}-1${i % 9}`,
    sex: (i % 2 ? 'M' : 'F') as 'F' | 'M',
  }));
  const per = opts.perTopic ?? 25;
  const notes: LabelledSet['notes'] = [];
  const byTopic = new Map<string, string[]>();
  const generated = generateCareNotes(per * topics.length, {
    seed: (opts.seed ?? 777) + 1,
    split: 'heldout',
    topics: topics.map((t) => t.topic),
  });
  generated.forEach((n, i) => {
    const key = `c${String(i + 1).padStart(4, '0')}`;
    const person = people[Math.floor(r() * people.length)]!;
    const year = 2015 + Math.floor(r() * 10);
    const d = (x: number) => String(x).padStart(2, '0');
    notes.push({
      key,
      person: person.key,
      writtenAt: `${year}-${d(1 + Math.floor(r() * 12))}-${d(1 + Math.floor(r() * 28))}T${d(8 + Math.floor(r() * 10))}:${d(Math.floor(r() * 60))}`,
      author: 'Generert notat, sykepleier',
      text: n.text,
    });
    byTopic.set(n.topic, [...(byTopic.get(n.topic) ?? []), key]);
  });
  const queries = topics.flatMap((t) =>
    t.queries
      .filter((q) => !opts.skipQuery?.(q))
      .map((q, i) => ({
        id: `${t.topic}-${i + 1}`,
        topic: t.topic,
        listed: false,
        query: q,
        scope: {},
        relevant: byTopic.get(t.topic) ?? [],
        tempting: [],
      })),
  );
  return { version: 1, people, notes, queries };
}
