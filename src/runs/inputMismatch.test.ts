import { describe, expect, it } from 'vitest';
import type { InputStats, PixelStats } from '../engine/inputStats';
import { describeInputMismatch, differsMarkedly } from './inputMismatch';

/** MNIST's own statistics, roughly: training and test images agree within ~1%. */
const mnistTrain: PixelStats = { mean: 0.1307, std: 0.3081, max: 1, images: 50_000 };
const mnistTest: PixelStats = { mean: 0.1325, std: 0.3105, max: 1, images: 10_000 };
const scaled = (s: PixelStats, f: number): PixelStats => ({ ...s, mean: s.mean * f, std: s.std * f, max: s.max * f });
const onTest = (train: PixelStats, test: PixelStats): InputStats => ({ train, validation: test, test, validationIsTest: true });

describe('describeInputMismatch', () => {
  it('says nothing when training and evaluation inputs are scaled alike, at any common scale', () => {
    expect(describeInputMismatch(onTest(mnistTrain, mnistTest), true)).toBeNull();
    expect(describeInputMismatch(onTest(scaled(mnistTrain, 1 / 255), scaled(mnistTest, 1 / 255)), true)).toBeNull();
    expect(describeInputMismatch(onTest(scaled(mnistTrain, 255), scaled(mnistTest, 255)), false)).toBeNull();
  });

  it("warns in plain words, with the factor and the numbers, when test images are on the notebook's other scale", () => {
    const text = describeInputMismatch(onTest(scaled(mnistTrain, 1 / 255), mnistTest), true);
    expect(text).toBe(
      'Your test images are 259× brighter on average than your training images (mean pixel 0.133 against 0.000513, largest 1 against 0.00392): they were scaled differently. BatchNorm on the input then sees values it never saw in training, and its moving statistics no longer fit. Give both the same pixel scaling in the Data panel.',
    );
  });

  it('says darker when evaluation inputs are the smaller ones, and names the network when there is no input BatchNorm', () => {
    const text = describeInputMismatch(onTest(mnistTrain, scaled(mnistTest, 1 / 255)), false)!;
    expect(text).toMatch(/^Your test images are 25\d× darker on average than your training images/);
    expect(text).toContain('The network then sees values it never saw in training.');
  });

  it('names the validation images too when they are a holdout scaled like the test images', () => {
    const stats: InputStats = { train: mnistTrain, validation: scaled(mnistTrain, 255), test: scaled(mnistTest, 255), validationIsTest: false };
    expect(describeInputMismatch(stats, false)).toMatch(/^Your validation and test images are 255× brighter/);
  });

  it('treats a factor of 2 in the mean, the spread or the maximum as marked, and MNIST’s own 1% as not', () => {
    expect(differsMarkedly(mnistTest, mnistTrain)).toBe(false);
    expect(differsMarkedly(scaled(mnistTest, 2), mnistTrain)).toBe(true);
    expect(differsMarkedly({ ...mnistTest, std: 0.1 }, mnistTrain)).toBe(true);
    expect(differsMarkedly({ ...mnistTest, max: 0.4 }, mnistTrain)).toBe(true);
  });
});
