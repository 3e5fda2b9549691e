# ----------------------------------------------------------------------------------------------
# The initial weights: Keras' own glorot-uniform kernels and zero biases, drawn again by the
# playground's generator, layer by layer, so the start is the browser's.
# ----------------------------------------------------------------------------------------------

def init_like_the_playground(model, seed, init_scale):
    rng = Mulberry32(derive_seed(seed, 1))
    for layer in model.layers:
        if isinstance(layer, keras.layers.Dense):
            fan_in, units = layer.kernel.shape
            kernel = glorot_uniform(fan_in, units, rng, init_scale).reshape(fan_in, units)
            layer.set_weights([kernel, np.zeros(units, dtype=np.float32)])
        elif isinstance(layer, keras.layers.Conv2D):
            k, _, cin, filters = layer.kernel.shape
            kernel = glorot_uniform(k * k * cin, k * k * filters, rng, init_scale, count=k * k * cin * filters)
            layer.set_weights([kernel.reshape(k, k, cin, filters), np.zeros(filters, dtype=np.float32)])


def make_optimizer():
    """The playground's optimizer, which follows Keras: its Adam is Keras 3's formula with Keras'
    defaults (epsilon 1e-7, added to sqrt(v)). Keras' SGD momentum keeps -lr * velocity where the
    playground keeps the velocity: the same steps while the learning rate stays put."""
    train = EXPERIMENT['train']
    lr = train['learningRate']
    if train['optimizer'] == 'adam':
        return keras.optimizers.Adam(learning_rate=lr, beta_1=0.9, beta_2=0.999, epsilon=1e-7)
    if train['optimizer'] == 'momentum':
        return keras.optimizers.SGD(learning_rate=lr, momentum=0.9)
    return keras.optimizers.SGD(learning_rate=lr)


# ----------------------------------------------------------------------------------------------
# Training, as the playground trains: one shuffled order per epoch, batches in that order (the
# last one smaller), validation after each epoch and the test set at the end, in inference mode.
# ----------------------------------------------------------------------------------------------

def parse_args():
    parser = argparse.ArgumentParser(description=f'Trains "{RUN_NAME}" as BatchNorm Playground does, in Keras.')
    parser.add_argument('--data', required=True, help='folder holding the four IDX .gz files')
    parser.add_argument('--out', help="runs file to write (default: this file's name, ending .runs.json)")
    parser.add_argument('--epochs', type=int, help='train this many epochs instead')
    args = parser.parse_args()
    if args.epochs is not None and args.epochs < 1:
        parser.error('--epochs must be 1 or more')
    return args


def train(model, data):
    """Trains `model` in place; returns its history for `runs_file`, the status and a message."""
    config = EXPERIMENT['train']
    x, y = data['train']
    batch_size, epochs = config['batchSize'], config['epochs']
    per_epoch = math.ceil(len(y) / batch_size)
    order_rng = Mulberry32(derive_seed(config['seed'], 2))
    changes = dict(LEARNING_RATE_CHANGES)
    check = DivergenceCheck()
    history = {'loss': [], 'accuracy': [], 'epochs': [], 'time_marks': [], 'learning_rate_marks': [], 'test': None,
               'steps_per_epoch': per_epoch, 'train_count': len(y), 'samples_seen': 0}
    started = time.perf_counter()
    elapsed_ms = lambda: (time.perf_counter() - started) * 1000
    step = 0
    for epoch in range(1, epochs + 1):
        print(f'Epoch {epoch}/{epochs}')
        epoch_start = time.perf_counter()
        order = shuffled_indices(len(y), order_rng)
        seen = loss_sum = correct = 0.0
        for b in range(per_epoch):
            rows = order[b * batch_size:(b + 1) * batch_size]
            if step in changes:
                model.optimizer.learning_rate = changes[step]
                history['learning_rate_marks'].append({'step': step, 'learningRate': changes[step]})
            # train_on_batch reports the metrics gathered since the last reset: reset, to get this batch's.
            model.reset_metrics()
            logs = model.train_on_batch(x[rows], y[rows], return_dict=True)
            loss, accuracy = float(logs['loss']), float(logs['accuracy'])
            step += 1
            history['loss'].append(loss)
            history['accuracy'].append(accuracy)
            history['samples_seen'] += len(rows)
            seen, loss_sum, correct = seen + len(rows), loss_sum + loss * len(rows), correct + accuracy * len(rows)
            if step == 1:
                print(f'step 1: loss {loss:.4f} (the browser logs the same first loss for this seed)')
            verdict = check(loss)
            if verdict:
                return history, 'diverged', f'Diverged at step {step}: {verdict}.'
            if step % 64 == 0 or b == per_epoch - 1:
                history['time_marks'].append({'step': step, 'elapsedMs': elapsed_ms()})
        val = model.evaluate(*data['validation'], batch_size=1000, verbose=0, return_dict=True)
        history['epochs'].append({'epoch': epoch, 'step': step, 'elapsedMs': elapsed_ms(),
                                  'loss': short(val['loss']), 'accuracy': short(val['accuracy'])})
        print(epoch_line(per_epoch, time.perf_counter() - epoch_start, loss_sum / seen, correct / seen, val['loss'], val['accuracy']))
    return history, 'completed', None


def main():
    args = parse_args()
    config = EXPERIMENT['train']
    if args.epochs:
        config['epochs'] = args.epochs
    data = {name: (x.reshape(-1, 28, 28, 1), y) for name, (x, y) in load_splits(args.data).items()}
    # Dropout's masks come from Keras' generator, seeded here: not the browser's masks.
    keras.utils.set_random_seed(config['seed'])
    model = build_model()
    init_like_the_playground(model, config['seed'], EXPERIMENT['model'].get('initScale', 1))
    model.compile(optimizer=make_optimizer(),
                  # The model ends in logits, as the playground's: the loss applies the softmax.
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  metrics=[keras.metrics.SparseCategoricalAccuracy(name='accuracy')])
    backend = f'Keras {keras.__version__} ({keras.config.backend()})'
    print(f'"{RUN_NAME}": {len(data["train"][1]):,} training images, batch {config["batchSize"]}, on {backend}')
    history, status, message = train(model, data)
    test = model.evaluate(*data['test'], batch_size=1000, verbose=0, return_dict=True)
    print(f'test: loss {test["loss"]:.4f} - accuracy {test["accuracy"]:.4f}')
    if status == 'completed':
        history['test'] = {'loss': short(test['loss']), 'accuracy': short(test['accuracy'])}
    out = args.out or os.path.splitext(os.path.basename(__file__))[0] + '.runs.json'
    with open(out, 'w') as f:
        json.dump(runs_file(history, backend, status, message), f)
    print(f'{message + " " if message else ""}History written to {out}: import it in the playground (Runs, Import runs) '
          "to see this run beside the browser's.")


if __name__ == '__main__':
    main()
