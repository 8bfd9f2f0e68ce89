// The print sheet of claim cards: the "Print these cards" button is shown only when this
// script runs (without it, the page says to use the browser's Print command).

const button = document.getElementById('print-button');
if (button) {
  button.hidden = false;
  button.addEventListener('click', () => window.print());
}
