import type { PathMatch, PathModifier } from '../gateway-api';
import { fieldPath, type Reporter } from '../warnings';
import type { IngressSettings } from './annotations';
import type { IngressFlavor, IngressPath } from './read';

export interface PathPlan {
  match: PathMatch;
  rewrite?: PathModifier;
}

const REGEX_CHARS = /[()[\]*+?\\^$|{}]/;
/** `/x(/|$)(.*)`, `/x/(.*)`, `/x(.*)`: a literal prefix and a "rest of the path" group. */
const PREFIX_CAPTURE =
  /^(\/[^()[\]*+?\\^$|{}]*?)\/?(?:\(\/\|\$\)\(\.\*\)|\/\(\.\*\)|\(\.\*\)|\(\/\.\*\)|\(\/\|\$\)\(\.\*\)\$)$/;

function cleanPrefix(p: string): string {
  return p.length > 1 ? p.replace(/\/+$/, '') || '/' : p;
}

/**
 * The Gateway API path match (and rewrite) of one Ingress path, for the class's meaning of
 * `ImplementationSpecific` and the ingress-nginx regex/rewrite annotations.
 */
export function planPath(
  p: IngressPath,
  flavor: IngressFlavor,
  settings: IngressSettings | undefined,
  report: Reporter,
): PathPlan {
  const typeField = fieldPath(p.field, 'pathType');
  const pathField = fieldPath(p.field, 'path');
  const regex =
    flavor === 'nginx' &&
    settings !== undefined &&
    (settings.useRegex || settings.rewriteTarget !== undefined);
  const rewrite = flavor === 'nginx' ? settings?.rewriteTarget : undefined;

  if (p.pathType === 'Exact') {
    const plan: PathPlan = { match: { type: 'Exact', value: p.path } };
    if (rewrite !== undefined) {
      if (rewrite.includes('$'))
        report.add(
          'error',
          pathField,
          'ingress-rewrite',
          `rewrite-target ${rewrite} refers to regex groups an Exact path does not have; not carried`,
        );
      else plan.rewrite = { type: 'ReplaceFullPath', replaceFullPath: rewrite };
    }
    return plan;
  }

  if (regex && (REGEX_CHARS.test(p.path) || rewrite !== undefined)) {
    // The common ingress-nginx rewrite: keep what follows a literal prefix.
    const cap = PREFIX_CAPTURE.exec(p.path);
    const lastGroup = cap ? (p.path.match(/\(/g) ?? []).length : 0;
    if (cap && rewrite !== undefined && new RegExp(`^(/[^$]*?)/?\\$${lastGroup}$`).test(rewrite)) {
      const prefix = cleanPrefix(cap[1] ?? '/');
      const base = rewrite.replace(new RegExp(`/?\\$${lastGroup}$`), '') || '/';
      report.add(
        'info',
        pathField,
        'ingress-rewrite-prefix',
        `regex ${p.path} with rewrite-target ${rewrite} keeps the rest of the path: carried as PathPrefix ${prefix} with ReplacePrefixMatch ${base}`,
      );
      return {
        match: { type: 'PathPrefix', value: prefix },
        rewrite: { type: 'ReplacePrefixMatch', replacePrefixMatch: base },
      };
    }
    if (rewrite !== undefined && !rewrite.includes('$')) {
      report.add(
        'info',
        pathField,
        'ingress-rewrite-full',
        `rewrite-target ${rewrite} replaces the whole path of every request matched by ${p.path}: carried as ReplaceFullPath`,
      );
      if (!REGEX_CHARS.test(p.path))
        return {
          match: { type: 'PathPrefix', value: cleanPrefix(p.path) },
          rewrite: { type: 'ReplaceFullPath', replaceFullPath: rewrite },
        };
    } else if (rewrite !== undefined) {
      report.add(
        'error',
        fieldPath('metadata.annotations', 'nginx.ingress.kubernetes.io/rewrite-target'),
        'ingress-rewrite',
        `rewrite-target ${rewrite} uses regex groups of ${p.path} that no Gateway API rewrite can refer to; not carried`,
      );
    }
    report.add(
      'warning',
      pathField,
      'ingress-regex',
      `regex path ${p.path} carried as a RegularExpression match (Extended support; ingress-nginx matched it case-insensitively from the start of the path)`,
    );
    const value = p.path.endsWith('$') ? `^${p.path.replace(/^\^/, '')}` : `^${p.path.replace(/^\^/, '')}.*`;
    const plan: PathPlan = { match: { type: 'RegularExpression', value } };
    if (rewrite !== undefined && !rewrite.includes('$'))
      plan.rewrite = { type: 'ReplaceFullPath', replaceFullPath: rewrite };
    return plan;
  }

  const plan: PathPlan = { match: { type: 'PathPrefix', value: cleanPrefix(p.path) } };
  if (rewrite !== undefined) {
    if (rewrite.includes('$'))
      report.add(
        'error',
        pathField,
        'ingress-rewrite',
        `rewrite-target ${rewrite} refers to regex groups the path ${p.path} does not have; not carried`,
      );
    else plan.rewrite = { type: 'ReplaceFullPath', replaceFullPath: rewrite };
  }
  if (p.pathType === 'ImplementationSpecific') {
    if (flavor === 'istio') {
      // Istio: a path ending in /* is a prefix, anything else an exact match.
      if (p.path.endsWith('/*')) {
        plan.match = { type: 'PathPrefix', value: cleanPrefix(p.path.slice(0, -2) || '/') };
        report.add(
          'warning',
          typeField,
          'ingress-implementation-specific',
          `Istio reads ImplementationSpecific ${p.path} as a string prefix; carried as PathPrefix ${plan.match.value}, which matches whole segments only`,
        );
      } else {
        plan.match = { type: 'Exact', value: p.path };
        report.add(
          'info',
          typeField,
          'ingress-implementation-specific',
          `Istio reads ImplementationSpecific ${p.path} as an exact path; carried as Exact`,
        );
      }
    } else {
      report.add(
        'warning',
        typeField,
        'ingress-implementation-specific',
        flavor === 'nginx'
          ? `ingress-nginx reads ImplementationSpecific ${p.path} as a string prefix (it also matches ${p.path === '/' ? '/x' : `${cleanPrefix(p.path)}x`}); PathPrefix matches whole segments only`
          : `ImplementationSpecific ${p.path} means what the class's controller decides; carried as PathPrefix`,
      );
    }
  }
  return plan;
}
