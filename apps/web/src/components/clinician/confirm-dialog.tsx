'use client';

import { Button } from '@virtual-care/ui';
import { useEffect, useId, useRef, type ReactNode } from 'react';

/** A modal confirm built on <dialog> (focus trap, Esc and inert background come from the browser). */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  cancelLabel = 'Go back',
  tone = 'danger',
  busy,
  onConfirm,
  onClose,
}: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  cancelLabel?: string;
  tone?: 'danger' | 'primary';
  busy?: boolean;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className="vc-dialog"
      aria-labelledby={titleId}
      onClose={onClose}
      onCancel={onClose}
    >
      <div className="vc-card__body vc-stack">
        <h2 id={titleId}>{title}</h2>
        {children}
        <div className="vc-actions">
          <Button variant={tone} onClick={onConfirm} disabled={busy}>
            {confirmLabel}
          </Button>
          <Button variant="secondary" onClick={onClose} autoFocus>
            {cancelLabel}
          </Button>
        </div>
      </div>
    </dialog>
  );
}
