import { Suspense } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { preloadable } from './preloadable';

function Greeting({ name }: { name: string }) {
  return <p>Hello {name}</p>;
}

const inSuspense = (node: React.ReactNode) => renderToStaticMarkup(<Suspense fallback={<i>loading</i>}>{node}</Suspense>);

describe('preloadable', () => {
  it('suspends while its chunk is not here, and renders at once, without the fallback, once preloaded', async () => {
    let loads = 0;
    const part = preloadable(() => {
      loads++;
      return Promise.resolve(Greeting);
    });
    expect(inSuspense(<part.Component name="Lena" />)).toBe('<i>loading</i>');
    await part.preload();
    expect(inSuspense(<part.Component name="Lena" />)).toBe('<p>Hello Lena</p>');
    await part.preload();
    expect(loads).toBe(1);
  });

  it('a chunk that fails to load rejects preload with the loader error, every time, without loading again', async () => {
    let loads = 0;
    const part = preloadable<{ name: string }>(() => {
      loads++;
      return Promise.reject(new Error('chunk missing'));
    });
    await expect(part.preload()).rejects.toThrow('chunk missing');
    await expect(part.preload()).rejects.toThrow('chunk missing');
    expect(loads).toBe(1);
  });
});
