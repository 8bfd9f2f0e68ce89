// The claim page (docs/PROTOCOL.md §13, §14, §18). The claim is signed in this browser with
// either the key file of an earlier claim (one key, one portfolio, for every card) or a new
// key, which must be saved as a key file before the claim is sent. A new key is kept in this
// tab's sessionStorage until the claim succeeds, so a failed or retried claim reuses it and
// never makes another. Only the signed statement is sent.

import { toHex } from './bytes.js';
import { generate, keyText, parseKeyText, webCryptoAvailable } from './keyfile.js';
import { KIND, claimBody, decodeClaimCode, signAndSubmit } from './statement.js';
import { errorSummary, msg, say } from './ui.js';

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


/// What to tell the person when a claim did not succeed, by the server's problem code.
function failure(e) {
  const again = msg('js-claim-again');
  switch (e.code) {
    case 'network':
      return msg('js-claim-fail-network', { again });
    case 'already_claimed':
      return msg('js-claim-fail-already');
    case 'bad_claim_secret':
      return msg('js-claim-fail-bad-code');
    case 'rate_limited':
    case 'too_many_open_requests':
      return msg('js-claim-fail-rate', { again });
    case 'storage':
    case 'overloaded':
    case 'timeout':
    case 'body_timeout':
      return msg('js-claim-fail-busy', { again });
    case 'key_revoked':
    case 'key_rotated_out':
      return msg('js-claim-fail-key-stopped');
    default:
      return msg('js-claim-fail-other', { reason: e.message });
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
      say(madeStatus, msg('js-claim-key-earlier', { id: pubHex.slice(0, 8) }));
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
      say(madeStatus, msg('js-claim-make-https'), 'error');
      return;
    }
    if (!made) {
      let key;
      try {
        key = await generate();
      } catch {
        say(madeStatus, msg('js-claim-make-unsupported'), 'error');
        return;
      }
      made = { key, text: await keyText(key) };
      storePending({ text: made.text, saved: false });
    }
    const pubHex = toHex(made.key.pub);
    offer(made.text, pubHex);
    make.hidden = true;
    keyLink.click();
    say(madeStatus, msg('js-claim-key-downloading', { id: pubHex.slice(0, 8) }));
    saved.focus();
  });

  fileInput.addEventListener('change', async () => {
    opened = null;
    fileInput.removeAttribute('aria-invalid');
    const file = fileInput.files?.[0];
    if (!file) return;
    if (!webCryptoAvailable()) {
      say(fileStatus, msg('js-claim-file-https'), 'error');
      return;
    }
    try {
      if (file.size > 4096) throw new Error(msg('js-key-file-too-large'));
      opened = await parseKeyText(await file.text());
      say(fileStatus, msg('js-claim-file-opened', { id: toHex(opened.pub).slice(0, 8) }), 'success');
    } catch (e) {
      fileInput.setAttribute('aria-invalid', 'true');
      say(fileStatus, msg('js-claim-file-refused', { reason: e.message }), 'error');
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
      problems.push(['display-name', msg('js-claim-check-form', { reason: e.message })]);
    }
    let key = null;
    if (choice() === 'existing') {
      if (opened) key = opened;
      else problems.push(['key-file', msg('js-claim-need-file')]);
    } else if (!made) {
      problems.push(['key-make', msg('js-claim-need-make')]);
    } else if (!saved.checked) {
      problems.push(['key-saved', msg('js-claim-need-saved')]);
    } else {
      key = made.key;
    }
    errorSummary(errors, problems);
    if (problems.length) return;

    button.disabled = true;
    const pubHex = toHex(key.pub);
    say(status, msg('js-claim-sending'));
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
      ? `${msg('js-claim-done-earlier')} `
      : `${msg('js-claim-done')} `, 'success');
    p.append(link(`/contributors/${pubHex}`, msg('js-claim-see-all')));
    const q = document.createElement('p');
    if (answer.receipt) {
      q.append(`${msg('js-claim-proof')} `, link(URL.createObjectURL(new Blob([answer.receipt], { type: 'text/plain' })), msg('js-claim-download-receipt'), `heard-receipt-${answer.seq}.txt`), '. ');
    }
    q.append(msg('js-claim-receipts-stay'));
    status.append(q);
    p.querySelector('a').focus();
  });
}
