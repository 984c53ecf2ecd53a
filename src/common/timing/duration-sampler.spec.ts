import { DurationSampler } from './duration-sampler.js';

describe('DurationSampler', () => {
  it('returns at once while nothing was measured', async () => {
    const started = performance.now();
    await new DurationSampler().waitLikeRecent();
    expect(performance.now() - started).toBeLessThan(20);
  });

  it('waits about as long as a measured run took', async () => {
    const sampler = new DurationSampler();
    await sampler.measure(() => new Promise((resolve) => setTimeout(resolve, 60)));
    const started = performance.now();
    await sampler.waitLikeRecent();
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
  });

  it('measures failed work too, and passes its error on', async () => {
    const sampler = new DurationSampler();
    await expect(sampler.measure(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(sampler.size).toBe(1);
  });

  it('keeps only the most recent runs', async () => {
    const sampler = new DurationSampler(3);
    for (const milliseconds of [500, 500, 500, 1, 1, 1]) sampler.record(milliseconds);
    expect(sampler.size).toBe(3);
    const started = performance.now();
    await sampler.waitLikeRecent();
    expect(performance.now() - started).toBeLessThan(100);
  });
});
