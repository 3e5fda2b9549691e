import { describe, expect, it } from 'vitest';
import { defaultExperiment, type ExperimentConfig } from '../engine/config';
import { decodeShare, encodeShare, type SharedExperiment } from './urlCodec';

const single = (config: ExperimentConfig): SharedExperiment => ({ config, comparison: null, preset: null, hidden: [], presenter: false });

describe('share links: the dataset', () => {
  it('is written only for Fashion-MNIST, so MNIST links read as before', () => {
    expect(encodeShare(single(defaultExperiment()))).not.toMatch(/data=/);
    expect(encodeShare(single({ ...defaultExperiment(), dataset: 'fashion' }))).toMatch(/&limit=all&data=fashion/);
  });

  it.each(['fashion', 'mnist'] as const)('round-trips data=%s', (dataset) => {
    const c = { ...defaultExperiment(), dataset };
    const decoded = decodeShare(encodeShare(single(c)), 60_000);
    expect(decoded.ignored).toEqual([]);
    expect(decoded.shared.config).toEqual(c);
  });

  it('reads a hand-written link and refuses an unknown dataset with a message, keeping MNIST', () => {
    expect(decodeShare('data=fashion&bs=64', 60_000).shared.config).toMatchObject({ dataset: 'fashion', train: { batchSize: 64 } });
    const { shared, ignored } = decodeShare('data=cifar10', 60_000);
    expect(shared.config.dataset).toBeUndefined();
    expect(ignored).toEqual(['Ignored "data=cifar10": Dataset must be one of mnist, fashion']);
  });
});
