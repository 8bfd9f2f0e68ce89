// The report page's copy buttons (Markdown, CSL-JSON, BibTeX). Without script, the text
// areas and the download links do the same job.

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
    status.textContent = copied ? `${button.textContent.replace(/^Copy /, '')} copied.` : 'Could not copy: select the text and copy it yourself.';
  });
}
