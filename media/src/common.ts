// Shared webview helpers: the VS Code API handle, typed posting, SVG sanitising before insertion, and
// decoding of the entity codes our generator puts in edge and group labels (set as text, never as HTML).
import type { FromWebview, ToWebview } from '../../protocol/webview.ts';
import { STASHED_STYLE } from './mermaidDrawing.ts';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const api: VsCodeApi = acquireVsCodeApi();

export function post(message: FromWebview): void {
  api.postMessage(message);
}

export function onMessage(handler: (message: ToWebview) => void | Promise<void>): void {
  window.addEventListener('message', (event: MessageEvent) => {
    const data = event.data as ToWebview | undefined;
    if (!data || typeof data !== 'object' || typeof (data as { type?: unknown }).type !== 'string') return;
    void handler(data);
  });
}

/** The nonce of this load (our HTML puts it on #app), used for the style element mermaid's SVG needs. */
export function pageNonce(): string {
  return document.getElementById('app')?.dataset.nonce ?? '';
}

/** Creates an element with text content (never HTML). */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<Record<string, string>> = {}, text?: string): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) if (value !== undefined) element.setAttribute(key, value);
  if (text !== undefined) element.textContent = text;
  return element;
}

const ALLOWED_ELEMENTS = new Set([
  'svg', 'g', 'path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon', 'text', 'tspan', 'marker', 'defs',
  'style', 'title', 'desc', 'filter', 'fedropshadow', 'lineargradient', 'radialgradient', 'stop', 'clippath',
]);

/**
 * Parses mermaid's SVG into an inert document and keeps only known-safe SVG: no script, no foreignObject, no
 * image, no `on*` attributes, no links, no `javascript:`/external URLs. Inline style attributes are moved to
 * CSSOM (allowed by our CSP) and the one <style> element gets this page's nonce.
 */
export function sanitizeSvg(svgText: string): SVGSVGElement | undefined {
  const parsed = new DOMParser().parseFromString(svgText, 'image/svg+xml');
  const root = parsed.documentElement;
  if (!root || root.nodeName.toLowerCase() !== 'svg' || parsed.getElementsByTagName('parsererror').length) return undefined;
  const styles = new Map<Element, { stashed: string; inline: string }>();
  const walk = (element: Element): void => {
    for (const child of [...element.children]) {
      if (!ALLOWED_ELEMENTS.has(child.nodeName.toLowerCase())) {
        child.remove();
        continue;
      }
      walk(child);
    }
    for (const attribute of [...element.attributes]) {
      const name = attribute.name.toLowerCase();
      const value = attribute.value;
      if (name.startsWith('on') || name === 'href' || name === 'xlink:href' || name === 'src' || name === 'action' || name === 'formaction') {
        element.removeAttribute(attribute.name);
      } else if (/javascript:|data:text\/html|vbscript:/i.test(value) || (/url\(/i.test(value) && !/url\(\s*['"]?#/i.test(value))) {
        element.removeAttribute(attribute.name);
      } else if (name === 'style' || name === STASHED_STYLE) {
        // Mermaid's own `style` attributes arrive stashed (see mermaidDrawing.ts); styles it set through CSSOM
        // arrive as `style` and win over them, as they would have in the browser.
        const entry = styles.get(element) ?? { stashed: '', inline: '' };
        if (name === 'style') entry.inline = value;
        else entry.stashed = value;
        styles.set(element, entry);
        element.removeAttribute(attribute.name);
      }
    }
  };
  walk(root);
  // Move (not copy) the checked tree into this document, then re-apply the inline styles through CSSOM.
  const imported = document.adoptNode(root) as unknown as SVGSVGElement;
  for (const [element, { stashed, inline }] of styles) {
    const css = stashed && inline ? `${stashed};${inline}` : stashed || inline;
    if (!/javascript:|expression\(|url\((?!\s*['"]?#)/i.test(css)) (element as SVGElement).style.cssText = css;
  }
  const nonce = pageNonce();
  for (const style of imported.querySelectorAll('style')) {
    if (/@import|url\((?!\s*['"]?#)|javascript:|expression\(/i.test(style.textContent ?? '')) style.remove();
    else style.setAttribute('nonce', nonce);
  }
  decodeLabelEntities(imported);
  return imported;
}

/** Our generator writes `&` `<` `%` … as mermaid entity codes; mermaid leaves some as `&#NN;` text. Decode them as text. */
export function decodeLabelEntities(root: Element): void {
  // Mermaid wraps long words across <tspan>s and may cut an entity code in two: move the cut-off head of an
  // entity to the start of the next piece of text first.
  const pieces: Text[] = [];
  const collect = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = collect.nextNode(); node; node = collect.nextNode()) pieces.push(node as Text);
  for (let i = 0; i + 1 < pieces.length; i++) {
    const text = pieces[i]!.nodeValue ?? '';
    const partial = /&(#\d{0,7})?$/.exec(text);
    if (!partial || pieces[i]!.parentElement?.closest('text') !== pieces[i + 1]!.parentElement?.closest('text')) continue;
    pieces[i]!.nodeValue = text.slice(0, partial.index);
    pieces[i + 1]!.nodeValue = partial[0] + (pieces[i + 1]!.nodeValue ?? '');
  }
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.nodeValue ?? '';
    if (text.includes('&#')) node.nodeValue = text.replace(/&#(\d{1,7});/g, (_, code: string) => safeChar(Number(code)));
  }
}

function safeChar(code: number): string {
  return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
}

/** Reads a VS Code theme colour (CSS variable) with a fallback for plain browsers. */
export function themeColor(name: string, fallback: string): string {
  const value = getComputedStyle(document.body).getPropertyValue(name).trim();
  return value || fallback;
}
