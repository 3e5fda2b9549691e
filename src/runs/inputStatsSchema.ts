import { z } from 'zod';
import type { InputStats } from '../engine/inputStats';

const pixel = z.number().refine(Number.isFinite, 'must be a finite number').min(0, 'must be at least 0');
const pixelStats = z.object({ mean: pixel, std: pixel, max: pixel, images: z.int().min(0) });

/** A run's input statistics as stored or saved to a file (see `InputStats`). */
export const inputStatsSchema: z.ZodType<InputStats> = z.object({
  train: pixelStats,
  validation: pixelStats,
  test: pixelStats,
  validationIsTest: z.boolean(),
});
