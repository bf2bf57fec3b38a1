'use client';

import { type ReactNode, useState } from 'react';
import { YamlView } from '@/components/yaml/yaml-view';
import type { StepView } from '@/lib/views/migration';
import { toYaml } from '@/lib/views/object-diff';

/** A collapsed object whose YAML is written only once it is opened (plans can be large). */
function YamlDetails({ value, label, children }: { value: unknown; label: string; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  return (
    <details onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary className="cursor-pointer">{children}</summary>
      {open && <YamlView text={toYaml(value)} label={label} />}
    </details>
  );
}

/** What a step will change and check, and the permissions the user lacks for it. */
export function StepDetails({ step }: { step: StepView }) {
  return (
    <>
      {!step.skipped && (
        <details className="mt-2 text-sm">
          <summary className="cursor-pointer text-slate-600">
            {step.objects.length} object(s), {step.patches.length} patch(es), {step.deletes.length}{' '}
            deletion(s); {step.verify.checks.filter((x) => x.ok).length}/{step.verify.checks.length} checks
            pass
          </summary>
          <div className="mt-2 space-y-2">
            {step.objects.map((o) => (
              <YamlDetails key={o.ref} value={o.object} label={o.ref}>
                apply <code>{o.ref}</code>
              </YamlDetails>
            ))}
            {step.patches.map((x) => (
              <YamlDetails key={`${x.ref}${x.description}`} value={x.patch} label={`patch of ${x.ref}`}>
                patch <code>{x.ref}</code>: {x.description}
              </YamlDetails>
            ))}
            {step.deletes.map((d) => (
              <p key={d.ref}>
                delete <code>{d.ref}</code> {d.reason && <span className="text-slate-500">— {d.reason}</span>}
              </p>
            ))}
            <ul className="space-y-0.5" aria-label="Verification checks">
              {step.verify.checks.map((k) => (
                <li
                  key={k.name}
                  className={k.ok ? 'text-emerald-700' : k.advisory ? 'text-amber-700' : 'text-red-700'}
                >
                  {k.ok ? '✔' : '✖'} {k.name}: <span className="text-slate-600">{k.detail}</span>
                </li>
              ))}
            </ul>
          </div>
        </details>
      )}
      {!step.permissions.allowed && (
        <div
          className="mt-2 rounded bg-amber-50 px-3 py-2 text-sm text-amber-900"
          data-testid="step-permissions"
        >
          You may not apply this step:
          <ul className="list-disc pl-5">
            {step.permissions.missing.map((m) => (
              <li key={`${m.verb}${m.resource}${m.namespace}`}>
                {m.verb} {m.resource}
                {m.namespace ? ` in ${m.namespace}` : ''}: {m.reason}
              </li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}
