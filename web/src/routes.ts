// The screens of the app. Add a screen by adding a row; rows with `nav` appear in the header.
// A page component receives the route's `params` (e.g. `{ communityCode }`).
import type { RouteDef } from './lib/router.svelte';

export const defaultPath = '/map';

export const routes: RouteDef[] = [
  { path: '/map', load: () => import('./pages/MapPage.svelte'), nav: { label: 'nav.map' } },
];
