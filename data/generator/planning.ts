// Facility situation of the town: existing space per community, candidate options for the
// non-compliant ones, and the yearly budget calibrated so that all communities can comply
// within two years but not all in the first.
import type { Prng } from './prng';
import type { CommunityPlan } from './communities';
import type { CompoundNames } from './compounds';
import { compliantCount, currentArea, pointInCommunity, requiredAreaSquareMetres, roomsFor } from './facilities';
import { calibrateBudget, type CommunityNeed } from './budget';
import { costsOf, needOf, optionTermsFor, type OptionTerms } from './options';
import { IDLE_PUBLIC_PROPERTIES } from './names';
import { TOWN_CODE, TOWN_NAME } from './divisions';
import type { AcquisitionMethod, BudgetCalibration, DemoFacility, DemoOption } from './types';

export interface CommunityFacts {
  plan: CommunityPlan;
  households: number;
  compoundNames: string[];
  /** Roads along the community's edges, for addresses of its sites. */
  roadNames: string[];
}

export interface FacilityPlanning {
  facilities: DemoFacility[];
  options: DemoOption[];
  currentAreaM2: number[];
  compliant: boolean[];
  budget: BudgetCalibration;
}

const MAX_CALIBRATION_ATTEMPTS = 50;

/** A street address on one of the community's roads (house numbers of sites are not tracked). */
function siteAddress(rng: Prng, fact: CommunityFacts, road = rng.pick(fact.roadNames)): string {
  return `${TOWN_NAME}${road}${rng.int(1, 300)}号`;
}

function optionName(rng: Prng, method: AcquisitionMethod, fact: CommunityFacts, names: CompoundNames, road: string): string {
  switch (method) {
    case 'reserve_in_new_development':
      return `${names.next(rng, 'new')}（在建）配套用房`;
    case 'expand_renovate':
      return `${fact.plan.name}服务中心${rng.pick(['扩建', '加层改造', '附楼改造'])}`;
    case 'reallocate_idle_public':
      return rng.pick(IDLE_PUBLIC_PROPERTIES);
    case 'swap':
      return fact.compoundNames.length > 0 ? `${rng.pick(fact.compoundNames)}会所置换` : '沿街用房置换';
    case 'lease':
      return `${road}临街商铺租赁`;
  }
}

function notesOf(o: OptionTerms): string {
  const notes: string[] = [];
  if (o.method === 'reserve_in_new_development') notes.push(`开发商承诺竣工后移交，预计${o.availableAfterMonths}个月`);
  if (o.method === 'swap') notes.push(`置换后交回现有用房${o.releasedAreaM2}平方米`);
  if (o.needsApproval) notes.push('需镇政府及产权单位批准');
  if (o.uncertain) notes.push('产权或进度尚未落实');
  if (o.shareRadiusM !== null) notes.push(`可与${o.shareRadiusM}米内相邻社区共用`);
  return notes.join('；');
}

/** Short community part of option codes: OPT-006-01 for the real town, longer for synthetic codes. */
function optionPrefix(communityCode: string): string {
  return `OPT-${communityCode.startsWith(TOWN_CODE) ? communityCode.slice(-3) : communityCode.slice(-6)}`;
}

export function planFacilities(rng: Prng, facts: readonly CommunityFacts[], names: CompoundNames): FacilityPlanning {
  const compliantSet = new Set(
    rng
      .fork('compliance')
      .shuffle(facts.map((_, i) => i))
      .slice(0, compliantCount(facts.length)),
  );
  const required = facts.map((f) => requiredAreaSquareMetres(f.households));
  const areaRng = rng.fork('current-area');
  const currentAreaM2 = facts.map((_, i) => currentArea(areaRng, required[i], compliantSet.has(i)));
  const facilities = facts.map((f, i): DemoFacility => {
    const r = rng.fork(`facility:${f.plan.code}`);
    const { lngLat } = pointInCommunity(r, f.plan);
    return {
      communityCode: f.plan.code,
      name: `${f.plan.name}服务中心`,
      address: siteAddress(r, f),
      areaSquareMetres: currentAreaM2[i],
      rooms: roomsFor(r, currentAreaM2[i]),
      geometry: { type: 'Point', coordinates: lngLat },
    };
  });
  const short = facts.map((_, i) => i).filter((i) => !compliantSet.has(i));
  // Options are redrawn until the budget property holds; each attempt is its own stream so
  // the result is still a pure function of the seed.
  for (let attempt = 0; attempt < MAX_CALIBRATION_ATTEMPTS; attempt++) {
    const attemptRng = rng.fork(`options#${attempt}`);
    const terms = short.map((i) => optionTermsFor(attemptRng.fork(facts[i].plan.code), required[i] - currentAreaM2[i], currentAreaM2[i]));
    const needs: CommunityNeed[] = short.map((i, k) => needOf(required[i] - currentAreaM2[i], terms[k]));
    const slack = attemptRng.float(0.12, 0.18);
    const calibration = calibrateBudget(needs, slack);
    if (!calibration) continue;
    const options = short.flatMap((i, k) => {
      const fact = facts[i];
      const r = attemptRng.fork(`place:${fact.plan.code}`);
      return terms[k].map((o, n): DemoOption => {
        const road = r.pick(fact.roadNames);
        return {
          code: `${optionPrefix(fact.plan.code)}-${String(n + 1).padStart(2, '0')}`,
          communityCode: fact.plan.code,
          method: o.method,
          name: optionName(r, o.method, fact, names, road),
          address: siteAddress(r, fact, road),
          geometry: { type: 'Point', coordinates: pointInCommunity(r, fact.plan).lngLat },
          areaSquareMetres: o.netAreaM2 + o.releasedAreaM2,
          releasedAreaSquareMetres: o.releasedAreaM2,
          ...costsOf(o),
          availableAfterMonths: o.availableAfterMonths,
          shareRadiusMetres: o.shareRadiusM,
          needsApproval: o.needsApproval,
          uncertain: o.uncertain,
          notes: notesOf(o),
        };
      });
    });
    return {
      facilities,
      options,
      currentAreaM2,
      compliant: facts.map((_, i) => compliantSet.has(i)),
      budget: {
        yearOneOnlyCostYuan: calibration.yearOneOnlyYuan,
        twoYearPlanYuan: [calibration.plan.year1, calibration.plan.year2],
        budgetPerYearYuan: [calibration.budgetYuan, calibration.budgetYuan],
      },
    };
  }
  throw new Error(`no option set met the budget property in ${MAX_CALIBRATION_ATTEMPTS} attempts`);
}
