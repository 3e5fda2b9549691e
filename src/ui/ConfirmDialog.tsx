import { useEffect, useId, useRef, type ReactNode } from 'react';

interface ConfirmDialogProps {
  open: boolean;
  title: string;
  confirmLabel: string;
  onConfirm(): void;
  onCancel(): void;
  children: ReactNode;
}

/** A modal question on the native <dialog>: focus is trapped, Escape cancels, and Cancel is focused first. */
export function ConfirmDialog({ open, title, confirmLabel, onConfirm, onCancel, children }: ConfirmDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal?.();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} className="confirm" aria-labelledby={`${id}-title`} aria-describedby={`${id}-body`} onCancel={onCancel}>
      <h2 id={`${id}-title`}>{title}</h2>
      <p id={`${id}-body`}>{children}</p>
      <div className="toolbar">
        <button type="button" autoFocus onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="danger" onClick={onConfirm}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
