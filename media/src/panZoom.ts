// Pan and zoom for the rendered topology SVG: the SVG fills its container and we move its viewBox. The first
// view fits the whole diagram (never enlarged beyond its natural size), so no label is cut off at any panel
// size; the wheel zooms around the pointer, dragging the background pans, and the toolbar buttons fit, zoom
// and reset to 100%. Pure DOM, no dependencies.

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Smallest and largest zoom factors relative to the diagram's natural size. */
const MIN_SCALE = 0.05;
const MAX_SCALE = 4;
/** A press that moves less than this (px) is a click, not a drag. */
const DRAG_THRESHOLD = 4;

/**
 * The viewBox that shows `content` whole in a `viewport` of the given pixel size, centred, at a scale of at
 * most 1 (a small diagram keeps its natural size instead of being blown up).
 */
export function fitBox(content: Box, viewport: { width: number; height: number }, padding = 8): Box {
  const width = content.width + 2 * padding;
  const height = content.height + 2 * padding;
  const scale = Math.min(1, viewport.width / width, viewport.height / height);
  const viewWidth = viewport.width / scale;
  const viewHeight = viewport.height / scale;
  return {
    x: content.x - padding - (viewWidth - width) / 2,
    y: content.y - padding - (viewHeight - height) / 2,
    width: viewWidth,
    height: viewHeight,
  };
}

/** Zooms `view` by `factor` (>1 zooms in) keeping the diagram point at (fx, fy) (fractions of the view) still. */
export function zoomBox(view: Box, factor: number, fx = 0.5, fy = 0.5): Box {
  const width = view.width / factor;
  const height = view.height / factor;
  return { x: view.x + (view.width - width) * fx, y: view.y + (view.height - height) * fy, width, height };
}

export class PanZoom {
  private readonly container: HTMLElement;
  private svg: SVGSVGElement | undefined;
  private content: Box = { x: 0, y: 0, width: 0, height: 0 };
  private view: Box = { x: 0, y: 0, width: 0, height: 0 };
  private drag: { x: number; y: number; view: Box; moved: boolean } | undefined;
  /** True right after a drag, so the click that ends it does not reveal anything. */
  suppressClick = false;
  onChange: (scale: number) => void = () => undefined;

  constructor(container: HTMLElement) {
    this.container = container;
    container.addEventListener('wheel', (event) => this.onWheel(event), { passive: false });
    container.addEventListener('pointerdown', (event) => this.onPointerDown(event));
    container.addEventListener('pointermove', (event) => this.onPointerMove(event));
    container.addEventListener('pointerup', (event) => this.onPointerUp(event));
    container.addEventListener('pointercancel', () => (this.drag = undefined));
    new ResizeObserver(() => {
      if (this.svg && this.isFitted) this.fit();
      else this.apply();
    }).observe(container);
  }

  /** Whether the user has not zoomed or panned since the last fit (a resize then re-fits). */
  private isFitted = true;

  /** Takes over a freshly inserted SVG: its natural box is mermaid's viewBox. */
  attach(svg: SVGSVGElement): void {
    this.svg = svg;
    const box = svg.viewBox.baseVal;
    this.content = box && box.width > 0 ? { x: box.x, y: box.y, width: box.width, height: box.height } : { x: 0, y: 0, width: 100, height: 100 };
    svg.removeAttribute('width');
    svg.removeAttribute('height');
    svg.style.maxWidth = 'none';
    svg.style.width = '100%';
    svg.style.height = '100%';
    svg.setAttribute('preserveAspectRatio', 'xMidYMid meet');
    this.fit();
  }

  /** The current zoom factor (1 = natural size). */
  get scale(): number {
    const size = this.viewport();
    return this.view.width > 0 ? size.width / this.view.width : 1;
  }

  fit(): void {
    this.view = fitBox(this.content, this.viewport());
    this.isFitted = true;
    this.apply();
  }

  zoom(factor: number, fx = 0.5, fy = 0.5): void {
    const next = Math.min(MAX_SCALE, Math.max(MIN_SCALE, this.scale * factor));
    this.view = zoomBox(this.view, next / this.scale, fx, fy);
    this.isFitted = false;
    this.apply();
  }

  /** Natural size (1:1), keeping the centre of the view. */
  actualSize(): void {
    this.zoom(1 / this.scale);
  }

  private viewport(): { width: number; height: number } {
    return { width: Math.max(1, this.container.clientWidth), height: Math.max(1, this.container.clientHeight) };
  }

  private apply(): void {
    if (!this.svg || this.view.width <= 0) return;
    // Keep the aspect ratio of the container so `meet` never adds bands we do not know about.
    const size = this.viewport();
    const height = this.view.width * (size.height / size.width);
    this.view = { ...this.view, y: this.view.y + (this.view.height - height) / 2, height };
    const { x, y, width } = this.view;
    this.svg.setAttribute('viewBox', `${round(x)} ${round(y)} ${round(width)} ${round(height)}`);
    this.container.dataset.scale = this.scale.toFixed(3);
    this.onChange(this.scale);
  }

  private onWheel(event: WheelEvent): void {
    if (!this.svg) return;
    event.preventDefault();
    const rect = this.container.getBoundingClientRect();
    const factor = Math.exp(-event.deltaY * (event.deltaMode === 1 ? 0.05 : 0.002));
    this.zoom(factor, (event.clientX - rect.left) / rect.width, (event.clientY - rect.top) / rect.height);
  }

  private onPointerDown(event: PointerEvent): void {
    if (!this.svg || event.button !== 0) return;
    this.drag = { x: event.clientX, y: event.clientY, view: { ...this.view }, moved: false };
  }

  private onPointerMove(event: PointerEvent): void {
    const drag = this.drag;
    if (!drag) return;
    const dx = event.clientX - drag.x;
    const dy = event.clientY - drag.y;
    if (!drag.moved && Math.hypot(dx, dy) < DRAG_THRESHOLD) return;
    if (!drag.moved) {
      drag.moved = true;
      this.container.setPointerCapture(event.pointerId);
      this.container.classList.add('panning');
    }
    const perPixel = drag.view.width / Math.max(1, this.container.clientWidth);
    this.view = { ...drag.view, x: drag.view.x - dx * perPixel, y: drag.view.y - dy * perPixel };
    this.isFitted = false;
    this.apply();
  }

  private onPointerUp(event: PointerEvent): void {
    const drag = this.drag;
    this.drag = undefined;
    if (!drag?.moved) return;
    this.container.classList.remove('panning');
    if (this.container.hasPointerCapture(event.pointerId)) this.container.releasePointerCapture(event.pointerId);
    this.suppressClick = true;
    setTimeout(() => (this.suppressClick = false), 0);
  }
}

function round(value: number): string {
  return String(Math.round(value * 100) / 100);
}
