// The solver worker's module: the bundled .js beside the built server, the .mjs entry (which
// loads tsx) beside the TypeScript source.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { solverWorkerUrl } from '../../../server/src/domain/solver/worker-url';

describe('solverWorkerUrl', () => {
  it('names solver-worker.js beside a built chunk', () => {
    expect(solverWorkerUrl('file:///srv/gridplan/dist/server/chunk-4KQ2.js').href).toBe(
      'file:///srv/gridplan/dist/server/solver-worker.js',
    );
    expect(solverWorkerUrl('file:///srv/gridplan/dist/server/cli.mjs').href).toBe('file:///srv/gridplan/dist/server/solver-worker.js');
  });

  it('names worker-entry.mjs beside the TypeScript source', () => {
    expect(solverWorkerUrl('file:///home/a/gridplan/server/src/domain/solver/worker-url.ts').href).toBe(
      'file:///home/a/gridplan/server/src/domain/solver/worker-entry.mjs',
    );
  });

  it('finds an existing module when running from source', () => {
    const url = solverWorkerUrl();
    expect(url.pathname.endsWith('/server/src/domain/solver/worker-entry.mjs')).toBe(true);
    expect(existsSync(fileURLToPath(url))).toBe(true);
  });
});
