# ----------------------------------------------------------------------------------------------
# Training, as the playground trains: one shuffled order per epoch, batches in that order (the
# last one smaller), the mean cross-entropy of each batch, validation after each epoch and the test
# set at the end, in eval mode (BatchNorm's moving statistics, no dropout).
# ----------------------------------------------------------------------------------------------

def parse_args():
    parser = argparse.ArgumentParser(description=f'Trains "{RUN_NAME}" as BatchNorm Playground does, in PyTorch.')
    parser.add_argument('--data', required=True, help='folder holding the four IDX .gz files')
    parser.add_argument('--out', help="runs file to write (default: this file's name, ending .runs.json)")
    parser.add_argument('--weights', help='start from these weights (saved by the playground or --save-weights), not the seeded start')
    parser.add_argument('--save-weights', help='write the trained weights there ({rank} in the name: every process writes its own)')
    parser.add_argument('--epochs', type=int, help='train this many epochs instead (0: only evaluate the test set)')
    parser.add_argument('--sync-bn', action='store_true', help='under torchrun: BatchNorm uses the statistics of the whole batch, over every process')
    parser.add_argument('--threads', type=int, help="CPU threads per process (default: PyTorch's choice)")
    args = parser.parse_args()
    if args.epochs is not None and args.epochs < 0:
        parser.error('--epochs must be 0 or more')
    return args


class Processes:
    """This process's place among torchrun's processes (the only one without torchrun). Each takes a
    contiguous share of every batch; DistributedDataParallel averages their gradients."""

    def __init__(self):
        self.world = int(os.environ.get('WORLD_SIZE', '1'))
        self.rank = int(os.environ.get('RANK', '0'))
        self.cuda = torch.cuda.is_available()
        self.device = torch.device(f'cuda:{os.environ.get("LOCAL_RANK", "0")}' if self.cuda else 'cpu')
        if self.world > 1:
            if self.cuda:
                torch.cuda.set_device(self.device)
            dist.init_process_group('nccl' if self.cuda else 'gloo')

    def rows(self, total):
        """(first, stop): this process's rows of a batch of `total`; shares differ by one at most."""
        base, extra = divmod(total, self.world)
        first = self.rank * base + min(self.rank, extra)
        return first, first + base + (1 if self.rank < extra else 0)

    def sum(self, values):
        """Element-wise sums of a list of lists over every process."""
        t = torch.tensor(values, dtype=torch.float64, device=self.device)
        if self.world > 1:
            dist.all_reduce(t)
        return t.tolist()


@torch.no_grad()
def evaluate(model, x, y, batch=1000):
    """Loss and accuracy over a whole set in eval mode."""
    model.eval()
    loss, correct = 0.0, 0
    for start in range(0, len(y), batch):
        logits = model(x[start:start + batch])
        loss += F.cross_entropy(logits, y[start:start + batch], reduction='sum').item()
        correct += (logits.argmax(1) == y[start:start + batch]).sum().item()
    return loss / len(y), correct / len(y)


def check_batches(model, procs, count, batch_size):
    """PyTorch's BatchNorm refuses one value per channel in training; the playground would take it."""
    last = count - (math.ceil(count / batch_size) - 1) * batch_size
    smallest = min(last, batch_size) // procs.world
    flat_bn = any(isinstance(m, nn.BatchNorm1d) for m in model.modules())
    if smallest < 1 or (smallest == 1 and flat_bn):
        sys.exit(f'The last batch of each epoch has {last} images: too few for {procs.world} process(es) '
                 f"{'with BatchNorm ' if flat_bn else ''}(each needs {2 if flat_bn else 1} or more). Change the batch size or the training images.")


