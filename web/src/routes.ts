// The screens of the app. Add a screen by adding a row; rows with `nav` appear in the header.
// A page component receives the route's `params` (e.g. `{ communityCode }`).
import type { RouteDef } from './lib/router.svelte';

export const defaultPath = '/map';

export const routes: RouteDef[] = [
  { path: '/map', load: () => import('./pages/MapPage.svelte'), nav: { label: 'nav.map' } },
  { path: '/facility', load: () => import('./pages/FacilityPage.svelte'), nav: { label: 'nav.facility' } },
];

/** True when a screen with this exact pattern exists, e.g. `hasRoute('/grid/:communityCode')`. */
export function hasRoute(pattern: string): boolean {
  return routes.some((route) => route.path === pattern);
}
