import { describe, expect, it } from 'vitest';
import { defaultExperiment, type ExperimentConfig } from '../engine/config';
import { mlp } from '../engine/testing/mlp';
import { decideAuto, isRaceResult, sizeClass, type RaceResult } from './autoRace';

const DAY = Date.UTC(2026, 11, 4, 15, 0);
const race = (laps: RaceResult['laps']): RaceResult => ({ laps, measuredAt: DAY });

describe('Auto by measurement: the faster backend in the race wins', () => {
  it('WebAssembly when it trains faster (software WebGL, or a small model on a real GPU), with both figures', () => {
    expect(
      decideAuto(
        race([
          { name: 'webgl', samplesPerS: 1600.4 },
          { name: 'wasm', samplesPerS: 6900 },
        ]),
      ),
    ).toEqual({ name: 'wasm', reason: 'Auto chose WebAssembly: 6,900 samples/s against 1,600 on WebGL' });
  });

  it('WebGL when it trains faster (a large batch on a real GPU)', () => {
    expect(
      decideAuto(
        race([
          { name: 'webgl', samplesPerS: 48_210 },
          { name: 'wasm', samplesPerS: 12_044.6 },
        ]),
      ),
    ).toEqual({ name: 'webgl', reason: 'Auto chose WebGL: 48,210 samples/s against 12,045 on WebAssembly' });
  });

  it('a tie goes to the backend raced first', () => {
    const tie = race([
      { name: 'webgl', samplesPerS: 5000 },
      { name: 'wasm', samplesPerS: 5000 },
    ]);
    expect(decideAuto(tie)?.name).toBe('webgl');
  });

  it('a backend that failed its lap loses, and the reason says why', () => {
    const decision = decideAuto(
      race([
        { name: 'webgl', failure: 'CONTEXT_LOST_WEBGL' },
        { name: 'wasm', samplesPerS: 3000 },
      ]),
    );
    expect(decision).toEqual({ name: 'wasm', reason: 'Auto chose WebAssembly: 3,000 samples/s; WebGL could not train here (CONTEXT_LOST_WEBGL)' });
  });

  it('no decision when no backend finished a lap, or a speed is not a positive number', () => {
    expect(
      decideAuto(
        race([
          { name: 'webgl', failure: 'x' },
          { name: 'wasm', failure: 'y' },
        ]),
      ),
    ).toBeNull();
    expect(decideAuto(race([{ name: 'wasm', samplesPerS: Number.NaN }]))).toBeNull();
    expect(decideAuto(race([{ name: 'wasm', samplesPerS: 0 }]))).toBeNull();
  });

  it('a remembered race says when it was measured', () => {
    const decision = decideAuto(
      race([
        { name: 'webgl', samplesPerS: 1600 },
        { name: 'wasm', samplesPerS: 6900 },
      ]),
      true,
    );
    expect(decision?.reason).toBe('Auto chose WebAssembly: 6,900 samples/s against 1,600 on WebGL, measured on this device on 2026-12-04');
  });
});

describe('size classes: what is raced once and remembered', () => {
  const withBatch = (batchSize: number): ExperimentConfig => ({ ...defaultExperiment(), train: { ...defaultExperiment().train, batchSize } });

  it('names the default tutorial network at batch 32: dense, about 2^17 parameters, 2^5 per batch', () => {
    // 784·128 + 128 + 4·128 + 128·64 + 64 + 4·64 + 64·10 + 10 = 110,154 parameters.
    expect(sizeClass(defaultExperiment())).toBe('dense-p17-b5');
  });

  it('differs by batch size, and by model size, but not by BatchNorm alone or the learning rate', () => {
    expect(sizeClass(withBatch(256))).toBe('dense-p17-b8');
    const wide = { ...defaultExperiment(), model: mlp([{ units: 1024, batchNorm: true, bnPosition: 'before' }]) };
    expect(sizeClass(wide)).toBe('dense-p20-b5');
    const plain = {
      ...defaultExperiment(),
      model: mlp([
        { units: 128, batchNorm: false, bnPosition: 'before' },
        { units: 64, batchNorm: false, bnPosition: 'before' },
      ]),
    };
    expect(sizeClass(plain)).toBe(sizeClass(defaultExperiment()));
    expect(sizeClass({ ...defaultExperiment(), train: { ...defaultExperiment().train, learningRate: 0.1 } })).toBe(sizeClass(defaultExperiment()));
  });
});

describe('a race read back from storage', () => {
  it('is used only if it has the shape this build writes', () => {
    expect(isRaceResult(race([{ name: 'wasm', samplesPerS: 1 }]))).toBe(true);
    expect(isRaceResult(race([{ name: 'webgl', failure: 'no' }]))).toBe(true);
    for (const bad of [
      null,
      3,
      {},
      { laps: [], measuredAt: 1 },
      { laps: [{ name: 'tpu', samplesPerS: 1 }], measuredAt: 1 },
      { laps: [{ name: 'wasm' }], measuredAt: 1 },
    ]) {
      expect(isRaceResult(bad)).toBe(false);
    }
  });
});
