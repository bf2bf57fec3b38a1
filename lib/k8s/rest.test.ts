import type { Server } from 'node:http';
import { KubeConfig } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { acceptEncoding, errorFromStatus, HEAD_BYTES, RestClient } from './rest';

describe('errorFromStatus', () => {
  it('maps a Status body to ApiError fields', () => {
    const e = errorFromStatus(
      403,
      {
        kind: 'Status',
        message: 'configmaps is forbidden: User "viewer" cannot create',
        reason: 'Forbidden',
        details: { kind: 'configmaps' },
      },
      'fallback',
    );
    expect(e.status).toBe(403);
    expect(e.forbidden).toBe(true);
    expect(e.message).toContain('cannot create');
    expect(e.kind).toBe('configmaps');
  });

  it('extracts field managers from apply conflicts', () => {
    const e = errorFromStatus(
      409,
      {
        reason: 'Conflict',
        message: 'Apply failed with 1 conflict',
        details: {
          causes: [
            {
              type: 'FieldManagerConflict',
              message: 'conflict with "kubectl-edit" using v1',
              field: '.metadata.labels.team',
            },
          ],
        },
      },
      'fallback',
    );
    expect(e.conflict).toBe(true);
    expect(e.conflicts).toEqual([
      {
        field: '.metadata.labels.team',
        message: 'conflict with "kubectl-edit" using v1',
        manager: 'kubectl-edit',
      },
    ]);
  });

  it('falls back when the body is not a Status', () => {
    const e = errorFromStatus(502, undefined, 'GET /x: HTTP 502');
    expect(e.message).toBe('GET /x: HTTP 502');
    expect(e.conflicts).toBeUndefined();
  });
});

/** Starts `server` on a loopback port; a kubeconfig that points at it over plain HTTP. */
async function listening(server: Server): Promise<KubeConfig> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: `http://127.0.0.1:${port}`, skipTLSVerify: true }],
    users: [{ name: 'u' }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  return kc;
}

describe('response compression', () => {
  /** A plain-HTTP API server that records the Accept-Encoding it was sent and gzips when asked. */
  async function server() {
    const { createServer } = await import('node:http');
    const { gzipSync } = await import('node:zlib');
    const seen: (string | undefined)[] = [];
    const body = JSON.stringify({ kind: 'PodList', items: [{ metadata: { name: 'p' } }] });
    const s = createServer((req, res) => {
      const enc = req.headers['accept-encoding'];
      seen.push(enc);
      if (enc?.includes('gzip')) {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
        res.end(gzipSync(body));
      } else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(body);
      }
    });
    const kc = await listening(s);
    return { kc, seen, close: () => new Promise((r) => s.close(r)) };
  }

  it('asks for gzip from a remote API server and for none from one on this machine or in-cluster', () => {
    const remote = { url: 'https://api.example.com:6443' };
    expect(acceptEncoding({}, remote)).toBe('gzip');
    expect(acceptEncoding({}, { url: 'https://10.96.0.1:443' })).toBe('gzip');
    expect(acceptEncoding({}, { url: 'https://10.96.0.1:443', inCluster: true })).toBe('identity');
    expect(acceptEncoding({}, { ...remote, disabled: true })).toBe('identity');
    expect(acceptEncoding({ MESH_MIGRATOR_API_COMPRESSION: 'gzip' }, { ...remote, disabled: true })).toBe(
      'gzip',
    );
    for (const url of [
      'https://127.0.0.1:6443',
      'http://localhost:8080',
      'https://[::1]:6443',
      'https://127.1.2.3',
    ])
      expect(acceptEncoding({}, { url })).toBe('identity');
    expect(acceptEncoding({ MESH_MIGRATOR_API_COMPRESSION: 'off' }, remote)).toBe('identity');
    expect(acceptEncoding({ MESH_MIGRATOR_API_COMPRESSION: 'gzip' }, { url: 'https://127.0.0.1:6443' })).toBe(
      'gzip',
    );
    expect(
      acceptEncoding(
        { MESH_MIGRATOR_API_COMPRESSION: 'on' },
        { url: 'https://127.0.0.1:6443', inCluster: true },
      ),
    ).toBe('gzip');
  });

  it('sends the encoding it chose and reads either answer alike', async () => {
    const api = await server();
    const prior = process.env.MESH_MIGRATOR_API_COMPRESSION;
    try {
      delete process.env.MESH_MIGRATOR_API_COMPRESSION;
      const loopback = await new RestClient(api.kc).request<{ items: unknown[] }>('GET', '/api/v1/pods');
      process.env.MESH_MIGRATOR_API_COMPRESSION = 'gzip';
      const gzipped = await new RestClient(api.kc).request<{ items: unknown[] }>('GET', '/api/v1/pods');
      expect(api.seen).toEqual(['identity', 'gzip']);
      expect(loopback.items).toHaveLength(1);
      expect(gzipped).toEqual(loopback);
    } finally {
      if (prior === undefined) delete process.env.MESH_MIGRATOR_API_COMPRESSION;
      else process.env.MESH_MIGRATOR_API_COMPRESSION = prior;
      await api.close();
    }
  });
});

describe('a body read as it comes', () => {
  /** Serves a list page whose start is written at once and whose rest waits for `release()`. */
  async function slowServer(gzip: boolean) {
    const { createServer } = await import('node:http');
    const { createGzip } = await import('node:zlib');
    const head = `{"kind":"PodList","metadata":{"resourceVersion":"9","continue":"next-page"},"items":[${'{"metadata":{"name":"p"}},'.repeat(400)}`;
    const tail = '{"metadata":{"name":"last"}}]}';
    let release: () => void = () => {};
    const released = new Promise<void>((r) => {
      release = r;
    });
    const s = createServer((_req, res) => {
      res.writeHead(200, {
        'content-type': 'application/json',
        ...(gzip ? { 'content-encoding': 'gzip' } : {}),
      });
      const out = gzip ? createGzip() : res;
      if (gzip) (out as ReturnType<typeof createGzip>).pipe(res);
      out.write(head);
      if (gzip) (out as ReturnType<typeof createGzip>).flush();
      void released.then(() => out.end(tail));
    });
    const kc = await listening(s);
    return { kc, release, whole: head + tail, close: () => new Promise((r) => s.close(r)) };
  }

  it.each([false, true])('gives the start of a body before its end (gzip %s)', async (gzip) => {
    const api = await slowServer(gzip);
    try {
      let head: string | undefined;
      const text = new RestClient(api.kc).requestText('GET', '/api/v1/pods', {
        onHead: (h) => {
          head = h;
          api.release();
        },
      });
      // The rest of the body is only sent once the start has been handed over.
      expect(await text).toBe(api.whole);
      expect(head).toBe(api.whole.slice(0, HEAD_BYTES));
      expect(head).toContain('"continue":"next-page"');
    } finally {
      api.release();
      await api.close();
    }
  });
});
