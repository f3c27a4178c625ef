/**
 * The HTML report's one script, allowed by its hash in the page's CSP: the
 * "failed only" and text filters, and expand / collapse all. Without it the page
 * still shows everything.
 */
export const SCRIPT = `(() => {
  const q = document.getElementById('q');
  const failedOnly = document.getElementById('failed-only');
  const items = [...document.querySelectorAll('[data-item]')];
  const apply = () => {
    const text = q.value.trim().toLowerCase();
    let shown = 0;
    for (const el of items) {
      const hide = (failedOnly.checked && el.dataset.outcome === 'passed') || (text !== '' && !el.textContent.toLowerCase().includes(text));
      el.hidden = hide;
      if (!hide) shown++;
    }
    document.getElementById('shown').textContent = text || failedOnly.checked ? shown + ' of ' + items.length + ' shown' : '';
  };
  q.addEventListener('input', apply);
  failedOnly.addEventListener('change', apply);
  const all = (open) => () => document.querySelectorAll('details').forEach((d) => { d.open = open; });
  document.getElementById('expand').addEventListener('click', all(true));
  document.getElementById('collapse').addEventListener('click', all(false));
  document.querySelector('.controls').hidden = false;
})();`;