class Trainer:
    """One run: the model (wrapped for DistributedDataParallel under torchrun), its optimizer and
    its history, which `runs_file` writes for the playground."""

    DELIVERY = 64  # steps between reading the loss back (and checking it), as the browser does

    def __init__(self, model, net, procs, data):
        self.model, self.net, self.procs = model, net, procs
        train = EXPERIMENT['train']
        self.optimizer = PlaygroundOptimizer(model.parameters(), train['optimizer'], train['learningRate'])
        self.x, self.y = data['train']
        self.data = data
        self.per_epoch = math.ceil(len(self.y) / train['batchSize'])
        self.order_rng = Mulberry32(derive_seed(train['seed'], 2))
        dropout_rng = Mulberry32(derive_seed(train['seed'], 3))
        self.dropouts = [m for m in net.modules() if isinstance(m, SeededDropout)]
        for d in self.dropouts:
            d.rng = dropout_rng
        self.check = DivergenceCheck()
        self.history = {'loss': [], 'accuracy': [], 'epochs': [], 'time_marks': [], 'learning_rate_marks': [], 'test': None,
                        'steps_per_epoch': self.per_epoch, 'train_count': len(self.y), 'samples_seen': 0}
        self.pending = []  # [loss sum, correct, rows] of steps not yet read back
        self.step = 0
        self.started = time.perf_counter()

    def elapsed_ms(self):
        return (time.perf_counter() - self.started) * 1000

    def train_step(self, rows):
        """One optimisation step on the batch `rows` (indices into the training set)."""
        lr = dict(LEARNING_RATE_CHANGES).get(self.step)
        if lr is not None:
            for group in self.optimizer.param_groups:
                group['lr'] = lr
            self.history['learning_rate_marks'].append({'step': self.step, 'learningRate': lr})
        first, stop = self.procs.rows(len(rows))
        mine = torch.from_numpy(rows[first:stop]).to(self.procs.device)
        for d in self.dropouts:
            d.rows = (first, stop, len(rows))
        logits = self.model(self.x[mine])
        loss_sum = F.cross_entropy(logits, self.y[mine], reduction='sum')
        self.optimizer.zero_grad()
        # The batch's loss is the mean over all its rows, on every process; DistributedDataParallel
        # averages the processes' gradients, so each process's sum is scaled by processes / rows.
        (loss_sum * (self.procs.world / len(rows))).backward()
        self.optimizer.step()
        self.pending.append([loss_sum.item(), (logits.argmax(1) == self.y[mine]).sum().item(), len(rows)])
        self.step += 1

    def deliver(self):
        """Reads back the waiting steps' metrics (summed over processes); the divergence verdict or None."""
        if not self.pending:
            return None
        rows = [r for _, _, r in self.pending]
        sums = self.procs.sum([[loss, correct] for loss, correct, _ in self.pending])
        self.pending = []
        for (loss, correct), n in zip(sums, rows):
            self.history['loss'].append(loss / n)
            self.history['accuracy'].append(correct / n)
            self.history['samples_seen'] += n
            verdict = self.check(loss / n)
            if verdict:
                return verdict
        if len(self.history['loss']) == 1 and self.procs.rank == 0:
            print(f'step 1: loss {self.history["loss"][0]:.4f} (the browser logs the same first loss for this seed)')
        self.history['time_marks'].append({'step': len(self.history['loss']), 'elapsedMs': self.elapsed_ms()})
        return None

    def run(self, epochs):
        """Trains; returns (status, message) as the playground records them."""
        batch_size = EXPERIMENT['train']['batchSize']
        for epoch in range(1, epochs + 1):
            if self.procs.rank == 0:
                print(f'Epoch {epoch}/{epochs}')
            epoch_start, epoch_history = time.perf_counter(), len(self.history['loss'])
            order = shuffled_indices(len(self.y), self.order_rng)
            self.model.train()
            for b in range(self.per_epoch):
                self.train_step(order[b * batch_size:(b + 1) * batch_size])
                if self.step == 1 or len(self.pending) == self.DELIVERY or b == self.per_epoch - 1:
                    verdict = self.deliver()
                    if verdict:
                        return 'diverged', f'Diverged at step {len(self.history["loss"])}: {verdict}.'
            if self.procs.rank == 0:
                self.end_epoch(epoch, epoch_start, epoch_history)
        return 'completed', None

    def end_epoch(self, epoch, epoch_start, first):
        val_loss, val_accuracy = evaluate(self.net, *self.data['validation'])
        losses, accuracies = self.history['loss'][first:], self.history['accuracy'][first:]
        self.history['epochs'].append({'epoch': epoch, 'step': self.step, 'elapsedMs': self.elapsed_ms(),
                                       'loss': short(val_loss), 'accuracy': short(val_accuracy)})
        # Keras' training metrics are the epoch's averages (weighted by batch size, as here).
        batch_size = EXPERIMENT['train']['batchSize']
        sizes = [min(batch_size, len(self.y) - k * batch_size) for k in range(len(losses))]
        mean = lambda values: sum(v * n for v, n in zip(values, sizes)) / sum(sizes)
        print(epoch_line(len(losses), time.perf_counter() - epoch_start, mean(losses), mean(accuracies), val_loss, val_accuracy))


