import glob
R = [
("Ringt av kona: klarer ikke å snakke hele setninger, blå rundt leppene. SpO2 81 %. Forstøver med Ventoline og Atrovent, innlagt lungemed. for KOLS-eksaserbasjon.",
 "Kona ringde: klarar ikkje å snakke heile setningar, blå kring leppene. SpO2 81 %. Forstøvar med Ventoline og Atrovent, lagd inn på lungemed. for KOLS-eksaserbasjon."),
("Oppstart hjemmeoksygen 2 l/min 16 t i døgnet. Opplæring i bruk av konsentrator og brannfare. Pas. syns slangen er plagsom, men merker at han orker mer.",
 "Oppstart heimeoksygen 2 l/min 16 t i døgeret. Opplæring i bruk av konsentrator og brannfare. Pas. synest slangen er plagsam, men merkar at han orkar meir."),
("Datt på kjøkkenet da han skulle hente melk uten oksygenslangen, ble liggende til kona kom hjem. Skrubbsår på albuen, ellers ingen skade. Slangeforlengelse montert.",
 "Datt på kjøkenet då han skulle hente mjølk utan oksygenslangen, vart liggjande til kona kom heim. Skrubbsår på olbogen, elles inga skade. Slangeforlenging montert."),
("Sitter mest i godstolen døgnet rundt pga. pusten. Hudrødme og blemme på begge setebein, kategori 2 trykksår ve. side. Trykkavlastende sitteputer og hjelp til stillingsendring hver 2. time.",
 "Sit mest i godstolen heile døgeret pga. pusten. Raud hud og blemme på begge setebeina, kategori 2 trykksår ve. side. Trykkavlastande sitjeputer og hjelp til å endre stilling kvar 2. time."),
("Ligger ikke flatt, sover sittende i stolen. Våkner flere ganger hver natt med hoste og luftsult. Morfin i lav dose mot dyspné startet etter avtale med lege.",
 "Ligg ikkje flatt, søv sitjande i stolen. Vaknar fleire gonger kvar natt med hoste og luftsvolt. Morfin i låg dose mot dyspné starta etter avtale med lege."),
("Gled på isen utenfor postkassen og slo bakhodet. Bruker blodfortynnende. Hodepine og kvalm, husker ikke hvordan hun kom seg inn. Legevakt kontaktet, sendt til CT.",
 "Skrensa på isen utanfor postkassa og slo bakhovudet. Brukar blodfortynnande. Hovudverk og kvalm, hugsar ikkje korleis ho kom seg inn. Legevakta kontakta, send til CT."),
("Morgenbesøk dagen etter hodeskaden. Våken og orientert, fortsatt vond i hodet og lyssky. Datter har vekket henne i natt uten problemer.",
 "Morgonbesøk dagen etter hovudskaden. Vaken og orientert, framleis vond i hovudet og lyssky. Dottera har vekt henne i natt utan problem."),
("Falt ned fra stigen ca 2 m mens han malte huset, slo hodet mot steinheller. Var borte noen sekunder ifølge kona. Hodepine, kvalm. GCS 15. CT ua. Commotio, observeres hjemme.",
 "Datt ned frå stigen ca 2 m medan han måla huset, slo hovudet mot steinheller. Var borte nokre sekund ifølgje kona. Hovudverk, kvalm. GCS 15. CT ua. Commotio, observerast heime."),
("Økt tungpust og grønt oppspytt, feber 38,2. SpO2 91 %. Covid-test negativ. Ingen tegn til lungeemboli, Wells lav. Behandlet som KOLS-forverring med prednisolon og antibiotika.",
 "Auka tungpust og grønt oppspytt, feber 38,2. SpO2 91 %. Covid-test negativ. Ingen teikn til lungeemboli, Wells låg. Behandla som KOLS-forverring med prednisolon og antibiotika."),
("Forverring: hvesing, økt slim, klarer ikke gå opp til soverommet. SpO2 92 %. Prednisolon og Amoxicillin, kontroll hos fastlege om 3 dager.",
 "Forverring: kvesing, meir slim, klarar ikkje gå opp til soverommet. SpO2 92 %. Prednisolon og Amoxicillin, kontroll hjå fastlege om 3 dagar."),
("Hjemmebesøk. Oksygen 1,5 l/min installert. Tungpust ved minste anstrengelse. BT 134/80. Snakket om fallrisiko med slangen, ingen fall så langt.",
 "Heimebesøk. Oksygen 1,5 l/min installert. Tungpust ved minste anstrenging. BT 134/80. Snakka om fallrisiko med slangen, ingen fall så langt."),
("Paraplegi etter MC-ulykke 2001. Nytt sår over ve. sitteknute, 1,5 cm dypt med gul belegg, kategori 3. Etter ny rullestolpute uten tilpasning. Pute byttet, sårstell daglig, ergoterapeut kontaktet.",
 "Paraplegi etter MC-ulukke 2001. Nytt sår over ve. sitjeknute, 1,5 cm djupt med gult belegg, kategori 3. Etter ny rullestolpute utan tilpassing. Puta bytt, sårstell dagleg, ergoterapeut kontakta."),
("Såret krymper, 0,8 cm. Ligger mer i mageleie for å avlaste setet.",
 "Såret krympar, 0,8 cm. Ligg meir på magen for å avlaste setet."),
("Lite sår under ve. sitteknute, kategori 2, etter lang kjøretur. Avlaster med sideleie, ny sjekk av sittepute.",
 "Lite sår under ve. sitjeknute, kategori 2, etter lang køyretur. Avlastar med sideleie, ny sjekk av sitjeputa."),
("Enslig mann, melding fra postbud. Huset er nedkjølt, ved i stua men ingen fyring. Pas. tungpusten, sitter med dyna rundt seg, hostet grønt. Ingen mat utenom kaffe og kjeks. Inhalatorene ligger uåpnet. Avtalt daglig tilsyn.",
 "Einsleg mann, melding frå postbodet. Huset er nedkjølt, ved i stova men ikkje fyrt. Pas. tungpusten, sit med dyna rundt seg, hosta grønt. Ingen mat utanom kaffi og kjeks. Inhalatorane ligg uopna. Avtala dagleg tilsyn."),
("Pas. sover i lenestolen, har ikke vært i seng på flere måneder. Trykksår på begge sittebein kategori 2 og rødme på korsryggen. Sier han «ikke vil bry noen». Sak meldt til kommunen for vurdering av økt hjelp.",
 "Pas. søv i lenestolen, har ikkje vore i seng på fleire månader. Trykksår på begge sitjebeina kategori 2 og raudme på korsryggen. Seier han «vil ikkje vere til bry». Sak meld til kommunen for vurdering av meir hjelp."),
("Pas. har igjen avvist hjemmesykepleien i en uke. Fant ham i dag med mange dager gammel oppvask, ingen rene klær og tom medisindosett. Samtale om konsekvenser, han godtar besøk igjen.",
 "Pas. har att avvist heimesjukepleia i ei veke. Fann han i dag med oppvask frå mange dagar, ingen reine klede og tom medisindosett. Samtale om konsekvensar, han godtek besøk att."),
("Innbrakt av politiet etter slåsskamp utenfor pub. Fikk en flaske i hodet. Kutt i hodebunnen 4 cm sydd, husker ikke hele forløpet, kastet opp. Ruset. Hjernerystelse, vekkes hver 2. time i arresten etter skriftlig råd til politiet.",
 "Innbrakt av politiet etter slåstkamp utanfor pub. Fekk ei flaske i hovudet. Kutt i hovudbotnen 4 cm sydd, hugsar ikkje heile forløpet, kasta opp. Rusa. Hjernerystelse, vekkjast kvar 2. time i arresten etter skriftleg råd til politiet."),
]
for fn in glob.glob('src/notes_*.txt'):
    s = open(fn, encoding='utf-8').read(); o = s
    for a, b in R:
        s = s.replace(a, b)
    if s != o: open(fn, 'w', encoding='utf-8').write(s)
n = sum(1 for fn in glob.glob('src/notes_*.txt') for a,b in R if b in open(fn,encoding='utf-8').read())
print(n, 'of', len(R))
