import { describe, expect, it } from 'vitest';
import { defaultExperiment } from '../../engine/config';
import { parseVariation, formatVariation, VARIATION_DEFAULTS, VARIATION_HINTS, VARIATION_LABELS } from '../variationText';
import { LINK_PARAMS, SETTINGS, parseVariedValue, variedField } from './settingsTable';
import { VARIED_SETTINGS } from './varied';

const TRAIN_IMAGES = 60_000;
const base = defaultExperiment();

describe('the settings table', () => {
  it('has one row per name and per link key', () => {
    const names = SETTINGS.map((s) => s.name);
    const keys = LINK_PARAMS.map((p) => p.key);
    expect(new Set(names).size).toBe(names.length);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual([
      'net',
      'layers',
      'inbn',
      'act',
      'opt',
      'bs',
      'lr',
      'ep',
      'seed',
      'val',
      'limit',
      'data',
      'bnmom',
      'bneps',
      'init',
      'trainscale',
      'evalscale',
    ]);
  });

  it('marks exactly the varied settings as varied, each with a label, defaults and a hint', () => {
    expect(
      SETTINGS.filter((s) => s.varied)
        .map((s) => s.name)
        .sort(),
    ).toEqual([...VARIED_SETTINGS].sort());
    for (const setting of VARIED_SETTINGS) {
      expect(variedField(setting).name).toBe(setting);
      expect(VARIATION_LABELS[setting]).toBe(variedField(setting).label);
      expect(VARIATION_DEFAULTS[setting]).not.toBe('');
      expect(VARIATION_HINTS[setting]).not.toBe('');
    }
  });

  it('reads numbers in the Compare panel as a link does: plain decimals only', () => {
    expect(parseVariation('batchSize', '0x10, 64', base, TRAIN_IMAGES)).toEqual({ ok: false, error: 'Batch size: "0x10" is not a number' });
    expect(parseVariation('learningRate', '1e-3, .01', base, TRAIN_IMAGES)).toEqual({ ok: true, value: { setting: 'learningRate', values: [0.001, 0.01] } });
  });

  describe.each(VARIED_SETTINGS)('%s', (setting) => {
    const label = VARIATION_LABELS[setting];

    it('round-trips its default values through the variation text', () => {
      const parsed = parseVariation(setting, VARIATION_DEFAULTS[setting], base, TRAIN_IMAGES);
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) return;
      const variation = parsed.value;
      expect(variation.setting).toBe(setting);
      expect(formatVariation(variation)).toBe(VARIATION_DEFAULTS[setting]);
      const again = parseVariation(setting, formatVariation(variation), base, TRAIN_IMAGES);
      expect(again).toEqual(parsed);
    });

    it('refuses an unknown value with its label', () => {
      const [first] = VARIATION_DEFAULTS[setting].split(', ');
      const text = parseVariation(setting, `${first}, bogus`, base, TRAIN_IMAGES);
      expect(text.ok).toBe(false);
      if (!text.ok) expect(text.error).toMatch(new RegExp(`^${label}: "bogus" is not (a number|one of .+)$`));
      expect(parseVariedValue(setting, 'bogus').ok).toBe(false);
    });
  });
});
