# Tudalennau Heard yn Gymraeg. Mae pob id yma hefyd yn en-GB.ftl, a'r gwrthwyneb (profion).
# Heb ei adolygu gan siaradwr Cymraeg brodorol eto: rhaid ei adolygu cyn ei ryddhau.

## Pob tudalen

skip-link = Neidio i'r prif gynnwys
tagline = cofnod cyhoeddus o bwy ddywedodd beth
nav-label = Prif ddewislen
nav-consultations = Ymgynghoriadau
nav-search = Chwilio am syniadau
nav-claim = Hawlio eich syniadau
nav-contributions = Fy nghyfraniadau
nav-verify = Gwirio derbynneb
lang-switch-label = Iaith
lang-switch-to = Newid yr iaith i
footer-about = Mae Heard yn cadw cofnod wedi'i lofnodi, na ellir ond ychwanegu ato, o'r syniadau a roddodd pobl, ble cawsant eu dyfynnu a beth a wnaed â nhw. Gall unrhyw un ei wirio heb orfod ymddiried ynom ni:
footer-check-link = gwirio derbynneb
footer-privacy = Preifatrwydd
footer-accessibility = Hygyrchedd
technical-details = Manylion technegol
error-summary-title = Mae problem wedi codi
also-at = hefyd yn
not-yet = ddim eto
an-organisation = sefydliad

## Gwallau

error-go-home = Mynd i'r rhestr o ymgynghoriadau
error-bad-link-title = Nid yw'r ddolen hon yn gyflawn
error-bad-link-detail = Dylai'r cyfeiriad orffen gyda chod 64 nod o ddigidau a'r llythrennau a i f. Gwiriwch fod y ddolen gyfan wedi'i chopïo.
error-internal-title = Aeth rhywbeth o'i le ar ein hochr ni
error-internal-detail = Nid oedd modd darllen y cofnod ar hyn o bryd. Rhowch gynnig arall arni ymhen munud.
error-unknown-idea-title = Nid oeddem yn gallu dod o hyd i'r syniad hwn
error-unknown-idea-detail = Nid oes syniad gyda'r id hwn yn y cofnod.
error-unknown-consultation-title = Nid oeddem yn gallu dod o hyd i'r ymgynghoriad hwn
error-unknown-consultation-detail = Nid oes ymgynghoriad gyda'r id hwn yn y cofnod.
error-unknown-report-title = Nid oeddem yn gallu dod o hyd i'r adroddiad hwn
error-unknown-report-detail = Nid oes adroddiad gyda'r id hwn yn dyfynnu syniadau yn y cofnod.
error-not-found-title = Nid oeddem yn gallu dod o hyd i'r dudalen hon
error-not-found-detail = Nid oes dim byd yn y cyfeiriad hwn. Gwiriwch fod y ddolen gyfan wedi'i chopïo, neu dechreuwch eto o'r rhestr o ymgynghoriadau.
refusal-too-large-title = Rhy fawr i'w dderbyn
refusal-too-large-detail = Mae'r hyn a anfonoch yn fwy nag y mae'r gwasanaeth hwn yn ei dderbyn. Os gwnaethoch ludo derbynneb, gludwch un dderbynneb yn unig.
refusal-too-slow-title = Cymerodd hynny ormod o amser
refusal-too-slow-detail = Cymerodd yr hyn a anfonoch ormod o amser i gyrraedd. Gwiriwch eich cysylltiad a rhowch gynnig arall arni.
refusal-too-many-title = Gormod o geisiadau ar unwaith
refusal-too-many-detail = Mae eich cyfrifiadur yn anfon gormod o geisiadau ar unwaith. Arhoswch funud, yna rhowch gynnig arall arni.
refusal-other-title = Nid oedd modd gwneud hynny
refusal-other-detail = Ni chyrhaeddodd yr hyn a anfonoch yn gyfan. Rhowch gynnig arall arni.

## Geiriau a rennir gan sawl tudalen

