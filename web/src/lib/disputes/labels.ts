// Screen words for the register's vocabularies, in the active language.
import { t } from '../i18n/index.svelte';
import type { DisputeStatus } from '$contract/disputes';

export const KINDS = ['dispute', 'hazard'] as const;
export const CATEGORIES = {
  dispute: ['neighbour', 'family', 'property_management', 'labour', 'land_housing', 'other'],
  hazard: ['fire', 'structural', 'public_order', 'sanitation', 'other'],
} as const;
export const STATUSES: DisputeStatus[] = ['reported', 'accepted', 'mediating', 'resolved', 'failed', 'referred'];
type Category = (typeof CATEGORIES)[keyof typeof CATEGORIES][number];

export const kindText = (kind: (typeof KINDS)[number]) => t(`disputes.kind.${kind}`);
export const categoryText = (category: string) => t(`disputes.category.${category as Category}`);
const HAZARD_WORDS = ['mediating', 'resolved', 'failed'] as const;
/** A hazard is made safe, not mediated: its middle and end statuses read differently. */
export const statusText = (status: DisputeStatus, kind: (typeof KINDS)[number] = 'dispute') =>
  kind === 'hazard' && (HAZARD_WORDS as readonly string[]).includes(status)
    ? t(`disputes.status.hazard.${status as (typeof HAZARD_WORDS)[number]}`)
    : t(`disputes.status.${status}`);

/** `2026-12-04T08:00:00Z` → `2026-12-04` (the date is what a case list needs). */
export const day = (iso: string) => iso.slice(0, 10);

/** A rate as a percentage, `–` when there is none. */
export const percent = (rate: number | null) => (rate === null ? '–' : `${Math.round(rate * 1000) / 10}%`);
