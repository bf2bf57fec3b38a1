import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { istioSchemasFromCrdYaml, randomConvertInput } from './random-vs';

const crdsDir = process.env.MM_CRDS_DIR ?? path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'crds');
const schemas = istioSchemasFromCrdYaml(
  readFileSync(path.join(crdsDir, 'istio-1.30.3', 'crd-all.gen.yaml'), 'utf8'),
);

interface Spec {
  hosts?: string[];
  tcp?: unknown[];
  tls?: { match?: { sniHosts?: string[] }[] }[];
}

describe('randomConvertInput', () => {
  it('draws TCP and TLS rules, most TLS matches with SNI hosts among the VirtualService hosts', () => {
    let tcp = 0;
    let tls = 0;
    let sniMatches = 0;
    let sniWithin = 0;
    let tlsPorts = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const input = randomConvertInput(seed, schemas);
      for (const vs of input.virtualservices ?? []) {
        const spec = vs.spec as Spec;
        const hosts = spec.hosts ?? [];
        tcp += spec.tcp?.length ?? 0;
        tls += spec.tls?.length ?? 0;
        for (const m of (spec.tls ?? []).flatMap((r) => r?.match ?? [])) {
          if (!m?.sniHosts) continue;
          sniMatches++;
          if (m.sniHosts.every((h) => hosts.includes(h))) sniWithin++;
        }
      }
      for (const s of input.services ?? [])
        if ((s.spec as { ports?: { name?: string }[] }).ports?.some((p) => p.name === 'tls')) tlsPorts++;
    }
    expect(tcp).toBeGreaterThan(50);
    expect(tls).toBeGreaterThan(50);
    expect(sniWithin / sniMatches).toBeGreaterThan(0.5);
    // Services with a TLS port, for mesh TLS routes.
    expect(tlsPorts).toBeGreaterThan(20);
  });

  it('is reproducible', () => {
    expect(randomConvertInput(7, schemas)).toEqual(randomConvertInput(7, schemas));
  });
});
