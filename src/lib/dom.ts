/** DOM building for pages rendered in the browser: every text goes in as a text node (never as HTML). */
export type Kid = Node | string | null | undefined | false;

export const el = <K extends keyof HTMLElementTagNameMap>(tag: K, props: Record<string, any> = {}, ...kids: Kid[]) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v == null || v === false) continue;
    if (k === 'dataset') Object.assign(e.dataset, v);
    else if (k === 'className' || k === 'textContent' || k === 'hidden' || k === 'open') (e as any)[k] = v;
    else e.setAttribute(k, String(v));
  }
  for (const c of kids) if (c != null && c !== false) e.append(c);
  return e;
};
