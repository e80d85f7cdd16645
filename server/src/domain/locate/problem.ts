// The public location-allocation contract (PRODUCT.md §7, `gridplan locate`): its zod schema,
// the validated types and the result shape. Every rejection names the field it is about.
import { z } from 'zod';

const finite = (label: string) => z.number({ error: `${label} must be a finite number` });

// Ids may arrive as JSON numbers; they are normalised to strings because codes are strings
// (leading zeros matter) and because the result uses them as object keys.
const idSchema = z
  .union([z.string().min(1, { error: 'id must not be empty' }), z.number()], { error: 'id must be a string or number' })
  .transform(String);

const demandSchema = z.object({
  id: idSchema,
  weight: finite('weight').nonnegative({ error: 'weight must be ≥ 0' }),
});

const siteSchema = z.object({
  id: idSchema,
  fixed: z.boolean({ error: 'fixed must be true or false' }).optional().default(false),
});

export const locateProblemSchema = z
  .object({
    problem: z.enum(['p-median', 'mclp'], { error: 'problem must be "p-median" or "mclp"' }),
    p: finite('p').int({ error: 'p must be an integer' }).min(1, { error: 'p must be at least 1' }),
    radius: finite('radius').nonnegative({ error: 'radius must be ≥ 0' }).optional(),
    demand: z.array(demandSchema).min(1, { error: 'demand must list at least one demand point' }),
    sites: z.array(siteSchema).min(1, { error: 'sites must list at least one candidate site' }),
    cost: z.array(z.array(finite('cost').nonnegative({ error: 'cost must be ≥ 0' }))),
  })
  .superRefine((problem, ctx) => {
    const issue = (path: (string | number)[], message: string): void => {
      ctx.addIssue({ code: 'custom', path, message });
    };
    const siteCount = problem.sites.length;
    if (problem.cost.length !== problem.demand.length) {
      issue(['cost'], `cost has ${problem.cost.length} rows, expected ${problem.demand.length} (one per demand)`);
    }
    problem.cost.forEach((row, i) => {
      if (row.length !== siteCount) issue(['cost', i], `cost[${i}] has ${row.length} entries, expected ${siteCount} sites`);
    });
    if (problem.p > siteCount) issue(['p'], `p = ${problem.p} exceeds the number of sites (${siteCount})`);
    const fixedCount = problem.sites.filter((site) => site.fixed).length;
    if (problem.p < fixedCount) issue(['p'], `p = ${problem.p} is less than the number of fixed sites (${fixedCount})`);
    if (problem.problem === 'mclp' && problem.radius === undefined) {
      issue(['radius'], 'radius is required when problem is "mclp"');
    }
    for (const list of ['demand', 'sites'] as const) {
      const firstIndex = new Map<string, number>();
      problem[list].forEach((entry, index) => {
        const first = firstIndex.get(entry.id);
        if (first === undefined) firstIndex.set(entry.id, index);
        else issue([list, index, 'id'], `${list}[${index}].id "${entry.id}" duplicates ${list}[${first}].id`);
      });
    }
  });

export type LocateProblem = z.output<typeof locateProblemSchema>;
export type LocateProblemInput = z.input<typeof locateProblemSchema>;

export type LocateStatus = 'optimal' | 'time_limit' | 'infeasible' | 'error';

export interface LocateResult {
  status: LocateStatus;
  /** p-median: total weighted cost; mclp: covered weight. */
  objective: number;
  open: string[];
  /** Every demand id mapped to its nearest open site id. */
  assign: Record<string, string>;
  /** Relative optimality gap of the returned plan; null when unknown. */
  gap: number | null;
  solveMs: number;
}

export interface LocateOptions {
  /** Wall-clock limit for the MIP, seconds (default 30). */
  timeLimitSeconds?: number;
  /** Relative gap at which the MIP may stop (default 1e-6: small instances are solved exactly). */
  mipRelGap?: number;
}

export interface ValidationError {
  /** Dotted path with indices, e.g. "demand[2].weight". */
  path: string;
  message: string;
}

export type LocateValidation = { ok: true; problem: LocateProblem } | { ok: false; errors: ValidationError[] };

/** Validates untrusted JSON; each error message names the field it concerns. */
export function validateLocateProblem(json: unknown): LocateValidation {
  const parsed = locateProblemSchema.safeParse(json);
  if (parsed.success) return { ok: true, problem: parsed.data };
  const errors = parsed.error.issues.map((issue) => {
    const path = formatPath(issue.path);
    const message = path === '' || issue.message.startsWith(path) ? issue.message : `${path}: ${issue.message}`;
    return { path, message };
  });
  return { ok: false, errors };
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === 'number') return `${text}[${key}]`;
    return text === '' ? String(key) : `${text}.${String(key)}`;
  }, '');
}
