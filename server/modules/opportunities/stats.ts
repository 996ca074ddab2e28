import { Types } from 'mongoose';
import type { OpportunityStats } from '../../../types/opportunities';
import { statsQuery } from '../../../types/opportunities';
import { Opportunity, SalesProcess, type SalesProcessDoc } from './opportunity.model';
import { opportunities } from './opportunities.policy';

interface Group {
  _id: { process: Types.ObjectId; version: number; state: string; stage: number; reached: number; month: string | null };
  count: number;
  amount: number;
}

/**
 * The funnel, win rate and amount by stage and the weighted forecast by month, over the opportunities the caller may
 * see (and the filters; filings still pending are not yet in the pipeline), in one pass: one $group by process
 * version, state, stage, furthest stage and close month, which the rest is summed from. Every opportunity is read
 * against its own version of its process: its stage's probability weights the forecast, and its stages are matched
 * to the figures' stages by key. The funnel and stage figures are those of one process (the chosen one, else the
 * most used), in its newest version's stages; the forecast and totals cover every process.
 */
export async function opportunityStats(query: ReturnType<typeof statsQuery.parse>): Promise<OpportunityStats> {
  const filter: Record<string, unknown> = { state: { $in: ['open', 'won', 'lost'] } };
  if (query.partnerId) filter.partnerId = new Types.ObjectId(query.partnerId);
  if (query.levelId) filter.partnerLevelId = new Types.ObjectId(query.levelId);
  if (query.ownerId) filter.ownerId = new Types.ObjectId(query.ownerId);
  if (query.processId) filter['process.id'] = new Types.ObjectId(query.processId);
  const groups = await Opportunity.aggregate<Group>([
    { $match: await opportunities.scope(filter) },
    {
      $group: {
        _id: { process: '$process.id', version: '$process.version', state: '$state', stage: '$stageIndex', reached: '$reachedIndex', month: '$closeMonth' },
        count: { $sum: 1 },
        amount: { $sum: '$amount' },
      },
    },
  ]);
  // Each version's stages, from one opportunity that carries it (a handful of versions, each an indexed read).
  const versionKey = (g: Group) => `${String(g._id.process)}@${g._id.version}`;
  const versions = new Map<string, { key: string; probability: number }[]>();
  for (const g of groups) {
    if (versions.has(versionKey(g))) continue;
    const one = await Opportunity.findOne({ 'process.id': g._id.process, 'process.version': g._id.version }, { 'process.stages': 1 }).lean();
    versions.set(versionKey(g), (one?.process.stages ?? []).map((st) => ({ key: st.key, probability: st.probability })));
  }
  const byProcess = new Map<string, number>();
  for (const g of groups) byProcess.set(String(g._id.process), (byProcess.get(String(g._id.process)) ?? 0) + g.count);
  const processId = query.processId ?? [...byProcess].sort((a, b) => b[1] - a[1])[0]?.[0];
  const process = processId ? await SalesProcess.findOne({ _id: new Types.ObjectId(processId) }).lean<SalesProcessDoc>() : null;
  const figures = (process?.stages ?? []).map((st) => ({ key: st.key, name: st.name, probability: st.probability, reached: 0, open: 0, openAmount: 0, won: 0, closed: 0 }));
  const figureOf = new Map(figures.map((f) => [f.key, f]));

  // Weighted sums stay whole fen × percent until each month is divided once.
  const months = new Map<string, { amount: number; weightedPercent: number; count: number }>();
  const totals = { open: 0, won: 0, lost: 0, openAmount: 0, wonAmount: 0 };
  for (const g of groups) {
    const { state, stage, reached, month } = g._id;
    const stages = versions.get(versionKey(g)) ?? [];
    if (String(g._id.process) === processId) {
      for (const st of stages.slice(0, reached + 1)) {
        const f = figureOf.get(st.key);
        if (!f) continue;
        f.reached += g.count;
        if (state !== 'open') f.closed += g.count;
        if (state === 'won') f.won += g.count;
      }
      const here = stages[stage] ? figureOf.get(stages[stage].key) : undefined;
      if (state === 'open' && here) {
        here.open += g.count;
        here.openAmount += g.amount;
      }
    }
    if (state === 'open') {
      totals.open += g.count;
      totals.openAmount += g.amount;
      const entry = months.get(month ?? 'unscheduled') ?? { amount: 0, weightedPercent: 0, count: 0 };
      entry.amount += g.amount;
      entry.weightedPercent += g.amount * (stages[stage]?.probability ?? 0);
      entry.count += g.count;
      months.set(month ?? 'unscheduled', entry);
    } else if (state === 'won') {
      totals.won += g.count;
      totals.wonAmount += g.amount;
    } else totals.lost += g.count;
  }
  return {
    stages: figures.map(({ won, closed, ...f }) => ({ ...f, winRate: closed ? Math.round((won / closed) * 1000) / 1000 : null })),
    forecast: [...months].sort((a, b) => a[0].localeCompare(b[0])).map(([month, f]) => ({ month, amount: f.amount, weighted: Math.round(f.weightedPercent / 100), count: f.count })),
    totals,
  };
}
