# Topic definitions and queries for blind-set-2. Hand-written; build.py only joins.
# alias: (topic name, listed, [query1, query2], labelling convention)
TOPICS = {
 "mob": ("mobbing", True, ["mobbing", "plaget på skolen"], "Gjentatt plaging, utestenging, hets eller digitale krenkelser av personen fra jevnaldrende; tiltak/klager om akkurat dette. Andres mobbing og forebyggende programmer = tempting."),
 "vold": ("vold", True, ["vold", "slått mishandlet"], "Fysisk vold (slag, spark, dytting, kvelertak, gjenstand kastet mot noen, kniv) og tegn/mistanke om vold i nære relasjoner, som personen utsettes for, er vitne til i hjemmet eller utøver (også mot personale/medpasient). Rent verbale trusler i institusjon = bare utagering. Negativ screening og undervisningsopplegg = tempting."),
 "overgrep": ("seksuelle overgrep", True, ["seksuelle overgrep", "voldtekt"], "Seksuelle handlinger uten samtykke mot personen, avsløring, avhør, overgrepsmottak, etterfølgende behandling/rettssak. Forebyggende undervisning = tempting."),
 "omsorg": ("omsorgssvikt", True, ["omsorgssvikt", "vanskjøtsel"], "Manglende grunnleggende omsorg (mat, klær, hygiene, oppfølging) for barn eller hjelpetrengende voksne, inkl. selvforsømmelse; bekymringsmeldinger om dette. Avkreftet mistanke = tempting."),
 "tvang": ("tvang", True, ["tvang", "tvangsvedtak"], "Formell eller faktisk tvang: tvangsinnleggelse, tvungen observasjon/TUD, tvangsmedisinering, beltelegging, kap. 4A-vedtak, låste dører, skjult medisinering, plassering uten samtykke, sengehest mot vilje. 'Tvangstanker' = tempting."),
 "hold": ("fysisk holding", True, ["fysisk holding", "holdt fast"], "Personale holder personen fast med hendene/kroppen (holdt armene, lagt i gulvet/matta, ført av ansatte). Får i tillegg tvang når notatet beskriver vedtak eller tvungen behandling. 'Holdt foredrag', 'holdt seg godt', ingen fastholding = tempting."),
 "skjerm": ("skjerming", True, ["skjerming", "isolert skjermet"], "Skjerming som tiltak i psykisk helsevern/institusjon: atskilt fra medpasienter, eget rom/skjermingsenhet med personale. 'Skjermet enhet' for demens, skjermtid, skjermbriller = tempting."),
 "selvskad": ("selvskading", True, ["selvskading", "kutter seg"], "Handlinger der personen skader seg selv (kutt, brenning, risping, dunke hodet, svelge gjenstander). Negasjoner ('ingen selvskading') = tempting."),
 "selvmord": ("selvmordstanker", True, ["selvmordstanker", "ta livet sitt"], "Selvmordstanker, dødsønsker med selvmordsinnhold, planer, forsøk/overdoser, risikovurderinger og oppfølging av dette. Negativ screening uten historie og passive ønsker om å dø naturlig = tempting."),
 "sovn": ("søvnvansker", True, ["søvnvansker", "sover dårlig"], "Innsovningsvansker, oppvåkninger, mareritt, snudd døgnrytme, nattlig uro, søvnmedisin pga. dette. 'Sover godt' uten plager = tempting."),
 "ern": ("ernæring/vekttap", True, ["vekttap", "underernæring"], "Ufrivillig vekttap, dårlig inntak, svelgvansker, restriktiv spising, sondeernæring, næringsdrikk, vekt-/ernæringsoppfølging. 'Ernæringsstatus god' = tempting."),
 "fall": ("fall", True, ["fall", "falt"], "Personen faller (går over ende, sklir, datt, funnet på gulvet) og følger av fallet. Blodtrykksfall, avverget fall, fallteknikk, andres fall, løgnaktig 'falt' = tempting."),
 "trykk": ("trykksår", True, ["trykksår", "liggesår"], "Trykksår/liggesår i alle kategorier inkl. ikke-blekbar rødme og dyp vevsskade, forebygging knyttet til et konkret sår. Blodtrykk, trykk i brystet, diabetiske fotsår = tempting."),
 "lmavvik": ("legemiddelavvik", True, ["legemiddelavvik", "feil medisin"], "Feil i legemiddelhåndtering: feil dose/styrke/pasient, dobbeltdose, glemt/for sen dose, utleveringsfeil. Legemiddelgjennomgang uten avvik, andre avvik = tempting."),
 "smert": ("smerter (hode, bryst, mage)", True, ["smerter", "vondt i magen"], "Smerter i hode, bryst eller mage (hodepine, migrene, brystsmerter, magesmerter, svie). Smerter andre steder (rygg) og 'ingen brystsmerter' = tempting."),
 "angst": ("angst", True, ["angst", "panikkanfall"], "Personens angst, panikk, uro, redsel, unngåelse, PTSD-symptomer. Pårørendes angst = tempting."),
 "dep": ("depresjon", True, ["depresjon", "nedstemt"], "Personens nedstemthet, tristhet, anhedoni, depresjonsdiagnose/-behandling, PHQ/EPDS-forhøyet. Negativ screening, seponering ved stabil stemning = tempting."),
 "skolev": ("skolevegring/fravær", True, ["skolevegring", "skolefravær"], "Skolevegring, høyt skolefravær, skulk, gradvis tilbakeføring til skolen. 'Fravær av ketoner', 'ingen fravær' = tempting."),
 "rus": ("rus og alkohol", True, ["rus alkohol", "misbruk"], "Personens bruk av alkohol/narkotika/ikke-forskrevne piller, rusbehandling/LAR, rusfrihet etter misbruk. Andres rus, 'rusk i øyet', negativ screening = tempting."),
 "samtykke": ("samtykkekompetanse", True, ["samtykkekompetanse", "manglende samtykke"], "Vurdering av personens evne til å samtykke til/avslå helsehjelp (har eller mangler kompetanse). Vanlige samtykker til informasjonsdeling, seksuelt samtykke-undervisning = tempting."),
 "lto": ("langtidsopphold", True, ["langtidsopphold", "sykehjemsplass"], "Søknad, vedtak, innflytting på fast/langtidsplass i sykehjem. Korttids-/avlastningsopphold og pårørende på sykehjem = tempting."),
 "hjemme": ("hjemmetjenester", True, ["hjemmetjenester", "hjemmesykepleie"], "Hjemmesykepleie, praktisk bistand, matombringing, trygghetsalarm, miljøarbeider i hjemmet: vedtak, besøk, svikt i tjenesten. Hjemmebesøk helsestasjon, avslag på tilbud = tempting."),
 "demens": ("demens/kognitiv svikt", True, ["demens", "kognitiv svikt"], "Kronisk kognitiv svikt: glemsomhet, desorientering, vandring, MMSE nedsatt, demensdiagnose. Normal screening, pårørendes demens = tempting."),
 "delir": ("delirium", True, ["delirium", "akutt forvirring"], "Akutt forvirring/delirium (hallusinasjoner, fluktuerende bevissthet) og tilbakegang. CAM negativ, hverdagslig 'forvirret' = tempting."),
 "utag": ("utagering", True, ["utagering", "aggressiv"], "Aggressiv eller truende atferd, kaste/slå/sparke, sinneutbrudd i skole, hjem eller institusjon. 'Ingen utagering' = tempting."),
 "klage": ("klage", True, ["klage", "klaget Statsforvalteren"], "Formelle eller uformelle klager fra pasient/pårørende på tjenester, vedtak eller behandling (rektor, Statsforvalter, kontrollkommisjon, ombud). 'Klager over' symptomer = tempting."),
 "horsel": ("hørselstap", False, ["hørselstap", "tunghørt"], "Nedsatt hørsel, høreapparat, audiogram, tilpasninger. Normal hørselstest, ørebetennelse = tempting."),
 "astma": ("astma", False, ["astma", "pustebesvær"], "Astma/pipelyder/anstrengelsesutløst tung pust og astmabehandling. Avkreftet astma, pårørendes astma = tempting."),
 "diab": ("diabetes", False, ["diabetes", "blodsukker"], "Diabetes type 1/2 og svangerskapsdiabetes: diagnose, behandling, følinger, kontroller. Normalt blodsukker = tempting."),
 "grav": ("graviditet", False, ["graviditet", "svangerskap"], "Graviditet, svangerskapskontroller, fødsel. Negativ test = tempting."),
 "adhd": ("ADHD", False, ["ADHD", "konsentrasjonsvansker"], "Personens ADHD-symptomer, utredning, medisinering. Søskens ADHD, avkreftet mistanke = tempting."),
 "epi": ("epilepsi", False, ["epilepsi", "krampeanfall"], "Epileptiske anfall, diagnose, behandling, kjøreforbud. Feberkramper, abstinenskramper, besvimelse = tempting."),
 "kreft": ("kreft", False, ["kreft", "svulst"], "Kreftsykdom: utredning, diagnose, behandling, kontroll, død av kreft. Negativ screening = tempting."),
 "hjsvikt": ("hjertesvikt", False, ["hjertesvikt", "hovne ankler"], "Hjertesvikt: nedsatt pumpefunksjon, ødemer, dyspné, diuretika. Avkreftet hjertesvikt = tempting."),
}

