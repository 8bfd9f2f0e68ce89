# Heard's pages in British English: the source of every message id.
# Ids starting "js-" are passed to the pages' scripts (static/ui.js `msg`).

## Every page

skip-link = Skip to the main content
tagline = a public record of who said what
nav-label = Main
nav-consultations = Consultations
nav-search = Find ideas
nav-claim = Claim your ideas
nav-contributions = My contributions
nav-verify = Check a receipt
lang-switch-label = Language
lang-switch-to = Change the language to
footer-about = Heard keeps a signed, append-only record of ideas people gave, where they were cited and what was done with them. Anyone can check it without trusting us:
footer-check-link = check a receipt
footer-privacy = Privacy
footer-accessibility = Accessibility
technical-details = Technical details
error-summary-title = There is a problem
also-at = also at
not-yet = not yet
an-organisation = an organisation

## Errors

error-go-home = Go to the list of consultations
error-bad-link-title = This link is not complete
error-bad-link-detail = The address should end in a 64-character code of digits and the letters a to f. Check that the whole link was copied.
error-internal-title = Something went wrong on our side
error-internal-detail = The record could not be read just now. Please try again in a minute.
error-unknown-idea-title = We could not find this idea
error-unknown-idea-detail = No idea with this id is in the record.
error-unknown-consultation-title = We could not find this consultation
error-unknown-consultation-detail = No consultation with this id is in the record.
error-unknown-report-title = We could not find this report
error-unknown-report-detail = No report with this id cites ideas in the record.
error-not-found-title = We could not find this page
error-not-found-detail = There is nothing at this address. Check that the whole link was copied, or start again from the list of consultations.
refusal-too-large-title = Too large to accept
refusal-too-large-detail = What you sent is larger than this service accepts. If you pasted a receipt, paste only one receipt.
refusal-too-slow-title = That took too long
refusal-too-slow-detail = What you sent took too long to arrive. Check your connection and try again.
refusal-too-many-title = Too many requests at once
refusal-too-many-detail = Your computer is sending too many requests at once. Wait a moment, then try again.
refusal-other-title = That could not be done
refusal-other-detail = What you sent did not arrive whole. Please try again.

## Words shared by several pages

consent-named = shown by their name
consent-pseudonym = shown by a name they chose
consent-anonymous = not named (anonymous)
given-on = Given on
recorded-on = Recorded on
recorded-on-lower = recorded on
given-by = Given by
cited-in = Cited in
response-label = Response:
outcome-adopted = adopted
outcome-adapted = adapted
outcome-under-consideration = under consideration
outcome-not-adopted = not adopted
outcome-delivered = delivered
outcome-responded = responded
usage-quoted = quoted
usage-paraphrased = paraphrased
usage-informed = informed
recognition-payment = payment
recognition-voucher = voucher
recognition-gift = gift
recognition-certificate = certificate
recognition-other = other recognition
status-verified = verified
status-verified-sentence = This idea is in the public record and its words match what was recorded.
status-withdrawn = withdrawn
status-withdrawn-sentence = This idea is in the public record; the contributor withdrew it, so its words were erased.
status-missing = missing
status-missing-sentence = This idea is in the public record, but its words are not stored on this server.
status-problem = problem
status-problem-sentence = The words shown do not match the public record.
idea-withdrawn = Withdrawn by the contributor: the words were erased.
idea-withdrawn-short = withdrawn idea
idea-text-missing = The words of this idea are not stored on this server.
idea-more = More about this idea
ideas-given-count = { $count ->
    [one] { $count } idea given
   *[other] { $count } ideas given
}
key-file = Your key file
open-key-file = Open your key file

## Home page

home-page-title = Ideas people gave
home-title = Ideas people gave, and what happened to them
home-lead = When people share their experience with a council, health service or charity, Heard keeps a public record of each idea they gave: who gave it (only as they agreed to be shown), where it was used in a report, and what the organisation did about it.
home-record = The record is signed and can only grow: nothing can be quietly changed or removed. Anyone can check it without trusting whoever runs this website. A person can take their words back at any time; the record then keeps only the fact that an idea was given.
home-action-claim = I have a claim card
home-action-contributions = See my contributions
home-action-verify = Check a receipt
home-recent = Recent consultations
home-no-consultations = No consultations are in the record yet.
home-convened-by = convened by { $name }
home-record-now = The record right now
home-record-size = { $count ->
    [one] The record holds { $count } entry.
   *[other] The record holds { $count } entries.
}
home-witnessed = An independent witness has checked it and keeps its own copy, so it cannot be rewritten without someone noticing.
home-not-witnessed = No independent witness has checked it yet.
home-checkpoint = Signed summary (checkpoint)
home-checkpoint-text = { $count ->
    [one] The record's keeper signed a summary of its { $count } entry. Its fingerprint is
   *[other] The record's keeper signed a summary of all { $count } entries. Its fingerprint is
}
home-checkpoint-link = the signed checkpoint
home-witnesses = Witnesses
home-witness-last = { $count ->
    [one] An independent witness last countersigned the record when it had { $count } entry
   *[other] An independent witness last countersigned the record when it had { $count } entries
}
home-witness-why = A witness keeps its own copy of each summary, so the record cannot be rewritten without it noticing.
home-witness-none = No independent witness has countersigned the record yet. Witnesses keep their own copy of each summary, so the record cannot be rewritten without them noticing.
home-public-key = The record's public key

## Consultation page and figures

consultation-kicker = Consultation
consultation-convened-by = Convened by
consultation-date = Date
consultation-place = Place
consultation-topic = Topic
consultation-said-did-link = You said, we did: what happened to these ideas
consultation-ideas-heading = What people said ({ $count })
consultation-shown-hint = Each person is shown only as they agreed: by name, by a name they chose, or as “a contributor”.
consultation-search = Search these ideas
consultation-unheard = Ideas not yet heard in a report
consultation-equity = Whose ideas were used
consultation-equity-lead = These figures show whether credit went to many people or to a vocal few.
consultation-feed-title = What happened to the ideas from “{ $title }”
fig-ideas = Ideas given
fig-people = People who gave them
fig-cited = Ideas cited in a report
fig-responded = Ideas with a response
fig-wait = Typical wait for a response
fig-wait-days = { $days ->
    [one] { $days } day (median)
   *[other] { $days } days (median)
}
fig-wait-none = no responses yet
fig-citations = Citations
fig-top-cited = Citations going to the 10% most-cited people
fig-top-speakers = Ideas given by the 10% who spoke most
fig-gini = How unevenly credit is spread
fig-gini-hint = 0 means everyone's ideas were cited equally; 1 means one person got all the credit
fig-by-consent = Credit by how people chose to be shown
fig-by-consent-value = named { $named }, by a chosen name { $pseudonym }, anonymous { $anonymous }

## Verify page

verify-title = Check a receipt
verify-lead = A receipt is proof that something — an idea, the report that used it, or the answer an organisation gave — is in the public record and has not been changed since.
verify-lead-2 = Paste or open the receipt below. Your own browser checks it, so you do not have to trust this website. The page also shows what this website found.
verify-idea-title = An idea and its proof
verify-idea-heading = Is this record genuine?
verify-idea-lead = Below, your own browser checks the idea's receipt, so you do not have to trust this website. The website's own check is shown beside it.
verify-receipt-label = Receipt
verify-receipt-hint = Paste the receipt text (it starts with c2sp.org/tlog-proof@v1), or its short one-line form.
verify-receipt-file = Or open a receipt file
verify-key-label = The record's public key
verify-key-hint = Filled in with the key this server says it uses. For a check that does not rely on this server at all, paste the key the organisation published elsewhere, for example in its report.
verify-server-key = This server's key:
verify-witness-policy = { $count ->
    [one] This record has { $count } independent witness; a checkpoint counts as witnessed when { $quorum } of them have countersigned it.
   *[other] This record has { $count } independent witnesses; a checkpoint counts as witnessed when { $quorum } of them have countersigned it.
}
verify-submit = Check this receipt
verify-browser-heading = Checked in your browser
verify-server-heading = Checked by this server
verify-server-hint = If your browser and this server agree, you can be confident in the result.
verify-proves-heading = What this receipt proves
verify-noscript = JavaScript is off, so only the server's check is shown. With JavaScript on, your browser checks the receipt itself.
verify-how = What is checked
verify-how-plain = The check makes sure the receipt was signed by the keeper of the record, that the entry really is part of the record, and that the person or organisation named really said it.
verify-how-hint = The steps are those of the Heard protocol (docs/PROTOCOL.md, “Receipts”); witnesses are checked only when the receipt carries countersignatures.
verify-bad-link = This verify link is not complete: the entry should be 64 characters (0–9, a–f).
verify-unknown-entry = No entry with this fingerprint is in this record.
verify-paste-first = Paste a receipt first.
verify-too-large = What you pasted is larger than this service accepts; paste one receipt.
verify-form-unreadable = The form could not be read; paste the receipt again.
verify-valid = valid
verify-not-valid = not valid
verify-all-passed = Every check passed.
verify-failed = A check failed: { $check }.
verify-the-receipt = the receipt
verify-each-check = Each check, step by step
verify-passed = Passed:
verify-failed-mark = Failed:
check-receipt-format = The receipt can be read
check-checkpoint-signature = The record's keeper really signed this version of the record
check-witnesses = Independent witnesses countersigned it
check-checkpoint-format = The signed version belongs to this record
check-entry-format = The entry in the receipt is complete and in the place it claims
check-inclusion = The entry is part of the signed record (the proof adds up)
check-statement-signature = The author's own signature on what they said is genuine
check-other = A check
proves-words = The words
proves-where = Where
proves-shown-as = Shown as
proves-done = What was done
proves-no-answer = no answer yet
proves-hint = The checks prove the entry itself: what kind of statement it is, who signed it and when. The rest comes from this server's record of what happened around it.
vi-kicker = An idea in the public record
vi-title = What was said
vi-withdrawn = The contributor withdrew this idea. Its words were erased; the record keeps only the fact that an idea was given.
vi-consultation = In the consultation
vi-used-in = Used in
vi-not-cited = No report has cited this idea yet.
vi-answer = What the organisation did
vi-no-answer = No answer yet.
vi-everything = Everything about this idea

