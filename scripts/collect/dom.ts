/** Minimal helpers over a parse5 tree (elements in document order, attributes, text content). */
import type { DefaultTreeAdapterTypes as T } from 'parse5';

export type Element = T.Element;

function hasChildren(n: T.Node): n is T.ParentNode {
  return 'childNodes' in n;
}

/** All elements in document order (template contents included). */
export function* elements(root: T.Node): Generator<T.Element> {
  const stack: T.Node[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if ('tagName' in n) yield n as T.Element;
    const kids: T.Node[] = [];
    if (hasChildren(n)) kids.push(...n.childNodes);
    if ('content' in n && n.content) kids.push(n.content as T.DocumentFragment);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
}

export function attr(el: T.Element, name: string): string | null {
  const a = el.attrs.find((x) => x.name === name);
  return a ? a.value : null;
}

/** Text content, whitespace collapsed; <img alt> counts (image links on list pages). */
export function textOf(el: T.Node): string {
  const parts: string[] = [];
  const walk = (n: T.Node) => {
    if (n.nodeName === '#text') parts.push((n as T.TextNode).value);
    else if ('tagName' in n && (n as T.Element).tagName === 'img') parts.push(attr(n as T.Element, 'alt') ?? '');
    if (hasChildren(n) && n.nodeName !== 'script' && n.nodeName !== 'style') n.childNodes.forEach(walk);
  };
  walk(el);
  return parts.join(' ').replace(/[\s\u00a0\u3000]+/g, ' ').trim();
}
