/** A three-route router over the History API: `/`, `/new`, `/batches/{id}`. */
import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

const listeners = new Set<() => void>();
const subscribe = (fn: () => void) => {
  listeners.add(fn);
  window.addEventListener('popstate', fn);
  return () => {
    listeners.delete(fn);
    window.removeEventListener('popstate', fn);
  };
};

/** Goes to a path inside the app without reloading. */
export function navigate(to: string): void {
  history.pushState(null, '', to);
  for (const fn of listeners) fn();
  window.scrollTo(0, 0);
}

/** The current path, re-rendering on navigation. */
export function usePath(): string {
  return useSyncExternalStore(subscribe, () => location.pathname);
}

/** A route the app knows, or `notFound`. */
export type Route = { name: 'list' } | { name: 'new' } | { name: 'batch'; id: string } | { name: 'notFound' };

/** Parses a path into a route. */
export function matchRoute(path: string): Route {
  if (path === '/') return { name: 'list' };
  if (path === '/new') return { name: 'new' };
  const m = /^\/batches\/([^/]+)$/.exec(path);
  if (m) return { name: 'batch', id: decodeURIComponent(m[1]!) };
  return { name: 'notFound' };
}

/** An anchor that navigates inside the app (a modified click still opens a new tab). */
export function Link(props: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    props.onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(props.href);
  };
  return <a {...props} onClick={onClick} />;
}