## Claim page

claim-title = Claim your ideas
claim-lead = If you gave ideas at a workshop or meeting, the facilitator may have given you a claim card. With the code on it you can link those ideas to you, choose how your name appears, and keep proof that they were yours.
claim-withdrawn = withdrawn: the words were erased
claim-text-missing = the words are not stored on this server
claim-bad-code = This code is not quite right. Check each character against your card: a code has 27 letters and digits, in groups of four.
claim-unknown-card = We could not find a card with this code. Check each character against your card, or ask the person who gave you the card.
claim-code-label = The code on your card
claim-code-hint = 27 letters and digits, for example 7Q2M-4K8D-…. Capitals, spaces and dashes do not matter.
claim-find = Find my ideas
claim-card-from = Your card is from “{ $title }”
claim-card-ideas = The ideas recorded with this card:
claim-see-idea = See this idea
claim-already = This card has already been claimed. If that was not you, tell the organisation that ran the session.
claim-consent-legend = How should you be shown next to these ideas?
claim-consent-named = By my name
claim-consent-pseudonym = By a name I choose (a pseudonym)
claim-consent-anonymous = Not named: show me as “a contributor”
claim-name-label = Your name or chosen name
claim-name-hint = This is public and stays in the record for good, even if you later change how you are shown. If you might want no trace of your name later, choose a pseudonym or stay anonymous.
claim-noscript = Claiming needs JavaScript: your key is made and used only on this device, so it never travels to us. Turn JavaScript on, use another browser, or ask the facilitator to help.
claim-submit = Claim these ideas
claim-key-choice-hint = A key file is a small file that proves these ideas are yours. Use the same key file for every card you get, so all your ideas are kept together in one place.
claim-key-new = This is my first card: make a key file for me
claim-key-existing = I already have a key file from an earlier card
claim-key-file-hint = It is the file you saved when you claimed your first card, usually named heard-key-….txt. It is read only on this device and is never sent to us.
claim-save-key-heading = First, save your key file
claim-keep-safe = Keep this file safe.
claim-keep-safe-why = It is the only way to show later that these ideas are yours, to change how you are shown, or to take your words back. Nobody else has a copy, not us and not the facilitator, so we cannot send you another one.
claim-save-where = Save it where you will find it again: on a USB stick, in an email to yourself, or printed and kept with your papers. Then come back to this page to finish.
claim-key-make = Make and download my key file
claim-key-again = Download my key file again
claim-key-saved = I have saved my key file and I know where to find it
claim-about-key = What is the key, and what if I lose it?
claim-about-key-1 = When you claim your first card, your browser makes a key: a secret that only you hold, saved as a small file. The record shows that the ideas belong to the holder of that key, so you can later prove they were yours, change how your name appears, or take your words back. When you get another card, open the same key file to claim it: all your ideas then appear together.
claim-about-key-2 = If you lose the key file, your ideas stay in the record and stay credited as you chose. The facilitator who recorded them can still withdraw them for you, and the organisation can issue a new card for future sessions. Nobody, including us, can use your key: we never see it.

## Idea page

idea-withdrawn-title = A withdrawn idea
idea-from = An idea from
idea-see-proof = See the proof
idea-shared-with = Shared with
idea-co-contributors = { $count ->
    [one] { $count } co-contributor who confirmed it
   *[other] { $count } co-contributors who confirmed it
}
idea-topics = Topics
idea-lineage = Ideas it is connected to
idea-builds-on = It builds on
idea-built-on-by = Later ideas that build on it
idea-where-used = Where it was used
idea-no-response = The organisation has not responded to this idea yet.
idea-add-to-report = Add to report
idea-proof = Proof
idea-proof-lead = A receipt is a small text file that proves this idea is in the public record. Anyone can check it, now or years later, without trusting this website.
idea-download-receipt = Download the receipt
idea-as-tlog-proof = as a .tlog-proof file
idea-check-now = Check it now
idea-words-check = Your browser can check that the words above are exactly the ones the record holds.
idea-words-check-how = The SHA-256 of this salt followed by the words (UTF-8) equals the fingerprint in the signed entry.
idea-salt = Salt (base64):
idea-key-summary = The record's public key
idea-log-key = The record's public key, which the receipt must verify under:
idea-history = What happened, in order

## My contributions

contrib-bad-key = A public key is 64 characters: the digits 0 to 9 and the letters a to f.
contrib-find-lead = See every idea linked to your key: where it was cited, what the organisation did, and the receipts that prove it.
contrib-file-stays = Your key file stays on this device: the page reads only the public part of it.
contrib-file-noscript = Opening the key file needs JavaScript. You can type your public key below instead.
contrib-type-key = Or type your public key
contrib-public-key = Public key
contrib-key-hint = 64 characters, shown after you claimed your ideas.
contrib-show = Show my contributions
contrib-title = Contributions
contrib-none = No ideas are linked to this key yet. If you have just claimed a card, your ideas appear here as soon as the claim is recorded.
contrib-summary = { $count ->
    [one] { $count } idea given; { $cited } cited in a report.
   *[other] { $count } ideas given; { $cited } cited in a report.
}
contrib-key = Key
contrib-print = Print this page
contrib-print-hint = You can also print it with your browser’s Print command.
contrib-feed-before = To hear when a report uses these ideas or an organisation answers them,
contrib-feed-link = follow them in a feed reader (Atom feed)
contrib-feed-after = It names no one.
contrib-feed-title = What happened to the ideas of one contributor
contrib-credit = Keep your credit
contrib-credit-1 = Every idea below comes with receipts: proof, signed by the public record, that you gave it, that you claimed it, and where it was cited or answered. They stay here for good, and you can download each one.
contrib-credit-2 = You can also download one file with all your ideas and all their receipts. Keep it safe and show it to anyone: it opens in any web browser and checks every receipt by itself, with no internet and without this website.
contrib-credit-download = Download my credit
contrib-you-withdrew = You withdrew this idea: its words were erased.
contrib-co = you are a co-contributor
contrib-response = Response
contrib-none-yet = none yet
contrib-thanks = Thanks and payments
contrib-ack-declined = Declined
contrib-ack-paid = Recognised: paid
contrib-ack-recognised = Recognised
contrib-amount-private = the amount is private
contrib-receipt = Receipt:
contrib-manage = Change how you are shown, or withdraw an idea
contrib-manage-lead = To make a change, open your key file. It is read only on this device; the change is signed here and only the signed change is sent.
contrib-manage-noscript = Making a change needs JavaScript, because your key is used only on this device.
contrib-consent-legend = How should you be shown on all your ideas?
contrib-consent-pseudonym = By a name I choose
contrib-consent-anonymous = Not named
contrib-name = Name or chosen name
contrib-name-hint = Public, and it stays in the record for good.
contrib-save = Sign and save this change
contrib-withdraw-idea = Idea to withdraw
contrib-idea = idea
contrib-withdraw-sure = I understand its words will be erased for good; the record keeps only the fact that I gave an idea.
contrib-withdraw = Sign and withdraw this idea
badge-title = Get a badge for an idea
badge-1 = A badge is a small file that proves you gave an idea, where, and what came of it. It is signed, so anyone can check it is genuine, without this website.
badge-2 = Use it in a CV or a job application, attach it to a funding bid, or add it to a digital badge wallet (an app or website that keeps certificates and badges, such as the ones used for LinkedIn profiles). It follows the Open Badges 3.0 standard, which those wallets read.
badge-noscript = Getting a badge needs JavaScript, because your key file is used only on this device.
badge-one-idea = One idea
badge-whole-consultation = All my ideas in a consultation
badge-consultation-option = { $title } ({ $count ->
    [one] 1 idea
   *[other] { $count } ideas
})
badge-idea = Idea
badge-name-legend = Should the badge show your name?
badge-name-hint = It can only show the name you chose for this idea, or no name.
badge-no-name = No name. The badge is tied to your key file instead, so only you can show it is yours.
badge-named = Show the name on this idea
badge-key-hint = It is read only on this device, to sign your request. It is not sent.
badge-download = Download my badge

## Staff pages

staff-consultation-lang = Language of the consultation
staff-consultation-lang-hint = Its claim cards are printed in this language.

## Claim cards (printed in the consultation's language)

card-for = For { $name }
card-your-idea = Your idea:
card-one-of-your-ideas = One of your { $count } ideas:
card-your-ideas-session = Your { $count } ideas from this session
card-your-idea-session = Your idea from this session
card-qr-label = QR code: scan it to claim your ideas
card-your-code = Your code
card-scan = Scan the square with a phone camera, or go to
card-type-code = and type the code.
card-no-phone = No phone? Use a library computer, or ask the facilitator.
card-private = Keep this card private: the code works once.
card-doc-title = Claim cards: { $title }

## The pages' scripts (static/*.js ask for these with msg(); a page passes those its scripts ask for)

