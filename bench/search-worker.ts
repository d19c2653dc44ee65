/**
 * A worker thread for bench/search.bench.ts that runs the search SQL of search-queries.ts on its
 * own connection to the benchmark database, as the core thread would, and answers with the time
 * each query took inside the worker.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import * as schema from '../electron/db/schema';
import type { AppDb } from '../electron/db/database';
import { newestMatches, prepareSearch, searchConversationIds, searchMessages } from '../electron/repos/search-queries';

export type SearchShape = 'conversations' | 'newest' | 'ranked';
export interface SearchRequest {
  shape: SearchShape;
  text: string;
}

const port = parentPort;
if (!port) throw new Error('search-worker runs as a worker thread');
const sqlite = new Database((workerData as { file: string }).file, { readonly: true });
const db = drizzle(sqlite, { schema }) as AppDb;

function run({ shape, text }: SearchRequest): number {
  if (shape === 'conversations') {
    const search = prepareSearch(db, text);
    if (!search) return 0;
    const ids = searchConversationIds(db, search, 50);
    newestMatches(db, ids, search);
    return ids.length;
  }
  return searchMessages(db, text, { order: shape, limit: 50 }).length;
}

port.on('message', (request: SearchRequest) => {
  const started = performance.now();
  const hits = run(request);
  port.postMessage({ ms: performance.now() - started, hits });
});
