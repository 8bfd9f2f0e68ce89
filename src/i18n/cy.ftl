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

## Sgriptiau'r tudalennau (mae static/*.js yn gofyn am y rhain gyda msg(); mae tudalen yn pasio'r rhai y mae ei sgriptiau'n gofyn amdanynt)

js-status = statws { $status }
js-server-answered = atebodd y gweinydd { $status }
js-connection-failed = methodd y cysylltiad â'r gweinydd
js-technical-details = Manylion technegol
js-signing-sending = Yn llofnodi ar y ddyfais hon ac yn anfon…
js-key-choose-first = Dewiswch eich ffeil allwedd yn gyntaf.
js-key-https-only = Dim ond ar gysylltiad diogel (https) y mae'r porwr hwn yn caniatáu allweddi.
js-key-too-large = Mae'r ffeil hon yn rhy fawr i fod yn ffeil allwedd Heard.
js-key-file-too-large = mae'n rhy fawr i fod yn ffeil allwedd Heard
js-key-unusable = Ni ellir defnyddio'r ffeil allwedd hon: { $reason }.
js-key-bad-name = mae enw'r allwedd yn wag neu mae bwlch neu + ynddo
js-key-not-key-file = nid ffeil allwedd Heard yw hon (dylai ddechrau gyda PRIVATE+KEY+)
js-key-incomplete = nid yw'r ffeil allwedd yn gyflawn
js-key-damaged-id = mae'r ffeil allwedd wedi'i difrodi (nid yw ID ei hallwedd yn 8 digid hecs)
js-key-damaged-base64 = mae'r ffeil allwedd wedi'i difrodi (nid yw ei hallwedd yn base64)
js-key-not-ed25519 = nid yw'r ffeil allwedd yn cynnwys allwedd Ed25519
js-key-damaged-mismatch = mae'r ffeil allwedd wedi'i difrodi (nid yw ID ei hallwedd yn cyfateb i'r allwedd)
js-pubkey-form = mae allwedd gyhoeddus ar y ffurf <enw>+<8 digid hecs>+<base64>
js-pubkey-id = nid yw ID yr allwedd yn 8 digid hecs mewn llythrennau bach
js-pubkey-base64 = nid yw'r allwedd yn base64 canonaidd
js-pubkey-type = nid yw'r allwedd yn allwedd Ed25519 o fath 0x01 neu 0x04
js-pubkey-mismatch = nid yw ID yr allwedd yn cyfateb i'r allwedd
js-code-bad-character = mae nod yn y cod nad yw ar gardiau
js-code-length = mae gan god hawlio 27 o lythrennau a digidau
js-code-check = nid yw nod olaf y cod yn cyfateb: mae nod wedi'i deipio'n anghywir
js-code-last-letter = nid yw llythyren olaf y cod yn un y gall cerdyn ei chynnwys
js-form-choose-how-you = dewiswch sut y cewch eich dangos
js-form-choose-how-they = dewiswch sut y cânt eu dangos
js-form-write-name = ysgrifennwch yr enw i'w ddangos

# claim.js
js-claim-again = Pwyswch “Hawlio'r syniadau hyn” eto: bydd yr un allwedd yn cael ei defnyddio.
js-claim-fail-network = Nid oeddem yn gallu cysylltu â Heard, felly nid ydym yn gwybod a gafodd eich hawliad ei gofnodi. Gwiriwch eich bod ar-lein. { $again } Os cafodd ei gofnodi, byddwn yn dweud wrthych.
js-claim-fail-already = Mae'r cerdyn hwn eisoes wedi'i hawlio gydag allwedd arall. Os nad chi oedd hynny, rhowch wybod i'r sefydliad a gynhaliodd y sesiwn.
js-claim-fail-bad-code = Nid yw'r cod yn cyfateb i'r cerdyn hwn. Gwiriwch ef yn erbyn eich cerdyn a chwiliwch amdano eto.
js-claim-fail-rate = Gormod o ymdrechion o'r cysylltiad hwn. Arhoswch funud. { $again }
js-claim-fail-busy = Nid oedd Heard yn gallu cofnodi eich hawliad ar hyn o bryd. Does dim wedi'i golli. Arhoswch ychydig funudau. { $again }
js-claim-fail-key-stopped = Ni ellir defnyddio'r ffeil allwedd hon mwyach: mae'r cofnod yn dweud iddi gael ei disodli neu ei hatal. Gofynnwch i'r hwylusydd am help.
js-claim-fail-other = Ni chafodd eich hawliad ei gofnodi. Dywedodd y gweinydd: { $reason }. Gofynnwch i'r hwylusydd am help os yw hyn yn dal i ddigwydd.
js-claim-key-earlier = Cafodd eich ffeil allwedd ei gwneud yn gynharach ar y dudalen hon (mae enw'r ffeil yn dechrau heard-key-{ $id }). Mae'r hawliad hwn yn defnyddio'r un allwedd.
js-claim-make-https = Ni all y dudalen hon wneud allwedd yma: dim ond ar gysylltiad diogel (https) y mae'r porwr yn caniatáu hynny. Gofynnwch i'r hwylusydd am help.
js-claim-make-unsupported = Ni all y porwr hwn wneud y math o allwedd y mae Heard yn ei defnyddio. Defnyddiwch borwr cyfredol, neu gofynnwch i'r hwylusydd am help.
js-claim-key-downloading = Mae eich ffeil allwedd yn cael ei lawrlwytho fel heard-key-{ $id }.txt. Cadwch hi'n ddiogel, yna ticiwch y blwch isod.
js-claim-file-https = Dim ond ar gysylltiad diogel (https) y mae'r porwr hwn yn caniatáu allweddi. Gofynnwch i'r hwylusydd am help.
js-claim-file-opened = Agorwyd y ffeil allwedd (allwedd { $id }…). Bydd y syniadau hyn yn ymuno â'r rhai eraill a hawliwyd gyda hi.
js-claim-file-refused = Ni ellir defnyddio'r ffeil hon: { $reason }. Ni newidiwyd dim. Dewiswch y ffeil allwedd a gadwoch pan wnaethoch hawlio eich cerdyn cyntaf.
js-claim-check-form = Gwiriwch y ffurflen: { $reason }
js-claim-need-file = Agorwch eich ffeil allwedd: y ffeil a gadwoch pan wnaethoch hawlio eich cerdyn cyntaf
js-claim-need-make = Gwnewch a lawrlwythwch eich ffeil allwedd yn gyntaf
js-claim-need-saved = Cadwch eich ffeil allwedd, yna ticiwch y blwch i ddweud eich bod wedi'i chadw
js-claim-sending = Yn llofnodi eich hawliad ar y ddyfais hon ac yn ei anfon…
js-claim-done-earlier = Wedi'i wneud: roedd eich hawliad eisoes wedi ein cyrraedd, ac mae'r syniadau hyn wedi'u cysylltu â'ch allwedd.
js-claim-done = Wedi'i wneud: mae'r syniadau hyn bellach wedi'u cysylltu â'ch allwedd.
js-claim-see-all = Gweld eich holl gyfraniadau a'u derbynebau
js-claim-proof = Prawf eich bod wedi'u hawlio:
js-claim-download-receipt = lawrlwythwch dderbynneb eich hawliad
js-claim-receipts-stay = Mae pob derbynneb yn aros ar dudalen eich cyfraniadau, lle gallwch eu lawrlwytho i gyd unrhyw bryd.

# contributor.js
js-contrib-opening = Yn agor eich cyfraniadau…
js-contrib-check-form = Gwiriwch y ffurflen: { $reason }.
js-contrib-not-your-ideas = nid y ffeil allwedd hon yw'r allwedd y mae'r syniadau hyn wedi'u cysylltu â hi
js-contrib-not-recorded = Ni chafodd y newid ei gofnodi: { $reason }.
js-contrib-consent-saved = Wedi'i gadw: mae eich syniadau bellach yn eich dangos fel y dewisoch. Ail-lwythwch y dudalen i weld hyn.
js-contrib-withdraw-confirm = Ticiwch y blwch i gadarnhau y bydd y geiriau'n cael eu dileu am byth.
js-contrib-withdrawn = Wedi'i dynnu'n ôl: cafodd geiriau'r syniad eu dileu. Ail-lwythwch y dudalen i weld hyn.
js-contrib-new = Newydd
js-contrib-nothing-new = Dim byd newydd ers eich ymweliad diwethaf ar y ddyfais hon.
js-contrib-new-count = { $count ->
    [one] Mae { $count } peth yn newydd ers eich ymweliad diwethaf ar y ddyfais hon, wedi'i farcio “Newydd”.
   *[other] Mae { $count } o bethau'n newydd ers eich ymweliad diwethaf ar y ddyfais hon, wedi'u marcio “Newydd”.
}
js-contrib-new-next-time = Y tro nesaf y byddwch yn agor y dudalen hon ar y ddyfais hon, bydd unrhyw beth newydd ers heddiw wedi'i farcio “Newydd”.
js-badge-show-name = Dangos fy enw fel “{ $name }”
js-badge-name-impossible = Dangos fy enw (dim yn bosibl: gwnaethoch ddewis peidio â chael eich enwi ar y syniad hwn)
js-badge-asking = Yn llofnodi eich cais ar y ddyfais hon ac yn gofyn am y bathodyn…
js-badge-connection = Nid oedd modd gwneud y bathodyn: methodd y cysylltiad â'r gweinydd. Rhowch gynnig arall arni.
js-badge-not-your-idea = nid y ffeil allwedd hon yw'r allwedd y mae'r syniad hwn wedi'i gysylltu â hi
js-badge-not-made = Ni chafodd bathodyn ei wneud: { $reason }.
js-badge-saved = Cafodd eich bathodyn ei gadw fel ffeil .json. Cadwch ef gyda'ch ffeil allwedd; ychwanegwch ef at waled bathodynnau neu ei atodi lle bynnag y mae ei angen arnoch.

# recovery.js
js-recovery-cancelled = Wedi'i ganslo: mae'r clod yn aros gyda'r allwedd hon. Ail-lwythwch y dudalen i weld hyn.
js-recovery-not-old-key = nid y ffeil allwedd hon yw'r allwedd y byddai ei chlod yn symud
js-recovery-not-recorded = Ni chafodd y canslo ei gofnodi: { $reason }.

# idea.js
js-check-https-only = Dim ond ar gysylltiad diogel (https) y mae'r porwr hwn yn caniatáu'r gwiriad hwn.
js-idea-receipt-fetch = nid oedd modd nôl y dderbynneb (statws { $status })
js-idea-receipt-invalid = Wedi'i wirio yn eich porwr: ni chafodd derbynneb y syniad hwn ei dilysu, felly nid oedd modd gwirio ei eiriau.
js-idea-fetch = nid oedd modd nôl y syniad (statws { $status })
js-idea-words-gone = Nid yw geiriau'r syniad hwn yn cael eu dangos mwyach, felly does dim i'w wirio.
js-idea-words-match = Wedi'i wirio yn eich porwr: mae'r geiriau hyn, gyda'r halen, yn rhoi'n union yr ôl bys sydd yn y cofnod wedi'i lofnodi.
js-idea-words-mismatch = Wedi'i wirio yn eich porwr: NID yw'r geiriau hyn yn rhoi'r ôl bys sydd yn y cofnod wedi'i lofnodi.
js-idea-words-error = Nid oedd modd gwirio'r geiriau: { $reason }.

# verify.js
js-check-receipt-format = Mae modd darllen y dderbynneb
js-check-checkpoint-signature = Llofnododd ceidwad y cofnod y fersiwn hon o'r cofnod mewn gwirionedd
js-check-witnesses = Cafodd ei chydlofnodi gan dystion annibynnol
js-check-checkpoint-format = Mae'r fersiwn wedi'i llofnodi yn perthyn i'r cofnod hwn
js-check-entry-format = Mae'r cofnod yn y dderbynneb yn gyflawn ac yn y man y mae'n ei honni
js-check-inclusion = Mae'r cofnod yn rhan o'r cofnod wedi'i lofnodi (mae'r prawf yn gywir)
js-check-statement-signature = Mae llofnod yr awdur ei hun ar yr hyn a ddywedodd yn ddilys
js-check-entry-in-log = Mae'r eitem hon yn y cofnod hwn
js-verify-valid = dilys
js-verify-not-valid = annilys
js-verify-all-passed = Pasiodd pob gwiriad.
js-verify-failed = Methodd gwiriad: { $check }.
js-verify-the-receipt = y dderbynneb
js-verify-passed = Llwyddo:
js-verify-failed-mark = Methu:
js-verify-words-withdrawn = Tynnodd y cyfrannwr y syniad hwn yn ôl: cafodd ei eiriau a'i halen eu dileu, felly does dim geiriau i'w gwirio.
js-verify-words-missing = Nid yw'r gweinydd hwn yn cadw geiriau'r syniad hwn.
js-verify-words-match = Mae geiriau'r syniad, fel y mae'r gweinydd hwn yn eu dangos, yn rhoi'n union yr ôl bys sydd yn y cofnod wedi'i lofnodi.
js-verify-words-mismatch = NID yw geiriau'r syniad, fel y mae'r gweinydd hwn yn eu dangos, yn rhoi'r ôl bys sydd yn y cofnod wedi'i lofnodi.
js-verify-words-error = Nid oedd modd gwirio geiriau'r syniad: { $reason }.
js-proves-words = Y geiriau
js-proves-withdrawn = Wedi'i dynnu'n ôl gan y cyfrannwr: cafodd y geiriau eu dileu.
js-proves-where = Ble
js-proves-given-on = Wedi'i roi ar
js-proves-shown-as = Wedi'i ddangos fel
js-proves-cited-in = Wedi'i ddyfynnu yn
js-proves-not-yet = dim eto
js-proves-done = Beth a wnaed
js-proves-no-answer = dim ateb eto
js-proves-hint = Mae'r gwiriadau'n profi'r cofnod ei hun: pa fath o ddatganiad ydyw, pwy a'i llofnododd a phryd. Daw'r gweddill o gofnod y gweinydd hwn o'r hyn a ddigwyddodd o'i gwmpas.
js-verify-disagree-browser-valid = Nid yw eich porwr a'r gweinydd hwn yn cytuno. Canfu eich porwr fod y dderbynneb yn ddilys gyda'r allwedd uchod, ond ni chanfu'r gweinydd hwn hynny: mae'n debyg nad yr allwedd uchod yw allwedd y gweinydd hwn, felly mae'r dderbynneb yn perthyn i gofnod arall, neu nid yw'r gweinydd hwn yn cadw'r cofnod mwyach. Dibynnwch ar y gwiriad a wnaed gyda'r allwedd a gyhoeddodd y sefydliad.
js-verify-disagree-server-valid = Nid yw eich porwr a'r gweinydd hwn yn cytuno. Canfu'r gweinydd hwn fod y dderbynneb yn ddilys gyda'i allwedd ei hun, ond ni chanfu eich porwr hynny gyda'r allwedd uchod. Os gwnaethoch ludo allwedd a gyhoeddodd y sefydliad a bod y gwiriad yn methu, ni chafodd y dderbynneb hon ei llofnodi gan y cofnod hwnnw: peidiwch â dibynnu arni. Os allwedd y gweinydd hwn ei hun yw'r allwedd uchod, nid oedd eich porwr yn gallu gwneud un o'r gwiriadau (mae angen porwr diweddar arno).
js-verify-paste-first = Gludwch dderbynneb yn gyntaf.
js-verify-https-only = Dim ond ar gysylltiad diogel (https) y mae'r porwr hwn yn caniatáu'r gwiriadau hyn; mae canlyniad y gweinydd isod.
js-verify-witnessed = Wedi'i thystio: cydlofnododd { $count } o'r { $total } o dystion sydd gan y cofnod hwn y pwynt gwirio hwn{ $who }; mae angen { $quorum }.
js-verify-not-witnessed = Heb ei thystio eto: cydlofnododd { $count } o'r { $total } o dystion sydd gan y cofnod hwn y pwynt gwirio hwn{ $who }; mae angen { $quorum }. Mae'r dderbynneb yn dal yn ddilys; nôl hi eto yn nes ymlaen i gael un wedi'i thystio.
js-verify-key-unusable = Ni ellir defnyddio allwedd gyhoeddus y cofnod: { $reason }.
js-verify-server-failed = Nid oedd y gweinydd yn gallu ei gwirio: { $reason }.
js-verify-file-too-large = Mae'r ffeil hon yn rhy fawr i fod yn dderbynneb.

# credit.js (mewn ffeil “Lawrlwytho fy nghlod”)
js-credit-fail-receipt-format = nid yw'r dderbynneb yn gyflawn neu nid yw ar y ffurf gywir
js-credit-fail-checkpoint-signature = nid yw wedi'i llofnodi gydag allwedd y cofnod
js-credit-fail-checkpoint-format = nid yw ei chrynodeb wedi'i lofnodi yn perthyn i'r cofnod hwn
js-credit-fail-entry-format = mae'r cofnod ynddi wedi'i ddifrodi
js-credit-fail-inclusion = nid oes prawf bod y cofnod yn rhan o'r cofnod wedi'i lofnodi
js-credit-fail-statement-signature = nid yw'r datganiad ynddi wedi'i lofnodi gan ei awdur
js-credit-fail-seq = derbynneb cofnod { $got } yw hi, nid cofnod { $want }
js-credit-fail-kind = mae'n profi datganiad { $got }, nid datganiad { $want }
js-credit-fail-about-key = nid yw'r datganiad y mae'n ei brofi yn ymwneud â'r allwedd hon
js-credit-fail-about = nid yw'r datganiad y mae'n ei brofi yn ymwneud â'r syniad hwn
js-credit-fail-words = nid y geiriau sydd yn y ffeil hon yw'r geiriau sydd yn y cofnod
js-credit-fail-error = nid oedd modd ei gwirio: { $reason }
js-credit-checking = Yn gwirio pob derbynneb ar y ddyfais hon…
js-credit-genuine = Wedi'i gwirio: dilys.
js-credit-failed = Wedi methu: { $reason }.
js-credit-all-good = Mae pob un o'r { $count } o dderbynebau yn gywir: mae pob un wedi'i llofnodi gydag allwedd y cofnod ac yn profi'r hyn y mae'n ei ddweud.
js-credit-some-bad = Methodd { $count } o'r { $total } o dderbynebau y gwiriad (wedi'u marcio “Wedi methu” isod). Mae'r lleill yn gywir.