# Scoped queries: (alias, query, person, ageFrom, ageTo)
SCOPED = [
 ("mob", "mobbing", "b2p01", 13, 15),
 ("selvskad", "selvskading", "b2p17", 14, 18),
 ("omsorg", "omsorgssvikt", "b2p03", 0, 10),
 ("fall", "fall", "b2p25", 75, 85),
 ("tvang", "tvang", "b2p18", 20, 50),
 ("overgrep", "seksuelle overgrep", "b2p04", 13, 17),
 ("skolev", "skolefravær", "b2p02", 10, 16),
 ("rus", "rus", "b2p14", 30, 45),
]

# Obvious keyword stems per topic (used only to report the share of relevant notes that avoid them)
KEYWORDS = {
 "mob": ["mobb"], "vold": ["vold"], "overgrep": ["overgrep"], "omsorg": ["omsorgssvikt"], "tvang": ["tvang"],
 "hold": ["holding", "holdt fast", "fastholding"], "skjerm": ["skjerm"], "selvskad": ["selvskad"],
 "selvmord": ["selvmord"], "sovn": ["søvn"], "ern": ["ernæring", "vekttap"], "fall": ["fall", "falt"],
 "trykk": ["trykksår"], "lmavvik": ["avvik"], "smert": ["smert"], "angst": ["angst"], "dep": ["depres"],
 "skolev": ["skolevegring", "fravær"], "rus": ["rus", "alkohol"], "samtykke": ["samtykkekompetanse"],
 "lto": ["langtidsopphold", "langtidsplass"], "hjemme": ["hjemmetjenest", "hjemmesykepleie"],
 "demens": ["demens"], "delir": ["delir"], "utag": ["utager"], "klage": ["klage"],
 "horsel": ["hørselstap"], "astma": ["astma"], "diab": ["diabetes"], "grav": ["gravid"], "adhd": ["adhd"],
 "epi": ["epilepsi"], "kreft": ["kreft"], "hjsvikt": ["hjertesvikt"],
}
