import { Schema, model } from 'mongoose';
import { chinaDay } from './calendar';
import { currentContext } from './context';

interface CounterDoc {
  _id: string;
  value: number;
}
// Keyed by tenant in the id itself: one document per tenant, kind and day, so no tenant filter is needed.
const Counter = model<CounterDoc>('Counter', new Schema<CounterDoc>({ _id: String, value: Number }, { versionKey: false }));

/**
 * The next human number of a kind for the caller's tenant today, e.g. Q20261130-0007: one atomic increment, so two
 * requests never share a number. Two first increments of a day may race on the upsert; the loser tries again.
 */
export async function nextNumber(prefix: 'Q' | 'O'): Promise<string> {
  const day = chinaDay().replace(/-/g, '');
  const tenantId = currentContext()?.tenantId;
  if (!tenantId) throw new Error('nextNumber needs a tenant in context');
  const _id = `${tenantId}:${prefix}:${day}`;
  for (let attempt = 0; ; attempt += 1) {
    try {
      const counter = await Counter.findOneAndUpdate({ _id }, { $inc: { value: 1 } }, { upsert: true, new: true }).lean<CounterDoc>();
      return `${prefix}${day}-${String(counter!.value).padStart(4, '0')}`;
    } catch (error) {
      if ((error as { code?: number }).code !== 11000 || attempt >= 3) throw error;
    }
  }
}
