/**
 * The floor under any first screen in this Chromium on this machine: a fresh page whose whole
 * content is one module script that adds a row, served over loopback HTTP as the inbox is. The
 * time from navigation to its first paint is what a page costs before any of our code, styles or
 * calls: the inbox's "first row painted after navigation" can only ever be this much lower.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { median } from './stats';

const PAGE = '<!doctype html><html><head><script type="module" src="/row.js"></script></head><body><div id="root"></div></body></html>';
const SCRIPT = "const row = document.createElement('div'); row.textContent = 'row'; document.getElementById('root').append(row);";

/** First paint of the bare page in `rounds` fresh pages (same viewport as the inbox's): each round and the median, ms after navigation. */
export async function barePageFirstPaint(browser: Browser, rounds = 5): Promise<{ medianMs: number; roundsMs: number[] }> {
  const server = http.createServer((req, res) => {
    const script = req.url === '/row.js';
    res.writeHead(200, { 'content-type': script ? 'text/javascript' : 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(script ? SCRIPT : PAGE);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const roundsMs: number[] = [];
  try {
    for (let i = 0; i < rounds; i++) {
      const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
      try {
        await page.goto(`http://127.0.0.1:${port}/`);
        // Paint timing, read inside the page: the first frame with the row in it.
        const paint = await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime, undefined, { timeout: 10_000 });
        roundsMs.push(Math.round(Number(await paint.jsonValue())));
      } finally {
        await page.close();
      }
    }
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  return { medianMs: median(roundsMs), roundsMs };
}
