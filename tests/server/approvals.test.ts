import { Types } from 'mongoose';
import { createLogger } from '../../server/core/logger';
import { Approval } from '../../server/modules/approvals/approval.model';
import { finishStaleTransitions } from '../../server/modules/approvals';
import { InboxItem } from '../../server/modules/todos';
import { useWorld, type Person } from '../helpers/world';

const t = useWorld();

const call = async (method: string, path: string, person: Person, body?: unknown, tenant: 'a' | 'b' = 'a') =>
  t.app.request(method, `/api/v1${path}`, { token: await t.world.token(tenant, person), body });

/** Two steps: the partner's channel manager, then a named upstream admin. Only for requests of 1 000 yuan or more. */
async function twoStepFlow(overrides: Record<string, unknown> = {}) {
  const created = await call('POST', '/approval-flows', 'admin', {
    kind: 'general_request',
    name: '大额申请',
    priority: 10,
    conditions: [{ field: 'amount', op: 'gte', value: 100_000 }],
    steps: [
      { name: '渠道经理', approvers: [{ type: 'channel_manager' }] },
      { name: '渠道总监', approvers: [{ type: 'user', userId: t.world.a.users.admin }] },
    ],
    ...overrides,
  });
  expect(created.status).toBe(201);
  return created.body;
}

const openTodos = async (person: Person) => (await call('GET', '/inbox/todos?state=open', person)).body.items as { kind: string; link: { params: { id: string } } }[];
const todoFor = async (person: Person, approvalId: string) => (await openTodos(person)).filter((todo) => todo.link?.params.id === approvalId);

