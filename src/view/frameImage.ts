// The topology as it is drawn now, as a picture for documents: an SVG file that looks the same anywhere
// (every style the page's stylesheet gives its parts is written on the part itself, as SVG's presentation
// attributes: a page under a strict Content-Security-Policy may not set style attributes), and a PNG of it.

/** The styles a drawing's look depends on (each one of SVG's presentation attributes too), copied onto each part. */
const STYLES = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'stroke-opacity',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'text-anchor',
  'dominant-baseline',
  'visibility',
  'display',
] as const;

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * The SVG `svg` draws, standing on its own: its parts' computed styles inlined, a background of
 * `background` (the page's), its size in pixels as drawn, and a title saying what it shows.
 */
export function standaloneSvg(svg: SVGSVGElement, background: string, title: string): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const from = [svg, ...svg.querySelectorAll('*')];
  const to = [copy, ...copy.querySelectorAll('*')];
  from.forEach((el, i) => {
    const target = to[i]!;
    const cs = getComputedStyle(el);
    for (const p of STYLES) {
      const v = cs.getPropertyValue(p);
      if (v !== '' && v !== 'normal' && v !== 'auto') target.setAttribute(p, v);
    }
    target.removeAttribute('class');
    target.removeAttribute('style');
    // What only the page used: its ids and accessibility wiring.
    for (const a of [
      'id',
      'aria-labelledby',
      'aria-describedby',
      'tabindex',
      'role',
      'aria-label',
      'aria-pressed',
    ])
      target.removeAttribute(a);
  });
  const box = svg.getBoundingClientRect();
  copy.setAttribute('xmlns', SVG_NS);
  copy.setAttribute('width', String(Math.round(box.width)));
  copy.setAttribute('height', String(Math.round(box.height)));
  for (const t of copy.querySelectorAll('title')) t.remove();
  const heading = document.createElementNS(SVG_NS, 'title');
  heading.textContent = title;
  const back = document.createElementNS(SVG_NS, 'rect');
  back.setAttribute('width', '100%');
  back.setAttribute('height', '100%');
  back.setAttribute('fill', background);
  copy.prepend(heading, back);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(copy)}\n`;
}

/**
 * A PNG of `svgText` (a standalone SVG `width` × `height` px) at `scale`, or why there is none (a page
 * whose Content-Security-Policy does not let images load from the lab's own blob: addresses).
 */
export function pngOf(svgText: string, width: number, height: number, scale = 2): Promise<Blob> {
  return new Promise((resolve, reject) => {
    const url = URL.createObjectURL(new Blob([svgText], { type: 'image/svg+xml' }));
    const img = new Image();
    img.onload = () => {
      const canvas = document.createElement('canvas');
      canvas.width = Math.round(width * scale);
      canvas.height = Math.round(height * scale);
      const ctx = canvas.getContext('2d');
      if (!ctx) {
        URL.revokeObjectURL(url);
        reject(new Error('this browser gives no canvas to draw the picture on'));
        return;
      }
      ctx.scale(scale, scale);
      ctx.drawImage(img, 0, 0, width, height);
      URL.revokeObjectURL(url);
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the browser made no PNG'))), 'image/png');
    };
    img.onerror = () => {
      URL.revokeObjectURL(url);
      reject(
        new Error(
          "the browser would not draw the picture (a page's Content-Security-Policy may not allow images from blob: addresses); save it as SVG instead",
        ),
      );
    };
    img.src = url;
  });
}
