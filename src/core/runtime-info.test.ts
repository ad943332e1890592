import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runtimeInfo } from './runtime-info.js';

describe('runtimeInfo', () => {
  it('records Node, platform, CPUs and the exact dependency versions package.json pins', () => {
    const r = runtimeInfo();
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> };
    expect(r.node).toBe(process.version);
    expect(r.cpus).toBeGreaterThan(0);
    expect(r.dependencies).toEqual(pkg.dependencies);
    expect(r.dependencies['@tensorflow/tfjs']).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('records the commit of a source checkout (the tests run in one when .git is there)', () => {
    const r = runtimeInfo();
    if (existsSync(new URL('../../.git', import.meta.url))) expect(r.git?.commit).toMatch(/^[0-9a-f]{40}$/);
    else expect(r.git).toBeNull();
  });
});
