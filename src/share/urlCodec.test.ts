import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTIVATIONS, BN_POSITIONS, OPTIMIZERS, defaultExperiment, type ExperimentConfig, type ValidationConfig } from '../engine/config';
import { mlpModel, type HiddenLayerForm, type MlpForm } from '../engine/mlpForm';
import { LIMITS, parseExperiment } from '../engine/schema';
import { formOf } from '../engine/testing/mlp';
import { MAX_VARIATION_VALUES, SCHEDULES, applyValue, type Variation } from '../runs/comparison';
import { HIDEABLE_CONTROLS } from './hideableControls';
import { MAX_MESSAGE_LENGTH, MAX_SEARCH_LENGTH, decodeShare, encodeShare, withPresenter, type SharedExperiment } from './urlCodec';

const TRAIN_IMAGES = 60_000;

const single = (config: ExperimentConfig): SharedExperiment => ({ config, comparison: null, preset: null, hidden: [], presenter: false });

/** The default experiment with `edit` applied to a copy. */
/** A config as the MLP form sees it, for tests that edit it by the form's fields. */
type FormConfig = Omit<ExperimentConfig, 'model'> & { model: MlpForm & { initScale?: number } };

/** The default experiment with `edit` applied to its form's view; the layer list it then means. */
const edited = (edit: (c: FormConfig) => void): ExperimentConfig => {
  const base = defaultExperiment();
  const c: FormConfig = { ...base, model: { ...formOf(base.model) } };
  edit(c);
  const { initScale, ...form } = c.model;
  return { ...c, model: { ...mlpModel(form), ...(initScale !== undefined ? { initScale } : {}) } };
};

const comparing = (variation: Variation, extra: Partial<SharedExperiment> = {}): SharedExperiment => ({
  config: defaultExperiment(),
  comparison: { variation, schedule: 'together', alsoWithoutBn: false },
  preset: null,
  hidden: [],
  presenter: false,
  ...extra,
});

const expectRoundTrip = (shared: SharedExperiment, trainImages = TRAIN_IMAGES) => {
  const decoded = decodeShare(encodeShare(shared), trainImages);
  expect(decoded.ignored).toEqual([]);
  expect(decoded.shared).toEqual(shared);
};

describe('encodeShare', () => {
  it('writes every experiment setting, readably and in a fixed order', () => {
    expect(encodeShare(single(defaultExperiment()))).toBe('layers=128bn,64bn&inbn=0&act=relu&opt=adam&bs=32&lr=0.001&ep=10&seed=42&val=test&limit=all');
  });

  it('puts the preset first and the comparison last', () => {
    const shared = comparing({ setting: 'batchSize', values: [16, 64, 256] }, { preset: 'tutorial-bn' });
    const text = encodeShare(shared);
    expect(text.startsWith('preset=tutorial-bn&layers=')).toBe(true);
    expect(text.endsWith('&vary=batchSize&values=16,64,256&sched=together&nobn=0')).toBe(true);
  });

  it('writes hidden controls and presenter mode last, only when set, names in table order', () => {
    const shared = comparing({ setting: 'batchNorm', values: [true, false] }, { hidden: ['share', 'batchsize', 'compare'], presenter: true });
    expect(encodeShare(shared).endsWith('&nobn=0&hide=batchsize,compare,share&present=1')).toBe(true);
    expect(encodeShare(single(defaultExperiment()))).not.toMatch(/hide|present/);
  });
});

