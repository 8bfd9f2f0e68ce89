// The portfolio's "Key recovery" section: the old key cancels a waiting recovery
// (docs/PROTOCOL.md §13, kind 13 `cancel_recovery`), signed on this device with the key
// file; only the signed statement is sent.

import { encode } from './cbor.js';
import { fromHex } from './bytes.js';
import { parseKeyText, webCryptoAvailable } from './keyfile.js';
import { signAndSubmit } from './statement.js';
import { say } from './ui.js';

const CANCEL_RECOVERY = 13;

const form = document.getElementById('cancel-recovery-form');
if (form) {
  const box = document.getElementById('cancel-recovery-status');
  const input = document.getElementById('cancel-recovery-key');
  const recovery = form.closest('[data-recovery]').dataset.recovery;
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const file = input.files?.[0];
    if (!file) { say(box, 'Choose your key file first.', 'error'); input.focus(); return; }
    if (!webCryptoAvailable()) { say(box, 'This browser allows keys only on a secure (https) connection.', 'error'); return; }
    if (file.size > 4096) { say(box, 'This file is too large to be a Heard key file.', 'error'); return; }
    let key;
    try { key = await parseKeyText(await file.text()); } catch (e) {
      say(box, `This key file cannot be used: ${e.message}.`, 'error');
      return;
    }
    say(box, 'Signing on this device and sending…');
    try {
      await signAndSubmit(key, CANCEL_RECOVERY, encode(new Map([[0, fromHex(recovery)]])));
      say(box, 'Cancelled: the credit stays with this key. Reload the page to see it.', 'success');
    } catch (e) {
      const why = e.code === 'not_old_key' ? 'this key file is not the key whose credit would move' : e.message;
      say(box, `The cancellation was not recorded: ${why}.`, 'error');
    }
  });
}
