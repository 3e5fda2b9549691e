import type { StateCreator } from 'zustand';
import type { Activation } from '../engine/config';
import { MAX_CONV_BLOCKS } from '../engine/convForm';
import type { AppState } from './appState';
import { newConvBlock, type Architecture, type ConvBlockDraft } from './convDraft';
import type { Draft } from './draft';

/** The Model panel's choice of form and the convnet form's block editor (the draft itself lives in the settings slice). */
export interface ConvFormSlice {
  /** Shows the network in the MLP or the convnet form (a list from a link that neither shows is dropped); the other form's fields are kept. */
  setArchitecture(architecture: Architecture): void;
  /** The convnet form's Activation: every block's and the Dense layers' (a block can differ afterwards). */
  setConvActivation(activation: Activation): void;
  updateConvBlock(id: number, patch: Partial<Omit<ConvBlockDraft, 'id'>>): void;
  /** A block after the last, like it (up to MAX_CONV_BLOCKS). */
  addConvBlock(): void;
  /** Removes a block, never the last one (a convnet has at least one). */
  removeConvBlock(id: number): void;
  /** Moves a block one place up (-1) or down (+1); nothing past either end. */
  moveConvBlock(id: number, by: -1 | 1): void;
}

export const createConvFormSlice = (): StateCreator<AppState, [], [], ConvFormSlice> => (set) => {
  const withBlocks = (edit: (blocks: ConvBlockDraft[]) => ConvBlockDraft[] | null) =>
    set((s): { draft: Draft } | Record<string, never> => {
      const blocks = edit(s.draft.convBlocks);
      return blocks ? { draft: { ...s.draft, convBlocks: blocks } } : {};
    });
  return {
    setArchitecture(architecture) {
      set((s) => {
        const blocks = s.draft.convBlocks;
        // Blocks that agree follow the MLP's activation, as the Dense layers do; blocks set one by one stay as set.
        const agree = new Set(blocks.map((b) => b.activation)).size === 1;
        const convBlocks = architecture === 'conv' && agree ? blocks.map((b) => ({ ...b, activation: s.draft.activation })) : blocks;
        return { draft: { ...s.draft, architecture, convBlocks, net: null } };
      });
    },
    setConvActivation(activation) {
      set((s) => ({ draft: { ...s.draft, activation, convBlocks: s.draft.convBlocks.map((b) => ({ ...b, activation })) } }));
    },
    updateConvBlock(id, patch) {
      withBlocks((blocks) => blocks.map((b) => (b.id === id ? { ...b, ...patch } : b)));
    },
    addConvBlock() {
      withBlocks((blocks) => {
        if (blocks.length >= MAX_CONV_BLOCKS) return null;
        const { id: _id, ...last } = blocks[blocks.length - 1] ?? newConvBlock();
        return [...blocks, newConvBlock(last)];
      });
    },
    removeConvBlock(id) {
      withBlocks((blocks) => (blocks.length > 1 ? blocks.filter((b) => b.id !== id) : null));
    },
    moveConvBlock(id, by) {
      withBlocks((blocks) => {
        const from = blocks.findIndex((b) => b.id === id);
        const to = from + by;
        if (from < 0 || to < 0 || to >= blocks.length) return null;
        const moved = [...blocks];
        [moved[from], moved[to]] = [moved[to]!, moved[from]!];
        return moved;
      });
    },
  };
};
