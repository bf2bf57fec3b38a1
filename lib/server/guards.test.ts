import { describe, expect, it } from 'vitest';
import {
  BodyTooLargeError,
  checkContentType,
  checkDeclaredLength,
  checkHost,
  checkOrigin,
  hostName,
  readCapped,
  securityHeaders,
} from './guards';

const h = (o: Record<string, string>) => new Headers(o);

describe('checkHost', () => {
  const local = { allowedHosts: [], loopback: true };
  const served = { allowedHosts: ['mm.example.com'], loopback: false };
  it.each([
    [local, '127.0.0.1:3000', undefined],
    [local, 'localhost:3000', undefined],
    [local, '[::1]:3000', undefined],
    [local, 'evil.example:3000', 403],
    [local, 'rebind.attacker.example', 403],
    [served, 'mm.example.com', undefined],
    [served, 'MM.example.com:443', undefined],
    [served, '127.0.0.1:3000', 403],
    [served, 'other.example.com', 403],
  ])('%j %s → %s', (policy, host, status) => {
    expect(checkHost(host, policy)?.status).toBe(status);
  });
  it('needs a Host', () => expect(checkHost(null, local)?.status).toBe(400));
  it('strips ports and brackets', () => expect(hostName('[::1]:80')).toBe('::1'));
});

describe('checkOrigin', () => {
  it.each([
    [{ host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000' }, undefined],
    [{ host: 'mm.example.com', origin: 'https://mm.example.com' }, undefined],
    [{ host: '127.0.0.1:3000', origin: 'http://evil.example' }, 403],
    [{ host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3001' }, 403],
    [{ host: '127.0.0.1:3000', origin: 'null' }, 403],
    [{ host: '127.0.0.1:3000', origin: 'file://127.0.0.1:3000' }, 403],
    [{ host: '127.0.0.1:3000', 'sec-fetch-site': 'same-origin' }, undefined],
    [{ host: '127.0.0.1:3000', 'sec-fetch-site': 'cross-site' }, 403],
    [{ host: '127.0.0.1:3000', 'sec-fetch-site': 'same-site' }, 403],
    [{ host: '127.0.0.1:3000' }, 403],
  ])('%j → %s', (headers, status) => {
    expect(checkOrigin(h(headers))?.status).toBe(status);
  });
});

describe('checkContentType', () => {
  it.each([
    ['application/json', undefined],
    ['application/json; charset=utf-8', undefined],
    ['text/plain', 415],
    ['application/x-www-form-urlencoded', 415],
    ['multipart/form-data; boundary=x', 415],
  ])('%s → %s', (ct, status) => expect(checkContentType(h({ 'content-type': ct }))?.status).toBe(status));
  it('needs one', () => expect(checkContentType(h({}))?.status).toBe(415));
});

describe('body cap', () => {
  it('refuses a declared length over the cap before reading', () => {
    expect(checkDeclaredLength(h({ 'content-length': String(200 * 1024 * 1024) }))?.status).toBe(413);
    expect(checkDeclaredLength(h({ 'content-length': '10' }))).toBeUndefined();
  });

  it('stops reading a stream as soon as it passes the cap', async () => {
    let pulled = 0;
    const chunk = new Uint8Array(64 * 1024);
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        pulled += 1;
        c.enqueue(chunk);
      },
    });
    await expect(readCapped(stream, 256 * 1024)).rejects.toBeInstanceOf(BodyTooLargeError);
    // 256 KiB / 64 KiB = 4 chunks fit; the 5th goes over; an endless stream is not drained.
    expect(pulled).toBeLessThan(8);
  });

  it('returns a body under the cap whole', async () => {
    const body = new Blob(['{"a":1}']).stream();
    expect(new TextDecoder().decode(await readCapped(body, 100))).toBe('{"a":1}');
  });
});

describe('securityHeaders', () => {
  it('forbids framing and sniffing and sends no referrer', () => {
    const byKey = Object.fromEntries(securityHeaders(false).map((x) => [x.key, x.value]));
    expect(byKey['Content-Security-Policy']).toContain("frame-ancestors 'none'");
    expect(byKey['Content-Security-Policy']).not.toContain('unsafe-eval');
    expect(byKey['X-Content-Type-Options']).toBe('nosniff');
    expect(byKey['Referrer-Policy']).toBe('no-referrer');
  });
});
