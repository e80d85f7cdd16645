/** Who covers a building (PRODUCT §5.4, §7): by code or by a point on the map. Phones are masked unless permitted. */
import { z } from 'zod';
import { buildingCode, cellRoleSchema, personTypeSchema, volunteerCategorySchema } from './responsibility';
import { partyLevelSchema, partyScopeSchema } from './responsibility-party';

export const DEFAULT_TOLERANCE_METRES = 60;

export const buildingCodeParam = z.object({ code: buildingCode });
export const lookupQuery = z.object({
  lng: z.coerce.number().min(-180).max(180),
  lat: z.coerce.number().min(-90).max(90),
  toleranceMetres: z.coerce.number().min(0).max(500).default(DEFAULT_TOLERANCE_METRES),
});

export const coveragePersonSchema = z.object({
  personId: z.number().int(),
  name: z.string(),
  type: personTypeSchema,
  role: cellRoleSchema,
  phone: z.string().nullable(),
  partyMember: z.boolean(),
});
export type CoveragePerson = z.infer<typeof coveragePersonSchema>;

/** The chain as the database gathers it, before masking. */
export const coverageChainSchema = z.object({
  building: z.object({
    code: z.string(),
    name: z.string(),
    address: z.string(),
    households: z.number().int(),
    residents: z.number().int(),
    floors: z.number().int(),
    kind: z.string(),
    centroid: z.tuple([z.number(), z.number()]),
  }),
  community: z.object({ code: z.string(), name: z.string() }),
  compound: z.object({ code: z.string(), name: z.string(), propertyCompany: z.string().nullable() }).nullable(),
  cell: z.object({ code: z.string().nullable(), label: z.string(), name: z.string(), planId: z.number().int() }).nullable(),
  people: z.array(coveragePersonSchema),
  /** From the organisation nearest the building up to the general branch. */
  partyChain: z.array(z.object({ id: z.number().int(), name: z.string(), level: partyLevelSchema, scope: partyScopeSchema })),
  partyMember: z.object({ personId: z.number().int(), name: z.string(), phone: z.string().nullable(), area: z.string() }).nullable(),
  volunteerTeams: z.array(z.object({ id: z.number().int(), name: z.string(), category: volunteerCategorySchema })),
});
export type CoverageChain = z.infer<typeof coverageChainSchema>;

/** A building's coverage as the API answers it: the chain, with whether its phones were masked. */
export const buildingCoverageSchema = coverageChainSchema.extend({ phonesMasked: z.boolean() });
export type BuildingCoverage = z.infer<typeof buildingCoverageSchema>;

/** A lookup by point: the coverage of the building found, and how far it is from the point. */
export const pointCoverageSchema = buildingCoverageSchema.extend({ distanceMetres: z.number() });
export type PointCoverage = z.infer<typeof pointCoverageSchema>;
