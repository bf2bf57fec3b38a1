import 'server-only';
import type { ClusterSource } from '../cluster/source';
import {
  planWaves,
  type SavedWaves,
  savedWaves,
  WavesInput,
  waveNamespaces,
  waveRelations,
  wavesConfigMap,
} from '../migrate';
import { describeError } from '../migrate/execute-common';
import { projectedSaving } from '../platform/cost-model';
import type { TelemetrySource } from '../telemetry/source';
import { type WavesView, waveRows } from '../views/waves';
import { platformCost } from './platform';
import { publishedSummary } from './summary';
import { fetchTelemetry, telemetrySource } from './telemetry';

/** Namespace of the saved waves ConfigMap (`MESH_MIGRATOR_NAMESPACE`, default `istio-system`). */
export function wavesNamespace(env: NodeJS.ProcessEnv = process.env): string {
  return env.MESH_MIGRATOR_NAMESPACE?.trim() || 'istio-system';
}

/** Each namespace's projected saving from the cost model (requests, and usage where measured). */
async function costSavings(snap: ReturnType<ClusterSource['snapshot']>, telemetry?: TelemetrySource) {
  const { cost } = await platformCost(snap, telemetry);
  return (ns: string) => projectedSaving(cost, ns);
}

/**
 * The cluster-wide wave plan: readiness per namespace, dependencies from config and telemetry,
 * the suggested waves, and the waves saved in the cluster. The projected saving per namespace comes from
 * the cost model unless `savingOf` is given.
 */
export async function wavesView(
  source: ClusterSource,
  opts: { maxPerWave?: number; savingOf?: Parameters<typeof waveNamespaces>[2] } = {},
): Promise<WavesView> {
  // The snapshot and summary the background model last finished, so this stays cheap under churn.
  const { snapshot: snap, summary, checkedOf } = await publishedSummary(source);
  const telemetry = telemetrySource(source);
  const tel = await fetchTelemetry(telemetry);
  const savingOf = opts.savingOf ?? (await costSavings(snap, telemetry));
  const namespaces = waveNamespaces(snap.resources, summary, savingOf, checkedOf);
  const { edges, bonds } = waveRelations(snap.resources, summary, tel.edges);
  const plan = planWaves(namespaces, edges, bonds, opts.maxPerWave ? { maxPerWave: opts.maxPerWave } : {});
  const storedIn = wavesNamespace();
  // From the current snapshot: waves just saved show in the next read.
  const saved = savedWaves(source.snapshot().resources, storedIn);
  return {
    plan,
    namespaces,
    edges,
    bonds,
    ...(saved ? { saved } : {}),
    waves: waveRows(plan, namespaces, saved),
    storedIn,
    telemetry: { configured: Boolean(tel.url), ...(tel.error ? { error: tel.error } : {}) },
  };
}

/** Saves the operator's waves in the cluster (server-side apply of the tool's own ConfigMap). */
export async function saveWaves(
  source: ClusterSource,
  input: unknown,
): Promise<{ ok: true; saved: SavedWaves } | { ok: false; status: number; error: string }> {
  const parsed = WavesInput.safeParse(input);
  if (!parsed.success)
    return {
      ok: false,
      status: 400,
      error: `invalid waves: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
    };
  if (source.info().readOnly)
    return { ok: false, status: 409, error: 'the source is read-only: waves cannot be saved' };
  let who = 'unknown';
  try {
    who = (await source.whoAmI()).username;
  } catch {
    // Saved all the same; the waves just name no one.
  }
  const saved: SavedWaves = { waves: parsed.data.waves, savedBy: who, savedAt: new Date().toISOString() };
  try {
    await source.apply(wavesConfigMap(wavesNamespace(), saved), { force: true });
  } catch (e) {
    const err = describeError(e);
    return {
      ok: false,
      status: err.status && err.status < 500 ? err.status : 502,
      error: `could not save the waves: ${err.message}`,
    };
  }
  return { ok: true, saved };
}