js-status = status { $status }
js-server-answered = the server answered { $status }
js-connection-failed = the connection to the server failed
js-technical-details = Technical details
js-signing-sending = Signing on this device and sending…
js-key-choose-first = Choose your key file first.
js-key-https-only = This browser allows keys only on a secure (https) connection.
js-key-too-large = This file is too large to be a Heard key file.
js-key-file-too-large = it is too large to be a Heard key file
js-key-unusable = This key file cannot be used: { $reason }.
js-key-bad-name = the key name is empty or has a space or a +
js-key-not-key-file = this is not a Heard key file (it should start with PRIVATE+KEY+)
js-key-incomplete = the key file is incomplete
js-key-damaged-id = the key file is damaged (its key ID is not 8 hex digits)
js-key-damaged-base64 = the key file is damaged (its key is not base64)
js-key-not-ed25519 = the key file does not hold an Ed25519 key
js-key-damaged-mismatch = the key file is damaged (its key ID does not match the key)
js-pubkey-form = a public key reads <name>+<8 hex digits>+<base64>
js-pubkey-id = the key ID is not 8 lowercase hex digits
js-pubkey-base64 = the key is not canonical base64
js-pubkey-type = the key is not an Ed25519 key of type 0x01 or 0x04
js-pubkey-mismatch = the key ID does not match the key
js-code-bad-character = the code has a character that is not on cards
js-code-length = a claim code has 27 letters and digits
js-code-check = the code’s last character does not match: a character is mistyped
js-code-last-letter = the code’s last letter is not one a card can hold
js-form-choose-how-you = choose how you are shown
js-form-choose-how-they = choose how they are shown
js-form-write-name = write the name to show

# claim.js
js-claim-again = Press “Claim these ideas” again: the same key will be used.
js-claim-fail-network = We could not reach Heard, so we do not know whether your claim was recorded. Check that you are online. { $again } If it was recorded, we will tell you.
js-claim-fail-already = This card has already been claimed with another key. If that was not you, tell the organisation that ran the session.
js-claim-fail-bad-code = The code does not match this card. Check it against your card and look it up again.
js-claim-fail-rate = Too many tries from this connection. Wait a minute. { $again }
js-claim-fail-busy = Heard could not record your claim just now. Nothing is lost. Wait a few minutes. { $again }
js-claim-fail-key-stopped = This key file can no longer be used: the record says it was replaced or stopped. Ask the facilitator for help.
js-claim-fail-other = Your claim was not recorded. The server said: { $reason }. Ask the facilitator to help if this keeps happening.
js-claim-key-earlier = Your key file was made earlier on this page (its file name starts heard-key-{ $id }). This claim uses the same key.
js-claim-make-https = This page cannot make a key here: the browser allows it only on a secure (https) connection. Ask the facilitator for help.
js-claim-make-unsupported = This browser cannot make the kind of key Heard uses. Please use an up-to-date browser, or ask the facilitator to help.
js-claim-key-downloading = Your key file is being downloaded as heard-key-{ $id }.txt. Keep it safe, then tick the box below.
js-claim-file-https = This browser allows keys only on a secure (https) connection. Ask the facilitator for help.
js-claim-file-opened = Key file opened (key { $id }…). These ideas will join the others claimed with it.
js-claim-file-refused = This file cannot be used: { $reason }. Nothing was changed. Choose the key file you saved when you claimed your first card.
js-claim-check-form = Please check the form: { $reason }
js-claim-need-file = Open your key file: the file you saved when you claimed your first card
js-claim-need-make = Make and download your key file first
js-claim-need-saved = Save your key file, then tick the box to say you have saved it
js-claim-sending = Signing your claim on this device and sending it…
js-claim-done-earlier = Done: your claim had already reached us, and these ideas are linked to your key.
js-claim-done = Done: these ideas are now linked to your key.
js-claim-see-all = See all your contributions and their receipts
js-claim-proof = Proof that you claimed them:
js-claim-download-receipt = download the receipt of your claim
js-claim-receipts-stay = Every receipt stays in your contributions page, where you can download them all at any time.

# contributor.js
js-contrib-opening = Opening your contributions…
js-contrib-check-form = Please check the form: { $reason }.
js-contrib-not-your-ideas = this key file is not the key these ideas are linked to
js-contrib-not-recorded = The change was not recorded: { $reason }.
js-contrib-consent-saved = Saved: your ideas now show you as you chose. Reload the page to see it.
js-contrib-withdraw-confirm = Tick the box to confirm that the words will be erased for good.
js-contrib-withdrawn = Withdrawn: the idea’s words were erased. Reload the page to see it.
js-contrib-new = New
js-contrib-nothing-new = Nothing new since your last visit on this device.
js-contrib-new-count = { $count ->
    [one] { $count } thing is new since your last visit on this device, marked “New”.
   *[other] { $count } things are new since your last visit on this device, marked “New”.
}
js-contrib-new-next-time = Next time you open this page on this device, anything new since today will be marked “New”.
js-badge-show-name = Show my name as “{ $name }”
js-badge-name-impossible = Show my name (not possible: you chose not to be named on this idea)
js-badge-asking = Signing your request on this device and asking for the badge…
js-badge-connection = The badge could not be made: the connection to the server failed. Try again.
js-badge-not-your-idea = this key file is not the key this idea is linked to
js-badge-not-made = No badge was made: { $reason }.
js-badge-saved = Your badge was saved as a .json file. Keep it with your key file; add it to a badge wallet or attach it where you need it.

# recovery.js
js-recovery-cancelled = Cancelled: the credit stays with this key. Reload the page to see it.
js-recovery-not-old-key = this key file is not the key whose credit would move
js-recovery-not-recorded = The cancellation was not recorded: { $reason }.

# idea.js
js-check-https-only = This browser allows this check only on a secure (https) connection.
js-idea-receipt-fetch = the receipt could not be fetched (status { $status })
js-idea-receipt-invalid = Checked in your browser: the receipt of this idea did not verify, so its words could not be checked.
js-idea-fetch = the idea could not be fetched (status { $status })
js-idea-words-gone = The words of this idea are no longer served, so there is nothing to check.
js-idea-words-match = Checked in your browser: these words, with the salt, give exactly the fingerprint in the signed record.
js-idea-words-mismatch = Checked in your browser: these words do NOT give the fingerprint in the signed record.
js-idea-words-error = The words could not be checked: { $reason }.

# verify.js
js-check-receipt-format = The receipt can be read
js-check-checkpoint-signature = The record's keeper really signed this version of the record
js-check-witnesses = Independent witnesses countersigned it
js-check-checkpoint-format = The signed version belongs to this record
js-check-entry-format = The entry in the receipt is complete and in the place it claims
js-check-inclusion = The entry is part of the signed record (the proof adds up)
js-check-statement-signature = The author's own signature on what they said is genuine
js-check-entry-in-log = The entry is in this record
js-verify-valid = valid
js-verify-not-valid = not valid
js-verify-all-passed = Every check passed.
js-verify-failed = A check failed: { $check }.
js-verify-the-receipt = the receipt
js-verify-passed = Passed:
js-verify-failed-mark = Failed:
js-verify-words-withdrawn = The contributor withdrew this idea: its words and salt were erased, so there are no words to check.
js-verify-words-missing = This server does not hold the words of this idea.
js-verify-words-match = The idea’s words, as this server shows them, give exactly the fingerprint in the signed entry.
js-verify-words-mismatch = The idea’s words, as this server shows them, do NOT give the fingerprint in the signed entry.
js-verify-words-error = The idea’s words could not be checked: { $reason }.
js-proves-words = The words
js-proves-withdrawn = Withdrawn by the contributor: the words were erased.
js-proves-where = Where
js-proves-given-on = Given on
js-proves-shown-as = Shown as
js-proves-cited-in = Cited in
js-proves-not-yet = not yet
js-proves-done = What was done
js-proves-no-answer = no answer yet
js-proves-hint = The checks prove the entry itself: what kind of statement it is, who signed it and when. The rest comes from this server’s record of what happened around it.
js-verify-disagree-browser-valid = Your browser and this server disagree. Your browser found the receipt genuine with the key above, but this server did not: the key above is probably not this server’s key, so the receipt belongs to another record, or this server no longer holds the entry. Rely on the check made with the key the organisation published.
js-verify-disagree-server-valid = Your browser and this server disagree. This server found the receipt genuine with its own key, but your browser did not with the key above. If you pasted a key the organisation published and the check fails, this receipt was not signed by that record: do not rely on it. If the key above is this server’s own, your browser could not make one of the checks (it needs a recent browser).
js-verify-paste-first = Paste a receipt first.
js-verify-https-only = This browser allows these checks only on a secure (https) connection; the server’s result is below.
js-verify-witnessed = Witnessed: { $count } of this record's { $total } witnesses countersigned this checkpoint{ $who }; { $quorum } are needed.
js-verify-not-witnessed = Not yet witnessed: { $count } of this record's { $total } witnesses countersigned this checkpoint{ $who }; { $quorum } are needed. The receipt is still valid; fetch it again later for a witnessed one.
js-verify-key-unusable = The record's public key is not usable: { $reason }.
js-verify-server-failed = The server could not check it: { $reason }.
js-verify-file-too-large = This file is too large to be a receipt.

