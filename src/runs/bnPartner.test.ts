import { describe, expect, it } from 'vitest';
import { defaultExperiment } from '../engine/config';
import { withBatchNorm } from './comparison';
import { bnPartner, hasBatchNorm } from './bnPartner';
import { blankRun } from './testing/blankRun';

describe('bnPartner', () => {
  const bn = defaultExperiment();
  const plain = withBatchNorm(bn, false);

  it('finds the same network without BatchNorm, and back', () => {
    const a = blankRun({ id: 'a', config: bn, groupId: 'g' });
    const b = blankRun({ id: 'b', config: plain, groupId: 'g' });
    expect(hasBatchNorm(a.config)).toBe(true);
    expect(hasBatchNorm(b.config)).toBe(false);
    expect(bnPartner(a, [a, b])?.id).toBe('b');
    expect(bnPartner(b, [a, b])?.id).toBe('a');
  });

  it('prefers its own comparison group, else the newest match; ignores runs that differ in anything else', () => {
    const a = blankRun({ id: 'a', config: bn, groupId: 'g1' });
    const older = blankRun({ id: 'old', config: plain, groupId: 'g1' });
    const newer = blankRun({ id: 'new', config: plain, groupId: 'g2' });
    const otherLr = blankRun({ id: 'lr', config: { ...plain, train: { ...plain.train, learningRate: 0.1 } } });
    expect(bnPartner(a, [a, older, newer, otherLr])?.id).toBe('old');
    expect(bnPartner(blankRun({ id: 'solo', config: bn }), [older, newer, otherLr])?.id).toBe('new');
    expect(bnPartner(a, [a, otherLr])).toBeNull();
    // Key order and an explicit default do not matter; a run with BatchNorm is not its own partner.
    const reordered = blankRun({ id: 'r', config: { train: { ...plain.train }, model: { layers: plain.model.layers, initScale: undefined } } });
    expect(bnPartner(a, [a, reordered])?.id).toBe('r');
    expect(bnPartner(a, [a, blankRun({ id: 'twin', config: bn })])).toBeNull();
  });

  it('looks only among the runs asked for', () => {
    const a = blankRun({ id: 'a', config: bn });
    const b = blankRun({ id: 'b', config: plain });
    expect(bnPartner(a, [a, b], (r) => r.id !== 'b')).toBeNull();
  });
});
