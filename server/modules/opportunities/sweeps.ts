import type { Types } from 'mongoose';
import { runAsSystem } from '../../core/context';
import type { Logger } from '../../core/logger';
import { Partner } from '../partners';
import { raise } from '../todos';
import { Opportunity, type OpportunityDoc } from './opportunity.model';
import { opportunityLink, recordEvent } from './opportunities.service';

const BATCH = 200;
const hex = (id: Types.ObjectId) => id.toHexString();

/**
 * Registrations whose protection ran out: each is marked lapsed by one conditional update (so two servers, or a
 * rerun, tell people once), and its owner and the partner's channel manager are told.
 */
export async function lapseProtections(logger: Logger): Promise<number> {
  const due = (await Opportunity.collection.find({ state: 'open', lapsedAt: null, protectedUntil: { $lte: new Date() } }, { limit: BATCH }).toArray()) as OpportunityDoc[];
  for (const doc of due) {
    await runAsSystem(hex(doc.tenantId), async () => {
      // Tell first (raising is idempotent by its source key), then mark: a failure in between is told again, never lost.
      const manager = doc.partnerId ? (await Partner.findOne({ _id: doc.partnerId }, { channelManagerId: 1 }).lean())?.channelManagerId : null;
      const day = doc.protectedUntil!.toISOString().slice(0, 10);
      await raise([doc.ownerId, ...(manager ? [manager] : [])].map((userId) => ({
        userId,
        category: 'notice' as const,
        kind: 'opportunity_lapsed',
        noticeKind: 'notice' as const,
        sourceKey: `opportunity-lapsed:${hex(doc._id)}:${day}`,
        title: `商机报备保护已到期：${doc.name}`,
        body: `${doc.accountName} 的报备保护已于 ${day} 到期，如仍在跟进请联系渠道经理延期`,
        link: opportunityLink(doc._id),
      })));
      const lapsed = await Opportunity.findOneAndUpdate({ _id: doc._id, state: 'open', lapsedAt: null, protectedUntil: doc.protectedUntil }, { $set: { lapsedAt: new Date() } }, { new: true }).lean<OpportunityDoc>();
      if (!lapsed) return;
      await recordEvent(lapsed, 'protection_lapsed', { text: day });
    }).catch((error: unknown) => logger.error({ err: error, opportunityId: hex(doc._id) }, 'opportunities: lapse step failed'));
  }
  return due.length;
}
