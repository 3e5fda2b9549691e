import type { HideableControl } from '../share/hideableControls';
import { isControlHidden } from '../store/viewSlice';
import { useApp } from './StoreContext';

/** Whether `control` is hidden now (by the link's `hide=` or by presenter mode); its value stays in the form. */
export function useHidden(control: HideableControl): boolean {
  return useApp((s) => isControlHidden(s, control));
}
