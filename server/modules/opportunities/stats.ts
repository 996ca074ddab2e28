import { Types } from 'mongoose';
import type { OpportunityStats } from '../../../types/opportunities';
import { statsQuery } from '../../../types/opportunities';
import { Opportunity, SalesProcess, type SalesProcessDoc } from './opportunity.model';
import { opportunities } from './opportunities.policy';

interface Group {
  _id: { process: Types.ObjectId; state: string; stage: number; reached: number; month: string | null };
  count: number;
  amount: number;
}

/**
 * The funnel, win rate and amount by stage and the weighted forecast by month, over the opportunities the caller may
 * see (and the filters), in one pass: one $group by process, state, stage, furthest stage and close month, which the
 * rest is summed from. Figures are read against one process (the chosen one, else the most used), newest version.
 */
export async function opportunityStats(query: ReturnType<typeof statsQuery.parse>): Promise<OpportunityStats> {
  const filter: Record<string, unknown> = { state: { $ne: 'rejected' } };
  if (query.partnerId) filter.partnerId = new Types.ObjectId(query.partnerId);
  if (query.levelId) filter.partnerLevelId = new Types.ObjectId(query.levelId);
  if (query.ownerId) filter.ownerId = new Types.ObjectId(query.ownerId);
  if (query.processId) filter['process.id'] = new Types.ObjectId(query.processId);
  const groups = await Opportunity.aggregate<Group>([
    { $match: await opportunities.scope(filter) },
    {
      $group: {
        _id: { process: '$process.id', state: '$state', stage: '$stageIndex', reached: '$reachedIndex', month: '$closeMonth' },
        count: { $sum: 1 },
        amount: { $sum: '$amount' },
      },
    },
  ]);
  const byProcess = new Map<string, number>();
  for (const g of groups) byProcess.set(String(g._id.process), (byProcess.get(String(g._id.process)) ?? 0) + g.count);
  const processId = query.processId ?? [...byProcess].sort((a, b) => b[1] - a[1])[0]?.[0];
  const process = processId ? await SalesProcess.findOne({ _id: new Types.ObjectId(processId) }).lean<SalesProcessDoc>() : null;
  const stages = process?.stages ?? [];
  const mine = groups.filter((g) => String(g._id.process) === processId);
  const last = Math.max(0, stages.length - 1);
  const at = (index: number) => Math.min(index, last);

  const figures = stages.map((s) => ({ key: s.key, name: s.name, probability: s.probability, reached: 0, open: 0, openAmount: 0, won: 0, closed: 0 }));
  const months = new Map<string, { amount: number; weighted: number; count: number }>();
  const totals = { open: 0, won: 0, lost: 0, openAmount: 0, wonAmount: 0 };
  for (const g of mine) {
    const { state, stage, reached, month } = g._id;
    for (let i = 0; i <= at(reached) && i < figures.length; i++) {
      figures[i].reached += g.count;
      if (state === 'won' || state === 'lost') {
        figures[i].closed += g.count;
        if (state === 'won') figures[i].won += g.count;
      }
    }
    if (state === 'open') {
      const here = figures[at(stage)];
      if (here) {
        here.open += g.count;
        here.openAmount += g.amount;
      }
      totals.open += g.count;
      totals.openAmount += g.amount;
      const key = month ?? 'unscheduled';
      const entry = months.get(key) ?? { amount: 0, weighted: 0, count: 0 };
      entry.amount += g.amount;
      // Fen stay whole: each group's weighted amount is rounded once.
      entry.weighted += Math.round((g.amount * (stages[at(stage)]?.probability ?? 0)) / 100);
      entry.count += g.count;
      months.set(key, entry);
    } else if (state === 'won') {
      totals.won += g.count;
      totals.wonAmount += g.amount;
    } else if (state === 'lost') totals.lost += g.count;
  }
  return {
    stages: figures.map(({ won, closed, ...f }) => ({ ...f, winRate: closed ? Math.round((won / closed) * 1000) / 1000 : null })),
    forecast: [...months].sort((a, b) => a[0].localeCompare(b[0])).map(([month, f]) => ({ month, ...f })),
    totals,
  };
}