# credit.js (inside a "Download my credit" file)
js-credit-fail-receipt-format = the receipt is not complete or not in the right form
js-credit-fail-checkpoint-signature = it is not signed by the record’s key
js-credit-fail-checkpoint-format = its signed summary is not of this record
js-credit-fail-entry-format = the entry inside it is damaged
js-credit-fail-inclusion = the entry is not proven to be part of the signed record
js-credit-fail-statement-signature = the statement inside it is not signed by its author
js-credit-fail-seq = it is the receipt of entry { $got }, not of entry { $want }
js-credit-fail-kind = it proves a { $got } statement, not a { $want } statement
js-credit-fail-about-key = the statement it proves is not about this key
js-credit-fail-about = the statement it proves is not about this idea
js-credit-fail-words = the words written in this file are not the words the record holds
js-credit-fail-error = it could not be checked: { $reason }
js-credit-checking = Checking every receipt on this device…
js-credit-genuine = Checked: genuine.
js-credit-failed = Failed: { $reason }.
js-credit-all-good = All { $count } receipts check out: each is signed by the record’s key and proves what it says.
js-credit-some-bad = { $count } of { $total } receipts failed the check (marked “Failed” below). The others check out.

## "Download my credit": the file (pages/credit.rs)

credit-file-title = My credit, with its proof
credit-file-ideas = { $count ->
    [one] { $count } idea given,
   *[other] { $count } ideas given,
}
credit-file-receipts = { $count ->
    [one] with { $count } receipt. Saved on { $day } from { $origin }.
   *[other] with { $count } receipts. Saved on { $day } from { $origin }.
}
credit-file-proof = This file is your proof. Keep it, and show it to anyone who needs to see your contributions: for a job, a funding bid or your community. It checks itself when it is opened, on this device, with no internet: nothing is sent anywhere, and it does not depend on our website still being there.
credit-file-unchecked = The receipts are checked when this file is opened in a web browser with JavaScript on.
credit-file-withdrawn = You withdrew this idea: its words were erased. The record keeps the fact that you gave it.
credit-file-page = Page
credit-file-receipts-heading = Receipts
credit-file-entry = entry { $seq }
credit-file-not-checked = Not checked yet.
credit-file-receipt-itself = The receipt itself (for experts)
credit-file-how = How this file checks your receipts
credit-file-how-1 = Each receipt is a signed statement from the public record that an entry is in it, and the entry itself. This file checks the record’s signature with the record’s public key below, checks that the entry is part of what was signed, that its author signed it, and that it is about the idea it is listed under. For an idea’s own receipt it also checks that the words above are the words the record holds.
credit-file-how-2 = To be sure the key is the record’s, compare it with the key the organisation publishes (for example on its website or in a report). An auditor can paste another key here and check again.
credit-file-key = The record’s public key
credit-file-check-again = Check every receipt again
credit-file-distinct = { $count } distinct receipts; each can also be checked with the
credit-file-distinct-end = command.
## Key recovery: the facilitator's page (/staff/recover) and the person's page (/recover)

recover-needs-script = This page needs JavaScript, because keys are made and used only on this device. Turn JavaScript on, or use another browser.
recover-staff-home-title = Lost key files
recover-staff-home = Someone lost the key file that holds their credit? Help them make a new key, and their credit moves to it.
recover-staff-title = Recover someone’s credit
recover-staff-lead = If someone has lost their key file, they can make a new key now. Their credit moves to it after a waiting period, and until then their old key can stop it, so nobody can take their credit quietly.
recover-staff-person-label = Their claim code, or the link to their contributions page
recover-staff-person-hint = The code is on a claim card they were given, for example 7Q2M-4XKD-…. If they have no card, find their contributions page with them and paste its link.
recover-staff-find = Continue
recover-staff-pairing-title = Ask them to open this link
recover-staff-pairing-how = On their own phone, they scan the QR code, or go to the address and type the code. If they have no phone, open the address on this device and hand it to them.
recover-staff-pairing-address = Address:
recover-staff-pairing-code = Code:
recover-staff-pairing-expiry = The link and code work once, for 15 minutes.
recover-staff-compare-title = Check the code on both screens
recover-staff-compare-lead = Their screen now shows a code too. Read them together: they must be exactly the same.
recover-staff-compare-warning = If they are not the same, do not continue: someone else may have used the link. Start again.
recover-staff-confirm = The codes match: start the recovery
recover-staff-restart = Start again
recover-person-title = Get your credit back with a new key
recover-person-lead = If you lost the key file that holds your credit, a facilitator can help you make a new one. They show you a link or a code.
recover-person-code-label = The code on the facilitator’s screen
recover-person-code-hint = 16 letters and digits, for example ABCD-EFGH-JKMN-PQRS.
recover-person-code-continue = Continue
recover-person-key-title = 1. Save your new key file
recover-person-key-lead = Your new key is a small file. Keep it safe, like a door key: with it you can change or withdraw your ideas. Nobody else gets a copy, not even the facilitator.
recover-person-key-make = Make and download my new key file
recover-person-key-again = Download it again
recover-person-key-saved = I have saved my new key file
recover-person-send-title = 2. Send your new key
recover-person-send-lead = Only the public part of your key is sent. The file stays with you.
recover-person-send = Send my new key
recover-person-check-title = Show this code to the facilitator
recover-person-check-lead = Their screen shows a code too. It must be exactly the same. If it is not, tell them.
recover-qr-error-title = That did not work
recover-qr-error-detail = This is not a pairing code.
js-recover-signed-out = This browser is not signed in. Open the invitation link you were sent first.
js-recover-not-facilitator = Only facilitators can start a recovery. Your access here is for another role.
js-recover-offline = The service cannot be reached just now. Try again in a minute.
js-recover-person-missing = Enter their claim code, or the link to their contributions page
js-recover-looking = Looking for their credit…
js-recover-found = Credit found. Number of ideas linked to their key: { $ideas }.
js-recover-card-not-claimed = This card was never claimed, so there is nothing to recover: they can claim it with its code instead.
js-recover-unknown-card = No card has this code. Check it against their card.
js-recover-bad-code = This is not a claim code or a contributions page link. Check what you typed.
js-recover-nothing = No ideas are linked to this key, so there is no credit to recover.
js-recover-open = A recovery of this credit has already started and is still waiting. It must end or be cancelled first.
js-recover-too-many = Too many recoveries are being set up just now. Try again in a few minutes.
js-recover-refused = That did not work. The server said: { $detail }
js-recover-qr-alt = QR code of the link to open
js-recover-waiting = Waiting for them to save and send their new key…
js-recover-expired = The link has expired. Start again.
js-recover-sending = Signing the recovery on this device and sending it…
js-recover-started = Recovery started: it takes effect on { $date }. Until then, the old key can cancel it.
js-recover-see-old = Their contributions page (old key)
js-recover-failed = The recovery was not started. The server said: { $detail }
js-recover-checking = Checking your link…
js-recover-helping = { $facilitator } is helping you move the credit of your lost key to a new key. The move takes effect after { $days } days.
js-recover-bad-token = This code is not right. Check it against the facilitator’s screen.
js-recover-unknown = We could not find this code. Check it, or ask the facilitator to start again.
js-recover-link-expired = This link has expired. Ask the facilitator to start again.
js-recover-link-used = A key was already sent with this link. Ask the facilitator to start again.
js-recover-no-webcrypto = This page cannot make a key here: the browser allows it only on a secure (https) connection. Ask the facilitator for help.
js-recover-no-ed25519 = This browser cannot make the kind of key Heard uses. Please use an up-to-date browser, or ask the facilitator to help.
js-recover-key-downloading = Your key file is being downloaded as { $file }. Keep it safe, then tick the box below.
js-recover-key-earlier = Your key file was made earlier on this page (its name is { $file }). The same key is used.
js-recover-make-first = Make and download your new key file first
js-recover-tick-saved = Save your new key file, then tick the box to say you have saved it
js-recover-sending-key = Sending your new key…
js-recover-send-failed = Your key was not sent. The server said: { $detail }
js-recover-network = We could not reach Heard. Check that you are online, then press “Send my new key” again.
js-recover-wait-facilitator = Now the facilitator checks the code and starts the recovery.
js-recover-person-started = Recovery started: your credit moves to your new key on { $date }. Until then, your old key can cancel it.
js-recover-your-page = Your new contributions page

## Key recovery: receipts on the portfolio and in "Download my credit"

recovery-receipt-recover = Receipt of the recovery (entry { $seq })
recovery-receipt-cancel = Receipt of the cancellation (entry { $seq })
credit-recovery-title = Key recovery
credit-recovery-lead = Receipts of the recovery that moves credit between this key and another one.
credit-recovery-recover = Recovery started by a facilitator
credit-recovery-cancel = Recovery cancelled by the old key

## Key recovery: the portfolio's section (what the log says, and the old key's cancel form)

recovery-from-this-key = A facilitator started moving the credit of this key to a new key on { $date } (entry { $seq }).
recovery-to-this-key = This key was made to recover the credit of
recovery-lost-key = a lost key
recovery-started = A facilitator started the recovery on { $date } (entry { $seq }).
recovery-state-cancelled = Cancelled by the old key on { $date }.
recovery-state-in-effect = In effect since { $date }.
recovery-state-waiting = Takes effect on { $date }, unless the old key cancels it before then.
recovery-new-key = New key:
recovery-moved = This credit has moved: the new key holds it now, and this key can no longer sign.
recovery-not-you = If you did not ask for this, you still have your key file: open it below and cancel. Only the key that holds this credit can cancel, and only before the date above.
recovery-cancel-needs-script = Cancelling needs JavaScript, because your key file is used only on this device.
recovery-key-file = Your key file
recovery-key-file-hint = It is read only on this device, to sign the cancellation. It is not sent.
recovery-cancel-button = Sign and cancel this recovery

## Public pages (said-did, unheard, search, reports, notices, feed, chart, proves)

