import { PassThrough, type Readable } from 'node:stream';
import type { Context } from 'koa';
import type { Locale } from '../../../types/errors';
import { formatFen } from '../../../types/money';
import { quoteAllows } from '../../../types/quotes';
import { caller } from '../../core/context';
import { illegalTransition } from '../../core/errors';
import { createSheetWriter } from '../../core/spreadsheet';
import { Partner } from '../partners';
import { percentText, quotes } from './quotes.service';

const TEXT: Record<Locale, { title: string; customer: string; seller: string; validUntil: string; revision: string; notes: string; header: string[]; total: string }> = {
  'zh-CN': {
    title: '报价单', customer: '客户', seller: '报价方', validUntil: '有效期至', revision: '版本', notes: '备注',
    header: ['序号', '产品编码', '产品名称', '配置', '单位', '数量', '单价', '金额', '折扣', '折后金额'], total: '合计',
  },
  'en-US': {
    title: 'Quotation', customer: 'Customer', seller: 'From', validUntil: 'Valid until', revision: 'Revision', notes: 'Notes',
    header: ['No.', 'SKU', 'Product', 'Configuration', 'Unit', 'Quantity', 'Unit price', 'Amount', 'Discount', 'Net amount'], total: 'Total',
  },
};

/**
 * A quote as a spreadsheet the partner sends to the customer: who quotes whom until when, then one row per line with
 * its configuration and prices (exact yuan text, never a rounded float), and the totals.
 */
export async function exportQuote(id: string, koa: Context): Promise<Readable> {
  const doc = await quotes.get(id);
  // What goes to a customer is what was approved: a draft's discounts may still be refused.
  if (!quoteAllows('export', doc.state)) throw illegalTransition(doc.state, 'export');
  const text = TEXT[caller().locale];
  const seller = doc.partnerId ? (await Partner.findOne({ _id: doc.partnerId }, { name: 1 }).lean())?.name ?? '' : '';
  const out = new PassThrough();
  const sheet = createSheetWriter(out, text.title, [text.title, doc.number]);
  const write = async () => {
    for (const row of [[text.customer, doc.accountName], [text.seller, seller], [text.validUntil, doc.validUntil], [text.revision, doc.revision], [text.notes, doc.notes], [], text.header]) await sheet.add(row);
    for (const [index, line] of doc.lines.entries()) {
      await sheet.add([index + 1, line.sku, line.name, line.options.map((o) => o.name).join(' / '), line.unit, line.quantity, formatFen(line.unitPrice), formatFen(line.total), line.discountBp ? percentText(line.discountBp) : '', formatFen(line.netTotal)]);
    }
    await sheet.add([]);
    await sheet.add([text.total, '', '', '', '', '', '', formatFen(doc.listTotal), '', formatFen(doc.netTotal)]);
    await sheet.finish();
  };
  write().catch((error: unknown) => out.destroy(error as Error));
  koa.type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  koa.set('content-disposition', `attachment; filename="${doc.number}.xlsx"`);
  return out;
}
