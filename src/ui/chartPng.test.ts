// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChartImageError, chartToPngBlob, serializeSvg, TITLE_HEIGHT } from './chartPng';

/** A chart as recharts lays it out: an SVG surface plus an HTML legend over it. */
function mountChart(): SVGSVGElement {
  document.head.innerHTML = '<style>.recharts-text { font-size: 12px; fill: rgb(102, 102, 102); } .line { stroke: rgb(1, 2, 3); }</style>';
  document.body.innerHTML = `
    <div class="recharts-wrapper">
      <svg class="recharts-surface" width="400" height="300" viewBox="0 0 400 300" style="width: 100%; height: 100%">
        <g><text class="recharts-text">0.5</text></g>
        <path class="line" d="M0,0L10,10" stroke-width="2"/>
        <script>alert(1)</script>
      </svg>
      <div class="recharts-legend-wrapper"><ul>
        <li class="recharts-legend-item">
          <svg class="recharts-surface" width="14" height="14"><path d="M0,7h14" stroke="#e76f51"/></svg>
          <span class="recharts-legend-item-text" style="color: rgb(231, 111, 81)">Training (per step)</span>
        </li>
      </ul></div>
    </div>`;
  const at = (el: Element, left: number, top: number, width: number, height: number) =>
    vi.spyOn(el, 'getBoundingClientRect').mockReturnValue(DOMRect.fromRect({ x: left, y: top, width, height }));
  const [chart, icon] = document.querySelectorAll('svg');
  at(chart!, 100, 50, 400, 300);
  at(icon!, 180, 58, 14, 14);
  at(document.querySelector('.recharts-legend-item-text')!, 198, 56, 120, 18);
  return chart!;
}

const parse = (markup: string) => new DOMParser().parseFromString(markup, 'image/svg+xml').documentElement;

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

describe('serializeSvg', () => {
  it('makes a standalone SVG with the computed styles inlined and no script', () => {
    const { markup, width, height } = serializeSvg(mountChart());
    expect([width, height]).toEqual([400, 300]);
    const root = parse(markup);
    expect(root.namespaceURI).toBe('http://www.w3.org/2000/svg');
    expect(markup.match(/xmlns="http:\/\/www.w3.org\/2000\/svg"/g)).toHaveLength(1);
    expect(root.querySelector('script')).toBeNull();
    const chart = root.querySelector('svg')!;
    expect(chart.getAttribute('width')).toBe('400');
    // recharts' 100% would override the attributes inside an image.
    expect(chart.getAttribute('style')).not.toMatch(/(^|;\s*)(width|height):/);
    expect(root.querySelector('text.recharts-text')!.getAttribute('style')).toMatch(
      /font-size: 12px.*fill: rgb\(102, 102, 102\)|fill: rgb\(102, 102, 102\).*font-size: 12px/,
    );
    expect(root.querySelector('path.line')!.getAttribute('style')).toContain('stroke: rgb(1, 2, 3)');
  });

  it('turns the HTML legend into SVG at its place on screen', () => {
    const root = parse(serializeSvg(mountChart()).markup);
    const icon = root.querySelectorAll('svg')[1]!;
    expect([icon.getAttribute('x'), icon.getAttribute('y'), icon.getAttribute('width')]).toEqual(['80', '8', '14']);
    const label = [...root.querySelectorAll('text')].find((t) => t.textContent === 'Training (per step)')!;
    expect([label.getAttribute('x'), label.getAttribute('y')]).toEqual(['98', '15']);
    expect(label.getAttribute('style')).toContain('fill: rgb(231, 111, 81)');
  });

  it('puts a title above the chart as text, never as markup', () => {
    const title = '<b>BN</b> vs "no BN" & more';
    const { markup, height } = serializeSvg(mountChart(), { title });
    expect(height).toBe(300 + TITLE_HEIGHT);
    const root = parse(markup);
    expect(root.getAttribute('viewBox')).toBe(`0 0 400 ${300 + TITLE_HEIGHT}`);
    expect(root.querySelector('text')!.textContent).toBe(title);
    expect(root.querySelector('b')).toBeNull();
    expect(root.querySelector('svg')!.getAttribute('y')).toBe(String(TITLE_HEIGHT));
  });

  it('falls back to the attributes off screen and refuses a chart with no size', () => {
    const chart = mountChart();
    vi.restoreAllMocks();
    expect(serializeSvg(chart)).toMatchObject({ width: 400, height: 300 });
    chart.removeAttribute('width');
    chart.removeAttribute('height');
    chart.removeAttribute('viewBox');
    expect(() => serializeSvg(chart)).toThrow(ChartImageError);
  });
});

describe('chartToPngBlob', () => {
  const calls: unknown[][] = [];
  let loads = true;
  beforeEach(() => {
    calls.length = 0;
    loads = true;
    URL.createObjectURL = () => 'blob:svg';
    URL.revokeObjectURL = (url: string) => void calls.push(['revoke', url]);
    // jsdom neither decodes images nor draws: stand-ins that record.
    class FakeImage {
      onload: (() => void) | null = null;
      onerror: (() => void) | null = null;
      set src(url: string) {
        calls.push(['src', url]);
        setTimeout(() => (loads ? this.onload?.() : this.onerror?.()));
      }
    }
    vi.stubGlobal('Image', FakeImage);
    const ctx = {
      set fillStyle(v: string) {
        calls.push(['fillStyle', v]);
      },
      fillRect: (...a: unknown[]) => calls.push(['fillRect', ...a]),
      drawImage: (_: unknown, ...a: unknown[]) => calls.push(['drawImage', ...a]),
    };
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(ctx as never);
    vi.spyOn(HTMLCanvasElement.prototype, 'toBlob').mockImplementation(function (this: HTMLCanvasElement, done: BlobCallback) {
      calls.push(['toBlob', this.width, this.height]);
      done(new Blob(['png'], { type: 'image/png' }));
    });
  });

  it('draws the chart at twice its CSS size on white and encodes a PNG', async () => {
    const blob = await chartToPngBlob(mountChart(), { title: 'Loss' });
    expect(blob.type).toBe('image/png');
    const h = (300 + TITLE_HEIGHT) * 2;
    expect(calls).toEqual([
      ['src', 'blob:svg'],
      ['revoke', 'blob:svg'],
      ['fillStyle', '#ffffff'],
      ['fillRect', 0, 0, 800, h],
      ['drawImage', 0, 0, 800, h],
      ['toBlob', 800, h],
    ]);
  });

  it('says clearly when the browser cannot draw or load it', async () => {
    loads = false;
    await expect(chartToPngBlob(mountChart())).rejects.toMatchObject({ code: 'render', message: expect.stringMatching(/could not draw/) });
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
    await expect(chartToPngBlob(mountChart())).rejects.toMatchObject({ code: 'unsupported' });
  });
});
