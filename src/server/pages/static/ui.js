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

// Fills an error summary (GOV.UK pattern: a box with a heading and a list of links to the
// fields) with `problems`, [field id, sentence] pairs; marks those fields invalid; hides the
// box when there is none, and moves the focus to it when there are some.
export function errorSummary(summary, problems) {
  const ul = summary.querySelector('ul');
  ul.textContent = '';
  document.querySelectorAll('[aria-invalid]').forEach((e) => e.removeAttribute('aria-invalid'));
  for (const [id, text] of problems) {
    const li = document.createElement('li');
    const a = document.createElement('a');
    a.href = `#${id}`;
    a.textContent = text;
    li.append(a);
    ul.append(li);
    document.getElementById(id)?.setAttribute('aria-invalid', 'true');
  }
  summary.hidden = problems.length === 0;
  if (problems.length) summary.focus();
}

// The page's messages for scripts, in the page's language (the server puts every `js-`
// message this page's scripts ask for in `<body data-messages>`: src/i18n/*.ftl).
let messages = null;

// The message `id` with `{ $name }` placeholders filled from `args`. A message that is a
// plural choice arrives as its variants by CLDR category: `args.count` picks one by the
// page language's rules. A missing message is a bug the Rust tests catch (every id a script
// asks msg for must be in the catalogue); here the id shows.
export function msg(id, args = {}) {
  if (messages === null) {
    try {
      messages = JSON.parse(document.body.dataset.messages ?? '{}');
    } catch {
      messages = {};
    }
  }
  let m = messages[id];
  if (m !== null && typeof m === 'object') {
    const n = Number(args.count);
    let category = 'other';
    try {
      category = new Intl.PluralRules(document.documentElement.lang || 'en').select(n);
    } catch {
      // No plural rules for the language here: the default variant.
    }
    m = m[String(n)] ?? m[category] ?? m[m._default];
  }
  if (typeof m !== 'string') {
    console.error(`message ${id} is missing`);
    return id;
  }
  return m.replace(/\{ ?\$([a-z_]+) ?\}/g, (_, k) => String(args[k] ?? ''));
}

// What the server said when it refused a request: the `detail` of its problem+json answer
// (in the page's language: the server answers in the language of the `heard_lang` cookie, else
// the browser's), else that it answered with this status. Never an English-only fallback.
export function serverSaid(answer, status) {
  return typeof answer?.detail === 'string' && answer.detail !== '' ? answer.detail : msg('js-server-answered', { status });
}

// A day written `YYYY-MM-DD` as people read it in the page's language (`14 March 2026`,
// `14 Mawrth 2026`: month names from the catalogue, since a browser may lack Welsh ones);
// the text unchanged if it is not such a day.
export function longDay(day) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day ?? '');
  const months = msg('js-month-names').split(' ');
  if (!m || months.length !== 12) return day;
  return `${Number(m[3])} ${months[Number(m[2]) - 1]} ${m[1]}`;
}

// The UTC day of a time (ms since the epoch) as people read it in the page's language.
export function longUtcDay(ms) {
  return longDay(new Date(ms).toISOString().slice(0, 10));
}