describe('decodeShare', () => {
  it.each(['', '?', '#'])('reads %j as the defaults with no messages', (search) => {
    expect(decodeShare(search, TRAIN_IMAGES)).toEqual({ shared: single(defaultExperiment()), ignored: [] });
  });

  it('accepts a leading ? or #, any order, and settings left out', () => {
    for (const search of ['?bs=64&act=tanh', '#act=tanh&bs=64', 'act=tanh&&bs=64']) {
      const { shared, ignored } = decodeShare(search, TRAIN_IMAGES);
      expect(ignored).toEqual([]);
      expect(shared.config).toEqual(edited((c) => ((c.train.batchSize = 64), (c.model.activation = 'tanh'))));
    }
  });

  describe('round trip of every setting', () => {
    it.each<[string, ExperimentConfig]>([
      ['no hidden layer', edited((c) => (c.model.hidden = []))],
      [
        'BN before, after, off, off-but-after',
        edited(
          (c) =>
            (c.model.hidden = [
              { units: 1, batchNorm: true, bnPosition: 'before' },
              { units: 2048, batchNorm: true, bnPosition: 'after' },
              { units: 7, batchNorm: false, bnPosition: 'before' },
              { units: 9, batchNorm: false, bnPosition: 'after' },
            ]),
        ),
      ],
      [
        'eight layers',
        edited((c) => {
          c.model.hidden = Array.from({ length: LIMITS.maxLayers }, (_, i) => ({ units: i + 1, batchNorm: i % 2 === 0, bnPosition: 'before' }));
        }),
      ],
      ['input BatchNorm', edited((c) => (c.model.inputBatchNorm = true))],
      ...ACTIVATIONS.map((a): [string, ExperimentConfig] => [`activation ${a}`, edited((c) => (c.model.activation = a))]),
      ...OPTIMIZERS.map((o): [string, ExperimentConfig] => [`optimizer ${o}`, edited((c) => (c.train.optimizer = o))]),
      ['batch size', edited((c) => (c.train.batchSize = 256))],
      ['learning rate 0.1', edited((c) => (c.train.learningRate = 0.1))],
      ['learning rate 1e-7', edited((c) => (c.train.learningRate = 1e-7))],
      ['learning rate with many digits', edited((c) => (c.train.learningRate = 0.1 + 0.2))],
      ['learning rate at the limit', edited((c) => (c.train.learningRate = LIMITS.maxLearningRate))],
      ['epochs', edited((c) => (c.train.epochs = LIMITS.maxEpochs))],
      ['seed 0', edited((c) => (c.train.seed = 0))],
      ['largest seed', edited((c) => (c.train.seed = LIMITS.maxSeed))],
      ['holdout', edited((c) => (c.train.validation = { kind: 'holdout', size: 5000 }))],
      ['train limit', edited((c) => (c.train.trainLimit = 50_000))],
      [
        'holdout and limit together',
        edited((c) => {
          c.train.validation = { kind: 'holdout', size: 10_000 };
          c.train.trainLimit = 50_000;
        }),
      ],
    ])('%s', (_, config) => expectRoundTrip(single(config)));

    it.each<[string, Variation]>([
      ['batchNorm', { setting: 'batchNorm', values: [true, false] }],
      ['batchNorm off first', { setting: 'batchNorm', values: [false, true] }],
      ['batchSize', { setting: 'batchSize', values: [16, 64, 256] }],
      ['learningRate', { setting: 'learningRate', values: [1e-4, 1e-3, 0.01, 0.1, 1] }],
      ['activation', { setting: 'activation', values: ['relu', 'sigmoid', 'tanh'] }],
      ['optimizer', { setting: 'optimizer', values: ['sgd', 'momentum', 'adam'] }],
      ['eight values', { setting: 'batchSize', values: [1, 2, 3, 4, 5, 6, 7, 8] }],
    ])('comparison varying %s', (_, variation) => expectRoundTrip(comparing(variation)));

    it.each(SCHEDULES)('schedule %s, with and without the no-BN pairing', (schedule) => {
      for (const alsoWithoutBn of [false, true]) {
        const variation: Variation = { setting: 'learningRate', values: [0.01, 1] };
        expectRoundTrip({ ...single(defaultExperiment()), comparison: { variation, schedule, alsoWithoutBn } });
      }
    });

    it('preset with and without a comparison', () => {
      expectRoundTrip({ ...single(defaultExperiment()), preset: 'tutorial-bn' });
      expectRoundTrip(comparing({ setting: 'batchNorm', values: [true, false] }, { preset: 'x' }));
    });
  });

  describe('rejects bad values with a message naming the setting', () => {
    it.each([
      ['bs=0', 'Ignored "bs=0": Batch size must be at least 1'],
      ['bs=abc', 'Ignored "bs=abc": Batch size must be a number'],
      ['bs=', 'Ignored "bs=": Batch size must be a number'],
      ['bs=0x20', 'Ignored "bs=0x20": Batch size must be a number'],
      ['bs=2.5', 'Ignored "bs=2.5": Batch size must be a whole number'],
      ['bs=60001', 'Ignored "bs=60001": Batch size must be at most 60,000'],
      ['lr=-1', 'Ignored "lr=-1": Learning rate must be greater than 0'],
      ['lr=0', 'Ignored "lr=0": Learning rate must be greater than 0'],
      ['lr=1e9', 'Ignored "lr=1e9": Learning rate must be at most 10'],
      ['lr=1e999', 'Ignored "lr=1e999": Learning rate must be a number'],
      ['ep=0', 'Ignored "ep=0": Epochs must be at least 1'],
      ['seed=-1', 'Ignored "seed=-1": Random seed must be at least 0'],
      ['layers=99999', 'Ignored "layers=99999": Hidden layer 1: Units must be at most 2,048'],
      ['layers=128bn,0', 'Ignored "layers=128bn,0": Hidden layer 2: Units must be at least 1'],
      [
        'layers=128xy',
        'Ignored "layers=128xy": Hidden layer 1 must be a width with optional bn, bna, ln or lna and _d with a dropout rate, like 128bn or 128bn_d0.5',
      ],
      ['layers=1,2,3,4,5,6,7,8,9', 'Ignored "layers=1,2,3,4,5,6,7,8,9": At most 8 hidden layers'],
      ['inbn=yes', 'Ignored "inbn=yes": Input BatchNorm must be 0 or 1'],
      ['act=evil', 'Ignored "act=evil": Activation must be one of relu, sigmoid, tanh'],
      ['opt=lbfgs', 'Ignored "opt=lbfgs": Optimizer must be one of adam, sgd, momentum'],
      ['val=0', 'Ignored "val=0": Validation images must be at least 1'],
      ['val=train', 'Ignored "val=train": Validation must be test or a number of holdout images'],
      ['limit=none', 'Ignored "limit=none": Training images must be all or a number'],
      ['preset=Tutorial BN', 'Ignored "preset=Tutorial BN": Preset must be 1 to 40 lowercase letters, digits or dashes'],
      ['colour=red', 'Ignored "colour=red": there is no setting called "colour"'],
      ['bs=%E0', 'Ignored "bs=%E0": it is not valid URL encoding'],
    ])('%s', (search, message) => {
      const { shared, ignored } = decodeShare(search, TRAIN_IMAGES);
      expect(ignored).toEqual([message]);
      expect(shared).toEqual(single(defaultExperiment()));
    });

    it('keeps the good settings beside a bad one', () => {
      const { shared, ignored } = decodeShare('bs=abc&act=tanh', TRAIN_IMAGES);
      expect(shared.config).toEqual(edited((c) => (c.model.activation = 'tanh')));
      expect(ignored).toEqual(['Ignored "bs=abc": Batch size must be a number']);
    });

    it('ignores every copy of a repeated setting', () => {
      const { shared, ignored } = decodeShare('bs=16&act=tanh&bs=64', TRAIN_IMAGES);
      expect(shared.config).toEqual(edited((c) => (c.model.activation = 'tanh')));
      expect(ignored).toEqual(['Ignored "bs=16": bs is given 2 times, so the default is kept', 'Ignored "bs=64": bs is given 2 times, so the default is kept']);
    });

    it('ignores an oversized value', () => {
      const { ignored } = decodeShare(`lr=${'1'.repeat(400)}`, TRAIN_IMAGES);
      expect(ignored).toEqual([`Ignored "lr=${'1'.repeat(39)}…": the value is longer than 300 characters`]);
    });

    it('ignores the whole of an over-long link with one message', () => {
      const search = `act=tanh&x=${'a'.repeat(MAX_SEARCH_LENGTH)}`;
      expect(decodeShare(search, TRAIN_IMAGES)).toEqual({
        shared: single(defaultExperiment()),
        ignored: ['Ignored the whole link: it is longer than 4,000 characters'],
      });
    });
  });

  describe('settings that do not fit together or the data', () => {
    it('refuses a holdout of all the training images', () => {
      const { shared, ignored } = decodeShare('val=50000', 50_000);
      expect(shared.config).toEqual(defaultExperiment());
      expect(ignored).toEqual(['Ignored "val=50000": Validation images must be fewer than the 50,000 training images']);
    });

    it('refuses a batch larger than the training images it will see', () => {
      const { shared, ignored } = decodeShare('bs=600&limit=500', TRAIN_IMAGES);
      expect(shared.config).toEqual(edited((c) => (c.train.trainLimit = 500)));
      expect(ignored).toEqual(['Ignored "bs=600": Batch size must be at most the 500 training images']);
    });

    it('blames the limit when the batch size was not in the link', () => {
      const { shared, ignored } = decodeShare('limit=10', TRAIN_IMAGES);
      expect(shared.config).toEqual(defaultExperiment());
      expect(ignored).toEqual(['Ignored "limit=10": with it, batch size must be at most the 10 training images']);
    });

    it('resets one setting after another until the rest fit', () => {
      const { shared, ignored } = decodeShare('bs=64&limit=10&act=sigmoid', TRAIN_IMAGES);
      expect(shared.config).toEqual(edited((c) => (c.model.activation = 'sigmoid')));
      expect(ignored).toEqual([
        'Ignored "bs=64": Batch size must be at most the 10 training images',
        'Ignored "limit=10": with it, batch size must be at most the 10 training images',
      ]);
    });

    it('refuses a train limit beyond what the holdout leaves', () => {
      const { shared, ignored } = decodeShare('val=20000&limit=50000', TRAIN_IMAGES);
      expect(shared.config).toEqual(edited((c) => (c.train.validation = { kind: 'holdout', size: 20_000 })));
      expect(ignored).toEqual(['Ignored "limit=50000": Training images must be at most 40,000 (the rest are for validation)']);
    });

    it('falls back to the defaults, without blaming the link, when even they do not fit', () => {
      expect(decodeShare('', 10)).toEqual({ shared: single(defaultExperiment()), ignored: [] });
      const { shared, ignored } = decodeShare('act=tanh', 10);
      expect(shared.config).toEqual(defaultExperiment());
      expect(ignored).toEqual(["Ignored the link's act: even with the defaults, Batch size must be at most the 10 training images"]);
    });
  });

  describe('hidden controls and presenter mode', () => {
    it('hides the named controls and keeps the values the link gives them', () => {
      const { shared, ignored } = decodeShare('?hide=share,compare&bs=64', TRAIN_IMAGES);
      expect(ignored).toEqual([]);
      expect(shared.hidden).toEqual(['compare', 'share']);
      expect(shared.config).toEqual(edited((c) => (c.train.batchSize = 64)));
    });

    it('round-trips every control and presenter mode', () => {
      expectRoundTrip({ ...single(defaultExperiment()), hidden: [...HIDEABLE_CONTROLS], presenter: true });
      expectRoundTrip({ ...single(defaultExperiment()), hidden: ['history'] });
    });

    it('reports an unknown name and still hides the others; repeats and empty items are harmless', () => {
      expect(decodeShare('hide=evil', TRAIN_IMAGES)).toEqual({
        shared: single(defaultExperiment()),
        ignored: ['Ignored "hide=evil": there is no control called "evil" to hide'],
      });
      const { shared, ignored } = decodeShare(`hide=share,${encodeURIComponent('<b>')},share,,seed`, TRAIN_IMAGES);
      expect(shared.hidden).toEqual(['seed', 'share']);
      expect(ignored).toEqual(['Ignored "hide=<b>": there is no control called "<b>" to hide']);
      expect(decodeShare('hide=', TRAIN_IMAGES)).toEqual({ shared: single(defaultExperiment()), ignored: [] });
    });

    it('reads present=1 and present=0, and reports anything else', () => {
      expect(decodeShare('present=1', TRAIN_IMAGES).shared.presenter).toBe(true);
      expect(decodeShare('present=0', TRAIN_IMAGES)).toEqual({ shared: single(defaultExperiment()), ignored: [] });
      expect(decodeShare('present=yes', TRAIN_IMAGES)).toEqual({
        shared: single(defaultExperiment()),
        ignored: ['Ignored "present=yes": Presenter mode must be 0 or 1'],
      });
    });

    it('switches presenter mode in the page address and leaves the rest as it was', () => {
      expect(withPresenter('?hide=share,compare&bs=64', true)).toBe('hide=share,compare&bs=64&present=1');
      expect(withPresenter('?present=1&bs=64&present=0', false)).toBe('bs=64');
      expect(withPresenter('', true)).toBe('present=1');
      expect(withPresenter('?present=1', false)).toBe('');
    });
  });

  describe('comparisons', () => {
    const dropped = (search: string, message: string) => {
      const { shared, ignored } = decodeShare(search, TRAIN_IMAGES);
      expect(shared.comparison).toBeNull();
      expect(ignored).toEqual([message]);
    };

    it('reads a hand-written comparison, schedule and pairing defaulting', () => {
      const { shared, ignored } = decodeShare('vary=batchNorm&values=on,off', TRAIN_IMAGES);
      expect(ignored).toEqual([]);
      expect(shared.comparison).toEqual({
        variation: { setting: 'batchNorm', values: [true, false] },
        schedule: 'together',
        alsoWithoutBn: false,
      });
    });

    it.each([
      ['vary=foo&values=1,2', 'Ignored "vary=foo": Varied setting must be one of batchNorm, batchSize, learningRate, activation, optimizer, dropout'],
      ['vary=batchSize', 'Ignored "vary=batchSize": a comparison needs values= with 2 to 8 values'],
      ['vary=batchSize&values=16', 'Ignored "values=16": A comparison needs at least 2 values'],
      ['vary=batchSize&values=1,2,3,4,5,6,7,8,9', 'Ignored "values=1,2,3,4,5,6,7,8,9": A comparison takes at most 8 values'],
      ['vary=batchSize&values=16,abc', 'Ignored "values=16,abc": value 2 "abc": Batch size must be a number'],
      ['vary=batchSize&values=16,0', 'Ignored "values=16,0": value 2 "0": Batch size must be at least 1'],
      ['vary=batchSize&values=16,16', 'Ignored "values=16,16": value 2 "16" is repeated'],
      ['vary=batchSize&values=16,600&limit=500', 'Ignored "values=16,600": value 2 "600": Batch size must be at most the 500 training images'],
      ['vary=learningRate&values=0.1,1e9', 'Ignored "values=0.1,1e9": value 2 "1e9": Learning rate must be at most 10'],
      ['vary=activation&values=relu,gelu', 'Ignored "values=relu,gelu": value 2 "gelu": Activation must be one of relu, sigmoid, tanh'],
      ['vary=optimizer&values=adam,rmsprop', 'Ignored "values=adam,rmsprop": value 2 "rmsprop": Optimizer must be one of adam, sgd, momentum'],
      ['vary=batchNorm&values=on,maybe', 'Ignored "values=on,maybe": value 2 "maybe": BatchNorm must be on or off'],
    ])('%s', (search, message) => dropped(search, `${message}; no comparison is set up`));

    it.each([
      ['values=16,64', 'Ignored "values=16,64": values only applies to a comparison, and the link has no vary='],
      ['nobn=1', 'Ignored "nobn=1": nobn only applies to a comparison, and the link has no vary='],
    ])('%s without vary', (search, message) => dropped(search, message));

    it('keeps the comparison but not a bad schedule or pairing', () => {
      const { shared, ignored } = decodeShare('vary=batchSize&values=16,64&sched=later&nobn=yes', TRAIN_IMAGES);
      expect(shared.comparison).toEqual({
        variation: { setting: 'batchSize', values: [16, 64] },
        schedule: 'together',
        alsoWithoutBn: false,
      });
      expect(ignored).toEqual([
        'Ignored "sched=later": Schedule must be one of together, queue; using together',
        'Ignored "nobn=yes": Also without BatchNorm must be 0 or 1',
      ]);
    });
  });

  describe('messages are plain, short text', () => {
    it('echoes markup as text, clipped to 40 characters', () => {
      const value = '<script>alert(document.cookie)</script><img src=x onerror=alert(1)>';
      const { shared, ignored } = decodeShare(`act=${encodeURIComponent(value)}`, TRAIN_IMAGES);
      expect(shared.config).toEqual(defaultExperiment());
      expect(ignored).toEqual([`Ignored "act=${value.slice(0, 39)}…": Activation must be one of relu, sigmoid, tanh`]);
    });

    it('shows control and direction-changing characters as ?', () => {
      const { ignored } = decodeShare(`bs=${encodeURIComponent('1\u202e2\n3\u0000')}`, TRAIN_IMAGES);
      expect(ignored).toEqual(['Ignored "bs=1?2?3?": Batch size must be a number']);
    });

    it('lists at most 20 messages and counts the rest', () => {
      const search = Array.from({ length: 30 }, (_, i) => `k${i}=1`).join('&');
      const { ignored } = decodeShare(search, TRAIN_IMAGES);
      expect(ignored).toHaveLength(21);
      expect(ignored[20]).toBe('…and 10 more things in the link were ignored');
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Property-based tests

const layerArb: fc.Arbitrary<HiddenLayerForm> = fc
  .record({
    units: fc.integer({ min: 1, max: LIMITS.maxUnits }),
    norm: fc.constantFrom('none', 'batchNorm', 'layerNorm'),
    bnPosition: fc.constantFrom(...BN_POSITIONS),
    dropout: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.9, noNaN: true })),
  })
  .map(({ norm, dropout, ...l }) => ({
    ...l,
    batchNorm: norm === 'batchNorm',
    ...(norm === 'layerNorm' ? { layerNorm: true } : {}),
    ...(dropout ? { dropout } : {}),
  }));

const modelArb = fc
  .record({
    inputBatchNorm: fc.boolean(),
    activation: fc.constantFrom(...ACTIVATIONS),
    hidden: fc.array(layerArb, { maxLength: LIMITS.maxLayers }),
  })
  .map(mlpModel);

const learningRateArb = fc.double({ min: 0, max: LIMITS.maxLearningRate, minExcluded: true, noNaN: true });

const validationArb: fc.Arbitrary<ValidationConfig> = fc.oneof(
  fc.constant({ kind: 'test' as const }),
  fc.integer({ min: 1, max: TRAIN_IMAGES - 1 }).map((size) => ({ kind: 'holdout' as const, size })),
);

/** Valid for TRAIN_IMAGES by construction: the limit fits what the holdout leaves, the batch what the limit leaves. */
const configArb: fc.Arbitrary<ExperimentConfig> = validationArb.chain((validation) => {
  const available = TRAIN_IMAGES - (validation.kind === 'holdout' ? validation.size : 0);
  return fc.option(fc.integer({ min: 1, max: available }), { nil: null }).chain((trainLimit) =>
    fc.record({
      model: modelArb,
      train: fc.record({
        batchSize: fc.integer({ min: 1, max: trainLimit ?? available }),
        learningRate: learningRateArb,
        epochs: fc.integer({ min: 1, max: LIMITS.maxEpochs }),
        optimizer: fc.constantFrom(...OPTIMIZERS),
        seed: fc.integer({ min: 0, max: LIMITS.maxSeed }),
        validation: fc.constant(validation),
        trainLimit: fc.constant(trainLimit),
      }),
    }),
  );
});

/** `max`: no more than the distinct values `arb` has, or fast-check retries for long. */
const valuesOf = <T>(arb: fc.Arbitrary<T>, max = MAX_VARIATION_VALUES) => fc.uniqueArray(arb, { minLength: 2, maxLength: max });

/** Variations whose every value fits `config` (batch sizes up to the images it trains on). */
const variationArb = (config: ExperimentConfig): fc.Arbitrary<Variation> => {
  const holdout = config.train.validation.kind === 'holdout' ? config.train.validation.size : 0;
  const used = config.train.trainLimit ?? TRAIN_IMAGES - holdout;
  const options: fc.Arbitrary<Variation>[] = [
    valuesOf(fc.boolean(), 2).map((values) => ({ setting: 'batchNorm' as const, values })),
    valuesOf(learningRateArb).map((values) => ({ setting: 'learningRate' as const, values })),
    valuesOf(fc.constantFrom(...ACTIVATIONS), ACTIVATIONS.length).map((values) => ({ setting: 'activation' as const, values })),
    valuesOf(fc.constantFrom(...OPTIMIZERS), OPTIMIZERS.length).map((values) => ({ setting: 'optimizer' as const, values })),
  ];
  if (used >= 2) options.push(valuesOf(fc.integer({ min: 1, max: used })).map((values) => ({ setting: 'batchSize' as const, values })));
  return fc.oneof(...options);
};

/** Built once: a regex arbitrary is slow to make, far too slow to make per sample inside `chain`. */
const presetArb = fc.option(fc.stringMatching(/^[a-z0-9-]{1,40}$/), { nil: null });

const sharedArb: fc.Arbitrary<SharedExperiment> = configArb.chain((config) =>
  fc.record({
    config: fc.constant(config),
    comparison: fc.option(fc.record({ variation: variationArb(config), schedule: fc.constantFrom(...SCHEDULES), alsoWithoutBn: fc.boolean() }), { nil: null }),
    preset: presetArb,
    hidden: fc.subarray([...HIDEABLE_CONTROLS]),
    presenter: fc.boolean(),
  }),
);

const KEYS = ['preset', 'layers', 'inbn', 'act', 'opt', 'bs', 'lr', 'ep', 'seed', 'val', 'limit', 'vary', 'values', 'sched', 'nobn', 'hide', 'present'];
const VALUE_BITS = [
  '',
  '0',
  '1',
  '-1',
  '32',
  '1e-3',
  '1e9',
  'NaN',
  'Infinity',
  '0x10',
  'all',
  'test',
  'none',
  'on',
  'off',
  '128bn,64bna',
  '2048a',
  'relu',
  'tanh',
  'sgd',
  'queue',
  'batchSize',
  'learningRate',
  'batchNorm',
  'activation',
  '16,64,256',
  '%',
  '%E0%A4%A',
  '%00',
  '<script>alert(1)</script>',
  '__proto__',
  'constructor',
  '\u202e',
  '😀',
  'share',
  'compare,share',
  'batchsize',
  'evil',
];

/** Random key=value soups: real keys and values, mixed with junk. */
const soupArb = fc
  .array(
    fc.tuple(
      fc.oneof(fc.constantFrom(...KEYS, '__proto__', 'toString', ''), fc.string({ maxLength: 8 })),
      fc.oneof(
        fc.constantFrom(...VALUE_BITS),
        fc.string({ maxLength: 12 }),
        fc.array(fc.constantFrom(...VALUE_BITS), { maxLength: 9 }).map((v) => v.join(',')),
      ),
    ),
    { maxLength: 20 },
  )
  .map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&'));

type Mutation = { at: number; op: 'delete' | 'insert' | 'repeat'; text: string };
const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  op: fc.constantFrom('delete' as const, 'insert' as const, 'repeat' as const),
  text: fc.oneof(fc.constantFrom('&', '=', ',', '%', '?', '#', '-', '.', 'e', '9', 'bn', 'a', '&bs=', '&vary=', '+'), fc.string({ maxLength: 3 })),
});

const mutate = (text: string, mutations: Mutation[]): string =>
  mutations.reduce((s, m) => {
    const at = s.length ? m.at % s.length : 0;
    if (m.op === 'delete') return s.slice(0, at) + s.slice(at + 1);
    if (m.op === 'insert') return s.slice(0, at) + m.text + s.slice(at);
    return s + '&' + s.slice(at, at + 20);
  }, text);

/** Mutated valid links: a real link with a few characters deleted, inserted or repeated. */
const mutatedArb = fc.tuple(sharedArb, fc.array(mutationArb, { minLength: 1, maxLength: 4 })).map(([s, m]) => mutate(encodeShare(s), m));

const expectUsable = (search: string, trainImages = TRAIN_IMAGES) => {
  const { shared, ignored } = decodeShare(search, trainImages);
  expect(parseExperiment(shared.config, trainImages).ok).toBe(true);
  if (shared.comparison) {
    const { variation } = shared.comparison;
    expect(variation.values.length).toBeGreaterThanOrEqual(2);
    expect(variation.values.length).toBeLessThanOrEqual(MAX_VARIATION_VALUES);
    variation.values.forEach((_, i) => expect(parseExperiment(applyValue(shared.config, variation, i), trainImages).ok).toBe(true));
  }
  if (shared.preset !== null) expect(shared.preset).toMatch(/^[a-z0-9-]{1,40}$/);
  expect(shared.hidden).toEqual(HIDEABLE_CONTROLS.filter((c) => shared.hidden.includes(c)));
  for (const message of ignored) {
    expect(typeof message).toBe('string');
    expect(message.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
    expect(message).not.toMatch(/could not be read/);
  }
  // What it settled on is itself a clean link.
  expect(decodeShare(encodeShare(shared), trainImages)).toEqual({ shared, ignored: [] });
};

describe('properties', () => {
  it('round-trips any valid shared experiment exactly', () => {
    fc.assert(
      fc.property(sharedArb, (shared) => {
        expect(parseExperiment(shared.config, TRAIN_IMAGES).ok).toBe(true);
        expectRoundTrip(shared);
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws on random text and always gives a usable experiment', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => expectUsable(s)),
      { numRuns: 2000 },
    );
  });

  it('never throws on key=value soups, against any amount of data', () => {
    fc.assert(
      fc.property(soupArb, fc.constantFrom(TRAIN_IMAGES, 50_000, 1000, 100), (s, trainImages) => expectUsable(s, trainImages)),
      { numRuns: 2000 },
    );
  });

  it('never throws on mutated valid links', () => {
    fc.assert(
      fc.property(mutatedArb, (s) => expectUsable(s)),
      { numRuns: 2000 },
    );
  });
});

describe('share links: dropout', () => {
  it('carries a dropout comparison and per-layer dropout, and refuses a rate out of range', () => {
    const config = edited((c) => (c.model.hidden[0]!.dropout = 0.25));
    const shared: SharedExperiment = {
      config,
      comparison: { variation: { setting: 'dropout', values: [0, 0.5] }, schedule: 'together', alsoWithoutBn: false },
      preset: null,
      hidden: [],
      presenter: false,
    };
    const search = encodeShare(shared);
    expect(search).toMatch(/^layers=128bn_d0\.25,64bn&/);
    expect(search).toMatch(/&vary=dropout&values=0,0\.5&/);
    expect(decodeShare(search, TRAIN_IMAGES)).toEqual({ shared, ignored: [] });
    expect(decodeShare('layers=128bn_d1', TRAIN_IMAGES).ignored).toEqual(['Ignored "layers=128bn_d1": Hidden layer 1: Dropout rate must be at most 0.9']);
  });
});
