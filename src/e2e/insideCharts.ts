import type { Locator } from 'playwright-core';

/**
 * The probes an Inside BatchNorm chart shows (its `data-points`), read once it is scrolled into
 * view: the charts redraw only while on screen, and the page grows above them as a run ends.
 */
export async function probesOnScreen(chart: Locator): Promise<number> {
  await chart.scrollIntoViewIfNeeded();
  return Number(await chart.getAttribute('data-points'));
}