describe('approval flows', () => {
  let flowId: string;
  beforeAll(async () => {
    flowId = (await twoStepFlow()).id;
  });

  it('walks a request through both steps, with to-dos for each step and a notice for the submitter', async () => {
    const submitted = await call('POST', '/approvals', 'p1member', { title: '市场活动经费', content: '三月展会', amount: 250_000 });
    expect(submitted.status).toBe(201);
    const id = submitted.body.id;
    expect(submitted.body).toMatchObject({ state: 'pending', currentStep: 0, flow: { id: flowId, version: 1 }, facts: { amount: 250_000, partnerLevelId: t.world.a.levels.gold } });
    expect(submitted.body.steps[0].approvers).toEqual([{ id: t.world.a.users.manager1, name: 'manager1' }]);

    expect(await todoFor('manager1', id)).toHaveLength(1);
    expect(await todoFor('admin', id)).toHaveLength(0);
    expect((await call('GET', '/approvals?box=todo', 'manager1')).body.items.map((a: { id: string }) => a.id)).toContain(id);

    const first = await call('POST', `/approvals/${id}/approve`, 'manager1', { comment: '同意' });
    expect(first.body).toMatchObject({ state: 'pending', currentStep: 1 });
    expect(await todoFor('manager1', id)).toHaveLength(0);
    expect(await todoFor('admin', id)).toHaveLength(1);

    const second = await call('POST', `/approvals/${id}/approve`, 'admin', {});
    expect(second.body.state).toBe('approved');
    expect(second.body.history.map((h: { action: string }) => h.action)).toEqual(['submit', 'approve', 'approve']);
    expect(await todoFor('admin', id)).toHaveLength(0);

    const notices = (await call('GET', '/inbox/notices?unread=true', 'p1member')).body.items;
    expect(notices[0]).toMatchObject({ kind: 'approval_result', title: '市场活动经费 已通过', link: { page: '/pages/approvals/detail/index', params: { id } } });
    const audit = (await call('GET', `/audit?entityType=approval&entityId=${id}`, 'admin')).body.items;
    expect(audit.map((e: { action: string }) => e.action).sort()).toEqual(['approval.approve', 'approval.approve', 'approval.submit']);
  });

  it('returns for changes, is resubmitted with changes from the first step, then rejected with a reason', async () => {
    const id = (await call('POST', '/approvals', 'p1member', { title: '返利申请', amount: 300_000 })).body.id;
    expect((await call('POST', `/approvals/${id}/return`, 'manager1', {})).status).toBe(400); // a return needs a reason
    const returned = await call('POST', `/approvals/${id}/return`, 'manager1', { comment: '请补充合同编号' });
    expect(returned.body).toMatchObject({ state: 'returned', can: { decide: false } });
    expect((await call('POST', `/approvals/${id}/approve`, 'manager1', {})).body.code).toBe('approval.not_pending');
    expect((await call('POST', `/approvals/${id}/resubmit`, 'manager1', {})).body.code).toBe('approval.not_submitter');

    const again = await call('POST', `/approvals/${id}/resubmit`, 'p1member', { content: '合同 HT-2026-018', amount: 280_000, comment: '已补充' });
    expect(again.body).toMatchObject({ state: 'pending', currentStep: 0, content: '合同 HT-2026-018', facts: { amount: 280_000 } });
    expect(await todoFor('manager1', id)).toHaveLength(1);
    await call('POST', `/approvals/${id}/approve`, 'manager1', {});
    const rejected = await call('POST', `/approvals/${id}/reject`, 'admin', { comment: '本季度预算已用完' });
    expect(rejected.body.state).toBe('rejected');
    expect(rejected.body.history.map((h: { action: string }) => h.action)).toEqual(['submit', 'return', 'resubmit', 'approve', 'reject']);
    const notices = (await call('GET', '/inbox/notices', 'p1member')).body.items.map((n: { title: string }) => n.title);
    expect(notices).toEqual(expect.arrayContaining(['返利申请 被退回修改', '返利申请 未通过']));
  });

  it('routes a resubmission with a larger amount through the flow that amount needs', async () => {
    const small = (await call('POST', '/approvals', 'p1member', { title: '小额改大额', content: '年度返利', amount: 50_000 })).body;
    expect(small).toMatchObject({ flow: { version: 0 }, steps: [{ name: '渠道经理审批' }] });
    await call('POST', `/approvals/${small.id}/return`, 'manager1', { comment: '请写明总额' });
    const big = (await call('POST', `/approvals/${small.id}/resubmit`, 'p1member', { amount: 5_000_000 })).body;
    expect(big.steps.map((step: { name: string }) => step.name)).toEqual(['渠道经理', expect.any(String)]);
    expect(big.flow.id).toBe(flowId);
    expect(big).toMatchObject({ title: '小额改大额', content: '年度返利', facts: { amount: 5_000_000 } }); // what was not sent is kept
    await call('POST', `/approvals/${small.id}/approve`, 'manager1', {});
    expect((await call('GET', `/approvals/${small.id}`, 'p1member')).body).toMatchObject({ state: 'pending', currentStep: 1 });
  });

  it('never asks submitters to approve their own request', async () => {
    const flow = await twoStepFlow({ name: '经理互审', priority: 30, conditions: [{ field: 'amount', op: 'gte', value: 800_000 }], steps: [{ name: '任一渠道经理', approvers: [{ type: 'role', role: 'channel_manager' }] }] });
    const own = (await call('POST', '/approvals', 'manager1', { title: '经理自己的申请', amount: 800_000 })).body;
    expect(own.steps[0].approvers.map((a: { id: string }) => a.id)).toEqual([t.world.a.users.manager2]);
    // With nobody else named, it falls to the admins.
    const fallback = (await call('POST', '/approvals', 'manager1', { title: '经理的小额申请', amount: 1 })).body;
    expect(fallback.steps[0].approvers.map((a: { id: string }) => a.id)).toEqual([t.world.a.users.admin]);
    await call('DELETE', `/approval-flows/${flow.id}`, 'admin');
  });

  it('lets only the submitter withdraw, while pending, and cancels the open to-dos', async () => {
    const id = (await call('POST', '/approvals', 'p1member', { title: '样机申请', amount: 120_000 })).body.id;
    expect((await call('POST', `/approvals/${id}/withdraw`, 'p1admin', {})).body.code).toBe('approval.not_submitter');
    const withdrawn = await call('POST', `/approvals/${id}/withdraw`, 'p1member', { comment: '不需要了' });
    expect(withdrawn.body.state).toBe('withdrawn');
    expect(await todoFor('manager1', id)).toHaveLength(0);
    expect((await call('POST', `/approvals/${id}/approve`, 'manager1', {})).status).toBe(409);
    expect((await call('POST', `/approvals/${id}/withdraw`, 'p1member', {})).body.code).toBe('approval.not_pending');
  });

  it('answers 409 to someone who is not the step approver, and 404 to someone who cannot see it', async () => {
    const id = (await call('POST', '/approvals', 'p1member', { title: '培训名额', amount: 100_000 })).body.id;
    const notYours = await call('POST', `/approvals/${id}/approve`, 'admin', {});
    expect(notYours).toMatchObject({ status: 409, body: { code: 'approval.not_your_step' } });
    for (const [person, tenant] of [['manager2', 'a'], ['p2admin', 'a'], ['manager1', 'b']] as const) {
      const hidden = await call('POST', `/approvals/${id}/approve`, person, {}, tenant);
      expect(hidden).toMatchObject({ status: 404, body: { code: 'resource.not_found' } });
      expect((await call('GET', `/approvals/${id}`, person, undefined, tenant)).status).toBe(404);
    }
    // The partner's admin sees the company's approvals but decides nothing.
    expect((await call('GET', `/approvals/${id}`, 'p1admin')).body.can).toEqual({ decide: false, withdraw: false, resubmit: false });
  });

  it('lets exactly one of two approvers acting at once decide the step', async () => {
    const flow = await twoStepFlow({ name: '双人任一', priority: 20, conditions: [{ field: 'amount', op: 'gte', value: 900_000 }], steps: [{ name: '任一渠道经理', approvers: [{ type: 'role', role: 'channel_manager' }] }] });
    for (let round = 0; round < 5; round++) {
      const id = (await call('POST', '/approvals', 'p1member', { title: `并发 ${round}`, amount: 900_000 })).body.id;
      const answers = await Promise.all([
        call('POST', `/approvals/${id}/approve`, 'manager1', {}),
        call('POST', `/approvals/${id}/reject`, 'manager2', { comment: '不同意' }),
      ]);
      expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
      const final = (await call('GET', `/approvals/${id}`, 'admin')).body;
      expect(final.history).toHaveLength(2);
      expect(final.state).toBe(answers.find((a) => a.status === 200)!.body.state);
    }
    await call('DELETE', `/approval-flows/${flow.id}`, 'admin');
  });

  it('keeps running approvals on the steps they started with when the flow is edited', async () => {
    const id = (await call('POST', '/approvals', 'p1member', { title: '旧版本', amount: 150_000 })).body.id;
    const edited = await call('PATCH', `/approval-flows/${flowId}`, 'admin', { steps: [{ name: '仅管理员', approvers: [{ type: 'role', role: 'admin' }] }] });
    expect(edited.body.version).toBe(2);
    const running = (await call('GET', `/approvals/${id}`, 'p1member')).body;
    expect(running.flow.version).toBe(1);
    expect(running.steps.map((s: { name: string }) => s.name)).toEqual(['渠道经理', '渠道总监']);
    await call('POST', `/approvals/${id}/approve`, 'manager1', {});
    expect((await call('POST', `/approvals/${id}/approve`, 'admin', {})).body.state).toBe('approved');
    const fresh = (await call('POST', '/approvals', 'p1member', { title: '新版本', amount: 150_000 })).body;
    expect(fresh).toMatchObject({ flow: { version: 2 }, steps: [{ name: '仅管理员' }] });
  });

  it('falls back to the channel manager when no flow applies, and refuses conditions the kind has no facts for', async () => {
    const small = (await call('POST', '/approvals', 'p2admin', { title: '小额申请', amount: 500 })).body;
    expect(small).toMatchObject({ flow: { version: 0 }, steps: [{ approvers: [{ id: t.world.a.users.manager2 }] }] });
    const bad = await call('POST', '/approval-flows', 'admin', {
      kind: 'lead_report', name: 'x', conditions: [{ field: 'amount', op: 'gt', value: 1 }], steps: [{ name: 's', approvers: [{ type: 'role', role: 'admin' }] }],
    });
    expect(bad).toMatchObject({ status: 400, body: { errors: [{ path: 'body.conditions.0.field', code: 'field_not_allowed' }] } });
    const ghost = await call('POST', '/approval-flows', 'admin', {
      kind: 'lead_report', name: 'x', steps: [{ name: 's', approvers: [{ type: 'user', userId: t.world.a.users.p1member }] }],
    });
    expect(ghost).toMatchObject({ status: 400, body: { errors: [{ path: 'body.steps.0.approvers.0.userId' }] } });
    expect((await call('GET', '/approval-flows', 'manager1')).status).toBe(403);
  });

  it('finishes a transition whose inbox effects a crash cut short, once the sweep runs', async () => {
    const id = (await call('POST', '/approvals', 'p1member', { title: '断电之后', amount: 1 })).body.id;
    expect((await Approval.collection.findOne({ _id: new Types.ObjectId(id) }))!.effects).toBeNull();
    // The state a crash right after storing the submission would leave: no to-do raised, the effects still owed.
    await InboxItem.collection.deleteMany({ sourceKey: `approval:${id}:1:0` });
    await Approval.collection.updateOne({ _id: new Types.ObjectId(id) }, { $set: { effects: { closeKey: null, closeState: 'done', comment: '' } } });
    expect(await todoFor('manager1', id)).toHaveLength(0);
    expect(await finishStaleTransitions(createLogger('silent'), 0)).toBeGreaterThanOrEqual(1);
    expect(await todoFor('manager1', id)).toHaveLength(1);
    expect((await Approval.collection.findOne({ _id: new Types.ObjectId(id) }))!.effects).toBeNull();
  });

  it('counts open to-dos and unread notices for the badge, and marks all read', async () => {
    const before = (await call('GET', '/inbox/counts', 'p1member')).body;
    expect(before.unreadNotices).toBeGreaterThan(0);
    const after = await call('POST', '/inbox/notices/read-all', 'p1member');
    expect(after.body).toEqual({ openTodos: before.openTodos, unreadNotices: 0 });
    const approvalTodo = (await call('GET', '/inbox/todos', 'manager2')).body.items[0];
    expect((await call('POST', `/inbox/todos/${approvalTodo.id}/complete`, 'manager2')).body.code).toBe('todo.completes_by_action');
    expect((await call('POST', `/inbox/todos/${approvalTodo.id}/complete`, 'manager1')).status).toBe(404);
  });
});
