/**
 * A chart on screen as a PNG: the recharts SVG is copied with its computed styles inlined (an
 * `<img>` sees no page stylesheets), drawn into a canvas from a `blob:` URL (allowed by the
 * page's CSP `img-src 'self' data: blob:`), and encoded. Browser only.
 */

const SVG_NS = 'http://www.w3.org/2000/svg';

/** The computed styles that decide how a chart looks; copied onto every element of the copy. */
export const INLINED_STYLES = [
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'stroke-linecap',
  'stroke-linejoin',
  'opacity',
  'text-anchor',
  'dominant-baseline',
  'visibility',
  'display',
] as const;

/** CSS px of the title band above the chart. */
export const TITLE_HEIGHT = 32;
const TITLE_STYLE: Record<string, string> = { 'font-weight': '600', 'font-size': '15px', fill: '#1a1a1a' };
/** Canvas sizes every current browser draws (Safari's cap is the area, 4096 × 4096 px). */
const MAX_CANVAS_SIDE = 8192;
const MAX_CANVAS_AREA = 4096 * 4096;

export type ChartImageErrorCode = 'no-size' | 'unsupported' | 'render' | 'encode';

/** Why a chart could not become an image, with a message to show as it is. */
export class ChartImageError extends Error {
  constructor(
    readonly code: ChartImageErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ChartImageError';
  }
}

export interface SerializedSvg {
  /** A standalone SVG document. */
  markup: string;
  /** CSS px, title band included. */
  width: number;
  height: number;
}

/** The size the chart has on screen, else its width/height attributes, else its viewBox. */
function svgSize(svg: SVGSVGElement): { width: number; height: number } {
  const rect = svg.getBoundingClientRect();
  if (rect.width > 0 && rect.height > 0) return { width: rect.width, height: rect.height };
  const attr = (name: string) => Number.parseFloat(svg.getAttribute(name) ?? '');
  const [, , vw, vh] = (svg.getAttribute('viewBox') ?? '').split(/[\s,]+/).map(Number);
  const width = attr('width') || vw || 0;
  const height = attr('height') || vh || 0;
  return { width, height };
}

/** Copies `INLINED_STYLES` from each element of `from` to the same element of its deep clone `to`. */
function inlineStyles(from: Element, to: Element): void {
  const view = from.ownerDocument.defaultView;
  if (!view) return;
  const originals = [from, ...from.querySelectorAll('*')];
  const copies = [to, ...to.querySelectorAll('*')];
  originals.forEach((el, i) => {
    const copy = copies[i];
    if (!(copy instanceof view.SVGElement)) return;
    const computed = view.getComputedStyle(el);
    for (const prop of INLINED_STYLES) {
      const value = computed.getPropertyValue(prop);
      if (value) copy.style.setProperty(prop, value);
    }
  });
}

/** A deep copy of `svg` placed at `x, y` with size `width × height`, styles inlined, scripts gone. */
function placedCopy(svg: SVGSVGElement, x: number, y: number, width: number, height: number): SVGSVGElement {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  inlineStyles(svg, copy);
  copy.querySelectorAll('script, foreignObject').forEach((el) => el.remove());
  // A percentage width in the style attribute (recharts sets 100%) would override the attributes.
  copy.style.removeProperty('width');
  copy.style.removeProperty('height');
  copy.setAttribute('x', String(x));
  copy.setAttribute('y', String(y));
  copy.setAttribute('width', String(width));
  copy.setAttribute('height', String(height));
  if (!copy.hasAttribute('viewBox')) copy.setAttribute('viewBox', `0 0 ${width} ${height}`);
  return copy;
}

/**
 * recharts draws its legend as HTML over the SVG; each item becomes its icon (an SVG) and an SVG
 * `<text>` at the place it has on screen, so the image shows what the screen shows.
 */