consent-named = wedi'i ddangos wrth ei enw
consent-pseudonym = wedi'i ddangos wrth enw a ddewisodd
consent-anonymous = heb ei enwi (dienw)
given-on = Rhoddwyd ar
recorded-on = Cofnodwyd ar
recorded-on-lower = cofnodwyd ar
given-by = Rhoddwyd gan
cited-in = Dyfynnwyd yn
response-label = Ymateb:
outcome-adopted = mabwysiadwyd
outcome-adapted = addaswyd
outcome-under-consideration = yn cael ei ystyried
outcome-not-adopted = ni fabwysiadwyd
outcome-delivered = cyflawnwyd
outcome-responded = ymatebwyd
usage-quoted = dyfynnwyd
usage-paraphrased = aralleiriwyd
usage-informed = yn sail i'r adroddiad
recognition-payment = taliad
recognition-voucher = taleb
recognition-gift = rhodd
recognition-certificate = tystysgrif
recognition-other = cydnabyddiaeth arall
status-verified = wedi'i wirio
status-verified-sentence = Mae'r syniad hwn yn y cofnod cyhoeddus ac mae ei eiriau'n cyfateb i'r hyn a gofnodwyd.
status-withdrawn = wedi'i dynnu'n ôl
status-withdrawn-sentence = Mae'r syniad hwn yn y cofnod cyhoeddus; tynnodd y cyfrannwr ef yn ôl, felly cafodd ei eiriau eu dileu.
status-missing = ar goll
status-missing-sentence = Mae'r syniad hwn yn y cofnod cyhoeddus, ond nid yw ei eiriau'n cael eu cadw ar y gweinydd hwn.
status-problem = problem
status-problem-sentence = Nid yw'r geiriau a ddangosir yn cyfateb i'r cofnod cyhoeddus.
idea-withdrawn = Tynnwyd yn ôl gan y cyfrannwr: cafodd y geiriau eu dileu.
idea-withdrawn-short = syniad a dynnwyd yn ôl
idea-text-missing = Nid yw geiriau'r syniad hwn yn cael eu cadw ar y gweinydd hwn.
idea-more = Rhagor am y syniad hwn
ideas-given-count = { $count } syniad wedi'u rhoi
key-file = Eich ffeil allwedd
open-key-file = Agor eich ffeil allwedd

## Hafan

home-page-title = Syniadau a roddodd pobl
home-title = Syniadau a roddodd pobl, a beth ddigwyddodd iddynt
home-lead = Pan fydd pobl yn rhannu eu profiad â chyngor, gwasanaeth iechyd neu elusen, mae Heard yn cadw cofnod cyhoeddus o bob syniad a roddwyd ganddynt: pwy a'i rhoddodd (dim ond fel y cytunon nhw i gael eu dangos), ble cafodd ei ddefnyddio mewn adroddiad, a beth wnaeth y sefydliad yn ei gylch.
home-record = Mae'r cofnod wedi'i lofnodi a dim ond tyfu y gall: ni ellir newid na dileu dim yn dawel. Gall unrhyw un ei wirio heb orfod ymddiried yn y sawl sy'n rhedeg y wefan hon. Gall unigolyn dynnu ei eiriau'n ôl unrhyw bryd; wedyn dim ond y ffaith bod syniad wedi'i roi y bydd y cofnod yn ei chadw.
home-action-claim = Mae gennyf gerdyn hawlio
home-action-contributions = Gweld fy nghyfraniadau
home-action-verify = Gwirio derbynneb
home-recent = Ymgynghoriadau diweddar
home-no-consultations = Nid oes ymgynghoriadau yn y cofnod eto.
home-convened-by = wedi'i gynnull gan { $name }
home-record-now = Y cofnod ar hyn o bryd
home-record-size = Mae'r cofnod yn cynnwys { $count } o gofnodion.
home-witnessed = Mae tyst annibynnol wedi'i wirio ac yn cadw ei gopi ei hun, felly ni ellir ei ailysgrifennu heb i rywun sylwi.
home-not-witnessed = Nid oes tyst annibynnol wedi'i wirio eto.
home-checkpoint = Crynodeb wedi'i lofnodi (pwynt gwirio)
home-checkpoint-text = Llofnododd ceidwad y cofnod grynodeb o'r { $count } o gofnodion i gyd. Ei ôl bys yw
home-checkpoint-link = y pwynt gwirio wedi'i lofnodi
home-witnesses = Tystion
home-witness-last = Y tro diwethaf i dyst annibynnol gydlofnodi'r cofnod, roedd ganddo { $count } o gofnodion
home-witness-why = Mae tyst yn cadw ei gopi ei hun o bob crynodeb, felly ni ellir ailysgrifennu'r cofnod heb iddo sylwi.
home-witness-none = Nid oes tyst annibynnol wedi cydlofnodi'r cofnod eto. Mae tystion yn cadw eu copi eu hunain o bob crynodeb, felly ni ellir ailysgrifennu'r cofnod heb iddynt sylwi.
home-public-key = Allwedd gyhoeddus y cofnod

