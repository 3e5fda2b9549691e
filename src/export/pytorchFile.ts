import COMMON from './python/common.py?raw';
import TORCH_MODULES from './python/torch_modules.py?raw';
import TORCH_TRAIN from './python/torch_train.py?raw';
import type { ExportSource } from './exportSource';
import { pythonHeader, section } from './pythonHeader';
import { layerLines } from './pythonModel';
import { torchModule } from './torchLayers';

export const PYTORCH_COMMANDS = [
  'python3 FILE --data DIR',
  'python3 FILE --data DIR --weights WEIGHTS.json --epochs 0      # evaluate weights saved by the playground',
  'torchrun --standalone --nproc_per_node 2 FILE --data DIR --sync-bn      # 2 processes (GPUs, or CPU)',
  'torchrun --nnodes 2 --node_rank 0 --rdzv_backend c10d --rdzv_endpoint HOST:29400 --nproc_per_node 4 FILE --data DIR --sync-bn',
  '    # 2 machines of 4 GPUs: the same command on each, --node_rank 1 on the second, HOST the first one',
  "# Debian 12's torchrun (PyTorch 1.13 under Python 3.11) fails on its default --redirects: add --redirects 2 --tee 2.",
] as const;

const modelSection = (source: ExportSource): string => `${section('The model: the layer list, one module per layer (its index starts its state_dict names).')}

def build_model():
    return nn.Sequential(
${layerLines(source.config.model.layers, torchModule, 'the logits (F.cross_entropy applies the softmax, as the playground does)')}
    )
`;

/**
 * The experiment as one self-contained PyTorch script (see the README's Export section): the
 * playground's generator, data reading, layers, optimizer and training loop written out in Python,
 * and the settings and model of `source`. Pure; throws only for a layer list the schema refuses.
 */
export function pytorchFile(source: ExportSource, fileName: string): string {
  const header = pythonHeader(source, {
    framework: 'PyTorch',
    fileName,
    needs:
      "Python 3.8+, numpy, and PyTorch 1.13 or newer (Debian: apt-get install python3-torch libopenblas0-pthread;\nwithout OpenBLAS, Debian's PyTorch runs about 20 times slower).",
    commands: PYTORCH_COMMANDS,
    imports: [
      'import argparse, base64, gzip, json, math, os, struct, sys, time',
      '',
      'import numpy as np',
      'import torch',
      'import torch.distributed as dist',
      'import torch.distributed.nn as dist_nn',
      'import torch.nn as nn',
      'import torch.nn.functional as F',
    ],
  });
  return [header, COMMON, TORCH_MODULES, modelSection(source), TORCH_TRAIN].map((part) => part.trim()).join('\n\n\n') + '\n';
}
