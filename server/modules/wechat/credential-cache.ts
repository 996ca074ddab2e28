import { WechatCredential } from './credential.model';
import { WeChatApiError } from './wechat.errors';

export interface FetchedCredential {
  value: string;
  expiresIn: number;
}

export interface CredentialCacheOptions {
  /** Asks WeChat for a new value of the credential `key`; `force` replaces one WeChat still considers valid. */
  fetch: (key: string, force: boolean) => Promise<FetchedCredential>;
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
 * WeChat credentials that expire after two hours (an app's access token, its JSSDK ticket), cached in MongoDB for
 * all instances and refreshed single-flight: within an instance concurrent callers share one promise; across
 * instances a lease (a conditional update) lets one fetch while the others wait for its result.
 */
export function createCredentialCache(options: CredentialCacheOptions) {
  const margin = options.refreshMarginMs ?? 5 * 60_000;
  const leaseMs = options.leaseMs ?? 10_000;
  const pollMs = options.pollMs ?? 100;
  const now = options.now ?? Date.now;
  const inFlight = new Map<string, Promise<string>>();

  const fresh = (doc: { value: string | null; expiresAt: Date | null } | null) =>
    doc?.value && doc.expiresAt && doc.expiresAt.getTime() - margin > now() ? doc.value : null;

  /** Takes the lease when nobody holds it; 11000 means another instance created the record meanwhile. */
  async function takeLease(key: string): Promise<boolean> {
    const current = new Date(now());
    try {
      const taken = await WechatCredential.findOneAndUpdate(
        { _id: key, $or: [{ leaseUntil: null }, { leaseUntil: { $lt: current } }] },
        { $set: { leaseUntil: new Date(now() + leaseMs) } },
        { upsert: true, new: true },
      ).lean();
      return Boolean(taken);
    } catch (error) {
      if ((error as { code?: number }).code === 11000) return false;
      throw error;
    }
  }

  async function refresh(key: string, force: boolean): Promise<string> {
    const deadline = now() + leaseMs * 3;
    while (now() < deadline) {
      const doc = await WechatCredential.findById(key).lean();
      const token = force ? null : fresh(doc);
      if (token) return token;
      if (await takeLease(key)) {
        try {
          const fetched = await options.fetch(key, force);
          await WechatCredential.updateOne(
            { _id: key },
            { $set: { value: fetched.value, expiresAt: new Date(now() + fetched.expiresIn * 1000), leaseUntil: null } },
          );
          return fetched.value;
        } catch (error) {
          await WechatCredential.updateOne({ _id: key }, { $set: { leaseUntil: null } });
          throw error;
        }
      }
      force = false; // someone else is fetching: their token is the new one
      await sleep(pollMs);
    }
    throw new WeChatApiError(-1, 'timed out waiting for another instance to fetch the access token', 'access_token');
  }

  function singleFlight(key: string, force: boolean): Promise<string> {
    let pending = inFlight.get(key);
    if (!pending) {
      pending = refresh(key, force).finally(() => inFlight.delete(key));
      inFlight.set(key, pending);
    }
    return pending;
  }

  return {
    /** A value valid for at least the refresh margin. */
    async get(key: string): Promise<string> {
      const token = fresh(await WechatCredential.findById(key).lean());
      return token ?? singleFlight(key, false);
    },
    /**
     * WeChat refused `rejected` (e.g. a token answering 40001/42001): replace it, unless another caller already
     * did, in which case the newer value is the answer.
     */
    async renew(key: string, rejected: string): Promise<string> {
      const doc = await WechatCredential.findById(key).lean();
      if (doc?.value && doc.value !== rejected && fresh(doc)) return doc.value;
      await WechatCredential.updateOne({ _id: key, value: rejected }, { $set: { expiresAt: new Date(0) } });
      return singleFlight(key, true);
    },
  };
}

export type CredentialCache = ReturnType<typeof createCredentialCache>;
