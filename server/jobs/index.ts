import { MongoBackend } from '@agendajs/mongo-backend';
import { Agenda } from 'agenda';
import mongoose from 'mongoose';
import type { Logger } from '../core/logger';
import { runAsSystem } from '../core/context';
import { settleCounts } from '../core/holdings';
import { accountHoldings, sweepAccounts } from '../modules/accounts';
import { finishStaleTransitions } from '../modules/approvals';
import { leadHoldings, onImportQueued, runQueuedImports, sweepLeads } from '../modules/leads';
import { lapseProtections } from '../modules/opportunities';
import { announceOwedOrders } from '../modules/orders';
import { Tenant } from '../modules/tenants/tenant.model';
import { onDeliveryQueued, type Outbox } from '../modules/todos';

export interface JobOptions {
  logger: Logger;
  outbox: Outbox;
  /** How often a server looks for due jobs (Agenda's processEvery). */
  pollMs?: number;
  /** The regular outbox round, which picks up anything a kick missed (another server's items, after a restart). */
  outboxEveryMs?: number;
  /**
   * How long a job run holds its lock. A run that takes longer is presumed dead and retried elsewhere, so the
   * outbox works in rounds of a third of it. (Agenda also keeps a watchdog timer of half of it after each run,
   * which keeps a process alive that long after stop(): tests shorten it.)
   */
  lockLifetimeMs?: number;
}

export const JOBS = { outbox: 'outbox.deliver', outboxKick: 'outbox.kick', approvalTransitions: 'approvals.finish', leads: 'leads.sweep', imports: 'leads.import', importKick: 'leads.import.kick', accounts: 'accounts.sweep', opportunities: 'opportunities.lapse', orders: 'orders.announce', holdings: 'holdings.recount' } as const;

/**
 * The server's background work on Agenda, stored in MongoDB beside the data, so it survives restarts and any number
 * of servers share it (Agenda locks each job run; the work inside is claimed item by item as well).
 */