## Tudalen ymgynghoriad a ffigurau

consultation-kicker = Ymgynghoriad
consultation-convened-by = Wedi'i gynnull gan
consultation-date = Dyddiad
consultation-place = Lle
consultation-topic = Pwnc
consultation-said-did-link = Dywedoch chi, gwnaethom ni: beth ddigwyddodd i'r syniadau hyn
consultation-ideas-heading = Beth ddywedodd pobl ({ $count })
consultation-shown-hint = Dangosir pob person dim ond fel y cytunodd: wrth ei enw, wrth enw a ddewisodd, neu fel “cyfrannwr”.
consultation-search = Chwilio'r syniadau hyn
consultation-unheard = Syniadau nad ydynt wedi'u clywed mewn adroddiad eto
consultation-equity = Syniadau pwy a ddefnyddiwyd
consultation-equity-lead = Mae'r ffigurau hyn yn dangos a aeth y clod i lawer o bobl neu i ychydig o leisiau uchel.
consultation-feed-title = Beth ddigwyddodd i'r syniadau o “{ $title }”
fig-ideas = Syniadau a roddwyd
fig-people = Pobl a'u rhoddodd
fig-cited = Syniadau a ddyfynnwyd mewn adroddiad
fig-responded = Syniadau a gafodd ymateb
fig-wait = Amser aros arferol am ymateb
fig-wait-days = { $days } diwrnod (canolrif)
fig-wait-none = dim ymatebion eto
fig-citations = Dyfyniadau
fig-top-cited = Dyfyniadau sy'n mynd i'r 10% o bobl a ddyfynnwyd fwyaf
fig-top-speakers = Syniadau a roddwyd gan y 10% a siaradodd fwyaf
fig-gini = Pa mor anghyfartal y rhennir y clod
fig-gini-hint = ystyr 0 yw bod syniadau pawb wedi'u dyfynnu'n gyfartal; ystyr 1 yw bod un person wedi cael yr holl glod
fig-by-consent = Clod yn ôl sut y dewisodd pobl gael eu dangos
fig-by-consent-value = wrth eu henw { $named }, wrth enw a ddewiswyd { $pseudonym }, yn ddienw { $anonymous }

## Tudalen gwirio

