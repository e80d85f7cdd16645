// The screens of the app. Add a screen by adding a row; rows with `nav` appear in the header.
// A page component receives the route's `params` (e.g. `{ communityCode }`).
import type { RouteDef } from './lib/router.svelte';

export const defaultPath = '/map';

/** Where a role lands when the address names no screen: grid workers start on 查楼 in their own cells. */
export const landingPaths: Partial<Record<string, string>> = { worker: '/lookup' };

/** At phone width these nav screens are the bottom tabs, in this order; the others sit under 更多. */
export const phoneTabs = ['/lookup', '/coverage', '/map'];

/** Screens that cannot be used on a phone: they say so and point to the phone screens instead. */
export const largeScreenOnly = ['/grid/:communityCode'];

export const routes: RouteDef[] = [
  { path: '/map', load: () => import('./pages/MapPage.svelte'), nav: { label: 'nav.map' } },
  { path: '/grid', load: () => import('./pages/GridEditorPage.svelte'), nav: { label: 'nav.grid' } },
  { path: '/grid/:communityCode', load: () => import('./pages/GridEditorPage.svelte') },
  { path: '/facility', load: () => import('./pages/FacilityPage.svelte'), nav: { label: 'nav.facility' } },
  { path: '/lookup', load: () => import('./pages/LookupPage.svelte'), nav: { label: 'nav.lookup' } },
  { path: '/lookup/:code', load: () => import('./pages/LookupPage.svelte') },
  { path: '/coverage', load: () => import('./pages/responsibility/CoveragePage.svelte'), nav: { label: 'nav.coverage' } },
  { path: '/coverage/:communityCode', load: () => import('./pages/responsibility/CoveragePage.svelte') },
  { path: '/responsibility/:communityCode', load: () => import('./pages/responsibility/RegistersPage.svelte') },
  { path: '/scorecard', load: () => import('./pages/ScorecardPage.svelte'), nav: { label: 'scorecard.nav' } },
  { path: '/scorecard/:communityCode', load: () => import('./pages/ScorecardPage.svelte') },
  { path: '/grading', load: () => import('./pages/GradingPage.svelte'), nav: { label: 'grading.nav' } },
  { path: '/roster', load: () => import('./pages/RosterPage.svelte') },
  { path: '/roster/:communityCode', load: () => import('./pages/RosterPage.svelte') },
  { path: '/disputes', load: () => import('./pages/DisputesPage.svelte'), nav: { label: 'disputes.nav' } },
  { path: '/disputes/:id', load: () => import('./pages/DisputesPage.svelte') },
  { path: '/public/:code', load: () => import('./pages/PublicCommunityPage.svelte') },
  { path: '/import', load: () => import('./pages/ImportPage.svelte'), nav: { label: 'importScreen.nav', roles: ['admin', 'planner'] } },
  { path: '/admin', load: () => import('./pages/AdminPage.svelte'), nav: { label: 'nav.admin', roles: ['admin'] } },
];

/** True when a screen with this exact pattern exists, e.g. `hasRoute('/grid/:communityCode')`. */
export function hasRoute(pattern: string): boolean {
  return routes.some((route) => route.path === pattern);
}
