import { DataError, describeError } from '../data/dataError';
import type { LoadProgress, Mnist } from '../data/loadMnist';
import { disposeImageTensors, makeSplits, uploadImageSet, type ImageTensors } from '../engine/dataTensors';
import { RunControl } from '../engine/runControl';
import { runExperiment, stepsPerEpoch } from '../engine/train';
import type { BackendInfo, BackendName, PostEvent, WorkerCommand } from './protocol';

export interface HandlerDeps {
  selectBackend(preferred: BackendName): Promise<BackendInfo>;
  loadData(baseUrl: string, onProgress: (p: LoadProgress) => void): Promise<Mnist>;
}

/** Runs training at once share the worker step by step; more would crawl. */
export const MAX_CONCURRENT_RUNS = 8;

/**
 * The worker's behaviour, apart from `self`: takes commands, posts events. Owns the data
 * tensors (uploaded once per backend) and the runs training now, which interleave at each step.
 */
export function createWorkerHandler(post: PostEvent, deps: HandlerDeps): (command: WorkerCommand) => Promise<void> {
  let backendReady: Promise<BackendInfo> | null = null;
  let mnist: Mnist | null = null;
  let tensors: { train: ImageTensors; test: ImageTensors } | null = null;
  const active = new Map<string, RunControl>();

  const ensureBackend = (preferred: BackendName = 'webgl') => {
    backendReady ??= deps.selectBackend(preferred).then((backend) => {
      post({ type: 'backend', backend });
      return backend;
    });
    return backendReady;
  };

  const uploaded = () => {
    if (!mnist) throw new Error('The data is not loaded yet.');
    tensors ??= { train: uploadImageSet(mnist.train), test: uploadImageSet(mnist.test) };
    return tensors;
  };

  async function loadData(baseUrl: string): Promise<void> {
    try {
      mnist = await deps.loadData(baseUrl, (p) => post({ type: 'dataProgress', ...p }));
      await ensureBackend();
      // Upload now, while the user reads the page, so the first step follows the click closely.
      uploaded();
      post({ type: 'dataReady', trainCount: mnist.train.count, testCount: mnist.test.count });
    } catch (error) {
      post({ type: 'dataError', code: error instanceof DataError ? error.code : 'unknown', message: describeError(error) });
    }
  }

  async function train(runId: string, command: Extract<WorkerCommand, { type: 'train' }>): Promise<void> {
    if (active.has(runId) || active.size >= MAX_CONCURRENT_RUNS) {
      post({ type: 'runFailed', runId, message: `At most ${MAX_CONCURRENT_RUNS} runs can train at once; stop one first.` });
      return;
    }
    const control = new RunControl();
    active.set(runId, control);
    try {
      await ensureBackend();
      const { train: trainSet, test } = uploaded();
      const splits = makeSplits(trainSet, test, command.config.train);
      const perEpoch = stepsPerEpoch(splits.train.count, command.config.train.batchSize);
      post({
        type: 'runStarted',
        runId,
        totalSteps: perEpoch * command.config.train.epochs,
        stepsPerEpoch: perEpoch,
        trainCount: splits.train.count,
      });
      const outcome = await runExperiment(command.config, splits, control, {
        onSteps: (points, progress) =>
          post({ type: 'steps', runId, ...points, progress }, [points.loss.buffer, points.accuracy.buffer]),
        onEpoch: (point) => post({ type: 'epoch', runId, point }),
        onLearningRate: (step, learningRate) => post({ type: 'learningRate', runId, step, learningRate }),
        onPaused: () => post({ type: 'paused', runId }),
        onResumed: () => post({ type: 'resumed', runId }),
      });
      post({ type: 'runEnded', runId, outcome });
    } catch (error) {
      post({ type: 'runFailed', runId, message: describeError(error) });
    } finally {
      active.delete(runId);
    }
  }

  const forRun = (runId: string, act: (control: RunControl) => void) => {
    const control = active.get(runId);
    if (control) act(control);
  };

  return async (command) => {
    switch (command.type) {
      case 'init':
        if (tensors) {
          disposeImageTensors(tensors.train);
          disposeImageTensors(tensors.test);
          tensors = null;
        }
        backendReady = null;
        await ensureBackend(command.backend);
        if (mnist) uploaded();
        return;
      case 'loadData':
        return loadData(command.baseUrl);
      case 'train':
        return train(command.runId, command);
      case 'pause':
        return forRun(command.runId, (c) => c.pause());
      case 'resume':
        return forRun(command.runId, (c) => c.resume());
      case 'stop':
        return forRun(command.runId, (c) => c.stop());
      case 'setLearningRate':
        return forRun(command.runId, (c) => c.setLearningRate(command.learningRate));
      default: {
        const unknown: never = command;
        throw new Error(`unknown command ${JSON.stringify(unknown)}`);
      }
    }
  };
}
