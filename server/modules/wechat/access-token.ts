import { WechatToken } from './token.model';
import { WeChatApiError } from './wechat.errors';

export interface FetchedToken {
  accessToken: string;
  expiresIn: number;
}

export interface AccessTokenOptions {
  /** Asks WeChat for a token; `force` replaces a token WeChat still considers valid (after 40001). */
  fetch: (appId: string, force: boolean) => Promise<FetchedToken>;
  /** Refresh this long before WeChat's expiry, so no call goes out with a token about to lapse. */
  refreshMarginMs?: number;
  /** How long one instance may hold the right to fetch before another may take over. */
  leaseMs?: number;
  /** How often a waiting instance looks for the token another one is fetching. */
  pollMs?: number;
  now?: () => number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The access token of each appId, cached in MongoDB for all instances and refreshed single-flight: within an
 * instance concurrent callers share one promise; across instances a lease (a conditional update) lets one fetch
 * while the others wait for its result.
 */
export function createAccessTokenCache(options: AccessTokenOptions) {
  const margin = options.refreshMarginMs ?? 5 * 60_000;
  const leaseMs = options.leaseMs ?? 10_000;
  const pollMs = options.pollMs ?? 100;
  const now = options.now ?? Date.now;
  const inFlight = new Map<string, Promise<string>>();

  const fresh = (doc: { accessToken: string | null; expiresAt: Date | null } | null) =>
    doc?.accessToken && doc.expiresAt && doc.expiresAt.getTime() - margin > now() ? doc.accessToken : null;

  /** Takes the lease when nobody holds it; 11000 means another instance created the record meanwhile. */
  async function takeLease(appId: string): Promise<boolean> {
    const current = new Date(now());
    try {
      const taken = await WechatToken.findOneAndUpdate(
        { _id: appId, $or: [{ leaseUntil: null }, { leaseUntil: { $lt: current } }] },
        { $set: { leaseUntil: new Date(now() + leaseMs) } },
        { upsert: true, new: true },
      ).lean();
      return Boolean(taken);
    } catch (error) {
      if ((error as { code?: number }).code === 11000) return false;
      throw error;
    }
  }

  async function refresh(appId: string, force: boolean): Promise<string> {
    const deadline = now() + leaseMs * 3;
    while (now() < deadline) {
      const doc = await WechatToken.findById(appId).lean();
      const token = force ? null : fresh(doc);
      if (token) return token;
      if (await takeLease(appId)) {
        try {
          const fetched = await options.fetch(appId, force);
          await WechatToken.updateOne(
            { _id: appId },
            { $set: { accessToken: fetched.accessToken, expiresAt: new Date(now() + fetched.expiresIn * 1000), leaseUntil: null } },
          );
          return fetched.accessToken;
        } catch (error) {
          await WechatToken.updateOne({ _id: appId }, { $set: { leaseUntil: null } });
          throw error;
        }
      }
      force = false; // someone else is fetching: their token is the new one
      await sleep(pollMs);
    }
    throw new WeChatApiError(-1, 'timed out waiting for another instance to fetch the access token', 'access_token');
  }

  function singleFlight(appId: string, force: boolean): Promise<string> {
    let pending = inFlight.get(appId);
    if (!pending) {
      pending = refresh(appId, force).finally(() => inFlight.delete(appId));
      inFlight.set(appId, pending);
    }
    return pending;
  }

  return {
    /** A token valid for at least the refresh margin. */
    async get(appId: string): Promise<string> {
      const token = fresh(await WechatToken.findById(appId).lean());
      return token ?? singleFlight(appId, false);
    },
    /**
     * WeChat refused `rejected` (40001/42001): replace it, unless another caller already did, in which case the
     * newer token is the answer.
     */
    async renew(appId: string, rejected: string): Promise<string> {
      const doc = await WechatToken.findById(appId).lean();
      if (doc?.accessToken && doc.accessToken !== rejected && fresh(doc)) return doc.accessToken;
      await WechatToken.updateOne({ _id: appId, accessToken: rejected }, { $set: { expiresAt: new Date(0) } });
      return singleFlight(appId, true);
    },
  };
}

export type AccessTokenCache = ReturnType<typeof createAccessTokenCache>;