sd-other-ideas = Other ideas
sd-not-cited = Not cited in a report yet.
sd-what-done = What was done
sd-more-hidden = given by { $name } on { $date }
sd-the-organisation = The organisation
sd-kicker = You said, we did
sd-lead = { $count ->
    [one] People gave { $count } idea in this consultation. This page shows each idea, the reports that used it, and what { $org } did about it.
   *[other] People gave { $count } ideas in this consultation. This page shows each idea, the reports that used it, and what { $org } did about it.
}
sd-feed-before = To hear when a report uses these ideas or the organisation answers them,
sd-feed-link = follow this page in a feed reader (Atom feed)
sd-feed-after = It names no one. To keep a copy on paper, use your browser’s Print command: the page fits A4.
sd-glance = At a glance
sd-idea-count = { $count ->
    [one] { $count } idea
   *[other] { $count } ideas
}
sd-no-answer-yet = No answer yet
sd-themes = Themes
sd-no-ideas = No ideas have been given in this consultation yet.
sd-theme = Theme: { $theme }
sd-page-title = You said, we did: { $title }
feed-withdrawn-idea = a withdrawn idea
feed-idea-not-stored = an idea whose words are not stored here
feed-cited-title = Cited in “{ $report }” ({ $version }): { $idea }
feed-cited-summary = The report “{ $report }” ({ $version }) used { $idea } at { $locator }, { $how }. It was given in “{ $consultation }”.
feed-answer-summary = The answer to the idea { $idea } (given in “{ $consultation }”): { $outcome }.
feed-answer-reason = Reason: { $reason }
feed-convenor-unknown = The convening organisation
feed-contributor-title = What happened to the ideas of one contributor
uh-title = Not yet heard
uh-lead = Ideas from this consultation that no report has cited yet. Ideas from people who have had nothing cited at all come first: these are the voices a report is missing.
uh-people = People who gave ideas
uh-people-uncited = People with nothing cited yet
uh-ideas-uncited = Ideas not cited yet
uh-nobody = From people with nothing cited yet ({ $count })
uh-nobody-none = Everyone who gave an idea here has had at least one idea cited.
uh-others = From people with another idea cited ({ $count })
uh-others-none = None.
uh-page-title = Not yet heard: { $title }
search-error-page = There is no such page of results. Go back to the first page.
search-error-from = Enter the first date as a real date, for example 2026-03-14
search-error-to = Enter the last date as a real date, for example 2026-03-14
search-error-range = The first date must be the same as or before the last date
search-error-too-long = Enter fewer words: at most 200 characters
search-error-consultation = Choose a consultation from the list
search-error-cited = Choose whether the idea was cited
search-error-answered = Choose whether the idea was answered
search-error-tag = Enter a shorter topic: at most 100 characters
search-error-name = Enter a shorter name: at most 100 characters
search-error-other = This search could not be done. Try again, or start a new search.
search-error-prefix = Error:
search-bad-link-title = This search link is not complete
search-bad-link-detail = Each filter may be given once. Start a new search from the search page.
search-unavailable-title = Search is not available
search-unavailable-detail = Searching is not switched on for this record. You can still browse the consultations.
search-any = Any
search-page-title-words = Ideas matching “{ $words }”
search-title = Find ideas
search-lead = Search what people said in every consultation: where it was used, and what was done about it.
search-words-label = Words to find
search-words-hint = For example: repairs, night buses, safe routes. Words like “repair” also find “repairs” and “repaired”.
search-filter = Filter the results
search-all-consultations = All consultations
search-tag-label = Topic
search-tag-hint = A topic the idea was given under, for example housing.
search-contributor-hint = The name or chosen name shown with the idea. People who chose not to be named cannot be found by name.
search-between = Given between
search-from-label = First date
search-from-hint = For example 2026-03-14.
search-to-label = Last date
search-to-hint = For example 2026-04-30.
search-cited-legend = Cited in a report
search-cited-yes = Cited
search-cited-no = Not cited yet
search-answered-legend = Answered by the organisation
search-answered-yes = Answered
search-answered-no = Not answered yet
search-submit = Search
search-cited-count = { $count ->
    [one] Cited in { $count } report
   *[other] Cited in { $count } reports
}
search-found = { $count ->
    [one] { $count } idea found
   *[other] { $count } ideas found
}
search-no-more = There are no more results.
search-first-page = Go to the first page
search-none = No ideas match. Try fewer or different words, or remove a filter.
search-not-stored = An idea whose words are not stored here
search-on = on
search-in = in
search-pages-label = Results pages
search-previous = Previous
search-next = Next
search-page-word = page
search-page-of = Page { $page } of { $pages }
report-export-text = { $format } text
report-export-copy = Copy { $format }
report-export-download = Download { $format }
report-kicker = Report
report-written-by = Written by
report-a-team = a policy team
report-document = Document
report-fingerprint = Document fingerprint (SHA-256)
report-people-credited = People credited
report-people-credited-value = { $direct } directly, { $indirect } through ideas the cited ideas built on
report-other-versions = Other versions
report-ack = Acknowledgements
report-ack-lead = This report used the ideas below. Each is in the public record; “{ $verified }” means anyone can check it.
report-withdrawn = An idea its contributor later withdrew.
report-not-stored = (words not stored on this server)
report-used-at = Used at:
report-builds-on = Builds on ideas by
report-check-proof = Check the proof
report-for = for: { $idea }
report-about-idea = About this idea
report-cite = Cite these ideas
report-cite-lead = Copy the acknowledgements or the citations into your document or reference manager. Every item carries a link anyone can use to check it.
report-equity = Whose ideas this report used
js-report-copied = { $format } copied.
js-report-copy-failed = Could not copy: select the text and copy it yourself.
reports-title = Reports
reports-lead = Reports that cite ideas people gave, newest first. Each shows which ideas it used, where, and who gave them.
reports-none = No report has cited an idea yet.
reports-by = { $count ->
    [one] By { $team }. Cites { $count } idea.
   *[other] By { $team }. Cites { $count } ideas.
}
notice-privacy-title = Privacy notice
notice-accessibility-title = Accessibility statement
notice-privacy =
    This service keeps a public record of ideas people gave in consultations, so that the people who gave them get the credit, and anyone can check what was done with them.

    ## What we keep

    - The words of each idea, the consultation it was given in and the day it was given.
    - How you chose to be shown next to your ideas: by your name, by a name you chose, or not named at all. We show no more than you chose.
    - The public part of your key, if you claimed your ideas. Your key file stays with you: we never see or keep it.
    - A fingerprint of the code on your claim card, never the code itself.
    - Which reports cited your ideas, and what the organisation said it did with them.

    ## For how long

    The record is permanent: entries are never deleted, so that nobody can quietly change what happened. The words of an idea and the salt that protects them are kept beside the record, not in it, so they can be erased.

    ## How to withdraw

    If you claimed your ideas, open your contributions page with your key file and use "Change how you are shown, or withdraw an idea". If you did not, ask the person who recorded your idea, or the organisation that ran the consultation. When an idea is withdrawn, its words are erased at once; the record keeps only the fact that an idea was given and withdrawn. You can also change how you are shown at any time.

    ## Who to contact

    The organisation that runs this service is responsible for the ideas it keeps. Ask them, or the person who recorded your idea, about anything on this page.
notice-accessibility =
    We want as many people as possible to be able to use this service. You should be able to:

    - make text bigger with your browser's zoom, up to 400%, without the page breaking
    - use every page on a phone 360 pixels wide without scrolling sideways
    - do everything with a keyboard alone
    - use a screen reader: every form field is labelled and every status message is announced
    - read the pages in English or in Welsh: use the language link at the top of every page

    ## How we check it

    Every page is tried in a real browser at 360 and 1280 pixels wide with the axe-core checker, with no serious or critical problems allowed, and the main tasks (claiming your ideas, recording ideas, building a report, checking a receipt) are tried with a keyboard alone.

    ## What is not yet accessible

    - The printed claim cards carry a QR code; the web address and the code are printed beside it, to type in instead.

    ## Reporting a problem

    If you find a problem, or need an idea or a page in another format, tell the organisation that runs this service. If you are not happy with how they answer, you can contact the Equality Advisory and Support Service (EASS).
chart-none = None of the { $count } contributors' ideas have been cited yet.
chart-summary = { $total } citations went to { $cited } of { $count } contributors. { $top ->
    [one] The { $top } most-cited contributor received { $top_credits } of them.
   *[other] The { $top } most-cited contributors received { $top_credits } of them.
}
chart-title = How citations spread across contributors
chart-caption = Each bar is one contributor, most cited on the left.
chart-numbers = The numbers behind the chart
chart-table-caption = Citations and ideas per contributor (contributors are not named here)
chart-col-contributor = Contributor
chart-col-citations = Citations
chart-col-ideas = Ideas given
hist-idea-recorded = recorded by a facilitator on the contributor's behalf in consultation "{ $consultation }"
hist-idea-contributed = contributed by its contributor in consultation "{ $consultation }"
hist-claimed = claimed by its contributor, who chose to be { $consent }
hist-consent-changed = consent changed by its contributor to { $consent }
hist-consent-named = named
hist-consent-pseudonym = pseudonym
hist-consent-anonymous = anonymous
hist-confirmed = confirmed by a co-contributor
hist-endorsed = endorsed by a { $role }
hist-role-organisation = organisation
hist-role-facilitator = facilitator
hist-role-policy-team = policy team
hist-role-witness = witness
hist-cited = { $how } in report "{ $report } { $version }" at { $locator }
hist-response = response from the convening organisation: { $outcome }
hist-response-group = response from the convening organisation: { $outcome } (one answer for { $count } ideas)
hist-withdrawn = withdrawn by the contributor; its text was erased
hist-ack-given = acknowledged: { $kind } given
hist-ack-declined = acknowledged: { $kind } declined
shown-contributor = a contributor
shown-withdrawn = withdrawn by the contributor
proves-enrol = The record's operator enrolled a key (a member of staff, an organisation or a witness)
proves-consultation = An organisation opened a consultation
proves-close = An organisation closed a consultation
proves-rotate = A key holder replaced their key with a new one
proves-statement = A signed statement
proves-what-on = { $what }, on { $date }
shown-contributor-by = a contributor

