import { describe, expect, it } from 'vitest';
import { defaultExperiment, type ExperimentConfig } from '../engine/config';
import { convFormOf, layersFromConvForm } from '../engine/convForm';
import { convNet } from '../engine/testing/imageNet';
import { fakeClient } from '../worker/testing/fakeClient';
import { createAppStore } from './createAppStore';
import type { ConvBlockDraft } from './convDraft';
import { draftFromConfig, parseDraft, type Draft } from './draft';

const IMAGES = 60_000;

const leNet: ExperimentConfig = {
  ...defaultExperiment(),
  model: {
    layers: layersFromConvForm({
      blocks: [6, 16].map((filters) => ({
        filters,
        kernel: 5,
        stride: 1,
        padding: 'valid' as const,
        norm: 'batchNorm' as const,
        normPosition: 'before' as const,
        activation: 'sigmoid' as const,
        pool: 'avgPool' as const,
      })),
      head: 'flatten',
      activation: 'sigmoid',
      hidden: [
        { units: 120, batchNorm: true, bnPosition: 'before' },
        { units: 84, batchNorm: true, bnPosition: 'before' },
      ],
    }),
  },
};

const withBlocks = (draft: Draft, edit: (b: ConvBlockDraft, i: number) => Partial<ConvBlockDraft>): Draft => ({
  ...draft,
  convBlocks: draft.convBlocks.map((b, i) => ({ ...b, ...edit(b, i) })),
});

const errorsOf = (draft: Draft) => {
  const r = parseDraft(draft, IMAGES);
  return r.ok ? {} : r.errors;
};

describe('draft: the convnet form', () => {
  it('opens a convnet in the convnet form and gives the same config back', () => {
    const draft = draftFromConfig(leNet);
    expect(draft.architecture).toBe('conv');
    expect(draft.net).toBeNull();
    expect(draft.convBlocks.map((b) => [b.filters, b.kernel, b.padding, b.norm, b.activation, b.pool])).toEqual([
      ['6', '5', 'valid', 'batchNorm', 'sigmoid', 'avgPool'],
      ['16', '5', 'valid', 'batchNorm', 'sigmoid', 'avgPool'],
    ]);
    expect(draft.layers.map((l) => l.units)).toEqual(['120', '84']);
    expect(parseDraft(draft, IMAGES)).toEqual({ ok: true, config: leNet });
    // A convnet the form cannot show (BatchNorm momenta that differ) stays a list.
    expect(draftFromConfig({ ...leNet, model: { layers: convNet } })).toMatchObject({ architecture: 'mlp', net: convNet });
  });

  it('switches between the forms keeping the Dense layers, activation and BatchNorm settings; the default convnet is two blocks of 8 filters', () => {
    const store = createAppStore({ client: fakeClient().client, baseUrl: 'http://x/' });
    store.getState().setDraft({ activation: 'tanh', bnMomentum: '0.9' });
    store.getState().setArchitecture('conv');
    const r = parseDraft(store.getState().draft, IMAGES);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(convFormOf(r.config.model.layers)).toEqual({
      blocks: [1, 2].map(() => ({
        filters: 8,
        kernel: 3,
        stride: 1,
        padding: 'same',
        norm: 'batchNorm',
        normPosition: 'before',
        activation: 'tanh',
        pool: 'maxPool',
      })),
      head: 'flatten',
      activation: 'tanh',
      hidden: [
        { units: 128, batchNorm: true, bnPosition: 'before' },
        { units: 64, batchNorm: true, bnPosition: 'before' },
      ],
      bnMomentum: 0.9,
    });
    store.getState().updateConvBlock(store.getState().draft.convBlocks[0]!.id, { activation: 'relu' });
    store.getState().setConvActivation('sigmoid');
    expect([store.getState().draft.activation, ...store.getState().draft.convBlocks.map((b) => b.activation)]).toEqual(['sigmoid', 'sigmoid', 'sigmoid']);
    store.getState().setArchitecture('mlp');
    expect(parseDraft(store.getState().draft, IMAGES)).toMatchObject({
      ok: true,
      config: { model: { layers: expect.arrayContaining([{ kind: 'flatten' }]) } },
    });
    expect(store.getState().draft.layers.map((l) => l.units)).toEqual(['128', '64']);
  });

  it('adds, moves and removes blocks, never fewer than one nor more than six', () => {
    const store = createAppStore({ client: fakeClient().client, baseUrl: 'http://x/' });
    const s = () => store.getState();
    s().setArchitecture('conv');
    const [first, second] = s().draft.convBlocks;
    s().updateConvBlock(first!.id, { filters: '4' });
    s().moveConvBlock(first!.id, 1);
    expect(s().draft.convBlocks.map((b) => b.filters)).toEqual(['8', '4']);
    s().moveConvBlock(first!.id, 1);
    expect(s().draft.convBlocks.map((b) => b.id)).toEqual([second!.id, first!.id]);
    for (let i = 0; i < 6; i++) s().addConvBlock();
    expect(s().draft.convBlocks.map((b) => b.filters)).toEqual(['8', '4', '4', '4', '4', '4']);
    for (const b of s().draft.convBlocks) s().removeConvBlock(b.id);
    expect(s().draft.convBlocks).toHaveLength(1);
  });

  it('names the block and the field of an impossible network, never throwing', () => {
    const base = draftFromConfig(leNet);
    const three = { ...base, convBlocks: [...base.convBlocks, { ...base.convBlocks[1]!, id: 99 }] };
    expect(errorsOf(three)).toEqual({ 'model.conv.2.kernel': 'Block 3 (Conv2D): A 5×5 kernel without padding is larger than its 4×4 input' });
    expect(errorsOf(withBlocks(base, (_b, i) => (i === 1 ? { norm: 'groupNorm', groups: '3' } : {})))).toEqual({
      'model.conv.1.groups': 'Block 2 (GroupNorm): 3 groups do not divide its 16 channels evenly',
    });
    const tiny = withBlocks(draftFromConfig(leNet), () => ({ stride: '2', padding: 'same', kernel: '3' }));
    const four = { ...tiny, convBlocks: [...tiny.convBlocks, { ...tiny.convBlocks[0]!, id: 98 }, { ...tiny.convBlocks[0]!, id: 97 }] };
    expect(errorsOf(four)).toEqual({ 'model.conv.2.pool': 'Block 3 (Average pool): A 2×2 pool is larger than its 1×1 input' });
    expect(errorsOf(withBlocks(base, (_b, i) => (i === 0 ? { filters: '' } : { filters: '65' })))).toEqual({
      'model.conv.0.filters': 'Filters must be a number',
      'model.conv.1.filters': 'Filters must be at most 64',
    });
    expect(errorsOf(withBlocks(base, () => ({ norm: 'groupNorm', groups: '0' })))).toMatchObject({ 'model.conv.0.groups': 'Groups must be at least 1' });
    // The Dense part and BatchNorm's settings keep the MLP form's names.
    const dense = { ...base, bnMomentum: '1', layers: base.layers.map((l, i) => (i === 1 ? { ...l, units: '0' } : l)) };
    expect(errorsOf(dense)).toEqual({
      'model.bnMomentum': expect.stringMatching(/^BN momentum must be less than 1/),
      'model.hidden.1.units': expect.any(String),
    });
  });
});
