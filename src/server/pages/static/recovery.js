// The portfolio's "Key recovery" section: the old key cancels a waiting recovery
// (docs/PROTOCOL.md §13, kind 13 `cancel_recovery`), signed on this device with the key
// file; only the signed statement is sent.

import { encode } from './cbor.js';
import { fromHex } from './bytes.js';
import { parseKeyText, webCryptoAvailable } from './keyfile.js';
import { signAndSubmit } from './statement.js';
import { msg, say } from './ui.js';

const CANCEL_RECOVERY = 13;

const form = document.getElementById('cancel-recovery-form');
if (form) {
  const box = document.getElementById('cancel-recovery-status');
  const input = document.getElementById('cancel-recovery-key');
  const recovery = form.closest('[data-recovery]').dataset.recovery;
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const file = input.files?.[0];
    if (!file) { say(box, msg('js-key-choose-first'), 'error'); input.focus(); return; }
    if (!webCryptoAvailable()) { say(box, msg('js-key-https-only'), 'error'); return; }
    if (file.size > 4096) { say(box, msg('js-key-too-large'), 'error'); return; }
    let key;
    try { key = await parseKeyText(await file.text()); } catch (e) {
      say(box, msg('js-key-unusable', { reason: e.message }), 'error');
      return;
    }
    say(box, msg('js-signing-sending'));
    try {
      await signAndSubmit(key, CANCEL_RECOVERY, encode(new Map([[0, fromHex(recovery)]])));
      say(box, msg('js-recovery-cancelled'), 'success');
    } catch (e) {
      const why = e.code === 'not_old_key' ? msg('js-recovery-not-old-key') : e.message;
      say(box, msg('js-recovery-not-recorded', { reason: why }), 'error');
    }
  });
}
