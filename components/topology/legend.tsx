import { DATAPLANE_ORDER, DATAPLANE_STYLE } from './style';
import { FAILING, REPORTER_COLOUR } from './to-flow';

/** What the node colours and edge styles mean. */
export function Legend() {
  return (
    <section aria-label="Legend" className="flex flex-wrap items-center gap-3 text-xs">
      {DATAPLANE_ORDER.map((d) => (
        <span key={d} className="flex items-center gap-1">
          <span
            className={`inline-block h-3 w-5 rounded border-2 ${DATAPLANE_STYLE[d].fill} ${DATAPLANE_STYLE[d].ring}`}
          />
          {DATAPLANE_STYLE[d].label}
        </span>
      ))}
      <span className="flex items-center gap-1">
        <span className="inline-block w-6 border-t-2 border-violet-600" /> via waypoint
      </span>
      <span className="flex items-center gap-1">
        <span className="inline-block w-6 border-t border-dashed border-slate-400" /> selects pods
      </span>
      <span className="flex items-center gap-1">
        traffic reported by
        {(['sidecar', 'ztunnel', 'waypoint'] as const).map((r) => (
          <span key={r} className="flex items-center gap-1">
            <span className="inline-block w-5 border-t-2" style={{ borderColor: REPORTER_COLOUR[r] }} /> {r}
          </span>
        ))}
        <span className="flex items-center gap-1">
          <span className="inline-block w-5 border-t-2" style={{ borderColor: FAILING }} /> &gt;5% failing
        </span>
      </span>
    </section>
  );
}