export function createJobs(options: JobOptions) {
  const lockLifetime = options.lockLifetimeMs ?? 60_000;
  const db = mongoose.connection.db;
  if (!db) throw new Error('createJobs needs a connected mongoose');
  const agenda = new Agenda({
    backend: new MongoBackend({ mongo: db, collection: 'jobs' }),
    processEvery: options.pollMs ?? 1_000,
    defaultLockLifetime: lockLifetime,
  });
  const { logger } = options;
  const outboxEveryMs = options.outboxEveryMs ?? 10_000;

  const outboxRound = async () => {
    const { handled, more } = await options.outbox.drain(lockLifetime / 3);
    if (handled) logger.debug({ handled }, 'outbox round');
    // Work left, or a retry due before the next regular round: another round, now or at its time.
    const next = more ? new Date() : await options.outbox.nextDue();
    if (next) wakeAt(next);
  };
  // The regular round is one recurring job; a kick is a one-off job of its own name, removed once done (a
  // recurring job must not carry removeOnComplete), so kicks never pile up and never wait on a stale lock.
  agenda.define(JOBS.outbox, outboxRound, { concurrency: 1 });
  agenda.define(JOBS.outboxKick, outboxRound, { concurrency: 1, removeOnComplete: true });
  agenda.define(JOBS.approvalTransitions, async () => {
    await finishStaleTransitions(logger);
  }, { concurrency: 1 });
  // Offers running out, recycling, its reminders and planned follow-ups: each lead is one conditional update, so
  // several servers (or a rerun after a crash) act on it once.
  agenda.define(JOBS.leads, async () => {
    const handled = await sweepLeads(logger);
    if (handled) logger.debug({ handled }, 'leads sweep');
  }, { concurrency: 1 });
  // Account recycling and its reminders, one conditional update per account like the leads sweep.
  agenda.define(JOBS.accounts, async () => {
    const handled = await sweepAccounts(logger);
    if (handled) logger.debug({ handled }, 'accounts sweep');
  }, { concurrency: 1 });
  // Deal registrations whose protection ran out: marked once, owner and channel manager told.
  agenda.define(JOBS.opportunities, async () => {
    const handled = await lapseProtections(logger);
    if (handled) logger.debug({ handled }, 'opportunity protections lapsed');
  }, { concurrency: 1 });
  // Order to-dos and notices a stopped request still owes (raising is idempotent, so a rerun raises nothing twice).
  agenda.define(JOBS.orders, async () => {
    const handled = await announceOwedOrders(logger);
    if (handled) logger.info({ handled }, 'order notices raised late');
  }, { concurrency: 1 });
  // Holding counters brought back to what the records hold, tenant by tenant (a difference is corrected only when two
  // recounts in a row find it on an untouched counter, so moves in flight are never "corrected").
  agenda.define(JOBS.holdings, async () => {
    const corrected = await recountHoldings(logger);
    if (corrected) logger.warn({ corrected }, 'holding counters corrected from the records');
  }, { concurrency: 1, lockLifetime: 15 * 60_000 });
  // Imports can outlast the job lock: each is leased by its own heartbeat (imports.ts), so a second run started when
  // the lock lapses finds nothing to take and ends.
  const importRound = async () => {
    const ran = await runQueuedImports(logger);
    if (ran) logger.info({ ran }, 'lead imports finished');
  };
  agenda.define(JOBS.imports, importRound, { concurrency: 1 });
  agenda.define(JOBS.importKick, importRound, { concurrency: 1, removeOnComplete: true });
  agenda.on('error', (error: unknown) => {
    // A kick picked up twice (on save and by the poll) finds its document already removed by the first run:
    // nothing was lost, so it is not an error worth waking anyone for.
    const message = error instanceof Error ? error.message : '';
    if ([JOBS.outboxKick, JOBS.importKick].some((name) => message.includes(`(name: ${name}) cannot be updated`))) logger.debug({ err: error }, 'jobs: kick already done');
    else logger.error({ err: error }, 'jobs: agenda error');
  });

  // New items ask for a round now; while one request is being queued, more items need no second one.
  let kickWaiting = false;
  let started = false;
  const kick = () => {
    if (!started || kickWaiting) return;
    kickWaiting = true;
    agenda
      .now(JOBS.outboxKick)
      .catch((error: unknown) => logger.error({ err: error }, 'jobs: cannot queue an outbox round'))
      .finally(() => {
        kickWaiting = false;
      });
  };

  let wake: NodeJS.Timeout | undefined;
  function wakeAt(at: Date) {
    const delay = Math.max(0, at.getTime() - Date.now());
    if (delay >= outboxEveryMs) return;
    clearTimeout(wake);
    wake = setTimeout(kick, delay);
    wake.unref();
  }

  return {
    async start(): Promise<void> {
      await agenda.start();
      await agenda.every(outboxEveryMs, JOBS.outbox);
      await agenda.every('1 minute', JOBS.approvalTransitions);
      await agenda.every('1 minute', JOBS.leads);
      await agenda.every('1 minute', JOBS.accounts);
      await agenda.every('5 minutes', JOBS.opportunities);
      await agenda.every('1 minute', JOBS.orders);
      await agenda.every('15 minutes', JOBS.holdings);
      await agenda.every('30 seconds', JOBS.imports);
      started = true;
      onDeliveryQueued(kick);
      onImportQueued(() => void agenda.now(JOBS.importKick).catch((error: unknown) => logger.error({ err: error }, 'jobs: cannot queue an import')));
      kick();
    },
    async stop(): Promise<void> {
      started = false;
      clearTimeout(wake);
      onDeliveryQueued(() => undefined);
      onImportQueued(() => undefined);
      await agenda.stop();
    },
  };
}

export type Jobs = ReturnType<typeof createJobs>;

/** Every tenant's lead and account holding counters settled against the records (see `settleCounts`). */
export async function recountHoldings(logger: Logger, now = new Date()): Promise<number> {
  let corrected = 0;
  for (const tenant of await Tenant.collection.find({}, { projection: { _id: 1 } }).toArray()) {
    await runAsSystem(tenant._id.toHexString(), async () => {
      // Each module's records are read just before its counters, and one failing tenant does not stop the rest.
      for (const holdings of [leadHoldings, accountHoldings]) corrected += await settleCounts(await holdings(), now);
    }).catch((error: unknown) => logger.error({ err: error, tenantId: tenant._id.toHexString() }, 'holdings: cannot recount a tenant'));
  }
  return corrected;
}
