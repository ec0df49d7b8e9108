"""The small panel the runner shows on the portal page at a checkpoint (Lanjut / Batal).

It keeps clear of the control the operator must use (it takes the corner of the window
farthest from it), that control is outlined, and the panel folds to a small tab. At a
binding step it has no Lanjut: the operator's own click in the page is the answer. At a
hand-off it offers "Tunjuk di halaman" too, and for a read step a box to type the value
the page shows.
"""

from __future__ import annotations

#: Shows the panel (idempotent); the answer is kept in ``window.__ossAssistAnswer``.
PANEL_JS = r"""
(panel) => {
  if (document.getElementById('oss-assist-panel')) return;
  window.__ossAssistAnswer = 'waiting';
  const box = document.createElement('div');
  box.id = 'oss-assist-panel';
  box.setAttribute('role', 'dialog');
  box.setAttribute('aria-label', 'oss-assist');
  box.style.cssText = 'position:fixed;z-index:2147483647;max-width:440px;' +
    'max-height:70vh;overflow:auto;background:#fffbe6;border:2px solid #b7791f;' +
    'border-radius:8px;padding:12px 14px;font:14px/1.4 sans-serif;color:#222;' +
    'box-shadow:0 4px 16px #0004';
  const head = document.createElement('div');
  head.style.cssText = 'display:flex;justify-content:space-between;gap:12px';
  const title = document.createElement('strong');
  title.textContent = panel.lang === 'en' ? 'oss-assist: your turn' : 'oss-assist: giliran Anda';
  const fold = document.createElement('button');
  fold.type = 'button';
  fold.textContent = '–';
  fold.title = panel.lang === 'en' ? 'fold / unfold' : 'lipat / buka';
  fold.setAttribute('aria-label', fold.title);
  const body = document.createElement('div');
  fold.addEventListener('click', () => { body.hidden = !body.hidden; place(); });
  head.append(title, fold);
  const text = document.createElement('p');
  text.textContent = panel.text;
  text.style.margin = '6px 0';
  body.append(text);
  if (panel.rows.length) {
    const table = document.createElement('table');
    table.style.cssText = 'border-collapse:collapse;font-size:12px;margin:6px 0;width:100%';
    for (const r of panel.rows) {
      const tr = document.createElement('tr');
      if (!r.same) tr.style.background = '#fed7d7';
      for (const v of [r.label, r.profile, r.portal]) {
        const td = document.createElement('td');
        td.textContent = v;
        td.style.cssText = 'border:1px solid #ddd;padding:2px 4px';
        tr.append(td);
      }
      table.append(tr);
    }
    body.append(table);
  }
  window.__ossAssistTyped = '';
  if (panel.ask) {  // a read step done by hand: the value the page shows, typed
    const input = document.createElement('input');
    input.type = 'text';
    input.autocomplete = 'off';
    input.setAttribute('aria-label', panel.lang === 'en' ? 'The value, as the page shows it'
                       : 'Nilainya, persis seperti di halaman');
    input.style.cssText = 'display:block;width:100%;box-sizing:border-box;margin:6px 0;' +
      'padding:4px';
    input.addEventListener('input', () => { window.__ossAssistTyped = input.value; });
    body.append(input);
  }
  const row = document.createElement('div');
  const answers = panel.binding ? [['Batal', 'batal']]
    : panel.manual ? [[panel.lang === 'en' ? 'Point at it' : 'Tunjuk di halaman', 'tunjuk'],
                      ['Lanjut', 'lanjut'], ['Batal', 'batal']]
    : [['Lanjut', 'lanjut'], ['Batal', 'batal']];
  for (const [label, answer] of answers) {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    b.dataset.ossAssist = answer;
    b.style.cssText = 'margin-right:8px;padding:4px 14px';
    b.addEventListener('click', () => { window.__ossAssistAnswer = answer; });
    row.append(b);
  }
  body.append(row);
  box.append(head, body);
  document.body.append(box);
  // The corner farthest from the control the operator must use.
  function place() {
    const a = panel.avoid;
    const w = box.offsetWidth, h = box.offsetHeight, m = 16;
    const W = window.innerWidth, H = window.innerHeight;
    const corners = [[W - w - m, H - h - m], [W - w - m, m], [m, m], [m, H - h - m]];
    let best = corners[0];
    if (a) {
      const cx = a.x + a.width / 2, cy = a.y + a.height / 2;
      const clear = ([x, y]) =>
        x > a.x + a.width || x + w < a.x || y > a.y + a.height || y + h < a.y;
      const far = ([x, y]) => Math.hypot(x + w / 2 - cx, y + h / 2 - cy);
      best = corners.filter(clear).sort((p, q) => far(q) - far(p))[0]
        || corners.sort((p, q) => far(q) - far(p))[0];
    }
    box.style.left = best[0] + 'px';
    box.style.top = best[1] + 'px';
  }
  place();
}
"""

#: Outlines the control the operator must use (removed with the panel).
MARK_TARGET_JS = r"""
(el) => {
  if (!el.hasAttribute('data-oss-assist-mark')) {
    el.setAttribute('data-oss-assist-mark', el.style.outline || '');
    el.style.outline = '3px solid #d97706';
    el.style.outlineOffset = '2px';
  }
}
"""

#: Removes the panel and every outline it added.
PANEL_REMOVE_JS = r"""
() => {
  document.getElementById('oss-assist-panel')?.remove();
  for (const el of document.querySelectorAll('[data-oss-assist-mark]')) {
    el.style.outline = el.getAttribute('data-oss-assist-mark');
    el.style.outlineOffset = '';
    el.removeAttribute('data-oss-assist-mark');
  }
}
"""

#: What the operator typed in the panel's value box (a read step done by hand).
PANEL_TYPED_JS = "() => window.__ossAssistTyped || ''"

#: ``None`` when the panel is not on the page (e.g. after a navigation), else the answer.
PANEL_STATE_JS = r"""
() => document.getElementById('oss-assist-panel') ? (window.__ossAssistAnswer || 'waiting') : null
"""
