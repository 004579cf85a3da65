/**
 * JavaScript string lexing used to find report markup in scripts (mechanics on minimal inputs; the real
 * report cases are in html.test.ts: seed 000 inside document.write calls and inside var content = '…').
 */
import { describe, expect, it } from 'vitest';
import { jsStringLiterals, looksLikeJsWithMarkup, markupFromJs } from './js-strings.ts';

describe('jsStringLiterals', () => {
  it('unescapes \\", \\\', \\n, \\/, \\xHH, \\uHHHH, \\u{…} and line continuations', () => {
    const src = String.raw`a = "<td class=\"c\">0<\/td>"; b = '\u653f\u5e9c\x20it\'s'; c = "\u{4e00}\
二";`;
    expect(jsStringLiterals(src).map((l) => l.value)).toEqual(['<td class="c">0</td>', "政府 it's", '一二']);
  });
  it('skips comments and leaves unterminated quotes alone', () => {
    expect(jsStringLiterals(`// "not a string"\n/* 'nor this' */ x = 'yes'; y = "broken\n`).map((l) => l.value)).toEqual(['yes']);
  });
  it('drops ${…} placeholders of template literals (their value is unknown)', () => {
    expect(jsStringLiterals('t = `<p>${name}年度</p>`').map((l) => l.value)).toEqual(['<p>年度</p>']);
  });
});

describe('markupFromJs', () => {
  it('joins + chains (identifiers dropped) and keeps closing-tag-only calls', () => {
    const src = `document.write("<table><tr><td>" + "规章" + "</td><td>" + n + "0</td></tr>");\ndocument.write("</table>");\nvar url = "https://example.invalid/";`;
    expect(markupFromJs(src)).toBe('<table><tr><td>规章</td><td>0</td></tr>\n</table>');
  });
  it('is null when no string holds content markup', () => {
    expect(markupFromJs('var a = "</a>"; var b = "hello";')).toBeNull();
  });
  it('recognises a script carrying markup, not prose with quotes', () => {
    expect(looksLikeJsWithMarkup(`var content = '<p>一、总体情况</p>';`)).toBe(true);
    expect(looksLikeJsWithMarkup('一、总体情况\n“公开为原则，不公开为例外” "<<条例>>"')).toBe(false);
  });
});
