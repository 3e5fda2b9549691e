import { describe, expect, it } from 'vitest';
import { defaultExperiment } from '../engine/config';
import { VARIED_SETTINGS } from '../runs/comparison';
import { formatVariation, parseVariation, VARIATION_DEFAULTS, VARIATION_LABELS } from '../runs/variationText';
import { decodeShare, encodeShare } from './urlCodec';

/** The settings table's varied rows as a link carries them (the table itself: src/runs/settings/settingsTable.test.ts). */

const TRAIN_IMAGES = 60_000;
const base = defaultExperiment();

describe.each(VARIED_SETTINGS)('a link varying %s', (setting) => {
  it('round-trips the Compare panel default values through a link', () => {
    const parsed = parseVariation(setting, VARIATION_DEFAULTS[setting], base, TRAIN_IMAGES);
    if (!parsed.ok) throw new Error(parsed.error);
    const comparison = { variation: parsed.value, schedule: 'queue' as const, alsoWithoutBn: true };
    const link = encodeShare({ config: base, comparison, preset: null, hidden: [], presenter: false });
    expect(link).toContain(`vary=${setting}&values=${formatVariation(parsed.value, ',')}&`);
    const decoded = decodeShare(link, TRAIN_IMAGES);
    expect(decoded.ignored).toEqual([]);
    expect(decoded.shared.comparison).toEqual(comparison);
    expect(decoded.shared.config).toEqual(base);
  });

  it('refuses an unknown value with the setting’s label and sets up no comparison', () => {
    const [first] = VARIATION_DEFAULTS[setting].split(', ');
    const { shared, ignored } = decodeShare(`vary=${setting}&values=${first},bogus`, TRAIN_IMAGES);
    expect(shared.comparison).toBeNull();
    const label = VARIATION_LABELS[setting];
    expect(ignored).toHaveLength(1);
    expect(ignored[0]).toMatch(
      new RegExp(`^Ignored "values=${first},bogus": value 2 "bogus": ${label} must be (a number|one of .+|on or off); no comparison is set up$`),
    );
  });
});
