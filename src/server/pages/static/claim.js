// The claim page (docs/PROTOCOL.md §13, §14, §18). The claim is signed in this browser with
// either the key file of an earlier claim (one key, one portfolio, for every card) or a new
// key, which must be saved as a key file before the claim is sent. A new key is kept in this
// tab's sessionStorage until the claim succeeds, so a failed or retried claim reuses it and
// never makes another. Only the signed statement is sent.

import { toHex } from './bytes.js';
import { generate, keyText, parseKeyText, webCryptoAvailable } from './keyfile.js';
import { KIND, claimBody, decodeClaimCode, signAndSubmit } from './statement.js';
import { errorSummary, say } from './ui.js';

/// sessionStorage: the key file text of a key made on this page whose claim has not yet
/// succeeded, and whether its holder said they saved it: {"text": "PRIVATE+KEY+…", "saved": bool}.
const PENDING = 'heard.claim.new-key';

const form = document.getElementById('claim-form');

function link(href, text, download) {
  const a = document.createElement('a');
  a.href = href;
  a.textContent = text;
  if (download) a.download = download;
  return a;
}

function loadPending() {
  try {
    const v = JSON.parse(sessionStorage.getItem(PENDING) ?? 'null');
    return v && typeof v.text === 'string' ? v : null;
  } catch {
    return null;
  }
}

function storePending(v) {
  try {
    if (v) sessionStorage.setItem(PENDING, JSON.stringify(v)); else sessionStorage.removeItem(PENDING);
  } catch {
    // Storage blocked: the key stays in this page only, which a reload would lose; the file is saved.
  }
}

const AGAIN = 'Press “Claim these ideas” again: the same key will be used.';

/// What to tell the person when a claim did not succeed, by the server's problem code.
function failure(e) {
  switch (e.code) {
    case 'network':
      return `We could not reach Heard, so we do not know whether your claim was recorded. Check that you are online. ${AGAIN} If it was recorded, we will tell you.`;
    case 'already_claimed':
      return 'This card has already been claimed with another key. If that was not you, tell the organisation that ran the session.';
    case 'bad_claim_secret':
      return 'The code does not match this card. Check it against your card and look it up again.';
    case 'rate_limited':
    case 'too_many_open_requests':
      return `Too many tries from this connection. Wait a minute. ${AGAIN}`;
    case 'storage':
    case 'overloaded':
    case 'timeout':
    case 'body_timeout':
      return `Heard could not record your claim just now. Nothing is lost. Wait a few minutes. ${AGAIN}`;
    case 'key_revoked':
    case 'key_rotated_out':
      return 'This key file can no longer be used: the record says it was replaced or stopped. Ask the facilitator for help.';
    default:
      return `Your claim was not recorded. The server said: ${e.message}. Ask the facilitator to help if this keeps happening.`;
  }
}

/// Whether the key's portfolio already holds one of the card's ideas (a claim whose answer was
/// lost on the way back, then sent again).
async function alreadyMine(pubHex, ideas) {
  try {
    const r = await fetch(`/v1/contributors/${pubHex}`, { headers: { Accept: 'application/json' } });
    if (!r.ok) return false;
    const p = await r.json();
    return (p.items ?? []).some((i) => ideas.includes(i.idea?.id));
  } catch {
    return false;
  }
}