verify-title = Gwirio derbynneb
verify-lead = Mae derbynneb yn brawf bod rhywbeth — syniad, yr adroddiad a'i defnyddiodd, neu'r ateb a roddodd sefydliad — yn y cofnod cyhoeddus ac nad yw wedi newid ers hynny.
verify-lead-2 = Gludwch neu agorwch y dderbynneb isod. Mae eich porwr eich hun yn ei gwirio, felly nid oes rhaid i chi ymddiried yn y wefan hon. Mae'r dudalen hefyd yn dangos beth a ganfu'r wefan hon.
verify-idea-title = Syniad a'i brawf
verify-idea-heading = Ydy'r cofnod hwn yn ddilys?
verify-idea-lead = Isod, mae eich porwr eich hun yn gwirio derbynneb y syniad, felly nid oes rhaid i chi ymddiried yn y wefan hon. Dangosir gwiriad y wefan ei hun wrth ei ochr.
verify-receipt-label = Derbynneb
verify-receipt-hint = Gludwch destun y dderbynneb (mae'n dechrau gyda c2sp.org/tlog-proof@v1), neu ei ffurf fer ar un llinell.
verify-receipt-file = Neu agorwch ffeil derbynneb
verify-key-label = Allwedd gyhoeddus y cofnod
verify-key-hint = Wedi'i llenwi â'r allwedd y mae'r gweinydd hwn yn dweud ei fod yn ei defnyddio. I gael gwiriad nad yw'n dibynnu ar y gweinydd hwn o gwbl, gludwch yr allwedd a gyhoeddodd y sefydliad mewn man arall, er enghraifft yn ei adroddiad.
verify-server-key = Allwedd y gweinydd hwn:
verify-witness-policy = Mae gan y cofnod hwn { $count } o dystion annibynnol; mae pwynt gwirio'n cyfrif fel un wedi'i dystio pan fydd { $quorum } ohonynt wedi'i gydlofnodi.
verify-submit = Gwirio'r dderbynneb hon
verify-browser-heading = Wedi'i gwirio yn eich porwr
verify-server-heading = Wedi'i gwirio gan y gweinydd hwn
verify-server-hint = Os yw eich porwr a'r gweinydd hwn yn cytuno, gallwch fod yn hyderus yn y canlyniad.
verify-proves-heading = Beth mae'r dderbynneb hon yn ei brofi
verify-noscript = Mae JavaScript wedi'i ddiffodd, felly dim ond gwiriad y gweinydd a ddangosir. Gyda JavaScript ymlaen, mae eich porwr yn gwirio'r dderbynneb ei hun.
verify-how = Beth sy'n cael ei wirio
verify-how-plain = Mae'r gwiriad yn sicrhau bod y dderbynneb wedi'i llofnodi gan geidwad y cofnod, bod y cofnod yn wir yn rhan o'r cofnod cyhoeddus, a bod y person neu'r sefydliad a enwir wedi'i ddweud mewn gwirionedd.
verify-how-hint = Camau protocol Heard yw'r rhain (docs/PROTOCOL.md, “Receipts”); dim ond pan fydd y dderbynneb yn cynnwys cydlofnodion y caiff tystion eu gwirio.
verify-bad-link = Nid yw'r ddolen wirio hon yn gyflawn: dylai'r cofnod fod yn 64 nod (0–9, a–f).
verify-unknown-entry = Nid oes cofnod gyda'r ôl bys hwn yn y cofnod hwn.
verify-paste-first = Gludwch dderbynneb yn gyntaf.
verify-too-large = Mae'r hyn a ludwyd gennych yn fwy nag y mae'r gwasanaeth hwn yn ei dderbyn; gludwch un dderbynneb.
verify-form-unreadable = Nid oedd modd darllen y ffurflen; gludwch y dderbynneb eto.
verify-valid = dilys
verify-not-valid = annilys
verify-all-passed = Llwyddodd pob gwiriad.
verify-failed = Methodd gwiriad: { $check }.
verify-the-receipt = y dderbynneb
verify-each-check = Pob gwiriad, gam wrth gam
verify-passed = Llwyddo:
verify-failed-mark = Methu:
check-receipt-format = Mae modd darllen y dderbynneb
check-checkpoint-signature = Llofnododd ceidwad y cofnod y fersiwn hon o'r cofnod mewn gwirionedd
check-witnesses = Cafodd ei chydlofnodi gan dystion annibynnol
check-checkpoint-format = Mae'r fersiwn wedi'i llofnodi yn perthyn i'r cofnod hwn
check-entry-format = Mae'r cofnod yn y dderbynneb yn gyflawn ac yn y man y mae'n ei honni
check-inclusion = Mae'r cofnod yn rhan o'r cofnod wedi'i lofnodi (mae'r prawf yn gywir)
check-statement-signature = Mae llofnod yr awdur ei hun ar yr hyn a ddywedodd yn ddilys
check-other = Gwiriad
proves-words = Y geiriau
proves-where = Ble
proves-shown-as = Wedi'i ddangos fel
proves-done = Beth a wnaed
proves-no-answer = dim ateb eto
proves-hint = Mae'r gwiriadau'n profi'r cofnod ei hun: pa fath o ddatganiad ydyw, pwy a'i llofnododd a phryd. Daw'r gweddill o gofnod y gweinydd hwn o'r hyn a ddigwyddodd o'i gwmpas.
vi-kicker = Syniad yn y cofnod cyhoeddus
vi-title = Beth a ddywedwyd
vi-withdrawn = Tynnodd y cyfrannwr y syniad hwn yn ôl. Cafodd ei eiriau eu dileu; dim ond y ffaith bod syniad wedi'i roi y mae'r cofnod yn ei chadw.
vi-consultation = Yn yr ymgynghoriad
vi-used-in = Defnyddiwyd yn
vi-not-cited = Nid oes adroddiad wedi dyfynnu'r syniad hwn eto.
vi-answer = Beth wnaeth y sefydliad
vi-no-answer = Dim ateb eto.
vi-everything = Popeth am y syniad hwn