## Staff pages and payments

pay-title = Record a payment
pay-already = { $count ->
    [one] This idea already has 1 record of recognition. A new one is added beside it.
   *[other] This idea already has { $count } records of recognition. A new one is added beside them.
}
pay-private = Whether the person was paid is public. The amount is not: it is kept apart from the public record, and only the person and your organisation can see it.
pay-legend = What happened?
pay-paid = They were paid
pay-paid-hint = Your organisation paid them for the idea or for taking part.
pay-declined = They said no to payment
pay-declined-hint = Payment was offered, and they chose not to take it.
pay-amount = Amount
pay-amount-hint = In pounds and pence, for example 25 or 25.50.
pay-currency = Currency
pay-currency-hint = Three capital letters, for example GBP for pounds.
pay-note = A note (optional)
pay-note-hint = Shown to everyone, so do not write the amount here. For example “Thank you for the workshop”.
pay-send = Record it
pay-back = Back to the ideas
pay-recorded-title = Recorded for this idea
pay-recorded-hint = Only your organisation sees the amounts: this page asks for them with your key, and shows them on this device only.
pay-recorded-paid = Paid
pay-recorded-declined = They said no to payment
pay-recorded-other = Recognised
pay-recorded-amount-hidden = amount not shown
js-pay-recorded-shown = { $count ->
    [one] 1 amount shown, on this device only.
   *[other] { $count } amounts shown, on this device only.
}
js-pay-recorded-refused = amount not shown ({ $reason })
js-pay-recorded-not-yours = another organisation recorded this payment, so only it can see the amount
js-pay-recorded-unreachable = The service cannot be reached just now, so the amounts are not shown. Try again in a minute.
contrib-pay-title = See the amounts paid to you
contrib-pay-1 = The amounts are private: only you and the organisation that paid you can see them. Open your key file to see them on this page. They are not kept anywhere on this device.
contrib-pay-noscript = Seeing the amounts needs JavaScript, because your key file is used on this device to ask for them.
contrib-pay-key-hint = It is read on this device only, to sign your request. It is not sent.
contrib-pay-show = Show the amounts
js-pay-choose = Choose whether they were paid or said no
js-pay-amount-missing = Enter the amount
js-pay-amount-bad = Enter the amount as a number of pounds, with up to 2 figures for pence, for example 25.50
js-pay-currency-bad = Enter the currency as three capital letters, for example GBP
js-staff-sending = Signing on this device and sending…
js-staff-unreachable-nothing-saved = The service cannot be reached just now. Nothing was saved; try again in a minute.
js-pay-refused = Nothing was saved. The server said: { $detail }
js-pay-saved-paid = Recorded: paid { $amount }. Only the person and your organisation can see the amount.
js-pay-saved-declined = Recorded: they said no to payment.
js-pay-see-idea = See the idea
js-pay-only-organisation = Only the organisation running a consultation records payments for its ideas. Your role here is different.
js-pay-as = Recording as { $name }.
js-staff-revoked = Your access to this service has been removed by the people who run it. Nothing was saved. If you think this is a mistake, ask them for a new invitation.
js-pay-asking = Signing your request on this device and asking…
js-pay-not-shown = The amounts cannot be shown: { $reason }
js-pay-line = { $amount }: { $idea }
js-pay-shown = { $count ->
    [one] 1 amount shown. It is on this page only.
   *[other] { $count } amounts shown. They are on this page only.
}
staff-needs-script = This part of the service needs JavaScript, because your key is kept in this browser. Turn JavaScript on, or use another browser.
staff-join-title = Join as staff
staff-join-checking = Checking your invitation…
staff-join-key = When you continue, this browser makes a key that only it holds. It is used to sign what you record, so everyone can check it was you. It never leaves this browser and nobody, not even the people who run this service, can see it.
staff-join-device = Use your own device, or a work computer only you use. On a shared computer, sign out when you finish.
staff-join-button = Set up this browser
staff-home-title = Your work
staff-home-looking = Looking for your key in this browser…
staff-mine-title = My consultations
staff-mine-hint = The consultations you may record ideas in.
staff-mine-none = You are not recording in any consultation yet. Open one, or ask the organisation running one to add you.
staff-open-new = Open a new consultation
staff-answers-title = Answers
staff-answers-lead = Say what happened to the ideas people gave in your consultations.
staff-answers-button = Answer ideas
staff-reports-title = Reports
staff-reports-lead = Gather the ideas your report used, say where and how, and publish the citations.
staff-reports-button = Cite ideas in a report
staff-reports-all = See every report
staff-devices-title = Use this on another device
staff-devices-lead = Get a new invitation link for yourself, then open it on your other phone, tablet or computer. It makes a second key, just for that device.
staff-devices-button = Make a link for another device
staff-leave-title = Sign out
staff-leave-lead = Signing out removes your key from this browser. To use this browser again you will need a new invitation.
staff-leave-button = Sign out of this browser
staff-open-title = Open a new consultation
staff-open-field-title = Title
staff-open-title-hint = What people will see, for example “Damp and repairs: listening session”.
staff-open-date = Date it takes place
staff-open-place = Place
staff-open-place-hint = For example “Riverside Community Centre” or “Online”.
staff-open-topic = Topic
staff-open-topic-hint = One or two words, for example “housing”.
staff-open-convenor = Organisation running it
staff-open-recorders = Who may record ideas in it
staff-open-button = Open the consultation
staff-session-title = Record ideas
staff-session-heading = Record ideas: { $title }
staff-words = The idea, in the words it was said
staff-who-said = Who said it (only kept on this device)
staff-who-said-hint = A note to tell people apart, for example “Person 3”. Ideas with the same note share one claim card. Leave it empty to give this idea its own card.
staff-shown-legend = How should they be shown?
staff-shown-anonymous = Not named
staff-shown-anonymous-hint = Their idea is shown without any name. They can add their name later with their claim card.
staff-shown-pseudonym = By a name they choose
staff-shown-pseudonym-hint = Shown with a made-up name they give you, not their real name.
staff-shown-named = By their name
staff-shown-named-hint = Shown with their real name, which stays public for good.
staff-shown-name = The name to show
staff-tags = Tags (optional)
staff-tags-hint = Words to group ideas, separated by commas, for example “repairs, damp”.
staff-builds-on = Builds on an earlier idea (optional)
staff-builds-on-no = No
staff-co = Others who gave this idea with them (optional)
staff-co-hint = Only for people who already have a Heard key: paste the long number from their “My contributions” page, one per line.
staff-given = Date the idea was given
staff-record-button = Record this idea
staff-recorded-title = Recorded in this session
staff-print-button = Print the claim cards
staff-card-dialog-title = Scan to claim this idea
staff-close = Close
staff-qr-failed-title = That did not work
staff-qr-no-code = The card's code was not sent.
staff-qr-bad-code = This is not a claim card's code.
staff-report-title = Cite ideas in a report
staff-report-draft = Your draft is kept on this device as you type, until you publish it.
staff-report-field-title = Report title
staff-report-version = Version
staff-report-version-hint = For example “v1”, or “Final, March 2026”. A new version of a report links to the earlier ones.
staff-report-url = Where the report is published (optional)
staff-report-document = The published document (optional)
staff-report-document-hint = Choose the file: only its fingerprint is sent, so anyone can later check the document is the one you cited. The file itself stays on this device.
staff-report-ideas = Ideas used
staff-report-no-ideas = No ideas yet. Add them from an idea’s page (“Add to report”), or paste an idea’s link below.
staff-report-add = Add an idea by its link
staff-report-add-hint-before = Paste the address of the idea’s page, for example from
staff-report-add-hint-link = the consultations
staff-report-add-button = Add this idea
staff-report-publish = Publish the citations
staff-board-title = Answer ideas
staff-board-lead = Say what happened to each idea. People who gave them, and anyone else, can follow the answers.
staff-board-show = Show
staff-board-consultation = Consultation
staff-board-all = All consultations
staff-board-tag = Tag
staff-board-any-tag = Any tag
staff-board-unanswered = Only ideas without an answer
staff-board-cited = Only ideas cited in a report
staff-board-answer-title = Answer the ideas you ticked
staff-board-stage = Where it stands
staff-stage-considering = Under consideration
staff-stage-considering-hint = You are looking at it.
staff-stage-adopted = Adopted
staff-stage-adopted-hint = You will do it as it was said.
staff-stage-adapted = Adapted
staff-stage-adapted-hint = You will do it in a changed form.
staff-stage-not-adopted = Not adopted
staff-stage-not-adopted-hint = You will not do it; say why.
staff-stage-delivered = Delivered
staff-stage-delivered-hint = It has been done; say what was done, or give a link.
staff-board-reason = Why, or what was done
staff-board-link = A link to more (optional)
staff-board-send = Send the answer
sheet-title = Claim cards to print
sheet-lead = { $cards ->
    [one] 1 card
   *[other] { $cards } cards
} for “{ $title }”, { $per } to a sheet of A4 paper: { $pages ->
    [one] 1 sheet.
   *[other] { $pages } sheets.
}
sheet-claimed-left-out = { $count ->
    [one] 1 card was left out because the ideas on them have already been claimed. Nobody needs a card for them any more.
   *[other] { $count } cards were left out because the ideas on them have already been claimed. Nobody needs a card for them any more.
}
sheet-repeated = { $count ->
    [one] 1 code was listed more than once. Each card is printed once, so that nobody else holds a copy.
   *[other] { $count } codes were listed more than once. Each card is printed once, so that nobody else holds a copy.
}
sheet-print-how = Print on A4 paper at actual size (100%), then cut along the dashed lines. Give each person only their own card.
sheet-print-button = Print these cards
sheet-print-or = Or use your browser’s Print command (Ctrl+P, or ⌘+P on a Mac).
sheet-print-command = To print, use your browser’s Print command (Ctrl+P, or ⌘+P on a Mac).
sheet-warning = Warning:
sheet-loopback-title = These cards point at this computer only.
sheet-loopback-address-before = The address on them,
sheet-loopback-address-after = , was not set by the person who runs Heard, so it most likely works only on the computer Heard runs on. Nobody could claim their ideas from their own phone or a library computer.
sheet-loopback-ask = Before you print, ask them to start Heard with the address people reach it at, for example
sheet-nothing-printed = Nothing was printed or changed. Go back, correct the list of cards and try again.
sheet-error-code = Error code:
sheet-form-unreadable = This form could not be read
sheet-form-not-form = The list of cards must be sent as a web form (application/x-www-form-urlencoded).
sheet-form-malformed = The list of cards did not arrive as a well-formed web form.
sheet-no-consultation = The consultation is missing
sheet-no-consultation-detail = The form must name one consultation by its id: 64 characters, digits and the letters a to f.
sheet-unknown-consultation = We could not find this consultation
sheet-unknown-consultation-detail = No consultation with this id is in the record. Check that the whole id was copied.
sheet-no-cards = There are no cards to print
sheet-no-cards-detail = The list of cards is empty. Add the codes of the cards you want to print.
sheet-too-many = Too many cards at once
sheet-too-many-detail = A sheet can hold at most { $max } cards; the list has { $count }. Print them in smaller batches.
sheet-bad-code = A code is not quite right
sheet-bad-code-detail = The code of { $card } is not a claim code: a code has 27 letters and digits, in groups of four. Check each character against the card.
sheet-not-ours = A code is not a card of this consultation
sheet-not-ours-detail = The code of { $card } is not a card of “{ $title }”. Check that it was copied from the right card, or print it with the consultation it belongs to.
sheet-which = card { $position } in the list (the one starting { $start })
sheet-all-claimed = These cards have all been claimed
sheet-all-claimed-detail = The ideas on every card in the list have already been claimed, so there is nothing to print.
js-staff-no-idea = There is no idea with this link.
js-staff-unreachable = The service cannot be reached just now. Try again in a minute.
js-staff-withdrawn-cannot-cite = This idea was withdrawn by the person who gave it, so it cannot be cited.
js-staff-not-signed-in = This browser is not signed in. Open the invitation link you were sent first.
js-staff-not-signed-in-short = This browser is not signed in.
js-staff-words-not-stored = (the words are not stored on this server)
js-addto-added = Added to your report.
js-addto-already = This idea is already in your report.
js-addto-open = Open your report
js-role-facilitator = Facilitator
js-role-organisation = Organisation
js-role-policy-team = Policy team
js-staff-home-not-signed-in = This browser is not signed in. To record ideas, open the invitation link you were sent by the people who run this service.
js-staff-home-offline = Signed in as { $name }. The service cannot be reached just now, so your consultations cannot be shown.
js-staff-signed-in-as = Signed in as { $name } ({ $role }{ $organisation }).
js-staff-c-closed = closed
js-staff-c-open = open: record ideas
js-staff-c-convene = you convene it
js-staff-try-again = That did not work. Try again.
js-staff-device-link = Open this link on your other device. It works once, for 7 days:
js-staff-sign-out-waiting = { $count ->
    [one] 1 recorded idea has not been sent yet and will be lost. Sign out anyway?
   *[other] { $count } recorded ideas have not been sent yet and will be lost. Sign out anyway?
}
js-staff-signed-out = You are signed out. Your key has been removed from this browser.
js-join-as-facilitator = to join as a facilitator
js-join-as-organisation = to join as an organisation
js-join-as-policy-team = to join as a policy team member
js-join-another-device = to use this service on another device
js-join-invited = { $name }: you are invited { $what }.
js-join-no-secret = This page opens from an invitation link. Open the whole link from the message you were sent.
js-join-no-crypto = This browser cannot keep a key safely. Please use an up-to-date browser.
js-join-setting-up = Setting up this browser…
js-join-signed-in = You are signed in on this browser as { $name }.
js-join-go = Go to your work
js-open-wrong-role = Only organisations and facilitators open consultations. Ask the organisation running it to open it.
js-open-no-organisation = No organisation can run a consultation here yet. Ask your organisation to join first.
js-open-enter-title = Enter a title
js-open-enter-date = Enter the date it takes place
js-open-enter-place = Enter the place
js-open-enter-topic = Enter a topic
js-open-opening = Opening…
js-open-refused = The consultation was not opened: { $detail }. Nothing was saved.
js-record-closed = This consultation was closed before the idea was sent, so it was not saved.
js-record-not-recorder = You are not one of the people who may record in this consultation, so the idea was not saved.
js-record-not-enrolled = This browser’s key is not known to the service, so the idea was not saved.
js-record-refused = The idea was not saved: { $detail }.
js-record-write-idea = Write the idea
js-record-write-name = Write the name to show, or choose “Not named”
js-record-date = Enter the date as day, month and year
js-record-co = Each other person is a key of 64 characters (0–9, a–f)
js-record-sending = Recorded. It is being sent…
js-record-saved = Saved. Show the claim card to the person, or add it to the print batch.
js-record-waiting = { $count ->
    [one] 1 idea is waiting to be sent. It is kept on this device and sent when the connection returns.
   *[other] { $count } ideas are waiting to be sent. They are kept on this device and sent when the connection returns.
}
js-record-card-of = { $note }’s card
js-record-own-card = its own card
js-record-saved-on = Saved, on { $card }: { $code }
js-record-waiting-one = Waiting to be sent
js-record-show-card = Show the claim card
js-record-qr-alt = QR code of the claim link
js-outcome-adopted = Adopted
js-outcome-adapted = Adapted
js-outcome-considering = Under consideration
js-outcome-not-adopted = Not adopted
js-outcome-delivered = Delivered
js-board-cited = { $count ->
    [one] Cited in 1 report.
   *[other] Cited in { $count } reports.
}
js-board-given = Given on { $date }.
js-board-answer = Answer: { $outcome }
js-board-waiting = { $count ->
    [one] No answer yet: waiting 1 day.
   *[other] No answer yet: waiting { $count } days.
}
js-board-see-idea = See the idea and its history
js-board-record-payment = Record a payment
js-board-count = { $count ->
    [one] 1 idea shown.
   *[other] { $count } ideas shown.
}
js-board-selected = { $count ->
    [0] Tick the ideas to answer above.
    [one] Answering 1 idea.
   *[other] Answering { $count } ideas together, with one answer.
}
js-board-tick = Tick at least one idea
js-board-choose-stage = Choose where it stands
js-board-say-why = Say why it was not adopted
js-board-say-what = Say what was done, or give a link
js-board-sending = Sending…
js-board-out-of-order = One of the ideas cannot move to that stage yet: an idea is delivered only after it was adopted or adapted, and nothing but “delivered” follows “delivered”. Nothing was saved.
js-board-not-convenor = One of the ideas is from a consultation another organisation runs, so you cannot answer it. Nothing was saved.
js-board-unknown-idea = One of the ideas is not in the record. Nothing was saved.
js-board-saved = { $count ->
    [one] Answer saved.
   *[other] Answer saved for { $count } ideas.
}
js-board-wrong-role = Only the organisation running a consultation answers its ideas. Your role here is different.
js-board-as = Answering as { $name }.
js-usage-quoted = Quoted
js-usage-paraphrased = Put in other words
js-usage-informed = Informed the thinking
js-report-fingerprint = Fingerprint of { $file }: { $digest }
js-report-given-in = Given in “{ $title }”
js-report-where = Where in the report
js-report-where-hint = For example “recommendation 3, page 12”.
js-report-how = How it was used
js-report-remove = Remove this idea
js-report-wrong-role = Only policy teams cite ideas in reports. Your role here is different.
js-report-as = Writing as { $name }.
js-report-paste-address = Paste the whole address of an idea’s page.
js-report-added = Added.
js-report-already = This idea is already in the report.
js-report-enter-title = Enter the report’s title
js-report-enter-version = Enter the version
js-report-add-one = Add at least one idea
js-report-say-where = Say where idea { $n } is used in the report
js-report-publishing = Publishing…
js-report-unreachable = The service cannot be reached just now. Your draft is kept; try again in a minute.
js-report-withdrawn = One of the ideas was withdrawn by the person who gave it, so it cannot be cited. Remove it and publish again.
js-report-unknown-idea = One of the ideas is not in the record. Remove it and publish again.
js-report-refused = Nothing was published: { $detail }. Your draft is kept.
js-month-names = January February March April May June July August September October November December

