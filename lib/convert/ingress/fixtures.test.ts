import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { toConvertInput } from '../../../cli/commands/convert';
import { parseObjects } from '../../files/parse';
import { convertForTarget } from '../convert-target';
import { formatWarning, resourcesToYaml } from '../format';
import { TARGETS } from '../targets/types';
import { validateOutput } from '../testing/validate-output';
import { resolveFieldPath } from '../warnings';

const dir = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'ingress');
const fixtures = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
const cases = fixtures.flatMap((file) => TARGETS.map((target) => ({ file, target })));

describe('Ingress fixtures, per target', () => {
  it.each(cases)('$file for $target converts as recorded in expected/', async ({ file, target }) => {
    const { objects, problems } = parseObjects(readFileSync(path.join(dir, file), 'utf8'), file);
    expect(problems).toEqual([]);
    const r = convertForTarget(toConvertInput(objects).input, { target });
    for (const o of r.resources.filter(
      (x) => x.apiVersion === 'gateway.networking.k8s.io/v1' && x.kind !== 'BackendTLSPolicy',
    ))
      expect(validateOutput(o), `${o.kind}/${o.metadata.name}`).toEqual([]);
    // Every finding points at a field that exists in its source.
    const byRef = new Map(objects.map((o) => [`${o.kind}/${o.metadata.namespace}/${o.metadata.name}`, o]));
    for (const w of r.warnings)
      expect(
        resolveFieldPath(byRef.get(w.resource), w.field),
        `${w.resource} ${w.field} (${w.code})`,
      ).toBeDefined();
    // Every ingress-nginx annotation of every Ingress is carried or reported.
    for (const ing of objects.filter((o) => o.kind === 'Ingress')) {
      const ref = `Ingress/${ing.metadata.namespace}/${ing.metadata.name}`;
      const outputs = r.sources.find((s) => s.source === ref)?.outputs ?? [];
      for (const key of Object.keys(ing.metadata.annotations ?? {}).filter((k) =>
        k.startsWith('nginx.ingress.kubernetes.io/'),
      )) {
        const name = key.slice('nginx.ingress.kubernetes.io/'.length);
        const reported = r.warnings.some((w) => w.resource === ref && w.field.includes(key));
        const carried = outputs.length > 0;
        expect(
          reported ||
            (carried &&
              /^(canary|app-root|server-alias|ssl-redirect|force-ssl-redirect|use-regex|rewrite-target|enable-cors|cors-|custom-headers|x-forwarded-prefix|upstream-vhost|permanent-redirect|temporal-redirect|ssl-passthrough|proxy-ssl|session-cookie|backend-protocol|proxy-next-upstream$)/.test(
                name,
              )),
          `${ref} ${key}`,
        ).toBe(true);
      }
    }
    const text = `${resourcesToYaml(r.resources)}${r.warnings.map((w) => `# ${formatWarning(w)}\n`).join('')}`;
    await expect(text).toMatchFileSnapshot(
      path.join(dir, 'expected', `${file.replace(/\.yaml$/, '')}.${target}.yaml`),
    );
  });
});
