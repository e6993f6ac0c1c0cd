// What mermaid needs from the page while it draws, made cheap:
// - Inline styles. Mermaid sets hundreds of `style` attributes per diagram; with our CSP (`style-src` nonce-only)
//   each one is refused and reported as a violation (a console message and an event: about a third of a
//   relayout). While `drawWithMermaid` runs, setting `style` on an SVG element stores the text in
//   `data-mw-style` instead, so nothing is refused and nothing is applied while mermaid measures (exactly as
//   before, when the CSP refused them). `sanitizeSvg` checks that text and applies it through CSSOM, like any
//   other inline style.
// - Text widths. Mermaid measures every label line (and, when wrapping, every word) by adding a text element,
//   asking for its length and removing it again: a forced style and layout pass each time. The width of a line
//   depends only on its markup (text, weight, style) and the font, and our stylesheet fixes the font of every
//   text in a topology SVG, so widths are remembered per font and markup; an edit that changes the graph
//   re-measures only the labels it changed.
export const STASHED_STYLE = 'data-mw-style';

const SVG_NS = 'http://www.w3.org/2000/svg';
const MAX_REMEMBERED_WIDTHS = 20_000;
let drawing = 0;
let font = '';
const widths = new Map<string, number>();

function stashes(element: Element, name: string): boolean {
  return drawing > 0 && element.namespaceURI === SVG_NS && name.toLowerCase() === 'style';
}

const setAttribute = Element.prototype.setAttribute;
const getAttribute = Element.prototype.getAttribute;
const removeAttribute = Element.prototype.removeAttribute;
Element.prototype.setAttribute = function (this: Element, name: string, value: string): void {
  setAttribute.call(this, stashes(this, name) ? STASHED_STYLE : name, value);
};
Element.prototype.getAttribute = function (this: Element, name: string): string | null {
  return stashes(this, name) && this.hasAttribute(STASHED_STYLE) ? getAttribute.call(this, STASHED_STYLE) : getAttribute.call(this, name);
};
Element.prototype.removeAttribute = function (this: Element, name: string): void {
  if (stashes(this, name)) removeAttribute.call(this, STASHED_STYLE);
  removeAttribute.call(this, name);
};

const computedTextLength = SVGTextContentElement.prototype.getComputedTextLength;
SVGTextContentElement.prototype.getComputedTextLength = function (this: SVGTextContentElement): number {
  // Only mermaid's own measuring, inside a topology diagram being drawn (the stylesheet fixes its font).
  if (drawing === 0 || !this.closest('svg[id^="topology-"]')) return computedTextLength.call(this);
  const key = this.innerHTML;
  let width = widths.get(key);
  if (width === undefined) {
    width = computedTextLength.call(this);
    if (widths.size >= MAX_REMEMBERED_WIDTHS) widths.clear();
    widths.set(key, width);
  }
  return width;
};

let scratch: HTMLElement | undefined;

/**
 * Where mermaid draws: an invisible element out of the page's flow with layout containment, so the layout
 * passes its measuring forces cover only the diagram being drawn, never the panel and the diagram on screen.
 */
export function scratchContainer(): HTMLElement {
  if (!scratch) {
    scratch = document.createElement('div');
    scratch.className = 'mermaid-scratch';
    // CSSOM, not a style attribute (our CSP allows the former only).
    Object.assign(scratch.style, { position: 'absolute', left: '-100000px', top: '0', width: '2000px', height: '2000px', overflow: 'hidden', visibility: 'hidden', contain: 'strict' });
    scratch.setAttribute('aria-hidden', 'true');
    document.body.append(scratch);
  }
  return scratch;
}

/** Runs one mermaid render with inline styles stashed and text widths remembered (see above). */
export async function drawWithMermaid<T>(draw: () => Promise<T>): Promise<T> {
  // The theme (VS Code's font settings) may change the font between renders: widths of another font are forgotten.
  const current = getComputedStyle(document.body).fontFamily;
  if (current !== font) {
    widths.clear();
    font = current;
  }
  drawing++;
  try {
    return await draw();
  } finally {
    drawing--;
  }
}
