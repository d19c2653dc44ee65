/**
 * A lazily loaded component that renders at once when its chunk is already here.
 *
 * `React.lazy` calls its loader only on its first render and suspends until the promise settles,
 * even when the module was fetched long before: the part then mounts a commit later, in the same
 * commit as whatever opened it (a thread's first open paid 50–120 ms for the composer and the
 * context panel this way). Here `preload` starts the load and remembers the component, and a
 * part mounted after that renders it directly. Each mount keeps the component it started with,
 * so a part that did suspend is never swapped (and its state lost) when the chunk arrives.
 */
import { lazy, useState, type ComponentType, type ReactElement } from 'react';

export interface Preloadable<P extends object> {
  Component: (props: P) => ReactElement;
  /** Starts loading the chunk (once); settles when the component is ready or failed to load. */
  preload: () => Promise<ComponentType<P>>;
}

export function preloadable<P extends object>(load: () => Promise<ComponentType<P>>): Preloadable<P> {
  let ready: ComponentType<P> | null = null;
  let pending: Promise<ComponentType<P>> | null = null;
  const preload = () =>
    (pending ??= load().then((component) => {
      ready = component;
      return component;
    }));
  const Lazy = lazy(() => preload().then((component) => ({ default: component })));
  function Component(props: P): ReactElement {
    const [Chosen] = useState<ComponentType<P>>(() => ready ?? Lazy);
    return <Chosen {...props} />;
  }
  return { Component, preload };
}
