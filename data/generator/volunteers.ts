// Volunteer teams: the plan asks every community for eight kinds of team. Most demo
// communities have all eight; a few lack one or two, which the roster rules should flag.
import type { Prng } from './prng';
import type { DemoCompound, DemoPerson, DemoVolunteerTeam, VolunteerCategory } from './types';

export const VOLUNTEER_CATEGORIES: [VolunteerCategory, string][] = [
  ['convenience', '便民利民'],
  ['poverty_relief', '扶贫帮困'],
  ['employment_guidance', '就业指导'],
  ['public_order', '治安维稳'],
  ['health', '卫生保健'],
  ['environment', '环境维护'],
  ['publicity_education', '宣传教育'],
  ['culture_sports', '文体娱乐'],
];

export function volunteerTeamsOf(
  rng: Prng,
  community: { code: string; name: string },
  compounds: readonly DemoCompound[],
  people: readonly DemoPerson[],
  firstId: number,
): DemoVolunteerTeam[] {
  const missing = rng.chance(0.2) ? (rng.chance(0.35) ? 2 : 1) : 0;
  const categories = rng.shuffle(VOLUNTEER_CATEGORIES).slice(missing);
  // Keep the plan's order so team ids read the same way in every community.
  categories.sort((a, b) => VOLUNTEER_CATEGORIES.indexOf(a) - VOLUNTEER_CATEGORIES.indexOf(b));
  const keen = people.filter((p) => p.type === 'volunteer' || p.type === 'retiree' || p.partyMember);
  const leaders = keen.length > 0 ? keen : people;
  return categories.map(([category, label], k) => {
    const leader = rng.pick(leaders);
    const members = new Set<number>([leader.id]);
    const size = rng.int(3, 10);
    for (let tries = 0; members.size < size && tries < 40; tries++) members.add(rng.pick(rng.chance(0.8) ? leaders : people).id);
    const served =
      compounds.length > 1 && rng.chance(0.35) ? rng.shuffle(compounds).slice(0, rng.int(1, Math.min(3, compounds.length))) : [];
    return {
      id: firstId + k,
      communityCode: community.code,
      name: `${community.name}${label}志愿服务队`,
      category,
      leaderPersonId: leader.id,
      memberPersonIds: [...members].sort((a, b) => a - b),
      compoundCodes: served.map((c) => c.code).sort(),
    };
  });
}
