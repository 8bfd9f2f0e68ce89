// Small page helpers shared by the page scripts.

// Replaces what `box` shows with one paragraph of `text` (class `kind`: info, ok or error);
// returns the paragraph. Text only: nothing here is parsed as HTML.
export function say(box, text, kind = 'info') {
  box.textContent = '';
  const p = document.createElement('p');
  p.className = kind;
  p.textContent = text;
  box.append(p);
  return p;
}
