// "Add to report" on an idea's page, shown only in a browser signed in as a policy team
// member (the key kept by /staff/join): it adds the idea to the report draft kept here.

import { msg, say } from './ui.js';
import { loadMe, addToDraft } from './staffkey.js';

const box = document.getElementById('add-to-report');
if (box && globalThis.indexedDB) {
  loadMe().then((me) => {
    if (!me || me.role !== 'policy-team') return;
    box.hidden = false;
    const button = box.querySelector('button');
    const out = box.querySelector('[aria-live]');
    button.addEventListener('click', async () => {
      try {
        const added = await addToDraft(box.dataset.idea);
        const p = say(out, `${added ? msg('js-addto-added') : msg('js-addto-already')} `, 'ok');
        const a = document.createElement('a');
        a.href = '/staff/reports/new';
        a.textContent = msg('js-addto-open');
        p.append(a);
      } catch (e) {
        say(out, e.message, 'error');
      }
    });
  }).catch(() => {});
}