## Tudalen hawlio

claim-title = Hawlio eich syniadau
claim-lead = Os gwnaethoch roi syniadau mewn gweithdy neu gyfarfod, efallai fod yr hwylusydd wedi rhoi cerdyn hawlio i chi. Gyda'r cod sydd arno, gallwch gysylltu'r syniadau hynny â chi, dewis sut mae eich enw'n ymddangos, a chadw prawf mai chi a'u rhoddodd.
claim-withdrawn = wedi'i dynnu'n ôl: cafodd y geiriau eu dileu
claim-text-missing = nid yw'r geiriau'n cael eu cadw ar y gweinydd hwn
claim-bad-code = Nid yw'r cod hwn yn hollol gywir. Gwiriwch bob nod yn erbyn eich cerdyn: mae gan god 27 o lythrennau a digidau, mewn grwpiau o bedwar.
claim-unknown-card = Nid oeddem yn gallu dod o hyd i gerdyn gyda'r cod hwn. Gwiriwch bob nod yn erbyn eich cerdyn, neu gofynnwch i'r person a roddodd y cerdyn i chi.
claim-code-label = Y cod ar eich cerdyn
claim-code-hint = 27 o lythrennau a digidau, er enghraifft 7Q2M-4K8D-…. Nid oes ots am briflythrennau, bylchau a chysylltnodau.
claim-find = Dod o hyd i fy syniadau
claim-card-from = Mae eich cerdyn o “{ $title }”
claim-card-ideas = Y syniadau a gofnodwyd gyda'r cerdyn hwn:
claim-see-idea = Gweld y syniad hwn
claim-already = Mae'r cerdyn hwn eisoes wedi'i hawlio. Os nad chi oedd hynny, rhowch wybod i'r sefydliad a gynhaliodd y sesiwn.
claim-consent-legend = Sut dylid eich dangos wrth ymyl y syniadau hyn?
claim-consent-named = Wrth fy enw
claim-consent-pseudonym = Wrth enw rwy'n ei ddewis (ffugenw)
claim-consent-anonymous = Heb fy enwi: dangoswch fi fel “cyfrannwr”
claim-name-label = Eich enw neu'r enw a ddewiswch
claim-name-hint = Mae hwn yn gyhoeddus ac yn aros yn y cofnod am byth, hyd yn oed os byddwch yn newid sut y cewch eich dangos yn nes ymlaen. Os efallai na fyddwch am i'ch enw adael unrhyw ôl yn nes ymlaen, dewiswch ffugenw neu arhoswch yn ddienw.
claim-noscript = Mae angen JavaScript i hawlio: caiff eich allwedd ei gwneud a'i defnyddio ar y ddyfais hon yn unig, felly nid yw byth yn dod atom ni. Trowch JavaScript ymlaen, defnyddiwch borwr arall, neu gofynnwch i'r hwylusydd am help.
claim-submit = Hawlio'r syniadau hyn
claim-key-choice-hint = Ffeil fach sy'n profi mai chi biau'r syniadau hyn yw ffeil allwedd. Defnyddiwch yr un ffeil allwedd ar gyfer pob cerdyn a gewch, fel bod eich holl syniadau'n cael eu cadw gyda'i gilydd mewn un lle.
claim-key-new = Dyma fy ngherdyn cyntaf: gwnewch ffeil allwedd i mi
claim-key-existing = Mae gennyf ffeil allwedd eisoes o gerdyn cynharach
claim-key-file-hint = Dyma'r ffeil a gadwoch pan wnaethoch hawlio eich cerdyn cyntaf, fel arfer o'r enw heard-key-….txt. Caiff ei darllen ar y ddyfais hon yn unig ac ni chaiff byth ei hanfon atom ni.
claim-save-key-heading = Yn gyntaf, cadwch eich ffeil allwedd
claim-keep-safe = Cadwch y ffeil hon yn ddiogel.
claim-keep-safe-why = Dyma'r unig ffordd o ddangos yn nes ymlaen mai chi biau'r syniadau hyn, o newid sut y cewch eich dangos, neu o dynnu eich geiriau'n ôl. Nid oes gan neb arall gopi, nid ni na'r hwylusydd, felly ni allwn anfon un arall atoch.
claim-save-where = Cadwch hi lle y byddwch yn dod o hyd iddi eto: ar gof bach USB, mewn e-bost atoch chi eich hun, neu wedi'i hargraffu a'i chadw gyda'ch papurau. Yna dewch yn ôl i'r dudalen hon i orffen.
claim-key-make = Gwneud a lawrlwytho fy ffeil allwedd
claim-key-again = Lawrlwytho fy ffeil allwedd eto
claim-key-saved = Rwyf wedi cadw fy ffeil allwedd ac rwy'n gwybod ble i ddod o hyd iddi
claim-about-key = Beth yw'r allwedd, a beth os byddaf yn ei cholli?
claim-about-key-1 = Pan fyddwch yn hawlio eich cerdyn cyntaf, mae eich porwr yn gwneud allwedd: cyfrinach sydd gennych chi yn unig, wedi'i chadw fel ffeil fach. Mae'r cofnod yn dangos mai deiliad yr allwedd honno biau'r syniadau, felly gallwch brofi yn nes ymlaen mai chi a'u rhoddodd, newid sut mae eich enw'n ymddangos, neu dynnu eich geiriau'n ôl. Pan gewch gerdyn arall, agorwch yr un ffeil allwedd i'w hawlio: bydd eich holl syniadau wedyn yn ymddangos gyda'i gilydd.
claim-about-key-2 = Os byddwch yn colli'r ffeil allwedd, bydd eich syniadau'n aros yn y cofnod ac yn cael eu cydnabod fel y dewisoch. Gall yr hwylusydd a'u cofnododd eu tynnu'n ôl ar eich rhan o hyd, a gall y sefydliad roi cerdyn newydd i chi ar gyfer sesiynau yn y dyfodol. Ni all neb, gan gynnwys ni, ddefnyddio eich allwedd: nid ydym byth yn ei gweld.

