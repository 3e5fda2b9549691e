# ----------------------------------------------------------------------------------------------
# Layers that PyTorch writes differently from Keras and the playground.
# ----------------------------------------------------------------------------------------------

class FlattenChannelsLast(nn.Module):
    """Keras' Flatten. Keras images are [height, width, channels] (channels last) and PyTorch's
    are [channels, height, width]: moving the channels last before flattening keeps the order of
    the values, so the next Linear layer's weights are the browser's."""

    def forward(self, x):
        return x.permute(0, 2, 3, 1).flatten(1) if x.dim() == 4 else x


class ChannelsLastLayerNorm(nn.LayerNorm):
    """Keras' LayerNormalization(axis=-1) on an image: each position normalised over its channels,
    which are the last axis in Keras and the second in PyTorch."""

    def forward(self, x):
        return super().forward(x.permute(0, 2, 3, 1)).permute(0, 3, 1, 2)


class SameConv2d(nn.Conv2d):
    """Keras' Conv2D(padding='same'): pads so that the output is ceil(input / stride), the odd pixel
    after (bottom, right), as TensorFlow does. PyTorch's own padding='same' takes stride 1 only."""

    def forward(self, x):
        pads = []
        for size in (x.shape[3], x.shape[2]):  # F.pad's order: width, then height
            stride, kernel = self.stride[0], self.kernel_size[0]
            total = max((math.ceil(size / stride) - 1) * stride + kernel - size, 0)
            pads += [total // 2, total - total // 2]
        return super().forward(F.pad(x, pads))


class GlobalAvgPool(nn.Module):
    """Keras' GlobalAveragePooling2D: each channel's mean over height and width."""

    def forward(self, x):
        return x.mean(dim=(2, 3))


class SeededDropout(nn.Module):
    """Inverted dropout, as nn.Dropout(rate): in training each value is zeroed with probability
    `rate` and the others scaled by 1 / (1 - rate); in eval mode it does nothing. Its masks come from
    the playground's seeded dropout stream, value by value in the browser's (channels-last) order,
    so this run drops exactly what the browser's drops. Under torchrun every process draws the whole
    batch's mask and keeps its own rows. The trainer sets `rng` and `rows`."""

    def __init__(self, rate):
        super().__init__()
        self.rate = rate
        self.rng = None
        self.rows = None  # (first, stop, total): this process's rows of the whole batch

    def forward(self, x):
        if not self.training or self.rate == 0:
            return x
        first, stop, total = self.rows
        per_row = x[0].numel()
        draws = self.rng.draw(total * per_row)[first * per_row:stop * per_row]
        keep = np.where(draws < self.rate, np.float32(0), np.float32(1 / (1 - self.rate)))
        mask = torch.from_numpy(keep.astype(np.float32)).to(x.device)
        if x.dim() == 4:
            n, c, h, w = x.shape
            mask = mask.reshape(n, h, w, c).permute(0, 3, 1, 2)
        return x * mask.reshape(x.shape)


class GlooSyncBatchNorm(nn.modules.batchnorm._BatchNorm):
    """nn.SyncBatchNorm for processes on the CPU (PyTorch's own runs on CUDA only): in training the
    batch statistics are summed over every process, so each normalises with the whole batch's mean
    and variance. The sums go through a differentiable all_reduce, whose backward pass sums the
    gradients over the processes as SyncBatchNorm does."""

    def _check_input_dim(self, x):
        if x.dim() < 2:
            raise ValueError(f'expected 2D or more input (got {x.dim()}D input)')

    def forward(self, x):
        if not self.training:
            return super().forward(x)
        axes = [0] + list(range(2, x.dim()))
        shape = [1, -1] + [1] * (x.dim() - 2)
        count = x.new_tensor([x.numel() // x.size(1)])
        sums = dist_nn.all_reduce(torch.cat([x.sum(axes), count]))
        total = sums[-1]
        mean = sums[:-1] / total
        centred = x - mean.reshape(shape)
        variance = dist_nn.all_reduce(centred.pow(2).sum(axes)) / total
        with torch.no_grad():
            self.num_batches_tracked += 1
            self.running_mean.mul_(1 - self.momentum).add_(mean.detach() * self.momentum)
            # PyTorch's convention: the running average keeps the unbiased variance.
            self.running_var.mul_(1 - self.momentum).add_(variance.detach() * (total / (total - 1)) * self.momentum)
        y = centred * torch.rsqrt(variance.reshape(shape) + self.eps)
        return y * self.weight.reshape(shape) + self.bias.reshape(shape)


def sync_batchnorm(model, cuda):
    """The model with every BatchNorm synchronised across processes (--sync-bn): PyTorch's
    SyncBatchNorm on GPUs, GlooSyncBatchNorm on the CPU. Same parameters and state_dict names."""
    if cuda:
        return nn.SyncBatchNorm.convert_sync_batchnorm(model)
    for i, layer in enumerate(model):
        if isinstance(layer, nn.modules.batchnorm._BatchNorm):
            synced = GlooSyncBatchNorm(layer.num_features, eps=layer.eps, momentum=layer.momentum)
            synced.load_state_dict(layer.state_dict())
            model[i] = synced
    return model


# ----------------------------------------------------------------------------------------------
# The optimizers, written as the playground writes them (src/engine/optimizers.ts).
# ----------------------------------------------------------------------------------------------

class PlaygroundOptimizer(torch.optim.Optimizer):
    """Adam as Keras 3 writes it (keras/src/optimizers/adam.py), and SGD with and without momentum.
    torch.optim.Adam differs: its eps (default 1e-8) is added to the bias-corrected sqrt(v_hat);
    Keras' eps (1e-7) is added to the raw sqrt(v), with both bias corrections folded into the step
    size lr * sqrt(1 - beta_2^t) / (1 - beta_1^t). Keras' SGD momentum keeps -lr * velocity; this
    keeps the velocity and multiplies by lr at each step, as the playground does (the same
    while lr stays put)."""

    def __init__(self, params, kind, lr):
        super().__init__(params, {'lr': lr})
        self.kind = kind
        self.iterations = 0

    @torch.no_grad()
    def step(self):
        self.iterations += 1
        t = self.iterations
        for group in self.param_groups:
            lr = group['lr']
            alpha = lr * math.sqrt(1 - ADAM_BETA_2 ** t) / (1 - ADAM_BETA_1 ** t)
            for p in group['params']:
                g, state = p.grad, self.state[p]
                if self.kind == 'sgd':
                    p.sub_(g * lr)
                elif self.kind == 'momentum':
                    velocity = state.setdefault('velocity', torch.zeros_like(p))
                    velocity.copy_(velocity * MOMENTUM + g)
                    p.sub_(velocity * lr)
                else:
                    m = state.setdefault('m', torch.zeros_like(p))
                    v = state.setdefault('v', torch.zeros_like(p))
                    m.add_((g - m) * (1 - ADAM_BETA_1))
                    v.add_((g * g - v) * (1 - ADAM_BETA_2))
                    p.sub_((m * alpha) / (v.sqrt() + ADAM_EPSILON))


ADAM_BETA_1, ADAM_BETA_2, ADAM_EPSILON = 0.9, 0.999, 1e-7
MOMENTUM = 0.9


# ----------------------------------------------------------------------------------------------
# The initial weights: Keras' glorot-uniform kernels and zero biases, drawn by the playground's
# generator, layer by layer. PyTorch's own default (kaiming-uniform) would start elsewhere.
# ----------------------------------------------------------------------------------------------

@torch.no_grad()
def init_like_the_playground(model, seed, init_scale):
    rng = Mulberry32(derive_seed(seed, 1))
    for layer in model:
        if isinstance(layer, nn.Linear):
            # Keras' kernel is [inputs, units]; PyTorch's weight is its transpose, [units, inputs].
            kernel = glorot_uniform(layer.in_features, layer.out_features, rng, init_scale)
            layer.weight.copy_(torch.from_numpy(kernel.reshape(layer.in_features, layer.out_features).T.copy()))
            layer.bias.zero_()
        elif isinstance(layer, nn.Conv2d):
            # Keras' kernel is [k, k, inputs, filters] with fan-in k*k*inputs and fan-out k*k*filters;
            # PyTorch's weight is [filters, inputs, k, k].
            k, cin, cout = layer.kernel_size[0], layer.in_channels, layer.out_channels
            kernel = glorot_uniform(k * k * cin, k * k * cout, rng, init_scale, count=k * k * cin * cout)
            layer.weight.copy_(torch.from_numpy(kernel.reshape(k, k, cin, cout).transpose(3, 2, 0, 1).copy()))
            layer.bias.zero_()


# ----------------------------------------------------------------------------------------------
# Weights files: the model's state_dict (PyTorch's names and layouts) as JSON, float32 in base64.
# The playground saves a trained run's weights in this format; --weights reads it.
# ----------------------------------------------------------------------------------------------

WEIGHTS_FORMAT = 'batchnorm-playground-weights'


def save_weights(model, path):
    tensors = {}
    for name, t in model.state_dict().items():
        if t.is_floating_point():
            data = t.detach().cpu().float().contiguous().numpy().astype('<f4').tobytes()
            tensors[name] = {'shape': list(t.shape), 'data': base64.b64encode(data).decode('ascii')}
    with open(path, 'w') as f:
        json.dump({'format': WEIGHTS_FORMAT, 'version': 1, 'layers': EXPERIMENT['model']['layers'], 'tensors': tensors}, f)


@torch.no_grad()
def load_weights(model, path):
    """Reads a weights file into the model; exits with a message if it is not one for this model."""
    try:
        with open(path) as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        sys.exit(f'--weights {path}: cannot read it as JSON ({e}).')
    if not isinstance(doc, dict) or doc.get('format') != WEIGHTS_FORMAT:
        sys.exit(f'--weights {path} is not a weights file saved by the playground or by this script.')
    tensors = doc.get('tensors', {})
    for name, t in model.state_dict().items():
        if not t.is_floating_point():
            continue
        saved = tensors.get(name)
        if saved is None or list(saved['shape']) != list(t.shape):
            found = 'missing' if saved is None else f'of shape {saved["shape"]}'
            sys.exit(f'--weights {path} does not fit this model: {name} should be of shape {list(t.shape)}, it is {found}.')
        values = np.frombuffer(base64.b64decode(saved['data']), dtype='<f4').reshape(saved['shape'])
        t.copy_(torch.from_numpy(values.astype(np.float32)))
