// The answer of GET /api/buildings/{code}/coverage, until the lookup routes publish it from the
// server's contract; then this file goes and screens import it from '$contract/lookup'.
export interface BuildingCoverage {
  building: { code: string; name: string; address: string; households: number; floors: number };
  community: { code: string; name: string };
  compound: { code: string; name: string } | null;
  cell: { code: string; label: string } | null;
  people: { name: string; type: string; role: string; phone: string | null }[];
  partyChain: { name: string; level: string }[];
  partyMember: { name: string; phone: string | null } | null;
  volunteerTeams: { name: string; category: string }[];
}
