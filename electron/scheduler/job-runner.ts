/**
 * Runs the background jobs on node-schedule while the app is open. Every job is an idempotent
 * function `(now) => …`; the trigger only calls it, so tests drive jobs directly on a FakeClock.
 * A job never overlaps itself; its last run is kept in job_state so it survives restarts.
 */
import schedule from 'node-schedule';
import type { AppDb } from '../db/database';
import type { Clock } from '../foundation/clock';
import type { Logger } from '../foundation/logger';
import { readJobState, writeJobState } from '../repos/job-state-repo';

export interface Job {
  name: string;
  /** A node-schedule cron spec with seconds, e.g. every 20 seconds: `*\/20 * * * * *`. */
  cron: string;
  /** Also run once when the runner starts (catch-up after the app was closed). */
  atStart?: boolean;
  run(now: number): unknown;
}

export class JobRunner {
  private readonly jobs = new Map<string, Job>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly scheduled: schedule.Job[] = [];
  private readonly wakeups = new Map<string, schedule.Job>();
  private stopped = true;

  constructor(
    private readonly db: AppDb,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  add(job: Job): void {
    this.jobs.set(job.name, job);
  }

  lastRunAt(name: string): number | null {
    return readJobState(this.db, `job:${name}`)?.lastRunAt ?? null;
  }

  /** Runs one job now (skipped, returning the running promise, if it is already running). */
  runNow(name: string): Promise<void> {
    const job = this.jobs.get(name);
    if (!job) return Promise.reject(new Error(`unknown job ${name}`));
    const current = this.running.get(name);
    if (current) return current;
    const run = (async () => {
      const now = this.clock.now();
      try {
        await job.run(now);
        if (this.db.$client.open) writeJobState(this.db, `job:${name}`, { lastRunAt: now }, now);
      } catch (error) {
        this.logger.error('background job failed', { job: name, error });
      } finally {
        this.running.delete(name);
      }
    })();
    this.running.set(name, run);
    return run;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    for (const job of this.jobs.values()) {
      this.scheduled.push(schedule.scheduleJob(`frontdesk:${job.name}`, job.cron, () => void this.runNow(job.name)));
      if (job.atStart) void this.runNow(job.name);
    }
    this.logger.info('background jobs started', { jobs: [...this.jobs.keys()] });
  }

  /** Runs a job once at an instant (a wake-up at the next due time); replaces an earlier wake-up for it. */
  wakeAt(name: string, at: number): void {
    if (this.stopped) return;
    this.wakeups.get(name)?.cancel();
    const when = new Date(Math.max(at, this.clock.now() + 1000));
    const job = schedule.scheduleJob(when, () => {
      this.wakeups.delete(name);
      void this.runNow(name);
    });
    if (job) this.wakeups.set(name, job);
  }

  /** Stops the triggers and waits for jobs that are running to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const job of this.scheduled.splice(0)) job.cancel();
    for (const job of this.wakeups.values()) job.cancel();
    this.wakeups.clear();
    await Promise.all([...this.running.values()]);
  }
}
