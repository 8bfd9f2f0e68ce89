// The claim page: makes the contributor's key in this browser, offers it as a key file,
// signs the claim locally and sends only the signed statement (docs/PROTOCOL.md §13, §14).

import { toHex } from './bytes.js';
import { generate, keyText, webCryptoAvailable } from './keyfile.js';
import { KIND, claimBody, decodeClaimCode, signAndSubmit } from './statement.js';
import { say } from './ui.js';

const form = document.getElementById('claim-form');


function link(href, text, download) {
  const a = document.createElement('a');
  a.href = href;
  a.textContent = text;
  if (download) a.download = download;
  return a;
}

const REFUSALS = {
  already_claimed: 'This card has already been claimed. If that was not you, tell the organisation that ran the session.',
  bad_claim_secret: 'The code does not match this card. Check it against your card and try again.',
  rate_limited: 'Too many tries from this connection. Wait a minute and try again.',
};

if (form) {
  const status = document.getElementById('claim-status');
  const nameInput = document.getElementById('display-name');
  const button = document.getElementById('claim-button');
  const keySection = document.getElementById('key-section');
  const keyLink = document.getElementById('key-download');
  const sync = () => {
    const anonymous = form.elements.consent.value === 'anonymous';
    nameInput.disabled = anonymous;
    nameInput.required = !anonymous;
  };
  form.addEventListener('change', sync);
  sync();

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (!webCryptoAvailable()) {
      say(status, 'This page cannot make a key here: the browser allows it only on a secure (https) connection. Ask the facilitator for help.', 'error');
      return;
    }
    const consent = form.elements.consent.value;
    let body;
    try {
      body = claimBody(form.dataset.ideas.split(','), consent, nameInput.value, decodeClaimCode(form.dataset.code));
    } catch (e) {
      say(status, `Please check the form: ${e.message}.`, 'error');
      if (consent !== 'anonymous' && !nameInput.value.trim()) nameInput.focus();
      return;
    }
    button.disabled = true;
    say(status, 'Making your key on this device…');
    let key;
    try {
      key = await generate();
    } catch {
      say(status, 'This browser cannot make the kind of key Heard uses (Ed25519). Please use an up-to-date browser, or ask the facilitator to help.', 'error');
      button.disabled = false;
      return;
    }
    const pubHex = toHex(key.pub);
    keyLink.href = URL.createObjectURL(new Blob([(await keyText(key)) + '\n'], { type: 'text/plain' }));
    keyLink.download = `heard-key-${pubHex.slice(0, 8)}.txt`;
    keySection.hidden = false;
    say(status, 'Signing your claim and sending it…');
    try {
      const answer = await signAndSubmit(key, KIND.claim, body);
      form.hidden = true;
      const p = say(status, 'Done: these ideas are now linked to your key. ', 'success');
      p.append(link(`/contributors/${pubHex}`, 'See all your contributions'));
      const q = document.createElement('p');
      q.append('Proof that you claimed them: ', link(URL.createObjectURL(new Blob([answer.receipt], { type: 'text/plain' })), 'download the receipt of your claim', `heard-receipt-${answer.seq}.txt`), '.');
      status.append(q);
      keyLink.focus();
    } catch (e) {
      say(status, REFUSALS[e.code] ?? `The claim was not recorded: ${e.message}`, 'error');
      button.disabled = false;
    }
  });
}
