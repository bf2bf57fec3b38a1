type Json = Record<string, unknown>;

const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Envoy's regexes match the whole value: `^` and `$` at the ends say nothing more. */
function normalString(m: Json): Json {
  const re = isRecord(m.safeRegex) ? m.safeRegex.regex : undefined;
  if (typeof re !== 'string') return m;
  const body = re.replace(/^\^/, '').replace(/(?<!\\)\$$/, '');
  const { safeRegex: _, ...rest } = m;
  return /[\\^$.|?*+()[\]{}]/.test(body) ? { ...rest, safeRegex: { regex: body } } : { ...rest, exact: body };
}

/**
 * One Envoy route match in one spelling: case sensitivity is the default and means nothing for a
 * path without letters, a header regex `.*` is a presence match, regexes are whole-value matches.
 */
export function normalMatch(m: Json): Json {
  const out: Json = { ...m };
  const path = out.prefix ?? out.path ?? out.pathSeparatedPrefix;
  if (out.caseSensitive === true || (typeof path === 'string' && !/[a-zA-Z]/.test(path)))
    delete out.caseSensitive;
  if (Array.isArray(out.headers))
    out.headers = out.headers.filter(isRecord).map((h) => {
      const sm = isRecord(h.stringMatch) ? normalString(h.stringMatch) : undefined;
      if (sm && isRecord(sm.safeRegex) && sm.safeRegex.regex === '.*' && !h.invertMatch)
        return { name: h.name, presentMatch: true };
      return sm ? { ...h, stringMatch: sm } : h;
    });
  if (Array.isArray(out.queryParameters))
    out.queryParameters = out.queryParameters
      .filter(isRecord)
      .map((q) => (isRecord(q.stringMatch) ? { ...q, stringMatch: normalString(q.stringMatch) } : q));
  return out;
}

/**
 * Envoy's redirect in one spelling: `httpsRedirect: true` is `schemeRedirect: https` (one oneof of
 * the same meaning), and an empty `pathRedirect` keeps the path, as no `pathRedirect` does.
 */
export function redirectOf(r: Json): Json {
  const out: Json = { ...r };
  if (out.httpsRedirect === true) {
    delete out.httpsRedirect;
    out.schemeRedirect = 'https';
  }
  if (out.pathRedirect === '') delete out.pathRedirect;
  return out;
}
