// The navigation entries a user sees, shared by the header (wide screens) and the phone tab bar.
import { t } from './i18n/index.svelte';
import { matchPath, router, type RouteDef } from './router.svelte';
import { session } from './session.svelte';

export interface NavItem {
  /** The route pattern, e.g. `/lookup`. */
  path: string;
  target: string;
  label: string;
  active: boolean;
}

/** The nav rows of the route table this user may see, with the current screen marked. */
export function navItems(routes: RouteDef[]): NavItem[] {
  return routes
    .filter((route) => route.nav && (!route.nav.roles || route.nav.roles.includes(session.user?.role ?? '')))
    .map((route) => ({
      path: route.path,
      target: route.nav?.href ?? route.path,
      label: t(route.nav!.label),
      active: isActive(route.path, routes),
    }));
}

/** A nav entry is active on its own screen and on the sub-screens that share its first segment (`/grid/:code`). */
function isActive(path: string, routes: RouteDef[]): boolean {
  if (matchPath(path, router.path) !== null) return true;
  const current = routes.find((route) => matchPath(route.path, router.path) !== null);
  return !!current && !current.nav && current.path.split('/')[1] === path.split('/')[1];
}
