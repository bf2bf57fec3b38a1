import { describe, expect, it } from 'vitest';
import { backgroundTurn, foreground } from './foreground';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('foreground', () => {
  it('holds a background turn back while a request is handled, and lets it go once it settles', async () => {
    const order: string[] = [];
    let release!: () => void;
    const request = foreground(async () => {
      await new Promise<void>((r) => {
        release = r;
      });
      order.push('request done');
      return 'answer';
    });
    const background = backgroundTurn(5_000).then(() => order.push('background'));
    await sleep(30);
    expect(order).toEqual([]);
    release();
    expect(await request).toBe('answer');
    await background;
    expect(order).toEqual(['request done', 'background']);
  });

  it('waits no longer than its bound, and not at all without a request', async () => {
    let release!: () => void;
    const request = foreground(
      () =>
        new Promise<void>((r) => {
          release = r;
        }),
    );
    const t0 = performance.now();
    await backgroundTurn(40);
    const waited = performance.now() - t0;
    expect(waited).toBeGreaterThanOrEqual(39);
    expect(waited).toBeLessThan(1_000);
    release();
    await request;
    const t1 = performance.now();
    await backgroundTurn(5_000);
    expect(performance.now() - t1).toBeLessThan(100);
  });

  it('counts a failed request as settled', async () => {
    await expect(
      foreground(async () => {
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    const t0 = performance.now();
    await backgroundTurn(5_000);
    expect(performance.now() - t0).toBeLessThan(100);
  });
});
