import { describe, expect, it } from 'vitest';
import { makeLattice, specs } from '../../fixtures/partition/make';
import { summarise } from '../../fixtures/partition/regenerate';
import { FIXTURE_NAMES, loadExpected, loadFixture } from './helpers';

// A failure here means the algorithm's output changed. If the change is intended, run
// `npx tsx tests/fixtures/partition/regenerate.ts` and review the diff of out/*.json.
describe('golden partition fixtures', () => {
  for (const name of FIXTURE_NAMES) {
    it(`matches out/${name}.json`, () => {
      expect(summarise(loadFixture(name))).toEqual(loadExpected(name));
    });

    it(`in/${name}.json is what the generator makes`, () => {
      const spec = specs.find((s) => s.name === name);
      expect(spec).toBeDefined();
      if (spec) expect(JSON.parse(JSON.stringify(makeLattice(spec)))).toEqual(loadFixture(name));
    });
  }
});