## “Lawrlwytho fy nghlod”: y ffeil (pages/credit.rs)

credit-file-title = Fy nghlod, gyda'i brawf
credit-file-ideas = { $count ->
    [one] { $count } syniad wedi'i roi,
   *[other] { $count } o syniadau wedi'u rhoi,
}
credit-file-receipts = { $count ->
    [one] gyda { $count } derbynneb. Wedi'i gadw ar { $day } o { $origin }.
   *[other] gyda { $count } o dderbynebau. Wedi'i gadw ar { $day } o { $origin }.
}
credit-file-proof = Y ffeil hon yw eich prawf. Cadwch hi, a'i dangos i unrhyw un sydd angen gweld eich cyfraniadau: ar gyfer swydd, cais am gyllid neu eich cymuned. Mae'n ei gwirio ei hun pan gaiff ei hagor, ar y ddyfais hon, heb y rhyngrwyd: nid oes dim yn cael ei anfon i unman, ac nid yw'n dibynnu ar ein gwefan yn dal i fod yno.
credit-file-unchecked = Caiff y derbynebau eu gwirio pan fydd y ffeil hon yn cael ei hagor mewn porwr gwe gyda JavaScript ymlaen.
credit-file-withdrawn = Gwnaethoch dynnu'r syniad hwn yn ôl: cafodd ei eiriau eu dileu. Mae'r cofnod yn cadw'r ffaith i chi ei roi.
credit-file-page = Tudalen
credit-file-receipts-heading = Derbynebau
credit-file-entry = cofnod { $seq }
credit-file-not-checked = Heb ei gwirio eto.
credit-file-receipt-itself = Y dderbynneb ei hun (i arbenigwyr)
credit-file-how = Sut mae'r ffeil hon yn gwirio eich derbynebau
credit-file-how-1 = Mae pob derbynneb yn ddatganiad wedi'i lofnodi gan y cofnod cyhoeddus fod eitem ynddo, ynghyd â'r eitem ei hun. Mae'r ffeil hon yn gwirio llofnod y cofnod gydag allwedd gyhoeddus y cofnod isod, yn gwirio bod yr eitem yn rhan o'r hyn a lofnodwyd, bod ei hawdur wedi'i llofnodi, a'i bod yn ymwneud â'r syniad y mae wedi'i rhestru oddi tano. Ar gyfer derbynneb y syniad ei hun, mae hefyd yn gwirio mai'r geiriau uchod yw'r geiriau sydd yn y cofnod.
credit-file-how-2 = I fod yn siŵr mai allwedd y cofnod yw hon, cymharwch hi â'r allwedd y mae'r sefydliad yn ei chyhoeddi (er enghraifft ar ei wefan neu mewn adroddiad). Gall archwilydd ludo allwedd arall yma a gwirio eto.
credit-file-key = Allwedd gyhoeddus y cofnod
credit-file-check-again = Gwirio pob derbynneb eto
credit-file-distinct = { $count } o dderbynebau gwahanol; gellir gwirio pob un hefyd gyda'r gorchymyn
credit-file-distinct-end = ar y llinell orchymyn.
## Adfer allwedd: tudalen yr hwylusydd (/staff/recover) a thudalen yr unigolyn (/recover)