def moving_statistics_spread(net, procs):
    """The largest difference between processes in BatchNorm's moving statistics (0: identical)."""
    stats = [b.detach().reshape(-1) for name, b in net.named_buffers() if name.endswith(('running_mean', 'running_var'))]
    if procs.world == 1 or not stats:
        return None
    mine = torch.cat(stats).to(torch.float64)
    everyone = [torch.zeros_like(mine) for _ in range(procs.world)]
    dist.all_gather(everyone, mine)
    return max((e - everyone[0]).abs().max().item() for e in everyone)


def train_and_report(args, procs):
    """Builds the model, trains it, evaluates the test set and writes the history (rank 0) and weights."""
    train = EXPERIMENT['train']
    device = procs.device
    data = {name: (torch.from_numpy(x).reshape(-1, 1, 28, 28).to(device), torch.from_numpy(y).to(device))
            for name, (x, y) in load_splits(args.data).items()}
    net = build_model()
    init_like_the_playground(net, train['seed'], EXPERIMENT['model'].get('initScale', 1))
    if args.weights:
        load_weights(net, args.weights)
    if args.sync_bn and procs.world > 1:
        net = sync_batchnorm(net, procs.cuda)
    elif args.sync_bn and procs.rank == 0:
        print('--sync-bn: one process has nothing to synchronise (start the script with torchrun --nproc_per_node N).')
    net.to(device)
    check_batches(net, procs, len(data['train'][1]), train['batchSize'])
    model = nn.parallel.DistributedDataParallel(net, device_ids=[device] if procs.cuda else None) if procs.world > 1 else net
    backend = (f'PyTorch {torch.__version__} ({device.type}, {procs.world} process{"es" if procs.world > 1 else ""}'
               f'{", SyncBatchNorm" if args.sync_bn and procs.world > 1 else ""})')
    trainer = Trainer(model, net, procs, data)
    if procs.rank == 0:
        print(f'"{RUN_NAME}": {trainer.history["train_count"]:,} training images, {trainer.per_epoch} steps per epoch, '
              f'batch {train["batchSize"]}, on {backend}')
    status, message = trainer.run(0 if args.epochs == 0 else train['epochs'])
    spread = moving_statistics_spread(net, procs)
    if args.save_weights and (procs.rank == 0 or '{rank}' in args.save_weights):
        save_weights(net, args.save_weights.replace('{rank}', str(procs.rank)))
    if procs.rank != 0:
        return
    test_loss, test_accuracy = evaluate(net, *data['test'])
    print(f'test: loss {test_loss:.4f} - accuracy {test_accuracy:.4f}')
    if spread is not None:
        print(f'BatchNorm moving statistics across the {procs.world} processes: '
              + ('identical' if spread == 0 else f'differ by up to {spread:.3g} (each normalised its own share of the batch)'))
    if args.epochs != 0:
        trainer.history['test'] = {'loss': short(test_loss), 'accuracy': short(test_accuracy)} if status == 'completed' else None
        out = args.out or os.path.splitext(os.path.basename(__file__))[0] + '.runs.json'
        with open(out, 'w') as f:
            json.dump(runs_file(trainer.history, backend, status, message), f)
        print(f'{message + " " if message else ""}History written to {out}: import it in the playground (Runs, Import runs) '
              'to see this run beside the browser\'s.')


def main():
    args = parse_args()
    if args.epochs:
        EXPERIMENT['train']['epochs'] = args.epochs
    if args.threads:
        torch.set_num_threads(args.threads)
    procs = Processes()
    train_and_report(args, procs)
    if procs.world > 1:
        # The DistributedDataParallel model is gone with train_and_report's variables: tearing the process
        # group down under a live one can hang at exit. The processes leave together.
        dist.barrier()
        dist.destroy_process_group()


if __name__ == '__main__':
    main()
