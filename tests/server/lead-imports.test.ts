import ExcelJS from 'exceljs';
import { Types } from 'mongoose';
import { runAsSystem } from '../../server/core/context';
import { createLogger } from '../../server/core/logger';
import { Lead, runQueuedImports } from '../../server/modules/leads';
import { LeadImport } from '../../server/modules/leads/import.model';
import { useWorld, type Person } from '../helpers/world';

const t = useWorld();
const logger = createLogger('silent');
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const call = async (method: string, path: string, person: Person, body?: unknown) =>
  t.app.request(method, `/api/v1${path}`, { token: await t.world.token('a', person), body });
const upload = async (person: Person, file: Buffer, contentType: string, filename: string) =>
  t.app.request('POST', `/api/v1/lead-imports?filename=${encodeURIComponent(filename)}`, { token: await t.world.token('a', person), raw: file, headers: { 'content-type': contentType } });
const download = async (path: string, person: Person) => {
  const response = await fetch(`${t.app.baseUrl}/api/v1${path}`, { headers: { authorization: `Bearer ${await t.world.token('a', person)}` } });
  return { status: response.status, type: response.headers.get('content-type'), disposition: response.headers.get('content-disposition'), body: Buffer.from(await response.arrayBuffer()) };
};
async function sheetRows(file: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(file as unknown as ArrayBuffer);
  const rows: string[][] = [];
  workbook.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))));
  return rows;
}
async function xlsxOf(rows: (string | number)[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('线索');
  rows.forEach((row) => sheet.addRow(row));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
const finish = async (id: string) => {
  await runQueuedImports(logger);
  return (await call('GET', `/lead-imports/${id}`, 'admin')).body;
};

const HEADER = ['公司名称', '联系人', '手机', '省份', '备注'];
type Outcome = 'ok' | 'company' | 'phone' | 'province' | 'in_file' | 'taken';
/**
 * Row i of the 10k-row file, and what should become of it: most are good; some miss the company, have a bad phone
 * or province, repeat an earlier row, or name a company another partner has already reported.
 */
function row(i: number, taken: string): { cells: (string | number)[]; outcome: Outcome } {
  const company = `导入测试${i}号科技有限公司`;
  const phone = 13_800_000_000 + i;
  if (i % 10 === 3) return { cells: ['', '张三', phone, '310000', ''], outcome: 'company' };
  if (i % 10 === 7) return { cells: [company, '李四', '12345', '310000', ''], outcome: 'phone' };
  if (i % 97 === 0) return { cells: [company, '王五', phone, '31000', ''], outcome: 'province' };
  if (i % 50 === 1 && i > 1) return { cells: [`导入测试${i - 1}号科技（上海）有限公司`, '', '', '310000', ''], outcome: 'in_file' };
  if (i === 5) return { cells: [taken, '', '', '310000', ''], outcome: 'taken' };
  return { cells: [company, '赵六', phone, '310000', `第 ${i} 行`], outcome: 'ok' };
}

describe('importing leads from a spreadsheet', () => {
  const ROWS = 10_000;
  let outcomes: Outcome[];
  let importId: string;

  beforeAll(async () => {
    const taken = await call('POST', '/leads', 'p1member', { company: '已被报备的精工机械有限公司', region: { province: '310000' } });
    expect(taken.status).toBe(201);
    const rows = Array.from({ length: ROWS }, (_, k) => row(k + 1, '已被报备的精工机械（上海）有限公司'));
    outcomes = rows.map((r) => r.outcome);
    // i % 50 === 1 repeats row i - 1, which must itself have been good to be a duplicate; otherwise it is good.
    outcomes = outcomes.map((o, k) => (o === 'in_file' && outcomes[k - 1] !== 'ok' ? 'ok' : o));
    const file = await xlsxOf([HEADER, ...rows.map((r) => r.cells)]);
    const uploaded = await upload('admin', file, XLSX, '展会线索.xlsx');
    expect(uploaded.status).toBe(201);
    expect(uploaded.body).toMatchObject({ state: 'uploaded', format: 'xlsx', columns: HEADER, suggested: { company: 0, contactName: 1, phone: 2, province: 3, notes: 4 } });
    expect(uploaded.body.sample[0][0]).toBe('导入测试1号科技有限公司');
    importId = uploaded.body.id;
  });

  it('keeps the good rows and returns the others in an error file, row by row with the reason', async () => {
    const bad = await call('POST', `/lead-imports/${importId}/start`, 'admin', { mapping: { company: 0, province: 9 } });
    expect(bad.body.errors[0].path).toBe('body.mapping.province');
    const started = await call('POST', `/lead-imports/${importId}/start`, 'admin', { mapping: { company: 0, contactName: 1, phone: 2, province: 3, notes: 4 } });
    expect(started.body.state).toBe('queued');
    expect((await call('POST', `/lead-imports/${importId}/start`, 'admin', { mapping: { company: 0, province: 3 } })).body.code).toBe('state.illegal_transition');

    const done = await finish(importId);
    const expectedOk = outcomes.filter((o) => o === 'ok').length;
    expect(done).toMatchObject({ state: 'done', totalRows: ROWS, processed: ROWS, imported: expectedOk, failed: ROWS - expectedOk, hasErrorFile: true });
    const held = await runAsSystem(t.world.a.tenantId, async () => Lead.countDocuments({ importId: new Types.ObjectId(importId) }));
    expect(held).toBe(expectedOk);
    const one = (await call('GET', `/leads?q=${encodeURIComponent('导入测试2号科技')}&limit=5`, 'admin')).body.items;
    expect(one[0]).toMatchObject({ company: '导入测试2号科技有限公司', state: 'new', ownerId: t.world.a.users.admin, phone: '13800000002', notes: '第 2 行', collaborators: [] });

    const file = await download(`/lead-imports/${importId}/errors`, 'admin');
    expect(file.type).toContain('spreadsheetml');
    expect(file.disposition).toContain("filename*=UTF-8''");
    const rows = await sheetRows(file.body);
    expect(rows[0]).toEqual(['行号', ...HEADER, '错误原因']);
    expect(rows).toHaveLength(1 + ROWS - expectedOk);
    const reasonOf = new Map(rows.slice(1).map((r) => [Number(r[0]), r[r.length - 1]]));
    const expectText: Record<Exclude<Outcome, 'ok'>, RegExp> = { company: /^公司名称: 必填$/, phone: /^电话: 请输入 11 位手机号，或带区号的固定电话$/, province: /^省份代码: 须为 6 位行政区划代码$/, in_file: /^与文件中前面的行重复$/, taken: /^已存在：其他伙伴已报备$/ };
    outcomes.forEach((outcome, k) => {
      if (outcome !== 'ok') expect({ row: k + 2, reason: reasonOf.get(k + 2) }).toEqual({ row: k + 2, reason: expect.stringMatching(expectText[outcome]) });
    });
    expect(file.body.toString('latin1')).not.toContain('Partner One');
  }, 240_000);

  it('resumes an import whose runner died: rows it already brought in count once, nothing is created twice', async () => {
    const firstBatchOk = outcomes.slice(0, 500).filter((o) => o === 'ok').length;
    await runAsSystem(t.world.a.tenantId, async () =>
      LeadImport.updateOne(
        { _id: new Types.ObjectId(importId) },
        { $set: { state: 'running', runner: 'dead', heartbeatAt: new Date(Date.now() - 120_000), processed: 500, imported: firstBatchOk, failed: 500 - firstBatchOk, errorFileId: null } },
      ),
    );
    const done = await finish(importId);
    const expectedOk = outcomes.filter((o) => o === 'ok').length;
    expect(done).toMatchObject({ state: 'done', processed: ROWS, imported: expectedOk, failed: ROWS - expectedOk });
    expect(await runAsSystem(t.world.a.tenantId, async () => Lead.countDocuments({ importId: new Types.ObjectId(importId) }))).toBe(expectedOk);
  }, 240_000);
});

describe('what else an import accepts and refuses', () => {
  it('reads a GBK CSV sent as a multipart form (as a mini-program uploads) into a pool', async () => {
    const pool = await call('POST', '/lead-pools', 'admin', {
      name: '导入池',
      members: { levelIds: [], provinces: [], partnerIds: [t.world.a.partners.p1], staffIds: [] },
      claim: { enabled: true, dailyLimit: null, perPerson: null, perPartner: null, cooldownDays: 0 },
      recycle: { noFollowUpDays: null, notConvertedDays: null, remindDaysBefore: null },
    });
    // "公司,省份 / 华南物流有限公司,440000" as Excel on a Chinese Windows saves it (GBK; Node can decode but not encode it).
    const gbk = Buffer.from('b9abcbbe2ccaa1b7dd0d0abbaac4cfceefc1f7d3d0cfdeb9abcbbe2c3434303030300d0a', 'hex');
    const form = new FormData();
    form.append('file', new Blob([gbk], { type: 'text/csv' }), '华南.csv');
    const response = await fetch(`${t.app.baseUrl}/api/v1/lead-imports`, { method: 'POST', headers: { authorization: `Bearer ${await t.world.token('a', 'admin')}` }, body: form });
    const uploaded = (await response.json()) as { id: string };
    expect(response.status).toBe(201);
    expect(uploaded).toMatchObject({ format: 'csv', filename: '华南.csv', columns: ['公司', '省份'], sample: [['华南物流有限公司', '440000']] });
    await call('POST', `/lead-imports/${uploaded.id}/start`, 'admin', { mapping: { company: 0, province: 1 }, poolId: pool.body.id });
    expect(await finish(uploaded.id)).toMatchObject({ state: 'done', imported: 1, failed: 0, hasErrorFile: false });
    const waiting = (await call('GET', `/lead-pools/${pool.body.id}/leads`, 'p1member')).body.items;
    expect(waiting).toHaveLength(1);
  });

  it('refuses what is not a spreadsheet, an empty one, and one too large, keeping nothing', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    expect((await upload('admin', png, 'image/png', 'photo.png')).body.code).toBe('import.unreadable');
    const zip = Buffer.concat([Buffer.from('504b0304', 'hex'), Buffer.alloc(200, 1)]);
    expect((await upload('admin', zip, XLSX, 'broken.xlsx')).body.code).toBe('import.unreadable');
    expect((await upload('admin', Buffer.from('公司名称,省份\n'), 'text/csv', 'empty.csv')).body.code).toBe('import.empty');
    expect((await upload('admin', Buffer.from('x'), 'multipart/form-data', 'no-boundary.csv')).body.code).toBe('import.unreadable');
    expect((await upload('admin', Buffer.from('--b\r\nContent-Disposition: form-data; name="file"; filename="cut.csv"\r\n\r\n公司'), 'multipart/form-data; boundary=b', 'cut.csv')).body.code).toBe('import.unreadable');
    const huge = await upload('admin', Buffer.alloc(21 * 1024 * 1024, 0x41), 'text/csv', 'huge.csv');
    expect(huge.status).toBe(413);
    const files = await runAsSystem(t.world.a.tenantId, async () => (await import('mongoose')).default.connection.db!.collection('files.files').countDocuments({ filename: { $in: ['photo.png', 'broken.xlsx', 'empty.csv', 'huge.csv'] } }));
    expect(files).toBe(0);
  });

  it('is for upstream staff', async () => {
    expect((await upload('p1admin', await xlsxOf([HEADER]), XLSX, 'x.xlsx')).status).toBe(403);
  });
});

describe('exporting', () => {
  it('exports exactly the filtered list the caller sees', async () => {
    for (const company of ['导出甲有限公司', '导出乙有限公司']) await call('POST', '/leads', 'p1member', { company, region: { province: '310000' } });
    const listed = (await call('GET', '/leads?q=导出&limit=100', 'p1member')).body.items.map((l: { company: string }) => l.company).sort();
    const file = await download(`/leads/export?q=${encodeURIComponent('导出')}`, 'p1member');
    expect(file.status).toBe(200);
    const rows = await sheetRows(file.body);
    expect(rows[0].slice(0, 3)).toEqual(['公司名称', '联系人', '联系电话']);
    expect(rows.slice(1).map((r) => r[0]).sort()).toEqual(listed);
    const other = await sheetRows((await download(`/leads/export?q=${encodeURIComponent('导出')}`, 'p2admin')).body);
    expect(other).toHaveLength(1);
    expect((await download('/leads/export?cursor=x', 'p1member')).status).toBe(400);
  });
});
