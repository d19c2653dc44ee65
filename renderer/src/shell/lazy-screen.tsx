/** A screen loaded on first use (its own chunk), with a spinner while the chunk arrives. */
import { NonIdealState, Spinner } from '@blueprintjs/core';
import { lazy, Suspense, type ComponentType } from 'react';

export function lazyScreen<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  const Lazy = lazy(async () => ({ default: await load() }));
  return function LazyScreen(props: P) {
    return (
      <Suspense fallback={<NonIdealState icon={<Spinner />} title="Opening…" />}>
        <Lazy {...props} />
      </Suspense>
    );
  };
}