function legendCopies(svg: SVGSVGElement, doc: Document, top: number): Element[] {
  const wrapper = svg.closest('.recharts-wrapper') ?? svg.parentElement;
  const origin = svg.getBoundingClientRect();
  const view = svg.ownerDocument.defaultView;
  if (!wrapper || !view) return [];
  const out: Element[] = [];
  for (const item of wrapper.querySelectorAll('.recharts-legend-item')) {
    const icon = item.querySelector('svg');
    if (icon) {
      const r = icon.getBoundingClientRect();
      out.push(placedCopy(icon, r.left - origin.left, r.top - origin.top + top, r.width, r.height));
    }
    const label = item.querySelector('.recharts-legend-item-text');
    if (label?.textContent) {
      const r = label.getBoundingClientRect();
      const style = view.getComputedStyle(label);
      const text = doc.createElementNS(SVG_NS, 'text');
      text.setAttribute('x', String(r.left - origin.left));
      text.setAttribute('y', String(r.top - origin.top + r.height / 2 + top));
      text.setAttribute('dominant-baseline', 'central');
      text.style.setProperty('font-family', style.fontFamily);
      text.style.setProperty('font-size', style.fontSize);
      text.style.setProperty('font-weight', style.fontWeight);
      text.style.setProperty('fill', style.color);
      text.textContent = label.textContent;
      out.push(text);
    }
  }
  return out;
}

/**
 * `svg` as a standalone SVG document that renders without the page: computed styles inlined, the
 * HTML legend recharts draws beside it turned into SVG, and `title` (plain text) in a band above.
 * Reads layout and styles; changes nothing on the page.
 */
export function serializeSvg(svg: SVGSVGElement, options: { title?: string | undefined } = {}): SerializedSvg {
  const { width, height } = svgSize(svg);
  if (!(width > 0 && height > 0)) throw new ChartImageError('no-size', 'The chart has no size yet, so there is nothing to save.');
  const doc = svg.ownerDocument;
  const top = options.title ? TITLE_HEIGHT : 0;
  const root = doc.createElementNS(SVG_NS, 'svg');
  root.setAttribute('width', String(width));
  root.setAttribute('height', String(height + top));
  root.setAttribute('viewBox', `0 0 ${width} ${height + top}`);
  if (options.title) {
    const title = doc.createElementNS(SVG_NS, 'text');
    title.setAttribute('x', '12');
    title.setAttribute('y', String(TITLE_HEIGHT / 2));
    title.setAttribute('dominant-baseline', 'central');
    // Through CSSOM, not a style attribute: the page's CSP (style-src 'self') blocks the latter.
    title.style.setProperty('font-family', doc.defaultView?.getComputedStyle(svg).fontFamily || 'sans-serif');
    for (const [prop, value] of Object.entries(TITLE_STYLE)) title.style.setProperty(prop, value);
    title.textContent = options.title;
    root.append(title);
  }
  root.append(placedCopy(svg, 0, top, width, height), ...legendCopies(svg, doc, top));
  return { markup: new XMLSerializer().serializeToString(root), width, height: height + top };
}

function loadImage(markup: string): Promise<HTMLImageElement> {
  const url = URL.createObjectURL(new Blob([markup], { type: 'image/svg+xml;charset=utf-8' }));
  return new Promise<HTMLImageElement>((resolve, reject) => {
    const image = new Image();
    image.onload = () => resolve(image);
    image.onerror = () => reject(new ChartImageError('render', 'This browser could not draw the chart as an image.'));
    image.src = url;
  }).finally(() => URL.revokeObjectURL(url));
}

function encodePng(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) => {
    const failed = () => new ChartImageError('encode', 'This browser could not encode the chart as a PNG.');
    try {
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(failed())), 'image/png');
    } catch {
      // A canvas the browser considers tainted throws a SecurityError here.
      reject(failed());
    }
  });
}

/**
 * The chart `svg` as a PNG, `scale` (default 2) image px per CSS px whatever the screen's
 * devicePixelRatio, on `background` (default white), with an optional `title` above. Rejects with
 * a `ChartImageError` when the browser cannot do it. Side effects: a short-lived object URL.
 */
export async function chartToPngBlob(svg: SVGSVGElement, options: { scale?: number; background?: string; title?: string } = {}): Promise<Blob> {
  if (typeof document === 'undefined' || typeof XMLSerializer === 'undefined' || typeof URL.createObjectURL !== 'function') {
    throw new ChartImageError('unsupported', 'Saving a chart as an image needs a browser page.');
  }
  const { markup, width, height } = serializeSvg(svg, { title: options.title });
  const scale = Math.min(options.scale ?? 2, MAX_CANVAS_SIDE / width, MAX_CANVAS_SIDE / height, Math.sqrt(MAX_CANVAS_AREA / (width * height)));
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new ChartImageError('unsupported', 'This browser cannot draw on a canvas, so the chart cannot be saved as an image.');
  const image = await loadImage(markup);
  ctx.fillStyle = options.background ?? '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
  return encodePng(canvas);
}
