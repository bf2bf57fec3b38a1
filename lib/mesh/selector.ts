import { arr, rec, str, strMap } from './fields';

/** Evaluates a metav1.LabelSelector (matchLabels + matchExpressions) against labels. Empty selector matches all. */
export function labelSelectorMatches(selector: unknown, labels: Record<string, string> | undefined): boolean {
  const sel = rec(selector);
  if (!sel) return true;
  const l = labels ?? {};
  for (const [k, v] of Object.entries(strMap(sel.matchLabels) ?? {})) if (l[k] !== v) return false;
  for (const e of arr(sel.matchExpressions)) {
    const r = rec(e);
    const key = str(r?.key);
    if (!r || !key) return false;
    const values = arr(r.values).filter((v): v is string => typeof v === 'string');
    const has = Object.hasOwn(l, key);
    const value = l[key];
    switch (str(r.operator)) {
      case 'In':
        if (!has || value === undefined || !values.includes(value)) return false;
        break;
      case 'NotIn':
        if (has && value !== undefined && values.includes(value)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}