recover-needs-script = Mae angen JavaScript ar y dudalen hon, oherwydd caiff allweddi eu gwneud a'u defnyddio ar y ddyfais hon yn unig. Trowch JavaScript ymlaen, neu defnyddiwch borwr arall.
recover-staff-home-title = Ffeiliau allwedd coll
recover-staff-home = Mae rhywun wedi colli'r ffeil allwedd sy'n dal ei glod? Helpwch ef i wneud allwedd newydd, a bydd ei glod yn symud iddi.
recover-staff-title = Adfer clod rhywun
recover-staff-lead = Os yw rhywun wedi colli ei ffeil allwedd, gall wneud allwedd newydd nawr. Bydd ei glod yn symud iddi ar ôl cyfnod aros, a than hynny gall ei hen allwedd ei atal, fel na all neb gymryd ei glod yn dawel.
recover-staff-person-label = Ei god hawlio, neu'r ddolen i'w dudalen cyfraniadau
recover-staff-person-hint = Mae'r cod ar gerdyn hawlio a gafodd, er enghraifft 7Q2M-4XKD-…. Os nad oes ganddo gerdyn, dewch o hyd i'w dudalen cyfraniadau gyda'ch gilydd a gludwch ei dolen.
recover-staff-find = Parhau
recover-staff-pairing-title = Gofynnwch iddo agor y ddolen hon
recover-staff-pairing-how = Ar ei ffôn ei hun, mae'n sganio'r cod QR, neu'n mynd i'r cyfeiriad ac yn teipio'r cod. Os nad oes ganddo ffôn, agorwch y cyfeiriad ar y ddyfais hon a'i rhoi iddo.
recover-staff-pairing-address = Cyfeiriad:
recover-staff-pairing-code = Cod:
recover-staff-pairing-expiry = Mae'r ddolen a'r cod yn gweithio unwaith, am 15 munud.
recover-staff-compare-title = Gwiriwch y cod ar y ddwy sgrin
recover-staff-compare-lead = Mae ei sgrin yntau'n dangos cod nawr hefyd. Darllenwch nhw gyda'ch gilydd: rhaid iddyn nhw fod yn union yr un fath.
recover-staff-compare-warning = Os nad ydyn nhw'r un fath, peidiwch â pharhau: efallai bod rhywun arall wedi defnyddio'r ddolen. Dechreuwch eto.
recover-staff-confirm = Mae'r codau'n cyfateb: dechrau'r adfer
recover-staff-restart = Dechrau eto
recover-person-title = Cael eich clod yn ôl gydag allwedd newydd
recover-person-lead = Os ydych wedi colli'r ffeil allwedd sy'n dal eich clod, gall hwylusydd eich helpu i wneud un newydd. Bydd yn dangos dolen neu god i chi.
recover-person-code-label = Y cod ar sgrin yr hwylusydd
recover-person-code-hint = 16 o lythrennau a digidau, er enghraifft ABCD-EFGH-JKMN-PQRS.
recover-person-code-continue = Parhau
recover-person-key-title = 1. Cadw eich ffeil allwedd newydd
recover-person-key-lead = Ffeil fach yw eich allwedd newydd. Cadwch hi'n ddiogel, fel allwedd drws: gyda hi gallwch newid neu dynnu'n ôl eich syniadau. Does neb arall yn cael copi, dim hyd yn oed yr hwylusydd.
recover-person-key-make = Gwneud a llwytho i lawr fy ffeil allwedd newydd
recover-person-key-again = Ei llwytho i lawr eto
recover-person-key-saved = Rydw i wedi cadw fy ffeil allwedd newydd
recover-person-send-title = 2. Anfon eich allwedd newydd
recover-person-send-lead = Dim ond rhan gyhoeddus eich allwedd sy'n cael ei hanfon. Mae'r ffeil yn aros gyda chi.
recover-person-send = Anfon fy allwedd newydd
recover-person-check-title = Dangoswch y cod hwn i'r hwylusydd
recover-person-check-lead = Mae ei sgrin yntau'n dangos cod hefyd. Rhaid iddo fod yn union yr un fath. Os nad yw, dywedwch wrtho.
recover-qr-error-title = Ni weithiodd hynny
recover-qr-error-detail = Nid cod paru yw hwn.
js-recover-signed-out = Nid yw'r porwr hwn wedi mewngofnodi. Agorwch y ddolen wahoddiad a anfonwyd atoch yn gyntaf.
js-recover-not-facilitator = Dim ond hwyluswyr sy'n gallu dechrau adfer. Mae eich mynediad yma ar gyfer rôl arall.
js-recover-offline = Nid oes modd cyrraedd y gwasanaeth ar hyn o bryd. Rhowch gynnig arall arni ymhen munud.
js-recover-person-missing = Rhowch ei god hawlio, neu'r ddolen i'w dudalen cyfraniadau
js-recover-looking = Yn chwilio am ei glod…
js-recover-found = Wedi dod o hyd i'r clod. Nifer y syniadau sy'n gysylltiedig â'i allwedd: { $ideas }.
js-recover-card-not-claimed = Ni chafodd y cerdyn hwn ei hawlio erioed, felly does dim i'w adfer: gall ei hawlio gyda'i god yn lle hynny.
js-recover-unknown-card = Does dim cerdyn gyda'r cod hwn. Gwiriwch ef yn erbyn ei gerdyn.
js-recover-bad-code = Nid cod hawlio na dolen tudalen cyfraniadau yw hwn. Gwiriwch yr hyn a deipiwyd gennych.
js-recover-nothing = Does dim syniadau'n gysylltiedig â'r allwedd hon, felly does dim clod i'w adfer.
js-recover-open = Mae adfer y clod hwn eisoes wedi dechrau ac yn dal i aros. Rhaid iddo ddod i ben neu gael ei ganslo yn gyntaf.
js-recover-too-many = Mae gormod o adferiadau'n cael eu paratoi ar hyn o bryd. Rhowch gynnig arall arni ymhen ychydig funudau.
js-recover-refused = Ni weithiodd hynny. Dywedodd y gweinydd: { $detail }
js-recover-qr-alt = Cod QR y ddolen i'w hagor
js-recover-waiting = Yn aros iddo gadw ac anfon ei allwedd newydd…
js-recover-expired = Mae'r ddolen wedi dod i ben. Dechreuwch eto.
js-recover-sending = Yn llofnodi'r adfer ar y ddyfais hon ac yn ei anfon…
js-recover-started = Mae'r adfer wedi dechrau: daw i rym ar { $date }. Tan hynny, gall yr hen allwedd ei ganslo.
js-recover-see-old = Ei dudalen cyfraniadau (yr hen allwedd)
js-recover-failed = Ni ddechreuodd yr adfer. Dywedodd y gweinydd: { $detail }
js-recover-checking = Yn gwirio eich dolen…
js-recover-helping = Mae { $facilitator } yn eich helpu i symud clod eich allwedd goll i allwedd newydd. Daw'r symud i rym ar ôl { $days } diwrnod.
js-recover-bad-token = Nid yw'r cod hwn yn gywir. Gwiriwch ef yn erbyn sgrin yr hwylusydd.
js-recover-unknown = Nid oeddem yn gallu dod o hyd i'r cod hwn. Gwiriwch ef, neu gofynnwch i'r hwylusydd ddechrau eto.
js-recover-link-expired = Mae'r ddolen hon wedi dod i ben. Gofynnwch i'r hwylusydd ddechrau eto.
js-recover-link-used = Mae allwedd eisoes wedi'i hanfon gyda'r ddolen hon. Gofynnwch i'r hwylusydd ddechrau eto.
js-recover-no-webcrypto = Ni all y dudalen hon wneud allwedd yma: dim ond ar gysylltiad diogel (https) y mae'r porwr yn caniatáu hynny. Gofynnwch i'r hwylusydd am help.
js-recover-no-ed25519 = Ni all y porwr hwn wneud y math o allwedd y mae Heard yn ei defnyddio. Defnyddiwch borwr cyfredol, neu gofynnwch i'r hwylusydd helpu.
js-recover-key-downloading = Mae eich ffeil allwedd yn cael ei llwytho i lawr fel { $file }. Cadwch hi'n ddiogel, yna ticiwch y blwch isod.
js-recover-key-earlier = Gwnaed eich ffeil allwedd yn gynharach ar y dudalen hon ({ $file } yw ei henw). Defnyddir yr un allwedd.
js-recover-make-first = Gwnewch a llwythwch i lawr eich ffeil allwedd newydd yn gyntaf
js-recover-tick-saved = Cadwch eich ffeil allwedd newydd, yna ticiwch y blwch i ddweud eich bod wedi'i chadw
js-recover-sending-key = Yn anfon eich allwedd newydd…
js-recover-send-failed = Ni chafodd eich allwedd ei hanfon. Dywedodd y gweinydd: { $detail }
js-recover-network = Nid oeddem yn gallu cyrraedd Heard. Gwiriwch eich bod ar-lein, yna pwyswch “Anfon fy allwedd newydd” eto.
js-recover-wait-facilitator = Nawr mae'r hwylusydd yn gwirio'r cod ac yn dechrau'r adfer.
js-recover-person-started = Mae'r adfer wedi dechrau: bydd eich clod yn symud i'ch allwedd newydd ar { $date }. Tan hynny, gall eich hen allwedd ei ganslo.
js-recover-your-page = Eich tudalen cyfraniadau newydd

## Adfer allwedd: derbynebau ar y portffolio ac yn "Llwytho fy nghlod i lawr"

recovery-receipt-recover = Derbynneb yr adfer (cofnod { $seq })
recovery-receipt-cancel = Derbynneb y canslo (cofnod { $seq })
credit-recovery-title = Adfer allwedd
credit-recovery-lead = Derbynebau'r adfer sy'n symud clod rhwng yr allwedd hon ac un arall.
credit-recovery-recover = Adfer wedi'i ddechrau gan hwylusydd
credit-recovery-cancel = Adfer wedi'i ganslo gan yr hen allwedd

## Adfer allwedd: adran y portffolio (beth mae'r cofnod yn ei ddweud, a ffurflen ganslo'r hen allwedd)

recovery-from-this-key = Dechreuodd hwylusydd symud clod yr allwedd hon i allwedd newydd ar { $date } (cofnod { $seq }).
recovery-to-this-key = Gwnaed yr allwedd hon i adfer clod
recovery-lost-key = allwedd a gollwyd
recovery-started = Dechreuodd hwylusydd yr adfer ar { $date } (cofnod { $seq }).
recovery-state-cancelled = Wedi'i ganslo gan yr hen allwedd ar { $date }.
recovery-state-in-effect = Mewn grym ers { $date }.
recovery-state-waiting = Yn dod i rym ar { $date }, oni bai bod yr hen allwedd yn ei ganslo cyn hynny.
recovery-new-key = Allwedd newydd:
recovery-moved = Mae'r clod hwn wedi symud: yr allwedd newydd sy'n ei ddal nawr, ac ni all yr allwedd hon lofnodi mwyach.
recovery-not-you = Os na wnaethoch ofyn am hyn, mae eich ffeil allwedd gennych o hyd: agorwch hi isod a chanslwch. Dim ond yr allwedd sy'n dal y clod hwn all ganslo, a dim ond cyn y dyddiad uchod.
recovery-cancel-needs-script = Mae canslo angen JavaScript, oherwydd dim ond ar y ddyfais hon y defnyddir eich ffeil allwedd.
recovery-key-file = Eich ffeil allwedd
recovery-key-file-hint = Dim ond ar y ddyfais hon y caiff ei darllen, i lofnodi'r canslo. Nid yw'n cael ei hanfon.
recovery-cancel-button = Llofnodi a chanslo'r adfer hwn

## Public pages (said-did, unheard, search, reports, notices, feed, chart, proves)

