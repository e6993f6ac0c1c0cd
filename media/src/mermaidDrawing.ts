// Keeps mermaid's inline `style` attributes from hitting our CSP while it draws. Mermaid sets hundreds of them
// per diagram; with `style-src` nonce-only each one is refused and reported as a CSP violation (a console
// message and an event: about a third of a relayout). While `drawWithoutInlineStyles` runs, setting `style` on
// an SVG element stores the text in `data-mw-style` instead, so nothing is refused and nothing is applied while
// mermaid measures (exactly as before, when the CSP refused them). `sanitizeSvg` checks that text and applies it
// through CSSOM, like any other inline style.
export const STASHED_STYLE = 'data-mw-style';

const SVG_NS = 'http://www.w3.org/2000/svg';
let drawing = 0;

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

/** Runs one mermaid render with inline styles stashed (see above). */
export async function drawWithoutInlineStyles<T>(draw: () => Promise<T>): Promise<T> {
  drawing++;
  try {
    return await draw();
  } finally {
    drawing--;
  }
}
