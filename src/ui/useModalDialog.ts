import { useEffect, useRef } from 'react';

/**
 * Opens a native <dialog> as a modal while `open` is true and closes it otherwise; the browser
 * then traps focus and closes it on Escape. Returns the ref to put on the <dialog>.
 */
export function useModalDialog(open: boolean) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    // jsdom has no showModal.
    if (open && !dialog.open) dialog.showModal?.();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return ref;
}
