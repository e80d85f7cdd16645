// A small hash router: `#/map`, `#/grid/321012100006`. The route table lives in src/routes.ts.
import type { Component } from 'svelte';
import type { MessageKey } from './i18n/index.svelte';

export interface RouteDef {
  /** Pattern with `:name` segments, e.g. `/grid/:communityCode`. */
  path: string;
  /** Lazy loader so heavy screens (MapLibre) are split from phone-first ones. */
  load: () => Promise<{ default: Component<{ params: Record<string, string> }> }>;
  /** Listed in the header nav when set; `href` defaults to `path`; `roles` limits who sees it. */
  nav?: { label: MessageKey; href?: string; roles?: string[] };
}

export interface RouteMatch {
  route: RouteDef;
  params: Record<string, string>;
}

function currentPath(): string {
  const hash = window.location.hash.replace(/^#/, '');
  return hash.startsWith('/') ? hash.split('?')[0] : '';
}

let path = $state(currentPath());
window.addEventListener('hashchange', () => {
  path = currentPath();
});

/** Match a path against a pattern; returns its params or null. */
export function matchPath(pattern: string, candidate: string): Record<string, string> | null {
  const want = pattern.split('/').filter(Boolean);
  const have = candidate.split('/').filter(Boolean);
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith(':')) params[want[i].slice(1)] = decodeURIComponent(have[i]);
    else if (want[i] !== have[i]) return null;
  }
  return params;
}

export const router = {
  /** The current hash path, e.g. `/map`; empty when the hash holds no route. */
  get path(): string {
    return path;
  },
  match(routes: RouteDef[]): RouteMatch | null {
    for (const route of routes) {
      const params = matchPath(route.path, path);
      if (params) return { route, params };
    }
    return null;
  },
  /** Navigate to a path such as `/grid/321012100006`. */
  go(to: string): void {
    window.location.hash = '#' + to;
  },
  /** Replace the current entry (used for the default redirect). */
  replace(to: string): void {
    history.replaceState(history.state, '', '#' + to);
    path = currentPath();
  },
};

/** The href for a link to a route path. */
export function href(to: string): string {
  return '#' + to;
}