sd-other-ideas = Syniadau eraill
sd-not-cited = Heb ei ddyfynnu mewn adroddiad eto.
sd-what-done = Beth a wnaed
sd-more-hidden = a roddwyd gan { $name } ar { $date }
sd-the-organisation = Y sefydliad
sd-kicker = Dywedoch chi, gwnaethom ni
sd-lead = { $count ->
    [one] Rhoddodd pobl { $count } syniad yn yr ymgynghoriad hwn. Mae'r dudalen hon yn dangos pob syniad, yr adroddiadau a'i defnyddiodd, a beth wnaeth { $org } yn ei gylch.
   *[other] Rhoddodd pobl { $count } o syniadau yn yr ymgynghoriad hwn. Mae'r dudalen hon yn dangos pob syniad, yr adroddiadau a'i defnyddiodd, a beth wnaeth { $org } yn ei gylch.
}
sd-feed-before = I glywed pan fydd adroddiad yn defnyddio'r syniadau hyn neu pan fydd y sefydliad yn eu hateb,
sd-feed-link = dilynwch y dudalen hon mewn darllenydd ffrydiau (ffrwd Atom)
sd-feed-after = Nid yw'n enwi neb. I gadw copi ar bapur, defnyddiwch orchymyn Argraffu eich porwr: mae'r dudalen yn ffitio ar A4.
sd-glance = Yn gryno
sd-idea-count = { $count ->
    [one] { $count } syniad
   *[other] { $count } o syniadau
}
sd-no-answer-yet = Dim ateb eto
sd-themes = Themâu
sd-no-ideas = Nid oes neb wedi rhoi syniadau yn yr ymgynghoriad hwn eto.
sd-theme = Thema: { $theme }
sd-page-title = Dywedoch chi, gwnaethom ni: { $title }
feed-withdrawn-idea = syniad a dynnwyd yn ôl
feed-idea-not-stored = syniad nad yw ei eiriau'n cael eu cadw yma
feed-cited-title = Dyfynnwyd yn “{ $report }” ({ $version }): { $idea }
feed-cited-summary = Defnyddiodd yr adroddiad “{ $report }” ({ $version }) { $idea } yn { $locator } ({ $how }). Fe'i rhoddwyd yn “{ $consultation }”.
feed-answer-summary = Yr ateb i'r syniad { $idea } (a roddwyd yn “{ $consultation }”): { $outcome }.
feed-answer-reason = Y rheswm: { $reason }
feed-convenor-unknown = Y sefydliad a gynullodd
feed-contributor-title = Beth ddigwyddodd i syniadau un cyfrannwr
uh-title = Heb eu clywed eto
uh-lead = Syniadau o'r ymgynghoriad hwn nad oes adroddiad wedi'u dyfynnu eto. Daw syniadau gan bobl nad oes dim wedi'i ddyfynnu ganddynt o gwbl yn gyntaf: dyma'r lleisiau sydd ar goll o adroddiad.
uh-people = Pobl a roddodd syniadau
uh-people-uncited = Pobl heb ddim wedi'i ddyfynnu eto
uh-ideas-uncited = Syniadau heb eu dyfynnu eto
uh-nobody = Gan bobl heb ddim wedi'i ddyfynnu eto ({ $count })
uh-nobody-none = Mae pawb a roddodd syniad yma wedi cael o leiaf un syniad wedi'i ddyfynnu.
uh-others = Gan bobl sydd â syniad arall wedi'i ddyfynnu ({ $count })
uh-others-none = Dim un.
uh-page-title = Heb eu clywed eto: { $title }
search-error-page = Nid oes tudalen o ganlyniadau o'r fath. Ewch yn ôl i'r dudalen gyntaf.
search-error-from = Rhowch y dyddiad cyntaf fel dyddiad go iawn, er enghraifft 2026-03-14
search-error-to = Rhowch y dyddiad olaf fel dyddiad go iawn, er enghraifft 2026-03-14
search-error-range = Rhaid i'r dyddiad cyntaf fod yr un fath â'r dyddiad olaf neu cyn hynny
search-error-too-long = Rhowch lai o eiriau: 200 nod ar y mwyaf
search-error-consultation = Dewiswch ymgynghoriad o'r rhestr
search-error-cited = Dewiswch a gafodd y syniad ei ddyfynnu
search-error-answered = Dewiswch a gafodd y syniad ateb
search-error-tag = Rhowch bwnc byrrach: 100 nod ar y mwyaf
search-error-name = Rhowch enw byrrach: 100 nod ar y mwyaf
search-error-other = Nid oedd modd gwneud y chwiliad hwn. Rhowch gynnig arall arni, neu dechreuwch chwiliad newydd.
search-error-prefix = Gwall:
search-bad-link-title = Nid yw'r ddolen chwilio hon yn gyflawn
search-bad-link-detail = Dim ond unwaith y gellir rhoi pob hidlydd. Dechreuwch chwiliad newydd o'r dudalen chwilio.
search-unavailable-title = Nid yw chwilio ar gael
search-unavailable-detail = Nid yw chwilio wedi'i droi ymlaen ar gyfer y cofnod hwn. Gallwch bori drwy'r ymgynghoriadau o hyd.
search-any = Unrhyw un
search-page-title-words = Syniadau sy'n cyfateb i “{ $words }”
search-title = Chwilio am syniadau
search-lead = Chwiliwch beth ddywedodd pobl ym mhob ymgynghoriad: ble cafodd ei ddefnyddio, a beth a wnaed yn ei gylch.
search-words-label = Geiriau i chwilio amdanynt
search-words-hint = Er enghraifft: atgyweirio, bysiau nos, llwybrau diogel. Mae chwilio yn Saesneg hefyd yn dod o hyd i ffurfiau eraill y gair, er enghraifft mae “repair” yn dod o hyd i “repairs” a “repaired”.
search-filter = Hidlo'r canlyniadau
search-all-consultations = Pob ymgynghoriad
search-tag-label = Pwnc
search-tag-hint = Pwnc y rhoddwyd y syniad oddi tano, er enghraifft tai.
search-contributor-hint = Yr enw, neu'r enw a ddewiswyd, a ddangosir gyda'r syniad. Ni ellir dod o hyd i bobl a ddewisodd beidio â chael eu henwi wrth eu henw.
search-between = Rhoddwyd rhwng
search-from-label = Y dyddiad cyntaf
search-from-hint = Er enghraifft 2026-03-14.
search-to-label = Y dyddiad olaf
search-to-hint = Er enghraifft 2026-04-30.
search-cited-legend = Wedi'i ddyfynnu mewn adroddiad
search-cited-yes = Wedi'i ddyfynnu
search-cited-no = Heb ei ddyfynnu eto
search-answered-legend = Wedi'i ateb gan y sefydliad
search-answered-yes = Wedi'i ateb
search-answered-no = Heb ei ateb eto
search-submit = Chwilio
search-cited-count = { $count ->
    [one] Dyfynnwyd mewn { $count } adroddiad
   *[other] Dyfynnwyd mewn { $count } o adroddiadau
}
search-found = { $count ->
    [one] Daethpwyd o hyd i { $count } syniad
   *[other] Daethpwyd o hyd i { $count } o syniadau
}
search-no-more = Nid oes rhagor o ganlyniadau.
search-first-page = Mynd i'r dudalen gyntaf
search-none = Nid oes syniadau'n cyfateb. Rhowch gynnig ar lai o eiriau neu eiriau gwahanol, neu tynnwch hidlydd.
search-not-stored = Syniad nad yw ei eiriau'n cael eu cadw yma
search-on = ar
search-in = yn
search-pages-label = Tudalennau canlyniadau
search-previous = Blaenorol
search-next = Nesaf
search-page-word = tudalen
search-page-of = Tudalen { $page } o { $pages }
report-export-text = Testun { $format }
report-export-copy = Copïo { $format }
report-export-download = Lawrlwytho { $format }
report-kicker = Adroddiad
report-written-by = Ysgrifennwyd gan
report-a-team = tîm polisi
report-document = Dogfen
report-fingerprint = Ôl bys y ddogfen (SHA-256)
report-people-credited = Pobl a gafodd glod
report-people-credited-value = { $direct } yn uniongyrchol, { $indirect } drwy syniadau yr adeiladodd y syniadau a ddyfynnwyd arnynt
report-other-versions = Fersiynau eraill
report-ack = Cydnabyddiaethau
report-ack-lead = Defnyddiodd yr adroddiad hwn y syniadau isod. Mae pob un yn y cofnod cyhoeddus; ystyr “{ $verified }” yw y gall unrhyw un ei wirio.
report-withdrawn = Syniad a dynnodd ei gyfrannwr yn ôl yn nes ymlaen.
report-not-stored = (nid yw'r geiriau'n cael eu cadw ar y gweinydd hwn)
report-used-at = Defnyddiwyd yn:
report-builds-on = Mae'n adeiladu ar syniadau gan
report-check-proof = Gwirio'r prawf
report-for = ar gyfer: { $idea }
report-about-idea = Am y syniad hwn
report-cite = Dyfynnu'r syniadau hyn
report-cite-lead = Copïwch y cydnabyddiaethau neu'r dyfyniadau i'ch dogfen neu'ch rheolwr cyfeiriadau. Mae gan bob eitem ddolen y gall unrhyw un ei defnyddio i'w gwirio.
report-equity = Syniadau pwy a ddefnyddiodd yr adroddiad hwn
js-report-copied = Copïwyd { $format }.
js-report-copy-failed = Nid oedd modd copïo: dewiswch y testun a'i gopïo eich hun.
reports-title = Adroddiadau
reports-lead = Adroddiadau sy'n dyfynnu syniadau a roddodd pobl, y diweddaraf yn gyntaf. Mae pob un yn dangos pa syniadau a ddefnyddiodd, ble, a phwy a'u rhoddodd.
reports-none = Nid oes adroddiad wedi dyfynnu syniad eto.
reports-by = { $count ->
    [one] Gan { $team }. Mae'n dyfynnu { $count } syniad.
   *[other] Gan { $team }. Mae'n dyfynnu { $count } o syniadau.
}
notice-privacy-title = Hysbysiad preifatrwydd
notice-accessibility-title = Datganiad hygyrchedd
notice-privacy =
    Mae'r gwasanaeth hwn yn cadw cofnod cyhoeddus o'r syniadau a roddodd pobl mewn ymgynghoriadau, fel bod y bobl a'u rhoddodd yn cael y clod, ac fel y gall unrhyw un wirio beth a wnaed â nhw.

    ## Beth rydym yn ei gadw

    - Geiriau pob syniad, yr ymgynghoriad y'i rhoddwyd ynddo a'r diwrnod y'i rhoddwyd.
    - Sut y dewisoch gael eich dangos wrth ymyl eich syniadau: wrth eich enw, wrth enw a ddewisoch, neu heb eich enwi o gwbl. Nid ydym yn dangos mwy nag a ddewisoch.
    - Rhan gyhoeddus eich allwedd, os gwnaethoch hawlio eich syniadau. Mae eich ffeil allwedd yn aros gyda chi: nid ydym byth yn ei gweld nac yn ei chadw.
    - Ôl bys o'r cod ar eich cerdyn hawlio, byth y cod ei hun.
    - Pa adroddiadau a ddyfynnodd eich syniadau, a beth ddywedodd y sefydliad a wnaeth â nhw.

    ## Am faint o amser

    Mae'r cofnod yn barhaol: nid oes dim byth yn cael ei ddileu ohono, fel na all neb newid yr hyn a ddigwyddodd yn dawel. Caiff geiriau syniad a'r halen sy'n eu diogelu eu cadw wrth ymyl y cofnod, nid ynddo, fel bod modd eu dileu.

    ## Sut i dynnu syniad yn ôl

    Os gwnaethoch hawlio eich syniadau, agorwch eich tudalen cyfraniadau gyda'ch ffeil allwedd a defnyddiwch "Newid sut y cewch eich dangos, neu dynnu syniad yn ôl". Os na wnaethoch, gofynnwch i'r person a gofnododd eich syniad, neu i'r sefydliad a gynhaliodd yr ymgynghoriad. Pan gaiff syniad ei dynnu'n ôl, caiff ei eiriau eu dileu ar unwaith; dim ond y ffaith bod syniad wedi'i roi a'i dynnu'n ôl y mae'r cofnod yn ei chadw. Gallwch hefyd newid sut y cewch eich dangos unrhyw bryd.

    ## Pwy i gysylltu â nhw

    Y sefydliad sy'n rhedeg y gwasanaeth hwn sy'n gyfrifol am y syniadau y mae'n eu cadw. Gofynnwch iddyn nhw, neu i'r person a gofnododd eich syniad, am unrhyw beth ar y dudalen hon.
notice-accessibility =
    Rydym am i gynifer o bobl â phosibl allu defnyddio'r gwasanaeth hwn. Dylech allu:

    - gwneud testun yn fwy gyda chwyddo eich porwr, hyd at 400%, heb i'r dudalen dorri
    - defnyddio pob tudalen ar ffôn 360 picsel o led heb sgrolio i'r ochr
    - gwneud popeth gyda bysellfwrdd yn unig
    - defnyddio darllenydd sgrin: mae label ar bob maes ffurflen a chaiff pob neges statws ei chyhoeddi
    - darllen y tudalennau yn Gymraeg neu yn Saesneg: defnyddiwch y ddolen iaith ar frig pob tudalen

    ## Sut rydym yn ei wirio

    Caiff pob tudalen ei phrofi mewn porwr go iawn, 360 a 1280 picsel o led, gyda'r gwiriwr axe-core, heb ganiatáu unrhyw broblemau difrifol neu hollbwysig, a chaiff y prif dasgau (hawlio eich syniadau, cofnodi syniadau, llunio adroddiad, gwirio derbynneb) eu profi gyda bysellfwrdd yn unig.

    ## Beth sydd ddim yn hygyrch eto

    - Mae cod QR ar y cardiau hawlio printiedig; mae'r cyfeiriad gwe a'r cod wedi'u hargraffu wrth ei ymyl, i'w teipio yn lle hynny.

    ## Rhoi gwybod am broblem

    Os dewch o hyd i broblem, neu os oes angen syniad neu dudalen mewn fformat arall arnoch, dywedwch wrth y sefydliad sy'n rhedeg y gwasanaeth hwn. Os nad ydych yn fodlon â'u hateb, gallwch gysylltu â'r Gwasanaeth Cynghori a Chymorth Cydraddoldeb (EASS).
