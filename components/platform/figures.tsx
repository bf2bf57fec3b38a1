import type { Figures, Saving } from '@/lib/platform/cost-model';
import { formatCpu, formatMemory } from '@/lib/platform/quantity';

/**
 * `1.2 cores · 1.5 GiB` of requests, with measured usage below when known; `inline` (inside a
 * sentence) puts the usage in parentheses on the same line, so the sentence reads on.
 */
export function FigureText({ f, testId, inline }: { f: Figures; testId?: string; inline?: boolean }) {
  const used =
    f.cpuUsageMillicores === undefined
      ? undefined
      : `used ${formatCpu(f.cpuUsageMillicores)} · ${formatMemory(f.memoryUsageBytes ?? 0)}`;
  return (
    <span data-testid={testId}>
      <span className="tabular-nums">
        {formatCpu(f.cpuRequestMillicores)} · {formatMemory(f.memoryRequestBytes)}
      </span>
      {used &&
        (inline ? (
          <span className="text-slate-500"> ({used})</span>
        ) : (
          <span className="block text-xs text-slate-500">{used}</span>
        ))}
    </span>
  );
}

/** A saving, signed: `frees 300m · 384 MiB` or `costs 50m · 64 MiB more`. */
export function SavingText({ s, testId }: { s: Saving; testId?: string }) {
  const more = s.cpuRequestMillicores < 0 || s.memoryRequestBytes < 0;
  const cpu = formatCpu(Math.abs(s.cpuRequestMillicores));
  const mem = formatMemory(Math.abs(s.memoryRequestBytes));
  return (
    <span data-testid={testId} className={more ? 'text-amber-700' : 'text-emerald-700'}>
      {more && s.cpuRequestMillicores <= 0 && s.memoryRequestBytes <= 0
        ? `costs ${cpu} · ${mem} more`
        : `frees ${formatCpu(s.cpuRequestMillicores)} · ${formatMemory(s.memoryRequestBytes)}`}
    </span>
  );
}
