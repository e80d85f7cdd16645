// People of a community: every participant type the plan names, with Chinese names, mobile
// numbers of the 2008 operators (13x/15x/18x) and about a third party members.
import type { Prng } from './prng';
import { GIVEN_NAME_CHARS, SURNAMES } from './names';
import type { DemoBuilding, DemoPerson, PersonType } from './types';

interface TypeProfile {
  count: [number, number];
  partyShare: number;
  birthYears: [number, number];
}

const PROFILES: Record<PersonType, TypeProfile> = {
  community_cadre: { count: [5, 8], partyShare: 0.7, birthYears: [1958, 1985] },
  party_group_leader: { count: [3, 8], partyShare: 1, birthYears: [1940, 1965] },
  in_service_cadre: { count: [3, 8], partyShare: 0.5, birthYears: [1958, 1982] },
  retiree: { count: [6, 14], partyShare: 0.2, birthYears: [1932, 1948] },
  resident_representative: { count: [5, 12], partyShare: 0.15, birthYears: [1940, 1980] },
  volunteer: { count: [8, 20], partyShare: 0.1, birthYears: [1940, 1988] },
  property_staff: { count: [1, 6], partyShare: 0.1, birthYears: [1960, 1986] },
};

export const PERSON_TYPES = Object.keys(PROFILES) as PersonType[];

const MOBILE_PREFIXES = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '158', '159', '180', '189'];

/** Mobile numbers unique across the town. */
export class PhoneBook {
  private readonly used = new Set<string>();

  next(rng: Prng): string {
    for (;;) {
      const phone = rng.pick(MOBILE_PREFIXES) + String(rng.int(0, 99_999_999)).padStart(8, '0');
      if (!this.used.has(phone)) {
        this.used.add(phone);
        return phone;
      }
    }
  }
}

function personName(rng: Prng, gender: 'F' | 'M', taken: Set<string>): string {
  for (let tries = 0; ; tries++) {
    const given = GIVEN_NAME_CHARS[gender];
    const name = rng.pick(SURNAMES) + rng.pick(given) + (rng.chance(0.75) ? rng.pick(given) : '');
    // Namesakes are real, but rare within one community.
    if (!taken.has(name) || tries > 8) {
      taken.add(name);
      return name;
    }
  }
}

/** 30–80 people of the community; ids continue from `firstId`. */
export function peopleOf(
  rng: Prng,
  communityCode: string,
  homes: readonly DemoBuilding[],
  phones: PhoneBook,
  firstId: number,
): DemoPerson[] {
  const residential = homes.filter((b) => b.households > 0);
  const names = new Set<string>();
  const people: DemoPerson[] = [];
  for (const type of PERSON_TYPES) {
    const profile = PROFILES[type];
    const count = rng.int(...profile.count);
    for (let k = 0; k < count && people.length < 80; k++) {
      const gender = rng.chance(type === 'volunteer' || type === 'community_cadre' ? 0.6 : 0.45) ? 'F' : 'M';
      // Property staff and in-service cadres often live outside the community they serve.
      const livesHere = residential.length > 0 && !((type === 'property_staff' || type === 'in_service_cadre') && rng.chance(0.4));
      people.push({
        id: firstId + people.length,
        communityCode,
        name: personName(rng, gender, names),
        type,
        partyMember: rng.chance(profile.partyShare),
        phone: phones.next(rng),
        gender,
        birthYear: rng.int(...profile.birthYears),
        homeBuildingCode: livesHere ? rng.pick(residential).code : null,
      });
    }
  }
  return people;
}