chart-none = Nid oes yr un o syniadau'r { $count } cyfrannwr wedi'i ddyfynnu eto.
chart-summary = Aeth { $total } dyfyniad i { $cited } o'r { $count } cyfrannwr. { $top ->
    [one] Cafodd y cyfrannwr a ddyfynnwyd fwyaf { $top_credits } ohonynt.
   *[other] Cafodd y { $top } cyfrannwr a ddyfynnwyd fwyaf { $top_credits } ohonynt.
}
chart-title = Sut mae dyfyniadau wedi'u rhannu rhwng cyfranwyr
chart-caption = Mae pob bar yn un cyfrannwr, gyda'r un a ddyfynnwyd fwyaf ar y chwith.
chart-numbers = Y ffigurau y tu ôl i'r siart
chart-table-caption = Dyfyniadau a syniadau fesul cyfrannwr (nid yw cyfranwyr yn cael eu henwi yma)
chart-col-contributor = Cyfrannwr
chart-col-citations = Dyfyniadau
chart-col-ideas = Syniadau a roddwyd
hist-idea-recorded = cofnodwyd gan hwylusydd ar ran y cyfrannwr yn yr ymgynghoriad “{ $consultation }”
hist-idea-contributed = rhoddwyd gan ei gyfrannwr yn yr ymgynghoriad “{ $consultation }”
hist-claimed = hawliwyd gan ei gyfrannwr, a ddewisodd gael ei ddangos { $consent }
hist-consent-changed = newidiodd ei gyfrannwr sut y caiff ei ddangos: { $consent }
hist-consent-named = wrth ei enw
hist-consent-pseudonym = wrth enw a ddewisodd
hist-consent-anonymous = heb ei enwi
hist-confirmed = cadarnhawyd gan gydgyfrannwr
hist-endorsed = ardystiwyd gan { $role }
hist-role-organisation = sefydliad
hist-role-facilitator = hwylusydd
hist-role-policy-team = dîm polisi
hist-role-witness = dyst
hist-cited = { $how } yn yr adroddiad “{ $report } { $version }” yn { $locator }
hist-response = ymateb gan y sefydliad a gynullodd: { $outcome }
hist-response-group = { $count ->
    [one] ymateb gan y sefydliad a gynullodd: { $outcome } (un ateb ar gyfer { $count } syniad)
   *[other] ymateb gan y sefydliad a gynullodd: { $outcome } (un ateb ar gyfer { $count } o syniadau)
}
hist-withdrawn = tynnwyd yn ôl gan y cyfrannwr; cafodd ei eiriau eu dileu
hist-ack-given = cydnabyddiaeth: rhoddwyd { $kind }
hist-ack-declined = cydnabyddiaeth: gwrthodwyd { $kind }
shown-contributor = cyfrannwr
shown-withdrawn = wedi'i dynnu'n ôl gan y cyfrannwr
proves-enrol = Cofrestrodd gweithredwr y cofnod allwedd (aelod o staff, sefydliad neu dyst)
proves-consultation = Agorodd sefydliad ymgynghoriad
proves-close = Caeodd sefydliad ymgynghoriad
proves-rotate = Rhoddodd deiliad allwedd allwedd newydd yn lle ei hen un
proves-statement = Datganiad wedi'i lofnodi
proves-what-on = { $what }, ar { $date }
shown-contributor-by = gyfrannwr

## Staff pages and payments

