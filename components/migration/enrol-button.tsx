'use client';

import { useState } from 'react';
import { EnrolDialog } from './enrol-dialog';

/** "Enrol in ambient": opens the one-click enrolment of one namespace or a wave. */
export function EnrolButton({
  namespaces,
  label = 'Enrol in ambient',
  gatewayClass,
  disabled,
  offer = true,
}: {
  namespaces: string[];
  label?: string;
  gatewayClass?: string;
  disabled?: boolean;
  /** Show the button; an open dialog stays while its enrolment changes what the caller offers. */
  offer?: boolean;
}) {
  const [open, setOpen] = useState(false);
  if (!offer && !open) return null;
  return (
    <>
      <button
        type="button"
        className="rounded bg-emerald-700 px-3 py-1 text-sm text-white disabled:opacity-50"
        aria-label={`Enrol ${namespaces.join(', ')} in ambient`}
        disabled={disabled || namespaces.length === 0}
        onClick={() => setOpen(true)}
      >
        {label}
      </button>
      {open && (
        <EnrolDialog
          namespaces={namespaces}
          {...(gatewayClass ? { gatewayClass } : {})}
          onClose={() => setOpen(false)}
        />
      )}
    </>
  );
}