## Tudalen syniad

idea-withdrawn-title = Syniad a dynnwyd yn ôl
idea-from = Syniad o
idea-see-proof = Gweld y prawf
idea-shared-with = Wedi'i rannu â
idea-co-contributors = { $count } cydgyfrannwr a'i cadarnhaodd
idea-topics = Pynciau
idea-lineage = Syniadau y mae'n gysylltiedig â nhw
idea-builds-on = Mae'n adeiladu ar
idea-built-on-by = Syniadau diweddarach sy'n adeiladu arno
idea-where-used = Ble cafodd ei ddefnyddio
idea-no-response = Nid yw'r sefydliad wedi ymateb i'r syniad hwn eto.
idea-add-to-report = Ychwanegu at adroddiad
idea-proof = Prawf
idea-proof-lead = Ffeil destun fach yw derbynneb sy'n profi bod y syniad hwn yn y cofnod cyhoeddus. Gall unrhyw un ei gwirio, nawr neu ymhen blynyddoedd, heb orfod ymddiried yn y wefan hon.
idea-download-receipt = Lawrlwytho'r dderbynneb
idea-as-tlog-proof = fel ffeil .tlog-proof
idea-check-now = Ei gwirio nawr
idea-words-check = Gall eich porwr wirio mai'r geiriau uchod yw'r union eiriau sydd yn y cofnod.
idea-words-check-how = Mae SHA-256 yr halen hwn wedi'i ddilyn gan y geiriau (UTF-8) yn hafal i'r ôl bys yn y cofnod wedi'i lofnodi.
idea-salt = Halen (base64):
idea-key-summary = Allwedd gyhoeddus y cofnod
idea-log-key = Allwedd gyhoeddus y cofnod, y mae'n rhaid i'r dderbynneb gael ei gwirio oddi tani:
idea-history = Beth ddigwyddodd, yn eu trefn