if (form) {
  const status = document.getElementById('claim-status');
  const errors = document.getElementById('claim-errors');
  const nameInput = document.getElementById('display-name');
  const button = document.getElementById('claim-button');
  const newKey = document.getElementById('new-key');
  const existingKey = document.getElementById('existing-key');
  const fileInput = document.getElementById('key-file');
  const fileStatus = document.getElementById('key-file-status');
  const make = document.getElementById('key-make');
  const madeStatus = document.getElementById('key-made-status');
  const again = document.getElementById('key-again');
  const keyLink = document.getElementById('key-download');
  const saved = document.getElementById('key-saved');
  const ideas = form.dataset.ideas.split(',');

  let made = null; // { key, text } of the key made on this page (or kept from before)
  let opened = null; // the key read from a key file
  let done = false;

  const choice = () => form.elements.key.value;
  const sync = () => {
    const anonymous = form.elements.consent.value === 'anonymous';
    nameInput.disabled = anonymous;
    nameInput.required = !anonymous;
    newKey.hidden = choice() !== 'new';
    existingKey.hidden = choice() !== 'existing';
  };
  form.addEventListener('change', sync);
  sync();

  const offer = (text, pubHex) => {
    keyLink.href = URL.createObjectURL(new Blob([`${text}\n`], { type: 'text/plain' }));
    keyLink.download = `heard-key-${pubHex.slice(0, 8)}.txt`;
    again.hidden = false;
  };

  // A key made earlier in this tab whose claim did not succeed: use it, never a new one.
  const pending = loadPending();
  if (pending && webCryptoAvailable()) {
    parseKeyText(pending.text).then((key) => {
      made = { key, text: pending.text.trim() };
      const pubHex = toHex(key.pub);
      offer(made.text, pubHex);
      make.hidden = true;
      saved.checked = Boolean(pending.saved);
      say(madeStatus, `Your key file was made earlier on this page (its file name starts heard-key-${pubHex.slice(0, 8)}). This claim uses the same key.`);
    }).catch(() => storePending(null));
  }

  saved.addEventListener('change', () => {
    if (made) storePending({ text: made.text, saved: saved.checked });
  });

  // Leaving while a key made here may not be saved loses it for good: ask first.
  window.addEventListener('beforeunload', (ev) => {
    if (made && !saved.checked && !done) {
      ev.preventDefault();
      ev.returnValue = '';
    }
  });

  make.addEventListener('click', async () => {
    if (!webCryptoAvailable()) {
      say(madeStatus, 'This page cannot make a key here: the browser allows it only on a secure (https) connection. Ask the facilitator for help.', 'error');
      return;
    }
    if (!made) {
      let key;
      try {
        key = await generate();
      } catch {
        say(madeStatus, 'This browser cannot make the kind of key Heard uses. Please use an up-to-date browser, or ask the facilitator to help.', 'error');
        return;
      }
      made = { key, text: await keyText(key) };
      storePending({ text: made.text, saved: false });
    }
    const pubHex = toHex(made.key.pub);
    offer(made.text, pubHex);
    make.hidden = true;
    keyLink.click();
    say(madeStatus, `Your key file is being downloaded as heard-key-${pubHex.slice(0, 8)}.txt. Keep it safe, then tick the box below.`);
    saved.focus();
  });

  fileInput.addEventListener('change', async () => {
    opened = null;
    fileInput.removeAttribute('aria-invalid');
    const file = fileInput.files?.[0];
    if (!file) return;
    if (!webCryptoAvailable()) {
      say(fileStatus, 'This browser allows keys only on a secure (https) connection. Ask the facilitator for help.', 'error');
      return;
    }
    try {
      if (file.size > 4096) throw new Error('it is too large to be a Heard key file');
      opened = await parseKeyText(await file.text());
      say(fileStatus, `Key file opened (key ${toHex(opened.pub).slice(0, 8)}…). These ideas will join the others claimed with it.`, 'success');
    } catch (e) {
      fileInput.setAttribute('aria-invalid', 'true');
      say(fileStatus, `This file cannot be used: ${e.message}. Nothing was changed. Choose the key file you saved when you claimed your first card.`, 'error');
    }
  });

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (done) return;
    const problems = [];
    const consent = form.elements.consent.value;
    let body = null;
    try {
      body = claimBody(ideas, consent, nameInput.value, decodeClaimCode(form.dataset.code));
    } catch (e) {
      problems.push(['display-name', `Please check the form: ${e.message}`]);
    }
    let key = null;
    if (choice() === 'existing') {
      if (opened) key = opened;
      else problems.push(['key-file', 'Open your key file: the file you saved when you claimed your first card']);
    } else if (!made) {
      problems.push(['key-make', 'Make and download your key file first']);
    } else if (!saved.checked) {
      problems.push(['key-saved', 'Save your key file, then tick the box to say you have saved it']);
    } else {
      key = made.key;
    }
    errorSummary(errors, problems);
    if (problems.length) return;

    button.disabled = true;
    const pubHex = toHex(key.pub);
    say(status, 'Signing your claim on this device and sending it…');
    let answer = null;
    try {
      answer = await signAndSubmit(key, KIND.claim, body);
    } catch (e) {
      if ((e.code === 'already_claimed' || e.code === 'duplicate') && (await alreadyMine(pubHex, ideas))) {
        answer = { earlier: true };
      } else {
        say(status, failure(e), 'error');
        button.disabled = false;
        return;
      }
    }
    done = true;
    if (key === made?.key) storePending(null);
    form.hidden = true;
    const p = say(status, answer.earlier
      ? 'Done: your claim had already reached us, and these ideas are linked to your key. '
      : 'Done: these ideas are now linked to your key. ', 'success');
    p.append(link(`/contributors/${pubHex}`, 'See all your contributions and their receipts'));
    const q = document.createElement('p');
    if (answer.receipt) {
      q.append('Proof that you claimed them: ', link(URL.createObjectURL(new Blob([answer.receipt], { type: 'text/plain' })), 'download the receipt of your claim', `heard-receipt-${answer.seq}.txt`), '. ');
    }
    q.append('Every receipt stays in your contributions page, where you can download them all at any time.');
    status.append(q);
    p.querySelector('a').focus();
  });
}