## The server's refusals (problem+json `detail` and `title` for a request in this language;
## src/server/error_lang.rs). One sentence per code, written as the server's own details are:
## lower case, no full stop, for a page's script to put in its own sentence.

problem-embedded-only = this server keeps its log in PostgreSQL, where this is not available yet
problem-side-too-large = the text or payment sent with this statement is too large to keep with its entry
problem-title-400 = Bad Request
problem-title-401 = Unauthorized
problem-title-403 = Forbidden
problem-title-404 = Not Found
problem-title-405 = Method Not Allowed
problem-title-406 = Not Acceptable
problem-title-408 = Request Timeout
problem-title-409 = Conflict
problem-title-410 = Gone
problem-title-413 = Payload Too Large
problem-title-415 = Unsupported Media Type
problem-title-422 = Unprocessable Entity
problem-title-429 = Too Many Requests
problem-title-500 = Internal Server Error
problem-title-503 = Service Unavailable
problem-already-cancelled = this recovery was already cancelled
problem-already-claimed = this claim card has already been claimed
problem-already-closed = this consultation is already closed
problem-already-endorsed = this idea is already endorsed by you
problem-already-withdrawn = this idea is already withdrawn
problem-ambiguous-key = more than one known key matches the key named by this signature
problem-bad-claim-code = the claim code cannot be read: check each character against the card
problem-bad-claim-secret = this claim code is not the one the ideas were recorded with
problem-bad-date = a date must be a real calendar date, for example 2026-03-14
problem-bad-date-range = the first date must be the same as the last date or before it
problem-bad-filter = a search filter has a value it does not take
problem-bad-given-date = the day an idea was given must be a real date, for example 2026-03-14, and not after tomorrow
problem-bad-invitation = this invitation link is not complete: copy the whole link from the message you were sent
problem-bad-invitation-request = the request to join with this invitation is not well-formed
problem-bad-key-name = a key's name must not be empty, and must have no spaces, '+' or control characters
problem-bad-origin = the log's name is not valid
problem-bad-page = the page number must be a whole number from 1 to 500
problem-bad-pairing-token = a pairing code is 16 letters and digits, as the facilitator's screen shows it
problem-bad-proof-value = the proof's value is not a valid signature
problem-bad-recovery-binding = the new key's signature over the old and the new key does not verify
problem-bad-signature = the signature does not verify for this key
problem-bad-tile-path = this is not the path of a tile
problem-bad-verification-method = the verification method is not an Ed25519 did:key
problem-bad-verify-request = send one receipt, or a list of at least one citation, but not both
problem-body-timeout = what you sent took too long to arrive; check your connection and try again
problem-card-not-claimed = this card was never claimed, so no key holds its ideas: the person can claim it with its code instead
problem-checkpoint-regressed = a stored checkpoint is larger than the log
problem-claim-card-reused = this claim card belongs to another consultation
problem-closed = the log is shut down; try again later
problem-consultation-closed = this consultation is closed, so it takes no more ideas
problem-content-mismatch = the words and salt do not match the idea's fingerprint
problem-content-required = an idea is sent together with its words and salt
problem-context-mismatch = the proof's @context does not match the document's
problem-cosignatures-full = this checkpoint has as many countersignatures as it can hold
problem-credentials-disabled = this server cannot issue badges just now
problem-duplicate = this is already in the record
problem-entry-too-large = an entry is too large for a tile
problem-idea-withdrawn = this idea was withdrawn, so it cannot be changed, cited or endorsed
problem-inconsistent-store = the server's storage does not agree with itself
problem-index-mismatch = the stored indexes do not match the log
problem-internal-error = the server hit a fault of its own; try again later, and tell the people who run it if it goes on
problem-invalid-public-key = this is not a valid Ed25519 public key
problem-invalid-tile = this tile cannot be read
problem-invitation-expired = this invitation has expired; ask for a new one
problem-invitation-used = this invitation has already been used; each invitation works once, so ask for a new one
problem-io = the server could not read or write a file
problem-key-id-mismatch = the key's ID does not match the key
problem-key-in-use = this key is already known to the record; use a new key
problem-key-recovered = this key's credit moved to a new key by a recovery, so it signs nothing more
problem-key-revoked = this key was revoked or replaced, so it no longer works here
problem-key-rotated-out = this key was replaced by a new one, so it signs nothing more
problem-malformed = the request is not well-formed
problem-malformed-body = what was signed does not have the shape its kind needs
problem-malformed-checkpoint = this is not a well-formed checkpoint
problem-malformed-cosignature = this is not a well-formed countersignature
problem-malformed-note = this is not a well-formed signed note
problem-malformed-payment = the payment's amount, currency or salt is not well-formed
problem-malformed-proof = this is not a well-formed receipt
problem-malformed-signer-key = this is not a well-formed signing key
problem-malformed-verifier-key = this is not a well-formed checking key
problem-method-not-allowed = this address does not take this kind of request
problem-no-consented-name = you chose not to be named on these ideas, so a badge cannot name you; ask for one that names no one
problem-no-cosignature = the note has no countersignature from this witness
problem-no-payment = this acknowledgement records no amount
problem-non-canonical = what was signed is not in its one canonical form
problem-not-acceptable = this is served as JSON or CBOR, and the request accepts neither
problem-not-claimable = only ideas recorded with a claim card can be claimed
problem-not-contributor = only the idea's contributor (or, to withdraw it, the facilitator who recorded it) may do this
problem-not-convenor = only the organisation that convened the consultation may do this
problem-not-enrolled = this key is not enrolled with this service
problem-not-facilitator = only an enrolled facilitator may start a recovery
problem-not-facilitator-of-consultation = only a facilitator of this consultation records ideas on someone's behalf
problem-not-found = there is nothing at this address
problem-not-old-key = only the key whose credit this recovery moves may cancel it
problem-not-operator = only the operator's key enrols and revokes keys
problem-not-policy-team = only policy teams cite ideas
problem-not-your-payment = another organisation recorded this payment, so only it can see the amount
problem-nothing-to-recover = no ideas are linked to this key, so there is no credit to recover
problem-out-of-range = this position or size is beyond the record's tree
problem-overloaded = the server is handling as many requests as it can; try again shortly
problem-oversized = what was signed is larger than the record accepts
problem-pairing-expired = this pairing code has expired (they work for 15 minutes); ask the facilitator to start again
problem-pairing-used = a key was already handed in with this pairing code; ask the facilitator to start again
problem-payload-too-large = what you sent is larger than this service accepts
problem-payment-mismatch = the amount, currency and salt do not match the payment the acknowledgement records
problem-payment-required = this acknowledgement records a payment: send its amount, currency and salt with it
problem-public-amount = an acknowledgement no longer shows its amount in the open: send the amount beside it
problem-query-too-long = the words to search for must be at most 200 characters
problem-rate-limited = this computer sent too many changes at once; wait a moment and try again
problem-recovery-in-effect = this recovery has already taken effect, so it can no longer be cancelled
problem-recovery-open = a recovery of this key has already started and is still waiting
problem-recovery-same-key = the new key must differ from the lost key
problem-recovery-wait-too-short = the recovery's waiting time is shorter than this service asks
problem-root-mismatch = the proof does not add up to the tree's summary
problem-search-unavailable = search is not available on this server
problem-signature-key-mismatch = the signature is from another key than the one given
problem-staff-disabled = this server does not take staff invitations just now
problem-stage-out-of-order = an idea is marked delivered only after it was adopted or adapted
problem-stale-request = the request's time is more than 10 minutes from the server's clock; check this device's clock
problem-storage = the server could not read its records just now; try again later
problem-storage-unavailable = the server could not read or write its storage; try again later
problem-store = part of the stored tree could not be read
problem-store-corrupt = the server's storage is damaged
problem-text-too-large = the note's text is too large
problem-tile-changed = a tile already exists with different contents
problem-tile-not-found = this tile is beyond the record's current size
problem-timeout = the request took too long
problem-timestamp-out-of-range = the countersignature's time is out of range
problem-too-many-citations = at most 1000 citations are checked at once
problem-too-many-open-requests = this computer has too many requests open at once; wait for them to finish and try again
problem-too-many-pairings = too many recoveries are being set up at once; try again in a few minutes
problem-too-many-signatures = the note has too many signatures
problem-truncated = what was signed is cut short
problem-unexpected-content = only ideas carry words
problem-unexpected-payment = only an acknowledgement that records a payment carries an amount
problem-unknown-acknowledgement = there is no acknowledgement at this place in the record
problem-unknown-card = no card with this code is in the record
problem-unknown-checkpoint = this record never signed that checkpoint
problem-unknown-consultation = no consultation with this id is in the record
problem-unknown-entry = no entry with this fingerprint is in the record
problem-unknown-idea = no idea with this id is in the record
problem-unknown-invitation = this invitation was not issued here, or the link was changed on the way; ask for a new invitation
problem-unknown-key = this key is not an enrolled key in use
problem-unknown-kind = what was signed is of a kind this record does not know
problem-unknown-organisation = no organisation with this key is enrolled
problem-unknown-pairing = there is no pairing with this code; check it, or ask the facilitator to start again
problem-unknown-recovery = no such recovery is in the record
problem-unknown-report = no report with this id is in the record
problem-unknown-staff = this key is not one of this service's staff
problem-unknown-version = what was signed is in a format version this record does not read
problem-unknown-witness = this witness is not one of the record's witnesses
problem-unsupported-media-type = what you sent is of a type not accepted here
problem-unsupported-proof = the proof is not an eddsa-jcs-2022 DataIntegrityProof
problem-weak-key = this is not a usable Ed25519 public key
problem-wrong-key-type = the key is of a type this record does not support
problem-wrong-proof-length = the proof is not of the right length
problem-wrong-role = your role here cannot do this
