// The report page's copy buttons (Markdown, CSL-JSON, BibTeX). Without script, the text
// areas and the download links do the same job.

import { msg } from './ui.js';

const status = document.getElementById('copy-status');

for (const button of document.querySelectorAll('button[data-copy]')) {
  button.hidden = false;
  button.addEventListener('click', async () => {
    const area = document.getElementById(button.dataset.copy);
    let copied = false;
    try {
      await navigator.clipboard.writeText(area.value);
      copied = true;
    } catch {
      area.select();
      copied = document.execCommand('copy');
    }
    status.textContent = copied ? msg('js-report-copied', { format: button.dataset.format }) : msg('js-report-copy-failed');
  });
}
