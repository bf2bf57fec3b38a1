import { DATAPLANE_ORDER, DATAPLANE_STYLE } from './style';

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
        <span className="inline-block w-6 border-t-2 border-green-600" /> observed traffic (red: &gt;5% 5xx)
      </span>
    </section>
  );
}