pay-title = Cofnodi taliad
pay-already = { $count ->
    [one] Mae gan y syniad hwn 1 cofnod o gydnabyddiaeth yn barod. Caiff un newydd ei ychwanegu wrth ei ochr.
   *[other] Mae gan y syniad hwn { $count } cofnod o gydnabyddiaeth yn barod. Caiff un newydd ei ychwanegu wrth eu hochr.
}
pay-private = Mae'n gyhoeddus a gafodd yr unigolyn ei dalu. Nid yw'r swm yn gyhoeddus: caiff ei gadw ar wahân i'r cofnod cyhoeddus, a dim ond yr unigolyn a'ch sefydliad chi sy'n gallu ei weld.
pay-legend = Beth ddigwyddodd?
pay-paid = Cawson nhw eu talu
pay-paid-hint = Talodd eich sefydliad nhw am y syniad neu am gymryd rhan.
pay-declined = Gwrthodon nhw'r taliad
pay-declined-hint = Cynigiwyd taliad, a dewison nhw beidio â'i gymryd.
pay-amount = Swm
pay-amount-hint = Mewn punnoedd a cheiniogau, er enghraifft 25 neu 25.50.
pay-currency = Arian cyfred
pay-currency-hint = Tair priflythyren, er enghraifft GBP ar gyfer punnoedd.
pay-note = Nodyn (dewisol)
pay-note-hint = Caiff ei ddangos i bawb, felly peidiwch ag ysgrifennu'r swm yma. Er enghraifft “Diolch am y gweithdy”.
pay-send = Ei gofnodi
pay-back = Yn ôl at y syniadau
pay-recorded-title = Wedi'i gofnodi ar gyfer y syniad hwn
pay-recorded-hint = Dim ond eich sefydliad chi sy'n gweld y symiau: mae'r dudalen hon yn gofyn amdanynt gyda'ch allwedd, ac yn eu dangos ar y ddyfais hon yn unig.
pay-recorded-paid = Talwyd
pay-recorded-declined = Gwrthodon nhw daliad
pay-recorded-other = Cydnabuwyd
pay-recorded-amount-hidden = swm heb ei ddangos
js-pay-recorded-shown = { $count ->
    [one] Dangoswyd 1 swm, ar y ddyfais hon yn unig.
   *[other] Dangoswyd { $count } swm, ar y ddyfais hon yn unig.
}
js-pay-recorded-refused = swm heb ei ddangos ({ $reason })
js-pay-recorded-not-yours = sefydliad arall a gofnododd y taliad hwn, felly dim ond nhw all weld y swm
js-pay-recorded-unreachable = Nid oes modd cyrraedd y gwasanaeth ar hyn o bryd, felly nid yw'r symiau'n cael eu dangos. Rhowch gynnig arall arni mewn munud.
contrib-pay-title = Gweld y symiau a dalwyd i chi
contrib-pay-1 = Mae'r symiau'n breifat: dim ond chi a'r sefydliad a'ch talodd sy'n gallu eu gweld. Agorwch eich ffeil allwedd i'w gweld ar y dudalen hon. Nid ydynt yn cael eu cadw yn unman ar y ddyfais hon.
contrib-pay-noscript = Mae angen JavaScript i weld y symiau, oherwydd caiff eich ffeil allwedd ei defnyddio ar y ddyfais hon i ofyn amdanynt.
contrib-pay-key-hint = Caiff ei darllen ar y ddyfais hon yn unig, i lofnodi eich cais. Ni chaiff ei hanfon.
contrib-pay-show = Dangos y symiau
js-pay-choose = Dewiswch a gawson nhw eu talu neu a wrthodon nhw'r taliad
js-pay-amount-missing = Rhowch y swm
js-pay-amount-bad = Rhowch y swm fel nifer o bunnoedd, gyda hyd at 2 ddigid ar gyfer ceiniogau, er enghraifft 25.50
js-pay-currency-bad = Rhowch yr arian cyfred fel tair priflythyren, er enghraifft GBP
js-staff-sending = Yn llofnodi ar y ddyfais hon ac yn anfon…
js-staff-unreachable-nothing-saved = Nid oes modd cyrraedd y gwasanaeth ar hyn o bryd. Ni chafodd dim ei gadw; rhowch gynnig arall arni ymhen munud.
js-pay-refused = Ni chafodd dim ei gadw. Dywedodd y gweinydd: { $detail }
js-pay-saved-paid = Wedi'i gofnodi: talwyd { $amount }. Dim ond yr unigolyn a'ch sefydliad chi sy'n gallu gweld y swm.
js-pay-saved-declined = Wedi'i gofnodi: gwrthodon nhw'r taliad.
js-pay-see-idea = Gweld y syniad
js-pay-only-organisation = Dim ond y sefydliad sy'n cynnal ymgynghoriad sy'n cofnodi taliadau am ei syniadau. Mae eich rôl chi yma'n wahanol.
js-pay-as = Yn cofnodi fel { $name }.
js-staff-revoked = Mae'r bobl sy'n rhedeg y gwasanaeth hwn wedi dileu eich mynediad iddo. Ni chafodd dim ei gadw. Os ydych chi'n meddwl bod hyn yn gamgymeriad, gofynnwch iddyn nhw am wahoddiad newydd.
js-pay-asking = Yn llofnodi eich cais ar y ddyfais hon ac yn gofyn…
js-pay-not-shown = Nid oes modd dangos y symiau: { $reason }
js-pay-line = { $amount }: { $idea }
js-pay-shown = { $count ->
    [one] Dangoswyd 1 swm. Mae ar y dudalen hon yn unig.
   *[other] Dangoswyd { $count } swm. Maen nhw ar y dudalen hon yn unig.
}
staff-needs-script = Mae angen JavaScript ar y rhan hon o'r gwasanaeth, oherwydd caiff eich allwedd ei chadw yn y porwr hwn. Trowch JavaScript ymlaen, neu defnyddiwch borwr arall.
staff-join-title = Ymuno fel aelod o staff
staff-join-checking = Yn gwirio eich gwahoddiad…
staff-join-key = Pan fyddwch yn parhau, bydd y porwr hwn yn gwneud allwedd mai dim ond ef sy'n ei dal. Caiff ei defnyddio i lofnodi'r hyn rydych yn ei gofnodi, fel y gall pawb wirio mai chi a'i gwnaeth. Nid yw byth yn gadael y porwr hwn, ac ni all neb ei gweld, dim hyd yn oed y bobl sy'n rhedeg y gwasanaeth hwn.
staff-join-device = Defnyddiwch eich dyfais eich hun, neu gyfrifiadur gwaith mai dim ond chi sy'n ei ddefnyddio. Ar gyfrifiadur a rennir, allgofnodwch pan fyddwch wedi gorffen.
staff-join-button = Paratoi'r porwr hwn
staff-home-title = Eich gwaith
staff-home-looking = Yn chwilio am eich allwedd yn y porwr hwn…
staff-mine-title = Fy ymgyngoriadau
staff-mine-hint = Yr ymgyngoriadau y cewch gofnodi syniadau ynddynt.
staff-mine-none = Nid ydych yn cofnodi mewn unrhyw ymgynghoriad eto. Agorwch un, neu gofynnwch i'r sefydliad sy'n cynnal un eich ychwanegu.
staff-open-new = Agor ymgynghoriad newydd
staff-answers-title = Atebion
staff-answers-lead = Dywedwch beth ddigwyddodd i'r syniadau a roddodd pobl yn eich ymgyngoriadau.
staff-answers-button = Ateb syniadau
staff-reports-title = Adroddiadau
staff-reports-lead = Casglwch y syniadau a ddefnyddiodd eich adroddiad, dywedwch ble a sut, a chyhoeddwch y dyfyniadau.
staff-reports-button = Dyfynnu syniadau mewn adroddiad
staff-reports-all = Gweld pob adroddiad
staff-devices-title = Defnyddio hwn ar ddyfais arall
staff-devices-lead = Cewch ddolen wahoddiad newydd i chi'ch hun, yna agorwch hi ar eich ffôn, llechen neu gyfrifiadur arall. Mae'n gwneud ail allwedd, ar gyfer y ddyfais honno yn unig.
staff-devices-button = Gwneud dolen ar gyfer dyfais arall
staff-leave-title = Allgofnodi
staff-leave-lead = Mae allgofnodi'n tynnu eich allwedd o'r porwr hwn. I ddefnyddio'r porwr hwn eto bydd angen gwahoddiad newydd arnoch.
staff-leave-button = Allgofnodi o'r porwr hwn
staff-open-title = Agor ymgynghoriad newydd
staff-open-field-title = Teitl
staff-open-title-hint = Yr hyn y bydd pobl yn ei weld, er enghraifft “Lleithder a thrwsio: sesiwn wrando”.
staff-open-date = Y dyddiad y mae'n digwydd
staff-open-place = Lle
staff-open-place-hint = Er enghraifft “Canolfan Gymunedol Glan yr Afon” neu “Ar-lein”.
staff-open-topic = Pwnc
staff-open-topic-hint = Un neu ddau air, er enghraifft “tai”.
staff-open-convenor = Y sefydliad sy'n ei gynnal
staff-open-recorders = Pwy all gofnodi syniadau ynddo
staff-open-button = Agor yr ymgynghoriad
staff-session-title = Cofnodi syniadau
staff-session-heading = Cofnodi syniadau: { $title }
staff-words = Y syniad, yn y geiriau a ddywedwyd
staff-who-said = Pwy a'i dywedodd (yn cael ei gadw ar y ddyfais hon yn unig)
staff-who-said-hint = Nodyn i wahaniaethu rhwng pobl, er enghraifft “Person 3”. Mae syniadau gyda'r un nodyn yn rhannu un cerdyn hawlio. Gadewch ef yn wag i roi ei gerdyn ei hun i'r syniad hwn.
staff-shown-legend = Sut dylid eu dangos?
staff-shown-anonymous = Heb enw
staff-shown-anonymous-hint = Caiff eu syniad ei ddangos heb unrhyw enw. Gallant ychwanegu eu henw yn nes ymlaen gyda'u cerdyn hawlio.
staff-shown-pseudonym = Wrth enw maen nhw'n ei ddewis
staff-shown-pseudonym-hint = Caiff ei ddangos gydag enw ffug maen nhw'n ei roi i chi, nid eu henw go iawn.
staff-shown-named = Wrth eu henw
staff-shown-named-hint = Caiff ei ddangos gyda'u henw go iawn, sy'n aros yn gyhoeddus am byth.
staff-shown-name = Yr enw i'w ddangos
staff-tags = Tagiau (dewisol)
staff-tags-hint = Geiriau i grwpio syniadau, wedi'u gwahanu gan gomas, er enghraifft “trwsio, lleithder”.
staff-builds-on = Yn adeiladu ar syniad cynharach (dewisol)
staff-builds-on-no = Dim un
staff-co = Eraill a roddodd y syniad hwn gyda nhw (dewisol)
staff-co-hint = Dim ond ar gyfer pobl sydd ag allwedd Heard yn barod: gludwch y rhif hir o'u tudalen “Fy nghyfraniadau”, un ar bob llinell.
staff-given = Y dyddiad y rhoddwyd y syniad
staff-record-button = Cofnodi'r syniad hwn
staff-recorded-title = Wedi'u cofnodi yn y sesiwn hon
staff-print-button = Argraffu'r cardiau hawlio
staff-card-dialog-title = Sganiwch i hawlio'r syniad hwn
staff-close = Cau
staff-qr-failed-title = Ni weithiodd hynny
staff-qr-no-code = Ni chafodd cod y cerdyn ei anfon.
staff-qr-bad-code = Nid cod cerdyn hawlio yw hwn.
staff-report-title = Dyfynnu syniadau mewn adroddiad
staff-report-draft = Caiff eich drafft ei gadw ar y ddyfais hon wrth i chi deipio, nes i chi ei gyhoeddi.
staff-report-field-title = Teitl yr adroddiad
staff-report-version = Fersiwn
staff-report-version-hint = Er enghraifft “v1”, neu “Terfynol, Mawrth 2026”. Mae fersiwn newydd o adroddiad yn cysylltu â'r rhai cynharach.
staff-report-url = Ble mae'r adroddiad wedi'i gyhoeddi (dewisol)
staff-report-document = Y ddogfen a gyhoeddwyd (dewisol)
staff-report-document-hint = Dewiswch y ffeil: dim ond ei holion bys sy'n cael ei anfon, fel y gall unrhyw un wirio yn nes ymlaen mai hon yw'r ddogfen a ddyfynnwyd gennych. Mae'r ffeil ei hun yn aros ar y ddyfais hon.
staff-report-ideas = Syniadau a ddefnyddiwyd
staff-report-no-ideas = Dim syniadau eto. Ychwanegwch nhw o dudalen syniad (“Ychwanegu at adroddiad”), neu gludwch ddolen syniad isod.
staff-report-add = Ychwanegu syniad drwy ei ddolen
staff-report-add-hint-before = Gludwch gyfeiriad tudalen y syniad, er enghraifft o
staff-report-add-hint-link = yr ymgyngoriadau
staff-report-add-button = Ychwanegu'r syniad hwn
staff-report-publish = Cyhoeddi'r dyfyniadau
staff-board-title = Ateb syniadau
staff-board-lead = Dywedwch beth ddigwyddodd i bob syniad. Gall y bobl a'u rhoddodd, ac unrhyw un arall, ddilyn yr atebion.
staff-board-show = Dangos
staff-board-consultation = Ymgynghoriad
staff-board-all = Pob ymgynghoriad
staff-board-tag = Tag
staff-board-any-tag = Unrhyw dag
staff-board-unanswered = Dim ond syniadau heb ateb
staff-board-cited = Dim ond syniadau a ddyfynnwyd mewn adroddiad
staff-board-answer-title = Ateb y syniadau a diciwyd gennych
staff-board-stage = Ble mae pethau arni
staff-stage-considering = Yn cael ei ystyried
staff-stage-considering-hint = Rydych chi'n edrych arno.
staff-stage-adopted = Wedi'i fabwysiadu
staff-stage-adopted-hint = Byddwch yn ei wneud fel y cafodd ei ddweud.
staff-stage-adapted = Wedi'i addasu
staff-stage-adapted-hint = Byddwch yn ei wneud ar ffurf wedi'i newid.
staff-stage-not-adopted = Heb ei fabwysiadu
staff-stage-not-adopted-hint = Ni fyddwch yn ei wneud; dywedwch pam.
staff-stage-delivered = Wedi'i gyflawni
staff-stage-delivered-hint = Mae wedi'i wneud; dywedwch beth a wnaed, neu rhowch ddolen.
staff-board-reason = Pam, neu beth a wnaed
staff-board-link = Dolen at ragor (dewisol)
staff-board-send = Anfon yr ateb
sheet-title = Cardiau hawlio i'w hargraffu
sheet-lead = { $cards ->
    [one] 1 cerdyn
   *[other] { $cards } o gardiau
} ar gyfer “{ $title }”, { $per } ar ddalen o bapur A4: { $pages ->
    [one] 1 ddalen.
   *[other] { $pages } o ddalennau.
}
sheet-claimed-left-out = { $count ->
    [one] Gadawyd 1 cerdyn allan oherwydd bod y syniadau arno wedi'u hawlio'n barod. Nid oes angen cerdyn ar neb ar eu cyfer mwyach.
   *[other] Gadawyd { $count } o gardiau allan oherwydd bod y syniadau arnynt wedi'u hawlio'n barod. Nid oes angen cerdyn ar neb ar eu cyfer mwyach.
}
sheet-repeated = { $count ->
    [one] Rhestrwyd 1 cod fwy nag unwaith. Caiff pob cerdyn ei argraffu unwaith, fel nad oes gan neb arall gopi.
   *[other] Rhestrwyd { $count } o godau fwy nag unwaith. Caiff pob cerdyn ei argraffu unwaith, fel nad oes gan neb arall gopi.
}
sheet-print-how = Argraffwch ar bapur A4 ar y maint gwirioneddol (100%), yna torrwch ar hyd y llinellau toredig. Rhowch i bob unigolyn ei gerdyn ei hun yn unig.
sheet-print-button = Argraffu'r cardiau hyn
sheet-print-or = Neu defnyddiwch orchymyn Argraffu eich porwr (Ctrl+P, neu ⌘+P ar Mac).
sheet-print-command = I argraffu, defnyddiwch orchymyn Argraffu eich porwr (Ctrl+P, neu ⌘+P ar Mac).
sheet-warning = Rhybudd:
sheet-loopback-title = Mae'r cardiau hyn yn pwyntio at y cyfrifiadur hwn yn unig.
sheet-loopback-address-before = Ni chafodd y cyfeiriad arnynt,
sheet-loopback-address-after = , ei osod gan y sawl sy'n rhedeg Heard, felly mae'n debyg mai dim ond ar y cyfrifiadur y mae Heard yn rhedeg arno y mae'n gweithio. Ni allai neb hawlio ei syniadau o'i ffôn ei hun neu o gyfrifiadur llyfrgell.
sheet-loopback-ask = Cyn i chi argraffu, gofynnwch iddynt ddechrau Heard gyda'r cyfeiriad y mae pobl yn ei gyrraedd arno, er enghraifft
sheet-nothing-printed = Ni chafodd dim ei argraffu na'i newid. Ewch yn ôl, cywirwch y rhestr o gardiau a rhowch gynnig arall arni.
sheet-error-code = Cod gwall:
sheet-form-unreadable = Nid oedd modd darllen y ffurflen hon
sheet-form-not-form = Rhaid anfon y rhestr o gardiau fel ffurflen we (application/x-www-form-urlencoded).
sheet-form-malformed = Ni chyrhaeddodd y rhestr o gardiau fel ffurflen we gywir.
sheet-no-consultation = Mae'r ymgynghoriad ar goll
sheet-no-consultation-detail = Rhaid i'r ffurflen enwi un ymgynghoriad wrth ei id: 64 nod, digidau a'r llythrennau a i f.
sheet-unknown-consultation = Nid oeddem yn gallu dod o hyd i'r ymgynghoriad hwn
sheet-unknown-consultation-detail = Nid oes ymgynghoriad gyda'r id hwn yn y cofnod. Gwiriwch fod yr id cyfan wedi'i gopïo.
sheet-no-cards = Nid oes cardiau i'w hargraffu
sheet-no-cards-detail = Mae'r rhestr o gardiau'n wag. Ychwanegwch godau'r cardiau rydych am eu hargraffu.
sheet-too-many = Gormod o gardiau ar unwaith
sheet-too-many-detail = Gall dalen ddal { $max } o gardiau ar y mwyaf; mae { $count } ar y rhestr. Argraffwch nhw mewn sypiau llai.
sheet-bad-code = Nid yw cod yn hollol gywir
sheet-bad-code-detail = Nid yw cod { $card } yn god hawlio: mae gan god 27 o lythrennau a digidau, mewn grwpiau o bedwar. Gwiriwch bob nod yn erbyn y cerdyn.
sheet-not-ours = Nid yw cod yn gerdyn o'r ymgynghoriad hwn
sheet-not-ours-detail = Nid yw cod { $card } yn gerdyn o “{ $title }”. Gwiriwch iddo gael ei gopïo o'r cerdyn cywir, neu argraffwch ef gyda'r ymgynghoriad y mae'n perthyn iddo.
sheet-which = cerdyn { $position } yn y rhestr (yr un sy'n dechrau gyda { $start })
sheet-all-claimed = Mae'r cardiau hyn i gyd wedi'u hawlio
sheet-all-claimed-detail = Mae'r syniadau ar bob cerdyn yn y rhestr wedi'u hawlio'n barod, felly nid oes dim i'w argraffu.
js-staff-no-idea = Nid oes syniad gyda'r ddolen hon.
js-staff-unreachable = Nid oes modd cyrraedd y gwasanaeth ar hyn o bryd. Rhowch gynnig arall arni ymhen munud.
js-staff-withdrawn-cannot-cite = Cafodd y syniad hwn ei dynnu'n ôl gan y sawl a'i rhoddodd, felly nid oes modd ei ddyfynnu.
js-staff-not-signed-in = Nid yw'r porwr hwn wedi mewngofnodi. Agorwch y ddolen wahoddiad a anfonwyd atoch yn gyntaf.
js-staff-not-signed-in-short = Nid yw'r porwr hwn wedi mewngofnodi.
js-staff-words-not-stored = (nid yw'r geiriau'n cael eu cadw ar y gweinydd hwn)
js-addto-added = Wedi'i ychwanegu at eich adroddiad.
js-addto-already = Mae'r syniad hwn yn eich adroddiad yn barod.
js-addto-open = Agor eich adroddiad
js-role-facilitator = Hwylusydd
js-role-organisation = Sefydliad
js-role-policy-team = Tîm polisi
js-staff-home-not-signed-in = Nid yw'r porwr hwn wedi mewngofnodi. I gofnodi syniadau, agorwch y ddolen wahoddiad a anfonwyd atoch gan y bobl sy'n rhedeg y gwasanaeth hwn.
js-staff-home-offline = Wedi mewngofnodi fel { $name }. Nid oes modd cyrraedd y gwasanaeth ar hyn o bryd, felly nid oes modd dangos eich ymgyngoriadau.
js-staff-signed-in-as = Wedi mewngofnodi fel { $name } ({ $role }{ $organisation }).
js-staff-c-closed = ar gau
js-staff-c-open = ar agor: cofnodwch syniadau
js-staff-c-convene = chi sy'n ei gynnal
js-staff-try-again = Ni weithiodd hynny. Rhowch gynnig arall arni.
js-staff-device-link = Agorwch y ddolen hon ar eich dyfais arall. Mae'n gweithio unwaith, am 7 diwrnod:
js-staff-sign-out-waiting = { $count ->
    [one] Nid yw 1 syniad a gofnodwyd wedi'i anfon eto, a bydd yn cael ei golli. Allgofnodi beth bynnag?
   *[other] Nid yw { $count } syniad a gofnodwyd wedi'u hanfon eto, a byddant yn cael eu colli. Allgofnodi beth bynnag?
}
js-staff-signed-out = Rydych wedi allgofnodi. Mae eich allwedd wedi'i thynnu o'r porwr hwn.
js-join-as-facilitator = i ymuno fel hwylusydd
js-join-as-organisation = i ymuno fel sefydliad
js-join-as-policy-team = i ymuno fel aelod o dîm polisi
js-join-another-device = i ddefnyddio'r gwasanaeth hwn ar ddyfais arall
js-join-invited = { $name }: rydych wedi cael gwahoddiad { $what }.
js-join-no-secret = Mae'r dudalen hon yn agor o ddolen wahoddiad. Agorwch y ddolen gyfan o'r neges a anfonwyd atoch.
js-join-no-crypto = Ni all y porwr hwn gadw allwedd yn ddiogel. Defnyddiwch borwr cyfredol.
js-join-setting-up = Yn paratoi'r porwr hwn…
js-join-signed-in = Rydych wedi mewngofnodi ar y porwr hwn fel { $name }.
js-join-go = Mynd i'ch gwaith
js-open-wrong-role = Dim ond sefydliadau a hwyluswyr sy'n agor ymgyngoriadau. Gofynnwch i'r sefydliad sy'n ei gynnal ei agor.
js-open-no-organisation = Ni all unrhyw sefydliad gynnal ymgynghoriad yma eto. Gofynnwch i'ch sefydliad ymuno yn gyntaf.
js-open-enter-title = Rhowch deitl
js-open-enter-date = Rhowch y dyddiad y mae'n digwydd
js-open-enter-place = Rhowch y lle
js-open-enter-topic = Rhowch bwnc
js-open-opening = Yn agor…
js-open-refused = Ni chafodd yr ymgynghoriad ei agor: { $detail }. Ni chafodd dim ei gadw.
js-record-closed = Cafodd yr ymgynghoriad hwn ei gau cyn i'r syniad gael ei anfon, felly ni chafodd ei gadw.
js-record-not-recorder = Nid ydych yn un o'r bobl sy'n cael cofnodi yn yr ymgynghoriad hwn, felly ni chafodd y syniad ei gadw.
js-record-not-enrolled = Nid yw'r gwasanaeth yn adnabod allwedd y porwr hwn, felly ni chafodd y syniad ei gadw.
js-record-refused = Ni chafodd y syniad ei gadw: { $detail }.
js-record-write-idea = Ysgrifennwch y syniad
js-record-write-name = Ysgrifennwch yr enw i'w ddangos, neu dewiswch “Heb enw”
js-record-date = Rhowch y dyddiad fel diwrnod, mis a blwyddyn
js-record-co = Mae pob unigolyn arall yn allwedd o 64 nod (0–9, a–f)
js-record-sending = Wedi'i gofnodi. Mae'n cael ei anfon…
js-record-saved = Wedi'i gadw. Dangoswch y cerdyn hawlio i'r unigolyn, neu ychwanegwch ef at y swp i'w argraffu.
js-record-waiting = { $count ->
    [one] Mae 1 syniad yn aros i gael ei anfon. Caiff ei gadw ar y ddyfais hon a'i anfon pan ddaw'r cysylltiad yn ôl.
   *[other] Mae { $count } syniad yn aros i gael eu hanfon. Cânt eu cadw ar y ddyfais hon a'u hanfon pan ddaw'r cysylltiad yn ôl.
}
js-record-card-of = cerdyn { $note }
js-record-own-card = ei gerdyn ei hun
js-record-saved-on = Wedi'i gadw, ar { $card }: { $code }
js-record-waiting-one = Yn aros i gael ei anfon
js-record-show-card = Dangos y cerdyn hawlio
js-record-qr-alt = Cod QR y ddolen hawlio
js-outcome-adopted = Wedi'i fabwysiadu
js-outcome-adapted = Wedi'i addasu
js-outcome-considering = Yn cael ei ystyried
js-outcome-not-adopted = Heb ei fabwysiadu
js-outcome-delivered = Wedi'i gyflawni
js-board-cited = { $count ->
    [one] Wedi'i ddyfynnu mewn 1 adroddiad.
   *[other] Wedi'i ddyfynnu mewn { $count } adroddiad.
}
js-board-given = Wedi'i roi ar { $date }.
js-board-answer = Ateb: { $outcome }
js-board-waiting = { $count ->
    [one] Dim ateb eto: yn aros ers 1 diwrnod.
   *[other] Dim ateb eto: yn aros ers { $count } diwrnod.
}
js-board-see-idea = Gweld y syniad a'i hanes
js-board-record-payment = Cofnodi taliad
js-board-count = { $count ->
    [one] Yn dangos 1 syniad.
   *[other] Yn dangos { $count } syniad.
}
js-board-selected = { $count ->
    [0] Ticiwch y syniadau i'w hateb uchod.
    [one] Yn ateb 1 syniad.
   *[other] Yn ateb { $count } syniad gyda'i gilydd, gydag un ateb.
}
js-board-tick = Ticiwch o leiaf un syniad
js-board-choose-stage = Dewiswch ble mae pethau arni
js-board-say-why = Dywedwch pam na chafodd ei fabwysiadu
js-board-say-what = Dywedwch beth a wnaed, neu rhowch ddolen
js-board-sending = Yn anfon…
js-board-out-of-order = Ni all un o'r syniadau symud i'r cam hwnnw eto: dim ond ar ôl iddo gael ei fabwysiadu neu ei addasu y caiff syniad ei gyflawni, a dim ond “wedi'i gyflawni” sy'n dilyn “wedi'i gyflawni”. Ni chafodd dim ei gadw.
js-board-not-convenor = Mae un o'r syniadau o ymgynghoriad y mae sefydliad arall yn ei gynnal, felly ni allwch ei ateb. Ni chafodd dim ei gadw.
js-board-unknown-idea = Nid yw un o'r syniadau yn y cofnod. Ni chafodd dim ei gadw.
js-board-saved = { $count ->
    [one] Ateb wedi'i gadw.
   *[other] Ateb wedi'i gadw ar gyfer { $count } syniad.
}
js-board-wrong-role = Dim ond y sefydliad sy'n cynnal ymgynghoriad sy'n ateb ei syniadau. Mae eich rôl chi yma'n wahanol.
js-board-as = Yn ateb fel { $name }.
js-usage-quoted = Wedi'i ddyfynnu
js-usage-paraphrased = Wedi'i aralleirio
js-usage-informed = Yn sail i'r meddwl
js-report-fingerprint = Olion bys { $file }: { $digest }
js-report-given-in = Wedi'i roi yn “{ $title }”
js-report-where = Ble yn yr adroddiad
js-report-where-hint = Er enghraifft “argymhelliad 3, tudalen 12”.
js-report-how = Sut y cafodd ei ddefnyddio
js-report-remove = Tynnu'r syniad hwn
js-report-wrong-role = Dim ond timau polisi sy'n dyfynnu syniadau mewn adroddiadau. Mae eich rôl chi yma'n wahanol.
js-report-as = Yn ysgrifennu fel { $name }.
js-report-paste-address = Gludwch gyfeiriad cyfan tudalen syniad.
js-report-added = Wedi'i ychwanegu.
js-report-already = Mae'r syniad hwn yn yr adroddiad yn barod.
js-report-enter-title = Rhowch deitl yr adroddiad
js-report-enter-version = Rhowch y fersiwn
js-report-add-one = Ychwanegwch o leiaf un syniad
js-report-say-where = Dywedwch ble mae syniad { $n } yn cael ei ddefnyddio yn yr adroddiad
js-report-publishing = Yn cyhoeddi…
js-report-unreachable = Nid oes modd cyrraedd y gwasanaeth ar hyn o bryd. Mae eich drafft wedi'i gadw; rhowch gynnig arall arni ymhen munud.
js-report-withdrawn = Cafodd un o'r syniadau ei dynnu'n ôl gan y sawl a'i rhoddodd, felly nid oes modd ei ddyfynnu. Tynnwch ef a chyhoeddi eto.
js-report-unknown-idea = Nid yw un o'r syniadau yn y cofnod. Tynnwch ef a chyhoeddi eto.
js-report-refused = Ni chafodd dim ei gyhoeddi: { $detail }. Mae eich drafft wedi'i gadw.
js-month-names = Ionawr Chwefror Mawrth Ebrill Mai Mehefin Gorffennaf Awst Medi Hydref Tachwedd Rhagfyr

## Gwrthodiadau'r gweinydd (`detail` a `title` problem+json i gais yn yr iaith hon;
## src/server/error_lang.rs). Un frawddeg i bob cod, wedi'i hysgrifennu fel manylion y gweinydd ei hun:
## llythrennau bach, dim atalnod llawn, i sgript tudalen ei rhoi yn ei brawddeg ei hun.

problem-embedded-only = mae'r gweinydd hwn yn cadw ei gofnod yn PostgreSQL, lle nad yw hyn ar gael eto
problem-side-too-large = mae'r testun neu'r taliad a anfonwyd gyda'r datganiad hwn yn rhy fawr i'w gadw gyda'r cofnod
problem-title-400 = Cais annilys
problem-title-401 = Heb ei awdurdodi
problem-title-403 = Heb ganiatâd
problem-title-404 = Heb ei ganfod
problem-title-405 = Math o gais heb ei ganiatáu
problem-title-406 = Ffurf heb ei derbyn
problem-title-408 = Cymerodd ormod o amser
problem-title-409 = Yn gwrthdaro â'r cofnod
problem-title-410 = Wedi dod i ben
problem-title-413 = Rhy fawr i'w dderbyn
problem-title-415 = Math o gynnwys heb ei dderbyn
problem-title-422 = Nid oedd modd gwneud hyn
problem-title-429 = Gormod o geisiadau
problem-title-500 = Gwall ar y gweinydd
problem-title-503 = Nid yw'r gwasanaeth ar gael
problem-already-cancelled = mae'r adfer hwn eisoes wedi'i ganslo
problem-already-claimed = mae'r cerdyn hawlio hwn eisoes wedi'i hawlio
problem-already-closed = mae'r ymgynghoriad hwn eisoes wedi cau
problem-already-endorsed = rydych chi eisoes wedi ardystio'r syniad hwn
problem-already-withdrawn = mae'r syniad hwn eisoes wedi'i dynnu'n ôl
problem-ambiguous-key = mae mwy nag un allwedd hysbys yn cyfateb i'r allwedd a enwir gan y llofnod hwn
problem-bad-claim-code = nid oes modd darllen y cod hawlio: gwiriwch bob nod yn erbyn y cerdyn
problem-bad-claim-secret = nid hwn yw'r cod hawlio y cofnodwyd y syniadau gydag ef
problem-bad-date = rhaid i ddyddiad fod yn ddyddiad go iawn, er enghraifft 2026-03-14
problem-bad-date-range = rhaid i'r dyddiad cyntaf fod yr un fath â'r dyddiad olaf neu cyn hynny
problem-bad-filter = mae gan un o hidlwyr y chwiliad werth nad yw'n ei dderbyn
problem-bad-given-date = rhaid i'r diwrnod y rhoddwyd syniad fod yn ddyddiad go iawn, er enghraifft 2026-03-14, ac nid ar ôl yfory
problem-bad-invitation = nid yw'r ddolen wahoddiad hon yn gyflawn: copïwch y ddolen gyfan o'r neges a anfonwyd atoch
problem-bad-invitation-request = nid yw'r cais i ymuno gyda'r gwahoddiad hwn wedi'i ffurfio'n gywir
problem-bad-key-name = rhaid i enw allwedd beidio â bod yn wag, a heb fylchau, '+' na nodau rheoli
problem-bad-origin = nid yw enw'r cofnod yn ddilys
problem-bad-page = rhaid i rif y dudalen fod yn rhif cyfan o 1 i 500
problem-bad-pairing-token = mae cod paru yn 16 o lythrennau a digidau, fel y mae sgrin yr hwylusydd yn ei ddangos
problem-bad-proof-value = nid yw gwerth y prawf yn llofnod dilys
problem-bad-recovery-binding = nid yw llofnod yr allwedd newydd dros yr hen allwedd a'r un newydd yn ddilys
problem-bad-signature = nid yw'r llofnod yn ddilys ar gyfer yr allwedd hon
problem-bad-tile-path = nid llwybr teil yw hwn
problem-bad-verification-method = nid yw'r dull gwirio yn did:key Ed25519
problem-bad-verify-request = anfonwch un dderbynneb, neu restr o un dyfyniad o leiaf, ond nid y ddau
problem-body-timeout = cymerodd yr hyn a anfonoch ormod o amser i gyrraedd; gwiriwch eich cysylltiad a rhowch gynnig arall arni
problem-card-not-claimed = ni chafodd y cerdyn hwn ei hawlio erioed, felly nid oes allwedd yn dal ei syniadau: gall y person ei hawlio gyda'i god yn lle hynny
problem-checkpoint-regressed = mae pwynt gwirio sydd wedi'i gadw yn fwy na'r cofnod
problem-claim-card-reused = mae'r cerdyn hawlio hwn yn perthyn i ymgynghoriad arall
problem-closed = mae'r cofnod wedi'i gau i lawr; rhowch gynnig arall arni yn nes ymlaen
problem-consultation-closed = mae'r ymgynghoriad hwn wedi cau, felly nid yw'n derbyn rhagor o syniadau
problem-content-mismatch = nid yw'r geiriau a'r halen yn cyfateb i ôl bys y syniad
problem-content-required = rhaid anfon syniad ynghyd â'i eiriau a'i halen
problem-context-mismatch = nid yw @context y prawf yn cyfateb i un y ddogfen
problem-cosignatures-full = mae gan y pwynt gwirio hwn gymaint o gydlofnodion ag y gall eu dal
problem-credentials-disabled = ni all y gweinydd hwn roi bathodynnau ar hyn o bryd
problem-duplicate = mae hyn eisoes yn y cofnod
problem-entry-too-large = mae cofnod yn rhy fawr i deil
problem-idea-withdrawn = cafodd y syniad hwn ei dynnu'n ôl, felly nid oes modd ei newid, ei ddyfynnu na'i ardystio
problem-inconsistent-store = nid yw storfa'r gweinydd yn gyson â hi ei hun
problem-index-mismatch = nid yw'r mynegeion sydd wedi'u cadw yn cyfateb i'r cofnod
problem-internal-error = aeth rhywbeth o'i le ar y gweinydd ei hun; rhowch gynnig arall arni yn nes ymlaen, a rhowch wybod i'r bobl sy'n ei redeg os yw'n parhau
problem-invalid-public-key = nid yw hon yn allwedd gyhoeddus Ed25519 ddilys
problem-invalid-tile = nid oes modd darllen y deil hwn
problem-invitation-expired = mae'r gwahoddiad hwn wedi dod i ben; gofynnwch am un newydd
problem-invitation-used = mae'r gwahoddiad hwn eisoes wedi'i ddefnyddio; dim ond unwaith y mae pob gwahoddiad yn gweithio, felly gofynnwch am un newydd
problem-io = nid oedd modd i'r gweinydd ddarllen nac ysgrifennu ffeil
problem-key-id-mismatch = nid yw ID yr allwedd yn cyfateb i'r allwedd
problem-key-in-use = mae'r cofnod eisoes yn adnabod yr allwedd hon; defnyddiwch allwedd newydd
problem-key-recovered = symudodd clod yr allwedd hon i allwedd newydd drwy adfer, felly ni all lofnodi dim mwy
problem-key-revoked = cafodd yr allwedd hon ei dirymu neu ei newid, felly nid yw'n gweithio yma mwyach
problem-key-rotated-out = cafodd yr allwedd hon ei newid am un newydd, felly ni all lofnodi dim mwy
problem-malformed = nid yw'r cais wedi'i ffurfio'n gywir
problem-malformed-body = nid oes gan yr hyn a lofnodwyd y siâp sydd ei angen ar ei fath
problem-malformed-checkpoint = nid yw hwn yn bwynt gwirio wedi'i ffurfio'n gywir
problem-malformed-cosignature = nid yw hwn yn gydlofnod wedi'i ffurfio'n gywir
problem-malformed-note = nid yw hwn yn nodyn wedi'i lofnodi ac wedi'i ffurfio'n gywir
problem-malformed-payment = nid yw swm, arian cyfred neu halen y taliad wedi'u ffurfio'n gywir
problem-malformed-proof = nid yw hon yn dderbynneb wedi'i ffurfio'n gywir
problem-malformed-signer-key = nid yw hon yn allwedd lofnodi wedi'i ffurfio'n gywir
problem-malformed-verifier-key = nid yw hon yn allwedd wirio wedi'i ffurfio'n gywir
problem-method-not-allowed = nid yw'r cyfeiriad hwn yn derbyn y math hwn o gais
problem-no-consented-name = dewisoch beidio â chael eich enwi ar y syniadau hyn, felly ni all bathodyn eich enwi; gofynnwch am un nad yw'n enwi neb
problem-no-cosignature = nid oes cydlofnod gan y tyst hwn ar y nodyn
problem-no-payment = nid yw'r gydnabyddiaeth hon yn cofnodi swm
problem-non-canonical = nid yw'r hyn a lofnodwyd yn ei unig ffurf safonol
problem-not-acceptable = caiff hyn ei roi fel JSON neu CBOR, ac nid yw'r cais yn derbyn y naill na'r llall
problem-not-claimable = dim ond syniadau a gofnodwyd gyda cherdyn hawlio y gellir eu hawlio
problem-not-contributor = dim ond cyfrannwr y syniad (neu, i'w dynnu'n ôl, yr hwylusydd a'i cofnododd) all wneud hyn
problem-not-convenor = dim ond y sefydliad a gynullodd yr ymgynghoriad all wneud hyn
problem-not-enrolled = nid yw'r allwedd hon wedi'i chofrestru gyda'r gwasanaeth hwn
problem-not-facilitator = dim ond hwylusydd cofrestredig all ddechrau adfer
problem-not-facilitator-of-consultation = dim ond un o hwyluswyr yr ymgynghoriad hwn sy'n cofnodi syniadau ar ran rhywun arall
problem-not-found = nid oes dim byd yn y cyfeiriad hwn
problem-not-old-key = dim ond yr allwedd y mae'r adfer hwn yn symud ei chlod all ei ganslo
problem-not-operator = dim ond allwedd y gweithredwr sy'n cofrestru ac yn dirymu allweddi
problem-not-policy-team = dim ond timau polisi sy'n dyfynnu syniadau
problem-not-your-payment = sefydliad arall a gofnododd y taliad hwn, felly dim ond nhw all weld y swm
problem-nothing-to-recover = nid oes syniadau'n gysylltiedig â'r allwedd hon, felly nid oes clod i'w adfer
problem-out-of-range = mae'r safle neu'r maint hwn y tu hwnt i goeden y cofnod
problem-overloaded = mae'r gweinydd yn delio â chymaint o geisiadau ag y gall; rhowch gynnig arall arni cyn bo hir
problem-oversized = mae'r hyn a lofnodwyd yn fwy nag y mae'r cofnod yn ei dderbyn
problem-pairing-expired = mae'r cod paru hwn wedi dod i ben (maen nhw'n gweithio am 15 munud); gofynnwch i'r hwylusydd ddechrau eto
problem-pairing-used = cafodd allwedd ei rhoi eisoes gyda'r cod paru hwn; gofynnwch i'r hwylusydd ddechrau eto
problem-payload-too-large = mae'r hyn a anfonoch yn fwy nag y mae'r gwasanaeth hwn yn ei dderbyn
problem-payment-mismatch = nid yw'r swm, yr arian cyfred a'r halen yn cyfateb i'r taliad y mae'r gydnabyddiaeth yn ei gofnodi
problem-payment-required = mae'r gydnabyddiaeth hon yn cofnodi taliad: anfonwch ei swm, ei arian cyfred a'i halen gyda hi
problem-public-amount = nid yw cydnabyddiaeth yn dangos ei swm yn agored mwyach: anfonwch y swm ar wahân iddi
problem-query-too-long = rhowch lai o eiriau i chwilio amdanynt: 200 nod ar y mwyaf
problem-rate-limited = anfonodd y cyfrifiadur hwn ormod o newidiadau ar unwaith; arhoswch eiliad a rhowch gynnig arall arni
problem-recovery-in-effect = mae'r adfer hwn eisoes wedi dod i rym, felly nid oes modd ei ganslo mwyach
problem-recovery-open = mae adfer yr allwedd hon eisoes wedi dechrau ac yn dal i aros
problem-recovery-same-key = rhaid i'r allwedd newydd fod yn wahanol i'r allwedd a gollwyd
problem-recovery-wait-too-short = mae amser aros yr adfer yn fyrrach nag y mae'r gwasanaeth hwn yn ei ofyn
problem-root-mismatch = nid yw'r prawf yn arwain at grynodeb y goeden
problem-search-unavailable = nid oes modd chwilio ar y gweinydd hwn
problem-signature-key-mismatch = mae'r llofnod gan allwedd wahanol i'r un a roddwyd
problem-staff-disabled = nid yw'r gweinydd hwn yn derbyn gwahoddiadau staff ar hyn o bryd
problem-stage-out-of-order = dim ond ar ôl i syniad gael ei fabwysiadu neu ei addasu y gellir nodi ei fod wedi'i gyflawni
problem-stale-request = mae amser y cais fwy na 10 munud i ffwrdd o gloc y gweinydd; gwiriwch gloc y ddyfais hon
problem-storage = nid oedd modd i'r gweinydd ddarllen ei gofnodion ar hyn o bryd; rhowch gynnig arall arni yn nes ymlaen
problem-storage-unavailable = nid oedd modd i'r gweinydd ddarllen nac ysgrifennu i'w storfa; rhowch gynnig arall arni yn nes ymlaen
problem-store = nid oedd modd darllen rhan o'r goeden sydd wedi'i chadw
problem-store-corrupt = mae storfa'r gweinydd wedi'i difrodi
problem-text-too-large = mae testun y nodyn yn rhy fawr
problem-tile-changed = mae teil eisoes yn bodoli gyda chynnwys gwahanol
problem-tile-not-found = mae'r deil hwn y tu hwnt i faint presennol y cofnod
problem-timeout = cymerodd y cais ormod o amser
problem-timestamp-out-of-range = mae amser y cydlofnod y tu allan i'r hyn a ganiateir
problem-too-many-citations = ni chaiff mwy na 1000 o ddyfyniadau eu gwirio ar unwaith
problem-too-many-open-requests = mae gan y cyfrifiadur hwn ormod o geisiadau ar agor ar unwaith; arhoswch iddynt orffen a rhowch gynnig arall arni
problem-too-many-pairings = mae gormod o adferiadau'n cael eu paratoi ar unwaith; rhowch gynnig arall arni ymhen ychydig funudau
problem-too-many-signatures = mae gormod o lofnodion ar y nodyn
problem-truncated = mae'r hyn a lofnodwyd wedi'i dorri'n fyr
problem-unexpected-content = dim ond syniadau sy'n cario geiriau
problem-unexpected-payment = dim ond cydnabyddiaeth sy'n cofnodi taliad sy'n cario swm
problem-unknown-acknowledgement = nid oes cydnabyddiaeth yn y man hwn yn y cofnod
problem-unknown-card = nid oes cerdyn gyda'r cod hwn yn y cofnod
problem-unknown-checkpoint = ni lofnododd y cofnod hwn y pwynt gwirio hwnnw erioed
problem-unknown-consultation = nid oes ymgynghoriad gyda'r id hwn yn y cofnod
problem-unknown-entry = nid oes cofnod gyda'r ôl bys hwn yn y cofnod hwn
problem-unknown-idea = nid oes syniad gyda'r id hwn yn y cofnod
problem-unknown-invitation = ni chafodd y gwahoddiad hwn ei roi yma, neu newidiwyd y ddolen ar y ffordd; gofynnwch am wahoddiad newydd
problem-unknown-key = nid yw hon yn allwedd gofrestredig sy'n cael ei defnyddio
problem-unknown-kind = mae'r hyn a lofnodwyd o fath nad yw'r cofnod hwn yn ei adnabod
problem-unknown-organisation = nid oes sefydliad gyda'r allwedd hon wedi'i gofrestru
problem-unknown-pairing = nid oes paru gyda'r cod hwn; gwiriwch ef, neu gofynnwch i'r hwylusydd ddechrau eto
problem-unknown-recovery = nid yw'r adfer hwn yn y cofnod
problem-unknown-report = nid oes adroddiad gyda'r id hwn yn y cofnod
problem-unknown-staff = nid yw'r allwedd hon yn perthyn i un o staff y gwasanaeth hwn
problem-unknown-version = mae'r hyn a lofnodwyd mewn fersiwn o'r fformat nad yw'r cofnod hwn yn ei darllen
problem-unknown-witness = nid yw'r tyst hwn yn un o dystion y cofnod
problem-unsupported-media-type = nid yw'r math o beth a anfonoch yn cael ei dderbyn yma
problem-unsupported-proof = nid yw'r prawf yn DataIntegrityProof eddsa-jcs-2022
problem-weak-key = nid yw hon yn allwedd gyhoeddus Ed25519 y gellir ei defnyddio
problem-wrong-key-type = mae'r allwedd o fath nad yw'r cofnod hwn yn ei gefnogi
problem-wrong-proof-length = nid yw'r prawf o'r hyd cywir
problem-wrong-role = ni all eich rôl chi yma wneud hyn
