/**
 * Report page: click a number → the source text around it (record JSON's source_text + provenance
 * {line,start,end}); click a check → highlight its cells. The cell in the URL hash (#cell=…) is shareable.
 * Source text is inserted with textContent only.
 */
const base = document.documentElement.dataset.base || '/';
const id = (document.getElementById('report') as HTMLElement).dataset.id!;
let recP: Promise<any> | null = null;
const rec = () => (recP ??= fetch(`${base}data/records/${id}.json`).then((r) => { if (!r.ok) throw new Error(`记录文件 ${r.status}`); return r.json(); }));

const panel = document.getElementById('prov')!;
const title = document.getElementById('prov-title')!;
const raw = document.getElementById('prov-raw')!;
const text = document.getElementById('prov-text')!;

async function show(path: string, focus = true) {
  document.querySelectorAll('td.sel').forEach((td) => td.classList.remove('sel'));
  const td = document.querySelector(`td[data-path="${CSS.escape(path)}"]`);
  td?.classList.add('sel');
  panel.hidden = false;
  title.textContent = `${path}：正在加载原文…`;
  raw.textContent = ''; text.replaceChildren();
  try {
    const r = await rec();
    const p = r.provenance?.[path];
    const label = td?.closest('tr')?.querySelector('th')?.textContent?.trim() ?? '';
    const v = td?.textContent?.trim() || '空白';
    if (!p) { title.textContent = `${label} ${path} = ${v}`; raw.textContent = '此格没有出处记录。'; return; }
    title.textContent = `${label}（${path}）= ${v} · 原文第 ${p.line + 1} 行，第 ${p.start + 1}–${p.end} 字`;
    raw.textContent = p.origin ? `原始位置：${JSON.stringify(p.origin)}` : `单元格原文：${p.raw ?? ''}`;
    const lines: string[] = String(r.source_text ?? '').split('\n');
    const from = Math.max(0, p.line - 4), to = Math.min(lines.length, p.line + 5);
    for (let i = from; i < to; i++) {
      const num = document.createElement('span'); num.className = 'muted'; num.textContent = `${String(i + 1).padStart(4)}  `;
      text.append(num);
      const l = lines[i] ?? '';
      if (i === p.line) {
        const m = document.createElement('mark'); m.textContent = l.slice(p.start, p.end);
        text.append(document.createTextNode(l.slice(0, p.start)), m, document.createTextNode(l.slice(p.end) + '\n'));
      } else text.append(document.createTextNode(l + '\n'));
    }
    if (focus) panel.scrollIntoView({ block: 'nearest' });
  } catch (e) { title.textContent = `无法加载原文：${(e as Error).message}`; }
}

document.querySelectorAll('table.tpl').forEach((t) => t.addEventListener('click', (e) => {
  const b = (e.target as HTMLElement).closest('button.v') as HTMLElement | null;
  if (!b) return;
  history.replaceState(null, '', `#cell=${encodeURIComponent(b.dataset.path!)}`);
  show(b.dataset.path!);
}));
document.getElementById('prov-close')!.addEventListener('click', () => { panel.hidden = true; history.replaceState(null, '', location.pathname + location.search); });
document.getElementById('check-list')?.addEventListener('click', (e) => {
  const b = (e.target as HTMLElement).closest('button[data-cells]') as HTMLElement | null;
  if (!b) return;
  document.querySelectorAll('td.sel').forEach((td) => td.classList.remove('sel'));
  const cells: string[] = JSON.parse(b.dataset.cells!);
  let first: Element | null = null;
  for (const c of cells) { const td = document.querySelector(`td[data-path="${CSS.escape(c)}"]`); if (td) { td.classList.add('sel'); first ??= td; } }
  first?.scrollIntoView({ block: 'center' });
});
const m = /#cell=(.+)$/.exec(location.hash);
if (m) show(decodeURIComponent(m[1]), false);
window.addEventListener('hashchange', () => { const h = /#cell=(.+)$/.exec(location.hash); if (h) show(decodeURIComponent(h[1])); });
