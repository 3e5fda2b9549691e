# ----------------------------------------------------------------------------------------------
# The playground's random numbers (its src/engine/rng.ts), so that this run starts from the
# browser's initial weights and sees the browser's batches in the browser's order.
# ----------------------------------------------------------------------------------------------

MASK32 = np.uint64(0xFFFFFFFF)


def imul(a, b):
    """JavaScript's Math.imul on uint64 arrays of 32-bit values: the low 32 bits of a * b."""
    return (a * b) & MASK32


class Mulberry32:
    """mulberry32, the playground's generator. Its 32-bit state only ever adds 0x6D2B79F5, and each
    number is a hash of the state, so n numbers are computed at once with numpy."""

    def __init__(self, seed):
        self.state = seed & 0xFFFFFFFF

    def draw(self, n):
        """The next n floats in [0, 1): what the browser's `rng.next()` returns n times."""
        steps = np.arange(1, n + 1, dtype=np.uint64)
        t = (np.uint64(self.state) + steps * np.uint64(0x6D2B79F5)) & MASK32
        if n > 0:
            self.state = int(t[-1])
        t = imul(t ^ (t >> np.uint64(15)), t | np.uint64(1))
        t = t ^ ((t + imul(t ^ (t >> np.uint64(7)), t | np.uint64(61))) & MASK32)
        return ((t ^ (t >> np.uint64(14))) & MASK32).astype(np.float64) / 4294967296.0


def derive_seed(seed, purpose):
    """An independent stream per purpose from one seed: 1 initial weights, 2 batch order, 3 dropout."""
    return (((seed ^ 0x9E3779B9) & 0xFFFFFFFF) * 0x85EBCA6B + purpose * 0xC2B2AE35) & 0xFFFFFFFF


def shuffled_indices(n, rng):
    """Fisher-Yates shuffle of 0..n-1 driven by rng: one epoch's order, as the browser draws it."""
    draws = rng.draw(n - 1)
    picks = np.floor(draws * np.arange(n, 1, -1)).astype(np.int64).tolist()
    order = list(range(n))
    for k, i in enumerate(range(n - 1, 0, -1)):
        j = picks[k]
        order[i], order[j] = order[j], order[i]
    return np.array(order, dtype=np.int64)


def glorot_uniform(fan_in, fan_out, rng, scale=1.0, count=None):
    """Keras' glorot_uniform, U(-l, l) with l = sqrt(6 / (fan_in + fan_out)), drawn from rng in the
    browser's order: float32 [count] (a Dense kernel's fan_in * fan_out unless given), row-major
    over Keras' kernel shape. The init scale multiplies after rounding to float32, as the browser does."""
    limit = math.sqrt(6 / (fan_in + fan_out))
    values = ((rng.draw(fan_in * fan_out if count is None else count) * 2 - 1) * limit).astype(np.float32)
    if scale != 1:
        values = (values.astype(np.float64) * scale).astype(np.float32)
    return values


# ----------------------------------------------------------------------------------------------
# The data: the four IDX files of MNIST or Fashion-MNIST, gzipped, as the playground ships them.
# ----------------------------------------------------------------------------------------------

IDX_FILES = {
    'train_images': 'train-images-idx3-ubyte.gz',
    'train_labels': 'train-labels-idx1-ubyte.gz',
    'test_images': 't10k-images-idx3-ubyte.gz',
    'test_labels': 't10k-labels-idx1-ubyte.gz',
}

# How 0..255 pixel bytes become inputs: bytes / 255 (in 0-1) times this factor.
INPUT_SCALES = {'div255': 1.0, 'div255twice': 1 / 255, 'raw': 255.0}


def read_idx(path, images):
    """An IDX file's contents: uint8 [count, 784] images or [count] labels. Exits with a message
    naming the file when it is missing or not an IDX file of that kind."""
    if not os.path.exists(path):
        sys.exit(f'{path} is missing: --data must be a folder holding {", ".join(IDX_FILES.values())} '
                 f'({DATA_SOURCE}).')
    with gzip.open(path, 'rb') as f:
        data = f.read()
    magic, count = struct.unpack('>II', data[:8])
    expected = 2051 if images else 2049
    if magic != expected:
        sys.exit(f'{path} is not an IDX {"image" if images else "label"} file (magic number {magic}, expected {expected}).')
    if images:
        rows, cols = struct.unpack('>II', data[8:16])
        if (rows, cols) != (28, 28) or len(data) != 16 + count * 784:
            sys.exit(f'{path} does not hold {count} images of 28x28 pixels.')
        return np.frombuffer(data, dtype=np.uint8, offset=16).reshape(count, 784)
    if len(data) != 8 + count:
        sys.exit(f'{path} does not hold {count} labels.')
    return np.frombuffer(data, dtype=np.uint8, offset=8)


