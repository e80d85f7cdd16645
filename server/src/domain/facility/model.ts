// The scenario MIP. One builder serves four questions through PlanModelSpec: the least-cost plan
// meeting the goal, the most communities that can meet it, the cheapest way for one community,
// and how much budget is missing (elastic budget rows).
import { MipModel, type Term } from '../solver/model';
import { costInYear, type Choice } from './choices';
import type { FacilityInput } from './types';

export interface PlanModelSpec {
  /** 'all': every community in scope must meet the goal; 'count': z_c records whether it does. */
  goal: 'all' | 'count';
  /** 'cost' = money + accessibility + tie-breaker; 'money' = money only; 'count' = maximise Σz; 'shortfall' = minimise missing budget. */
  objective: 'cost' | 'money' | 'count' | 'shortfall';
  /** 'elastic' adds a priced slack to each year's budget row; 'none' drops the budget rows. */
  budget: 'hard' | 'elastic' | 'none';
  /** With goal 'count': at least this many communities must meet the goal. */
  minimumCompliant?: number;
  /** Communities modelled (default all); choices for others are left out. */
  scope?: readonly number[];
  /** Option ids that must be chosen (the caller passes only usable ones). */
  forced?: ReadonlySet<string>;
}

export interface PlanModel {
  model: MipModel;
  choices: Choice[];
  /** Column of each choice, parallel to `choices`. */
  choiceColumns: number[];
  /** z_c per community index (goal 'count' only). */
  goalColumns: Map<number, number>;
  /** Budget slack per plan year (budget 'elastic' only). */
  shortfallColumns: number[];
}

/**
 * The goal for a community: area in service at the end of the last year ≥ required; with
 * requireFallbackForUncertain, the area from current space plus certain options alone must also
 * reach it, so losing any uncertain option cannot break compliance.
 */
export function buildPlanModel(input: FacilityInput, allChoices: readonly Choice[], spec: PlanModelSpec): PlanModel {
  const scope = spec.scope ?? input.communities.map((_, index) => index);
  const inScope = new Set(scope);
  const choices = allChoices.filter((choice) => inScope.has(choice.community));
  const model = new MipModel(spec.objective === 'count' ? 'maximize' : 'minimize');

  const optionCount = new Set(choices.map((choice) => choice.option.id)).size;
  // Small enough that all tie-breaks together stay under half a yuan, so they never outvote money.
  const tieBreakPerYear = 0.5 / ((optionCount + 1) * input.years);
  const choiceColumns = choices.map((choice) => {
    if (spec.objective === 'cost') return model.addBinary(choice.totalCost + choice.accessibilityCost + tieBreakPerYear * choice.year);
    if (spec.objective === 'money') return model.addBinary(choice.totalCost);
    return model.addBinary(0);
  });
  // Rows are built from these groups so a large town costs O(choices) per row family, not per row.
  const byOption = groupIndices(choices, (choice) => choice.option.id);
  const byCommunity = groupIndices(choices, (choice) => choice.community);
  const terms = (indices: readonly number[], pick: (choice: Choice) => number | null): Term[] =>
    indices.flatMap((k): Term[] => {
      const choice = choices[k];
      const coefficient = choice ? pick(choice) : null;
      return coefficient === null || coefficient === 0 ? [] : [[choiceColumns[k] ?? -1, coefficient]];
    });
  const allIndices = choices.map((_, k) => k);

  // Each option is used at most once (exactly once when forced), for one community and one year.
  for (const [id, indices] of byOption) {
    const row = terms(indices, () => 1);
    if (spec.forced?.has(id)) model.equal(row, 1);
    else model.atMost(row, 1);
  }

  const shortfallColumns: number[] = [];
  if (spec.budget !== 'none') {
    for (let year = 0; year < input.years; year++) {
      const spend = terms(allIndices, (choice) => costInYear(choice, year));
      const budget = input.budgetPerYear[year] ?? 0;
      if (spec.budget === 'elastic') {
        const slack = model.addContinuous(0, Infinity, spec.objective === 'shortfall' ? 1 : 0);
        shortfallColumns.push(slack);
        model.atMost([...spend, [slack, -1]], budget);
      } else if (spend.length > 0) {
        model.atMost(spend, budget);
      }
    }
  }

  if (input.maxSitesPerCommunity !== null) {
    for (const community of scope) {
      model.atMost(
        terms(byCommunity.get(community) ?? [], () => 1),
        input.maxSitesPerCommunity,
      );
    }
  }

  const goalColumns = new Map<number, number>();
  for (const community of scope) {
    const { requiredAreaM2, currentAreaM2 } = input.communities[community] ?? { requiredAreaM2: 0, currentAreaM2: 0 };
    const z = spec.goal === 'count' ? model.addBinary(spec.objective === 'count' ? 1 : 0) : null;
    if (z !== null) goalColumns.set(community, z);
    const areaRows: ((choice: Choice) => boolean)[] = [() => true];
    if (input.requireFallbackForUncertain) areaRows.push((choice) => !choice.option.uncertain);
    for (const counts of areaRows) {
      const shortM2 = requiredAreaM2 - currentAreaM2;
      const gain = terms(byCommunity.get(community) ?? [], (choice) => (counts(choice) ? choice.netAreaM2 : null));
      if (gain.every(([, area]) => area >= 0)) {
        if (shortM2 <= 0) continue; // compliant already and nothing can take space away
        // gain ≥ short·z, with each gain capped at `short`: equivalent for integer points (one
        // option covering the whole gap is enough either way) but a much tighter LP relaxation.
        const capped = gain.map(([column, area]): Term => [column, Math.min(area, shortM2)]);
        model.atLeast(z === null ? capped : [...capped, [z, -shortM2]], z === null ? shortM2 : 0);
      } else {
        // A swap may shrink the space: current + gain ≥ required·z, uncapped.
        model.atLeast(z === null ? gain : [...gain, [z, -requiredAreaM2]], z === null ? shortM2 : -currentAreaM2);
      }
    }
  }
  if (spec.goal === 'count' && spec.minimumCompliant !== undefined) {
    model.atLeast(
      [...goalColumns.values()].map((z): Term => [z, 1]),
      spec.minimumCompliant,
    );
  }
  return { model, choices, choiceColumns, goalColumns, shortfallColumns };
}

/** The choices a solved model picked. */
export function chosenChoices(plan: PlanModel, values: readonly number[]): Choice[] {
  return plan.choices.filter((_, k) => values[plan.choiceColumns[k] ?? -1] === 1);
}

function groupIndices<K>(choices: readonly Choice[], key: (choice: Choice) => K): Map<K, number[]> {
  const groups = new Map<K, number[]>();
  choices.forEach((choice, k) => {
    const group = groups.get(key(choice));
    if (group) group.push(k);
    else groups.set(key(choice), [k]);
  });
  return groups;
}