## Fy nghyfraniadau

contrib-bad-key = Mae allwedd gyhoeddus yn 64 nod: y digidau 0 i 9 a'r llythrennau a i f.
contrib-find-lead = Gweld pob syniad sy'n gysylltiedig â'ch allwedd: ble cafodd ei ddyfynnu, beth wnaeth y sefydliad, a'r derbynebau sy'n profi hynny.
contrib-file-stays = Mae eich ffeil allwedd yn aros ar y ddyfais hon: dim ond y rhan gyhoeddus ohoni y mae'r dudalen yn ei darllen.
contrib-file-noscript = Mae angen JavaScript i agor y ffeil allwedd. Gallwch deipio eich allwedd gyhoeddus isod yn lle hynny.
contrib-type-key = Neu teipiwch eich allwedd gyhoeddus
contrib-public-key = Allwedd gyhoeddus
contrib-key-hint = 64 nod, a ddangoswyd ar ôl i chi hawlio eich syniadau.
contrib-show = Dangos fy nghyfraniadau
contrib-title = Cyfraniadau
contrib-none = Nid oes syniadau'n gysylltiedig â'r allwedd hon eto. Os ydych newydd hawlio cerdyn, bydd eich syniadau'n ymddangos yma cyn gynted ag y caiff yr hawliad ei gofnodi.
contrib-summary = { $count } syniad wedi'u rhoi; { $cited } wedi'u dyfynnu mewn adroddiad.
contrib-key = Allwedd
contrib-print = Argraffu'r dudalen hon
contrib-print-hint = Gallwch hefyd ei hargraffu gyda gorchymyn Argraffu eich porwr.
contrib-feed-before = I glywed pan fydd adroddiad yn defnyddio'r syniadau hyn neu pan fydd sefydliad yn eu hateb,
contrib-feed-link = dilynwch nhw mewn darllenydd ffrydiau (ffrwd Atom)
contrib-feed-after = Nid yw'n enwi neb.
contrib-feed-title = Beth ddigwyddodd i syniadau un cyfrannwr
contrib-credit = Cadw eich clod
contrib-credit-1 = Daw derbynebau gyda phob syniad isod: prawf, wedi'i lofnodi gan y cofnod cyhoeddus, mai chi a'i rhoddodd, mai chi a'i hawliodd, a ble cafodd ei ddyfynnu neu ei ateb. Maent yn aros yma am byth, a gallwch lawrlwytho pob un.
contrib-credit-2 = Gallwch hefyd lawrlwytho un ffeil gyda'ch holl syniadau a'u holl dderbynebau. Cadwch hi'n ddiogel a'i dangos i unrhyw un: mae'n agor mewn unrhyw borwr gwe ac yn gwirio pob derbynneb ar ei phen ei hun, heb y rhyngrwyd a heb y wefan hon.
contrib-credit-download = Lawrlwytho fy nghlod
contrib-you-withdrew = Gwnaethoch dynnu'r syniad hwn yn ôl: cafodd ei eiriau eu dileu.
contrib-co = rydych yn gydgyfrannwr
contrib-response = Ymateb
contrib-none-yet = dim eto
contrib-thanks = Diolch a thaliadau
contrib-ack-declined = Gwrthodwyd
contrib-ack-paid = Cydnabuwyd: talwyd
contrib-ack-recognised = Cydnabuwyd
contrib-amount-private = mae'r swm yn breifat
contrib-receipt = Derbynneb:
contrib-manage = Newid sut y cewch eich dangos, neu dynnu syniad yn ôl
contrib-manage-lead = I wneud newid, agorwch eich ffeil allwedd. Caiff ei darllen ar y ddyfais hon yn unig; caiff y newid ei lofnodi yma a dim ond y newid wedi'i lofnodi a anfonir.
contrib-manage-noscript = Mae angen JavaScript i wneud newid, oherwydd caiff eich allwedd ei defnyddio ar y ddyfais hon yn unig.
contrib-consent-legend = Sut dylid eich dangos ar eich holl syniadau?
contrib-consent-pseudonym = Wrth enw rwy'n ei ddewis
contrib-consent-anonymous = Heb fy enwi
contrib-name = Enw neu enw a ddewiswyd
contrib-name-hint = Mae'n gyhoeddus, ac mae'n aros yn y cofnod am byth.
contrib-save = Llofnodi a chadw'r newid hwn
contrib-withdraw-idea = Syniad i'w dynnu'n ôl
contrib-idea = syniad
contrib-withdraw-sure = Rwy'n deall y caiff ei eiriau eu dileu am byth; dim ond y ffaith fy mod wedi rhoi syniad y mae'r cofnod yn ei chadw.
contrib-withdraw = Llofnodi a thynnu'r syniad hwn yn ôl
badge-title = Cael bathodyn am syniad
badge-1 = Ffeil fach yw bathodyn sy'n profi eich bod wedi rhoi syniad, ble, a beth a ddaeth ohono. Mae wedi'i lofnodi, felly gall unrhyw un wirio ei fod yn ddilys, heb y wefan hon.
badge-2 = Defnyddiwch ef mewn CV neu gais am swydd, atodwch ef at gais am gyllid, neu ychwanegwch ef at waled bathodynnau digidol (ap neu wefan sy'n cadw tystysgrifau a bathodynnau, fel y rhai a ddefnyddir ar gyfer proffiliau LinkedIn). Mae'n dilyn safon Open Badges 3.0, y mae'r waledi hynny'n ei darllen.
badge-noscript = Mae angen JavaScript i gael bathodyn, oherwydd caiff eich ffeil allwedd ei defnyddio ar y ddyfais hon yn unig.
badge-one-idea = Un syniad
badge-whole-consultation = Fy holl syniadau mewn ymgynghoriad
badge-consultation-option = { $title } ({ $count } syniad)
badge-idea = Syniad
badge-name-legend = A ddylai'r bathodyn ddangos eich enw?
badge-name-hint = Dim ond yr enw a ddewisoch ar gyfer y syniad hwn y gall ei ddangos, neu ddim enw.
badge-no-name = Dim enw. Mae'r bathodyn wedi'i glymu wrth eich ffeil allwedd yn lle hynny, felly dim ond chi all ddangos mai chi biau ef.
badge-named = Dangos yr enw ar y syniad hwn
badge-key-hint = Caiff ei darllen ar y ddyfais hon yn unig, i lofnodi eich cais. Ni chaiff ei hanfon.
badge-download = Lawrlwytho fy mathodyn

## Tudalennau staff

staff-consultation-lang = Iaith yr ymgynghoriad
staff-consultation-lang-hint = Caiff ei gardiau hawlio eu hargraffu yn yr iaith hon.

## Cardiau hawlio (wedi'u hargraffu yn iaith yr ymgynghoriad)

card-for = Ar gyfer { $name }
card-your-idea = Eich syniad:
card-one-of-your-ideas = Un o'ch { $count } syniad:
card-your-ideas-session = Eich { $count } syniad o'r sesiwn hon
card-your-idea-session = Eich syniad o'r sesiwn hon
card-qr-label = Cod QR: sganiwch ef i hawlio eich syniadau
card-your-code = Eich cod
card-scan = Sganiwch y sgwâr gyda chamera ffôn, neu ewch i
card-type-code = a theipiwch y cod.
card-no-phone = Dim ffôn? Defnyddiwch gyfrifiadur llyfrgell, neu gofynnwch i'r hwylusydd.
card-private = Cadwch y cerdyn hwn yn breifat: dim ond unwaith y mae'r cod yn gweithio.
card-doc-title = Cardiau hawlio: { $title }