def inputs(pixels, scale):
    """Network inputs from pixel bytes: float32, bytes / 255 times the scale's factor."""
    x = (pixels.astype(np.float64) / 255).astype(np.float32)
    factor = INPUT_SCALES[scale]
    return x if factor == 1 else x * np.float32(factor)


def load_splits(folder):
    """Training, validation and test sets, as the playground splits them: validation is the test
    set or the first `size` training images (training then starts after them), and training may be
    limited to its first `trainLimit` images. Returns {name: (inputs float32 [n, 784], labels)}."""
    data = {key: read_idx(os.path.join(folder, name), key.endswith('images')) for key, name in IDX_FILES.items()}
    train = EXPERIMENT['train']
    holdout = train['validation']['size'] if train['validation']['kind'] == 'holdout' else 0
    available = len(data['train_labels']) - holdout
    count = min(available, train['trainLimit'] or available)
    if holdout >= len(data['train_labels']) or count < train['batchSize']:
        sys.exit(f'The data in {folder} has too few training images for these settings.')
    train_scale = train.get('trainScale', 'div255')
    eval_scale = train.get('evalScale', 'div255')
    test = (inputs(data['test_images'], eval_scale), data['test_labels'].astype(np.int64))
    rows = slice(holdout, holdout + count)
    return {
        'train': (inputs(data['train_images'][rows], train_scale), data['train_labels'][rows].astype(np.int64)),
        'validation': test if holdout == 0 else (inputs(data['train_images'][:holdout], eval_scale), data['train_labels'][:holdout].astype(np.int64)),
        'test': test,
    }


# ----------------------------------------------------------------------------------------------
# The history: Keras-style epoch lines, the playground's divergence rule, and the runs file.
# ----------------------------------------------------------------------------------------------

def epoch_line(steps, seconds, train_loss, train_accuracy, val_loss, val_accuracy):
    """One epoch as Keras' fit(verbose=2) prints it."""
    return (f'{steps}/{steps} - {seconds:.0f}s - {seconds * 1000 / steps:.0f}ms/step - accuracy: {train_accuracy:.4f} - '
            f'loss: {train_loss:.4f} - val_accuracy: {val_accuracy:.4f} - val_loss: {val_loss:.4f}')


class DivergenceCheck:
    """The playground's rule (src/engine/divergence.ts): a loss that is not finite, or a smoothed
    loss above both 3 ln 10 and twice the first loss after 10 steps, ends the run as diverged."""

    def __init__(self):
        self.steps, self.first, self.ema = 0, 0.0, 0.0

    def __call__(self, loss):
        if not math.isfinite(loss):
            return 'its loss is not a finite number'
        self.steps += 1
        if self.steps == 1:
            self.first = self.ema = loss
            return None
        self.ema += 0.1 * (loss - self.ema)
        exploded = self.steps > 10 and self.ema > max(3 * math.log(10), 2 * self.first)
        return 'its smoothed loss exploded' if exploded else None


def short(value):
    """A float32 metric as its shortest decimal (0.3, not 0.30000001192092896); None if not finite."""
    return float(str(np.float32(value))) if math.isfinite(value) else None


def runs_file(history, backend, status, message):
    """This run as the playground's runs file (format 2): Runs -> Import runs (JSON) shows it on the
    charts beside the browser's run of the same experiment."""
    steps = len(history['loss'])
    per_epoch = history['steps_per_epoch']
    last = history['epochs'][-1] if history['epochs'] else None
    elapsed = history['time_marks'][-1]['elapsedMs'] if history['time_marks'] else 0
    run = {
        'id': f'python-{int(time.time() * 1000):x}-{os.getpid():x}',
        'name': f'{RUN_NAME} · {FRAMEWORK}',
        'colorIndex': COLOR_INDEX, 'visible': True, 'groupId': None, 'queueSlot': 0,
        'config': EXPERIMENT,
        'status': status,
        'createdAt': int(time.time() * 1000),
        'totalSteps': per_epoch * EXPERIMENT['train']['epochs'],
        'stepsPerEpoch': per_epoch,
        'trainCount': history['train_count'],
        'timeMarks': history['time_marks'],
        'epochs': history['epochs'],
        'learningRateMarks': history['learning_rate_marks'],
        'progress': {'step': steps, 'totalSteps': per_epoch * EXPERIMENT['train']['epochs'],
                     'epoch': last['epoch'] if last else 1, 'samplesSeen': history['samples_seen'], 'elapsedMs': elapsed},
        'test': history['test'],
        'message': message,
        'backend': backend,
        'steps': {'loss': [short(v) for v in history['loss']], 'accuracy': [short(v) for v in history['accuracy']]},
    }
    return {'format': 'batchnorm-playground-runs', 'version': 2,
            'exportedAt': time.strftime('%Y-%m-%dT%H:%M:%S.000Z', time.gmtime()), 'runs': [run]}
