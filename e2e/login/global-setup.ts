import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CoreV1Api, KubeConfig, type KubernetesObject, KubernetesObjectApi } from '@kubernetes/client-node';
import { stringify } from 'yaml';
import { answers, freePort, type Running, startProcess } from '../../test/harness/processes';
import { startApiServer } from '../../test/integration/apiserver';
import { pick, renderChart } from '../../test/integration/helm';
import { LOGIN_ENV_FILE, type LoginEnv, OIDC_CLIENT_ID, USERS } from './env';

const root = path.resolve(import.meta.dirname, '..', '..');
const bin = (dir: string, name: string) => path.join(root, 'test', dir, 'bin', name);

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal})`);
}

type EnvVar = { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } };

/** The dashboard container's environment as the chart renders it, secrets resolved from `secrets`. */
function renderedEnv(objects: KubernetesObject[], secrets: Record<string, Record<string, string>>) {
  const deployment = pick(objects as never, 'Deployment') as unknown as {
    spec: { template: { spec: { containers: { name: string; env?: EnvVar[] }[] } } };
  };
  const c = deployment.spec.template.spec.containers.find((x) => x.name === 'dashboard');
  const env: Record<string, string> = {};
  for (const e of c?.env ?? []) {
    const ref = e.valueFrom?.secretKeyRef;
    if (ref) {
      const v = secrets[ref.name]?.[ref.key];
      if (v === undefined)
        throw new Error(`secret ${ref.name}/${ref.key} for ${e.name} is not known to the test`);
      env[e.name] = v;
    } else env[e.name] = e.value ?? '';
  }
  return env;
}

/** Secrets the chart renders itself (the generated signing key), decoded. */
function renderedSecrets(objects: KubernetesObject[]): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const o of objects.filter((x) => x.kind === 'Secret')) {
    const data = (o as { data?: Record<string, string> }).data ?? {};
    out[o.metadata?.name ?? ''] = Object.fromEntries(
      Object.entries(data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]),
    );
  }
  return out;
}

/**
 * Writes the files a pod's service account would have (token, ca.crt, namespace) under
 * `<dir>/var/run/secrets/kubernetes.io/serviceaccount`, with a token issued by the API server.
 */
async function serviceAccountRoot(kc: KubeConfig, namespace: string, name: string): Promise<string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mm-sa-'));
  const sa = path.join(dir, 'var', 'run', 'secrets', 'kubernetes.io', 'serviceaccount');
  mkdirSync(sa, { recursive: true });
  const core = kc.makeApiClient(CoreV1Api);
  const issued = await core.createNamespacedServiceAccountToken({
    namespace,
    name,
    body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { audiences: [] } },
  });
  const token = issued.status?.token;
  if (!token) throw new Error(`TokenRequest for ${namespace}/${name} returned no token`);
  writeFileSync(path.join(sa, 'token'), token);
  const ca = kc.getCurrentCluster()?.caData;
  writeFileSync(
    path.join(sa, 'ca.crt'),
    ca ? Buffer.from(ca, 'base64') : readFileSync(kc.getCurrentCluster()?.caFile ?? ''),
  );
  writeFileSync(path.join(sa, 'namespace'), namespace);
  return dir;
}

/**
 * Starts, against one real API server that trusts a real OpenID Connect provider:
 * - dashboard O in `oidc` mode, as the chart's Deployment runs it (its service account's files);
 * - dashboard P in `proxy` mode behind oauth2-proxy, both configured from the chart's rendering.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  run(process.execPath, [
    path.join(root, 'scripts', 'go-build.mjs'),
    'cluster',
    'oidc',
    'oauth2-proxy',
    'helm',
  ]);
  const started: Running[] = [];
  const stopAll = async () => {
    for (const r of started.reverse()) await r.stop();
  };
  try {
    const work = mkdtempSync(path.join(os.tmpdir(), 'mm-login-'));
    const clientSecret = randomBytes(16).toString('hex');
    const oidc = await startProcess(
      'oidc',
      bin('oidc', 'mesh-test-oidc'),
      [
        '--data-dir',
        work,
        '--client-id',
        OIDC_CLIENT_ID,
        '--client-secret',
        clientSecret,
        ...Object.entries(USERS).flatMap(([name, u]) => ['--user', `${name}:${u.groups.join(',')}`]),
      ],
      { ready: /^READY issuer=(\S+) ca=(\S+)$/ },
    );
    started.push(oidc.running);
    const issuer = oidc.match?.[1] ?? '';
    const oidcCa = oidc.match?.[2] ?? '';

    const scenario = path.join(work, 'scenario');
    run(path.join(root, 'node_modules', '.bin', 'tsx'), [
      path.join(root, 'scripts', 'render-scenario.ts'),
      scenario,
    ]);
    const apiserver = await startApiServer({
      load: [scenario],
      apiServerArgs: [
        `--oidc-issuer-url=${issuer}`,
        `--oidc-client-id=${OIDC_CLIENT_ID}`,
        `--oidc-ca-file=${oidcCa}`,
        '--oidc-username-claim=preferred_username',
        '--oidc-username-prefix=-',
        '--oidc-groups-claim=groups',
      ],
    });
    started.push({ name: 'apiserver', child: undefined as never, tail: () => '', stop: apiserver.stop });
    const kc = new KubeConfig();
    kc.loadFromFile(apiserver.kubeconfig);
    kc.setCurrentContext('admin');
    const api = KubernetesObjectApi.makeApiClient(kc);

    // What a platform team grants its users: alice administers bookinfo and may list namespaces.
    for (const [user, u] of Object.entries(USERS)) {
      for (const ns of u.adminOf) {
        await api.create({
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'RoleBinding',
          metadata: { name: `login-${user}-admin`, namespace: ns },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'admin' },
          subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: user }],
        } as KubernetesObject);
      }
      await api.create({
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: `login-${user}-read` },
        roleRef: {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'ClusterRole',
          name: 'mesh-test:team-cluster-read',
        },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: user }],
      } as KubernetesObject);
    }

    const env: LoginEnv = {
      issuer,
      kubeconfig: apiserver.kubeconfig,
      dashboards: {} as LoginEnv['dashboards'],
    };
    const server = new URL(apiserver.server);
    for (const mode of ['oidc', 'proxy'] as const) {
      const namespace = `mesh-migrator-${mode}`;
      await api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
      const dashboardPort = await freePort();
      const publicPort = mode === 'proxy' ? await freePort() : dashboardPort;
      const publicURL = `http://127.0.0.1:${publicPort}`;
      const set =
        mode === 'oidc'
          ? [
              `auth.mode=oidc`,
              `auth.oidc.issuerURL=${issuer}`,
              'auth.oidc.existingSecret=login-oidc',
              `auth.oidc.publicURL=${publicURL}`,
              `auth.oidc.clientID=${OIDC_CLIENT_ID}`,
            ]
          : [
              'auth.mode=proxy',
              `auth.proxy.oauth2Proxy.issuerURL=${issuer}`,
              'auth.proxy.oauth2Proxy.existingSecret=login-oauth2-proxy',
              `auth.proxy.oauth2Proxy.clientID=${OIDC_CLIENT_ID}`,
              'auth.proxy.oauth2Proxy.userClaim=preferred_username',
              `auth.proxy.oauth2Proxy.caFiles[0]=${oidcCa}`,
            ];
      const objects = renderChart(`mm-${mode}`, namespace, 'token', [
        '--set',
        set.join(','),
      ]) as KubernetesObject[];
      // The server's own account and its (read-only, or read + impersonate) rights, for real.
      for (const o of objects.filter((x) =>
        ['ServiceAccount', 'ClusterRole', 'ClusterRoleBinding'].includes(x.kind ?? ''),
      ))
        await api.create(o);
      const saName = objects.find((o) => o.kind === 'ServiceAccount')?.metadata?.name ?? '';
      const saRoot = await serviceAccountRoot(kc, namespace, saName);
      const cookieSecret = randomBytes(16).toString('hex');
      const secrets = {
        ...renderedSecrets(objects),
        'login-oidc': { 'client-secret': clientSecret },
        'login-oauth2-proxy': { 'client-secret': clientSecret, 'cookie-secret': cookieSecret },
      };
      const dashboardEnv: Record<string, string> = {
        PATH: process.env.PATH ?? '',
        ...renderedEnv(objects, secrets),
        // As in the pod: in-cluster configuration from the service account's files.
        KUBERNETES_SERVICE_HOST: server.hostname,
        KUBERNETES_SERVICE_PORT: server.port,
        MESH_MIGRATOR_SERVICEACCOUNT_ROOT: saRoot,
        // Loopback only here; the chart listens on the pod's network.
        HOSTNAME: '127.0.0.1',
        MESH_MIGRATOR_BIND: '127.0.0.1',
        PORT: String(dashboardPort),
        MESH_MIGRATOR_ALLOWED_HOSTS: '127.0.0.1,localhost',
        // The provider's certificate comes from the test CA.
        NODE_EXTRA_CA_CERTS: oidcCa,
        NEXT_TELEMETRY_DISABLED: '1',
      };
      const dashboard = await startProcess(
        `dashboard-${mode}`,
        process.execPath,
        [path.join(root, 'scripts', 'serve.mjs')],
        {
          env: { ...dashboardEnv, HOST: '127.0.0.1' },
          ready: () => answers(`http://127.0.0.1:${dashboardPort}/api/health`),
        },
      );
      started.push(dashboard.running);
      env.dashboards[mode] = {
        url: publicURL,
        directURL: `http://127.0.0.1:${dashboardPort}`,
        proxySecret: dashboardEnv.MESH_MIGRATOR_PROXY_SECRET,
      };
      if (mode === 'proxy') {
        const configMap = objects.find(
          (o) => o.kind === 'ConfigMap' && o.metadata?.name?.endsWith('-oauth2-proxy'),
        ) as { data: Record<string, string> } | undefined;
        if (!configMap) throw new Error('the chart rendered no oauth2-proxy configuration');
        // The chart's own configuration, with the addresses of this machine.
        const alpha = (configMap.data['alpha-config.yaml'] ?? '')
          .replace('bindAddress: 0.0.0.0:4180', `bindAddress: 127.0.0.1:${publicPort}`)
          .replace('uri: http://127.0.0.1:3000', `uri: http://127.0.0.1:${dashboardPort}`)
          .replace('/etc/oauth2-proxy/client-secret', path.join(work, 'client-secret'));
        writeFileSync(path.join(work, 'alpha-config.yaml'), alpha);
        writeFileSync(path.join(work, 'client-secret'), clientSecret);
        const deployment = pick(objects as never, 'Deployment') as unknown as {
          spec: { template: { spec: { containers: { name: string; args: string[] }[] } } };
        };
        const args = (
          deployment.spec.template.spec.containers.find((c) => c.name === 'oauth2-proxy')?.args ?? []
        )
          .filter((a) => !a.startsWith('--alpha-config') && !a.startsWith('--cookie-secure'))
          .concat([
            `--alpha-config=${path.join(work, 'alpha-config.yaml')}`,
            // Plain HTTP on loopback in the test; the chart keeps Secure cookies.
            '--cookie-secure=false',
            `--redirect-url=${publicURL}/oauth2/callback`,
          ]);
        const proxy = await startProcess('oauth2-proxy', bin('oauth2-proxy', 'oauth2-proxy'), args, {
          env: {
            PATH: process.env.PATH ?? '',
            OAUTH2_PROXY_COOKIE_SECRET: cookieSecret,
            MESH_MIGRATOR_PROXY_SECRET: dashboardEnv.MESH_MIGRATOR_PROXY_SECRET ?? '',
            SSL_CERT_FILE: oidcCa,
          },
          ready: () => answers(`${publicURL}/ping`),
        });
        started.push(proxy.running);
      }
    }
    mkdirSync(path.dirname(LOGIN_ENV_FILE), { recursive: true });
    writeFileSync(LOGIN_ENV_FILE, JSON.stringify(env, null, 2));
    writeFileSync(path.join(work, 'env.yaml'), stringify(env));
  } catch (e) {
    await stopAll();
    throw e;
  }
  return stopAll;
}
