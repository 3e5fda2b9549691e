import { describe, expect, it } from 'vitest';
import { mlp } from '../../engine/testing/mlp';
import { defaultExperiment } from '../../engine/config';
import { convNet } from '../../engine/testing/imageNet';
import { fakeProbe } from '../../engine/testing/probeFixture';
import {
  distributionDomain,
  distributionPoints,
  niceAxis,
  gammaBetaBars,
  gradientRows,
  modePoints,
  probeTimeShare,
  statsPoints,
  varianceShift,
} from './probeViews';

const probes = [fakeProbe(0), fakeProbe(50), fakeProbe(100)];

describe('Inside BatchNorm view data', () => {
  it('takes the chosen layer and unit’s percentiles and the layer’s', () => {
    // fakeProbe: unit u of layer l has percentiles step + u + l − 1, +0, +1; the layer step − 2, step, step + 2.
    expect(distributionPoints(probes, 1, 1)[1]).toEqual({ step: 50, unitBand: [51, 53], unitMedian: 52, layerLow: 48, layerMedian: 50, layerHigh: 52 });
    expect(distributionPoints(probes, 0, 9)).toEqual([]);
    expect(distributionPoints(probes, 5, 0)).toEqual([]);
  });

  it('gives the charts one domain that holds every run, ignoring NaN', () => {
    const a = distributionPoints([fakeProbe(0)], 0, 0);
    const b = distributionPoints([fakeProbe(10)], 0, 0);
    // Values from −2 (layer, step 0) to 12 (layer, step 10): steps of 5 from −5 to 15.
    expect(distributionDomain([a, b])).toEqual({ domain: [-5, 15], ticks: [-5, 0, 5, 10, 15] });
    expect(distributionDomain([[{ ...a[0]!, unitBand: [Number.NaN, Number.NaN], layerLow: Number.NaN, layerHigh: Number.NaN }]])).toBeNull();
    expect(distributionDomain([])).toBeNull();
  });

  it('makes round axes', () => {
    // Span 2.85: a fifth is 0.57, the next round step 1.
    expect(niceAxis(-1.27, 1.58)).toEqual({ domain: [-2, 2], ticks: [-2, -1, 0, 1, 2] });
    expect(niceAxis(-0.4, 0.7).ticks).toEqual([-0.5, -0.25, 0, 0.25, 0.5, 0.75]);
    expect(niceAxis(0.9, 0.97).ticks).toEqual([0.9, 0.92, 0.94, 0.96, 0.98]);
    // Zero is 0, not 5.6e-17 left over from adding 0.1 three times.
    expect(niceAxis(-0.28, 0.13).ticks).toEqual([-0.3, -0.2, -0.1, 0, 0.1, 0.2]);
    expect(niceAxis(3, 3).domain[0]).toBeLessThanOrEqual(3);
    expect(niceAxis(3, 3).domain[1]).toBeGreaterThan(3);
  });

  it('takes batch and moving statistics of the unit, gamma and beta of every unit', () => {
    expect(statsPoints(probes, 0, 2)[2]).toEqual({
      step: 100,
      batchMean: 3,
      movingMean: 2,
      batchVariance: 3,
      movingVariance: 3.5,
      inferMean: 2.25,
      inferVariance: 2.5,
    });
    expect(statsPoints([fakeProbe(0, [4], false)], 0, 0)).toEqual([]);
    expect(gammaBetaBars(probes[0], 1)).toEqual([
      { unit: 1, gamma: 1, beta: expect.closeTo(0, 6) },
      { unit: 2, gamma: expect.closeTo(1.1, 6), beta: expect.closeTo(-0.1, 6) },
    ]);
    expect(gammaBetaBars(undefined, 0)).toEqual([]);
  });

  it('takes training and inference mode accuracy and their gap', () => {
    const [first] = modePoints(probes);
    expect(first).toEqual({ step: 0, train: expect.closeTo(0.8, 6), infer: expect.closeTo(0.85, 6), gap: expect.closeTo(0.05, 6) });
  });

  it('names each Dense layer and says whether BatchNorm comes right after it', () => {
    const config = defaultExperiment();
    const rows = gradientRows(fakeProbe(0, [128, 64]), config);
    expect(rows.map((r) => [r.name, r.bnNext])).toEqual([
      ['Hidden layer 1 (128 units)', true],
      ['Hidden layer 2 (64 units)', true],
      ['Output layer (10 units)', false],
    ]);
    config.model = mlp([
      { units: 128, batchNorm: true, bnPosition: 'after' },
      { units: 64, batchNorm: true, bnPosition: 'before' },
    ]);
    expect(gradientRows(fakeProbe(0, [128, 64]), config)[0]!.bnNext).toBe(false);
  });

  it('names conv layers by their filters and Dense layers among themselves, and sees BatchNorm after a convolution', () => {
    const config = defaultExperiment();
    config.model = { layers: convNet };
    // convNet: conv 4 – GroupNorm, conv 6 – ReLU – BN, conv 3 – BN – sigmoid, then the output Dense.
    const rows = gradientRows(fakeProbe(0, [4, 6, 3]), config);
    expect(rows.map((r) => [r.name, r.bnNext])).toEqual([
      ['Conv layer 1 (4 filters)', false],
      ['Conv layer 2 (6 filters)', false],
      ['Conv layer 3 (3 filters)', true],
      ['Output layer (10 units)', false],
    ]);
  });

  it('gives the probes’ share of training time', () => {
    expect(probeTimeShare(probes, 300)).toBeCloseTo(9 / 300, 6);
    expect(probeTimeShare([], 300)).toBeNull();
  });
});

describe('varianceShift', () => {
  it('is the mean over units of inference-mode variance over moving variance, null without BatchNorm', () => {
    // fakeProbe: unit u has moving variance 1.5 + u and inference variance 0.5 + u.
    const probe = fakeProbe(0, [2]);
    expect(varianceShift(probe, 0)).toBeCloseTo((0.5 / 1.5 + 1.5 / 2.5) / 2, 6);
    expect(varianceShift(fakeProbe(0, [2], false), 0)).toBeNull();
    expect(varianceShift(undefined, 0)).toBeNull();
  });
});
