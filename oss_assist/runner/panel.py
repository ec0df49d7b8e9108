"""The small panel the runner shows on the portal page at a checkpoint (Lanjut / Batal)."""

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
  box.style.cssText = 'position:fixed;right:16px;bottom:16px;z-index:2147483647;' +
    'max-width:440px;background:#fffbe6;border:2px solid #b7791f;border-radius:8px;' +
    'padding:12px 14px;font:14px/1.4 sans-serif;color:#222;box-shadow:0 4px 16px #0004';
  const title = document.createElement('strong');
  title.textContent = panel.lang === 'en' ? 'oss-assist: your turn' : 'oss-assist: giliran Anda';
  const text = document.createElement('p');
  text.textContent = panel.text;
  text.style.margin = '6px 0';
  box.append(title, text);
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
    box.append(table);
  }
  const row = document.createElement('div');
  for (const [label, answer] of [['Lanjut', 'lanjut'], ['Batal', 'batal']]) {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    b.dataset.ossAssist = answer;
    b.style.cssText = 'margin-right:8px;padding:4px 14px';
    b.addEventListener('click', () => { window.__ossAssistAnswer = answer; });
    row.append(b);
  }
  box.append(row);
  document.body.append(box);
}
"""

#: ``None`` when the panel is not on the page (e.g. after a navigation), else the answer.
PANEL_STATE_JS = r"""
() => document.getElementById('oss-assist-panel') ? (window.__ossAssistAnswer || 'waiting') : null
"""
