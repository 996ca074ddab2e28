import { LOCALES, type Locale } from './locale';
import type { AccountDuplicateHit } from './accounts';
import type { DuplicateHit } from './duplicates';
import { SERVER_FAILURES } from './server-failures';

/**
 * Stable error codes answered in problem+json bodies, with their human titles in both UI languages.
 * Clients branch on `code`, never on the title text.
 */
export const ERROR_MESSAGES = {
  'request.validation_failed': { 'zh-CN': '提交的内容有误，请检查标出的字段', 'en-US': 'Some fields are invalid; check the marked fields' },
  'request.malformed_json': { 'zh-CN': '请求内容不是有效的 JSON', 'en-US': 'The request body is not valid JSON' },
  'request.unsupported_media_type': { 'zh-CN': '请以 application/json 格式提交', 'en-US': 'Send the body as application/json' },
  'request.too_large': { 'zh-CN': '请求内容过大（上限 1 MB）', 'en-US': 'The request body is too large (1 MB at most)' },
  'request.invalid_cursor': { 'zh-CN': '分页游标无效，请从第一页重新加载', 'en-US': 'The page cursor is invalid; reload from the first page' },
  'route.not_found': { 'zh-CN': '接口不存在', 'en-US': 'No such endpoint' },
  'route.method_not_allowed': { 'zh-CN': '该接口不支持此请求方法', 'en-US': 'This endpoint does not support that method' },
  'auth.unauthenticated': { 'zh-CN': '请先登录', 'en-US': 'Please log in first' },
  'auth.token_expired': { 'zh-CN': '登录已过期，请重新登录', 'en-US': 'Your session has expired; log in again' },
  'auth.session_revoked': { 'zh-CN': '登录已失效，请重新登录', 'en-US': 'This session has ended; log in again' },
  'auth.invalid_credentials': { 'zh-CN': '账号或密码错误', 'en-US': 'Wrong account or password' },
  'auth.locked': { 'zh-CN': '密码错误次数过多，请稍后再试', 'en-US': 'Too many wrong passwords; try again later' },
  'auth.account_disabled': { 'zh-CN': '账号已停用，请联系管理员', 'en-US': 'This account is disabled; contact your administrator' },
  'auth.partner_suspended': { 'zh-CN': '所属合作伙伴已被暂停，请联系渠道经理', 'en-US': 'Your partner company is suspended; contact your channel manager' },
  'auth.password_change_required': { 'zh-CN': '首次登录请先修改初始密码', 'en-US': 'Change your initial password before continuing' },
  'auth.refresh_invalid': { 'zh-CN': '登录已失效，请重新登录', 'en-US': 'This session is no longer valid; log in again' },
  'auth.refresh_reused': { 'zh-CN': '检测到登录凭证被重复使用，已退出所有相关登录', 'en-US': 'A used sign-in token was presented again; the session has been ended' },
  'auth.wrong_current_password': { 'zh-CN': '当前密码不正确', 'en-US': 'The current password is wrong' },
  'auth.password_reused': { 'zh-CN': '新密码不能与当前密码相同', 'en-US': 'The new password must differ from the current one' },
  'auth.wechat_code_invalid': { 'zh-CN': '微信登录凭证无效或已使用，请重试', 'en-US': 'The WeChat sign-in code is invalid or used; try again' },
  'auth.bind_ticket_invalid': { 'zh-CN': '绑定已超时，请重新进入登录', 'en-US': 'The binding step timed out; start the login again' },
  'auth.phone_unknown': { 'zh-CN': '该手机号尚未开通，请联系您的渠道经理添加', 'en-US': 'This mobile number has no account yet; ask your channel manager to add you' },
  'wechat.app_unknown': { 'zh-CN': '该微信应用尚未绑定到任何企业', 'en-US': 'This WeChat app is not bound to any company' },
  'wechat.unavailable': { 'zh-CN': '微信服务暂时不可用，请稍后重试', 'en-US': 'WeChat is not answering right now; retry shortly' },
  'auth.forbidden': { 'zh-CN': '没有权限执行此操作', 'en-US': 'You do not have permission to do this' },
  'resource.not_found': { 'zh-CN': '记录不存在或无权查看', 'en-US': 'Not found, or not visible to you' },
  'resource.duplicate': { 'zh-CN': '已存在相同的记录', 'en-US': 'A record with the same value already exists' },
  'resource.in_use': { 'zh-CN': '该记录正在被使用，无法删除', 'en-US': 'This record is in use and cannot be deleted' },
  'resource.invalid_reference': { 'zh-CN': '引用的记录不存在', 'en-US': 'A referenced record does not exist' },
  'approval.not_pending': { 'zh-CN': '该审批已处理或已撤回，请刷新后查看', 'en-US': 'This approval has already been decided or withdrawn; refresh to see it' },
  'approval.not_your_step': { 'zh-CN': '当前审批步骤不由您处理', 'en-US': 'The current step is not yours to decide' },
  'approval.not_submitter': { 'zh-CN': '只有提交人可以撤回或重新提交', 'en-US': 'Only the submitter can withdraw or resubmit' },
  'approval.field_not_allowed': { 'zh-CN': '该审批类型不支持此条件字段', 'en-US': 'This kind of approval has no such condition field' },
  'lead.duplicate': { 'zh-CN': '该客户已被报备，不能重复报备', 'en-US': 'This customer has already been reported' },
  'lead.person_limit': { 'zh-CN': '您持有的线索已达上限，请先跟进转化或退回部分线索', 'en-US': 'You hold as many leads as you may; convert or return some first' },
  'lead.partner_limit': { 'zh-CN': '贵公司持有的线索已达上限，请先跟进转化或退回部分线索', 'en-US': 'Your company holds as many leads as it may; convert or return some first' },
  'lead.daily_limit': { 'zh-CN': '今日领取次数已用完，请明天再来', 'en-US': 'You have used today\'s claims; come back tomorrow' },
  'lead.cooldown': { 'zh-CN': '您刚退回过这条线索，冷却期内不能再次领取', 'en-US': 'You returned this lead recently; it cannot be claimed back until its cool-down ends' },
  'lead.claim_closed': { 'zh-CN': '该线索池暂不开放领取', 'en-US': 'This pool is not open for claims' },
  'lead.taken': { 'zh-CN': '这条线索刚被他人领取或处理，请刷新列表', 'en-US': 'Someone else just took or changed this lead; refresh the list' },
  'lead.changed': { 'zh-CN': '线索刚被他人修改，请刷新后重试', 'en-US': 'The lead was changed meanwhile; refresh and try again' },
  'account.duplicate': { 'zh-CN': '该客户已存在或已被其他伙伴报备保护，不能重复创建', 'en-US': 'This customer already exists or is protected for another partner' },
  'account.possible_duplicate': { 'zh-CN': '发现疑似重复的客户，请确认后再提交', 'en-US': 'Possible duplicates were found; review them and confirm to go ahead' },
  'account.busy': { 'zh-CN': '同名客户正在被他人提交，请稍后重试', 'en-US': 'Someone is submitting the same customer right now; try again shortly' },
  'account.person_limit': { 'zh-CN': '您持有的客户已达上限，请先成交或退回部分客户', 'en-US': 'You hold as many accounts as you may; close deals or return some first' },
  'account.cooldown': { 'zh-CN': '您刚退回过这个客户，冷却期内不能再次领取', 'en-US': 'You returned this account recently; it cannot be claimed back until its cool-down ends' },
  'account.claim_closed': { 'zh-CN': '该客户公海暂不开放领取', 'en-US': 'This pool is not open for claims' },
  'account.taken': { 'zh-CN': '这个客户刚被他人领取或处理，请刷新列表', 'en-US': 'Someone else just took or changed this account; refresh the list' },
  'account.changed': { 'zh-CN': '客户刚被他人修改，请刷新后重试', 'en-US': 'The account was changed meanwhile; refresh and try again' },
  'account.move_not_allowed': { 'zh-CN': '该客户公海不允许转入所选公海', 'en-US': 'Accounts of this pool may not go to the chosen pool' },
  'account.not_disputable': { 'zh-CN': '没有可申诉的冲突：只有被其他伙伴保护的客户可以提交仲裁', 'en-US': 'Nothing to dispute: only a collision with another partner\'s protected account can go to arbitration' },
  'account.dispute_open': { 'zh-CN': '该客户已有待处理的仲裁申请', 'en-US': 'A dispute over this account is already waiting for a decision' },
  'dispute.decided': { 'zh-CN': '该仲裁已处理，请刷新后查看', 'en-US': 'This dispute has already been decided; refresh to see it' },
  'catalog.not_salable': { 'zh-CN': '该产品不在贵公司的可售范围内', 'en-US': 'This product is not in your company\'s salable range' },
  'quote.stale': { 'zh-CN': '价格已调整，请先重新计价再下单', 'en-US': 'Prices have changed; re-price the quote before ordering it' },
  'quote.changed': { 'zh-CN': '报价单刚被修改过，请刷新后在最新版本上编辑', 'en-US': 'The quote was changed meanwhile; refresh and edit the latest revision' },
  'quote.expired': { 'zh-CN': '报价单已过有效期，请修改有效期后重新提交', 'en-US': 'The quote is past its valid-until date; extend it and submit it again' },
  'quote.account_unavailable': { 'zh-CN': '该客户已不在贵公司名下（已退回公海、被驳回或改判），不能继续报价或下单', 'en-US': 'This customer is no longer yours (returned to a pool, rejected or reassigned); the quote cannot go on' },
  'order.changed': { 'zh-CN': '订单刚被他人处理，请刷新后查看', 'en-US': 'Someone else just acted on this order; refresh to see it' },
  'quote.already_ordered': { 'zh-CN': '该报价单已转为订单', 'en-US': 'This quote has already become an order' },
  'idempotency.key_required': { 'zh-CN': '提交订单需要幂等键（Idempotency-Key 请求头）', 'en-US': 'Submitting an order needs an Idempotency-Key header' },
  'idempotency.key_reused': { 'zh-CN': '该幂等键已用于另一笔不同的提交，请换一个新的', 'en-US': 'This Idempotency-Key was used for a different submission; use a new one' },
  'file.unreadable': { 'zh-CN': '文件上传不完整，请重新上传', 'en-US': 'The file did not arrive whole; upload it again' },
  'opportunity.no_process': { 'zh-CN': '厂商尚未为贵公司配置销售流程，请联系渠道经理', 'en-US': 'No sales process applies to your company yet; ask your channel manager' },
  'opportunity.protected': { 'zh-CN': '该客户已有其他伙伴报备保护中的商机', 'en-US': 'Another partner holds a protected opportunity on this customer' },
  'opportunity.tasks_undone': { 'zh-CN': '请先完成当前阶段的必做任务', 'en-US': 'Finish this stage\'s required tasks first' },
  'opportunity.stage_skip': { 'zh-CN': '只能推进到下一阶段', 'en-US': 'Advance one stage at a time' },
  'opportunity.reason_required': { 'zh-CN': '回退阶段需要填写原因', 'en-US': 'Moving back needs a reason' },
  'opportunity.changed': { 'zh-CN': '商机刚被他人修改，请刷新后重试', 'en-US': 'The opportunity was changed meanwhile; refresh and try again' },
  'registry.unavailable': { 'zh-CN': '工商信息查询暂时不可用，可先手动填写', 'en-US': 'The business registry is not answering; fill in the details by hand for now' },
  'import.unreadable': { 'zh-CN': '无法读取该文件，请上传 Excel（.xlsx）或 CSV 文件', 'en-US': 'This file cannot be read; upload an Excel (.xlsx) or CSV file' },
  'import.empty': { 'zh-CN': '文件中没有数据：第一行应为表头，从第二行起每行一条', 'en-US': 'The file has no data: the first row is the header, then one row per record' },
  'todo.completes_by_action': { 'zh-CN': '该待办在处理对应事项后自动完成', 'en-US': 'This to-do completes when you act on its item' },
  'state.illegal_transition': { 'zh-CN': '当前状态下不能执行此操作', 'en-US': 'This action is not allowed in the current state' },
  ...SERVER_FAILURES,
} as const satisfies Record<string, Record<Locale, string>>;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

export { LOCALES, type Locale };

export interface FieldError {
  /** Where the problem is, e.g. `body.name` or `query.limit`. */
  path: string;
  code: string;
  message: string;
}

/** The RFC 9457 problem document every error answers with. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail?: string;
  requestId: string;
  errors?: FieldError[];
  /** Seconds until the action may be tried again (lockout). */
  retryAfter?: number;
  /** Where the records a new one duplicates sit (masked: never whose they are). */
  duplicates?: DuplicateHit[] | AccountDuplicateHit[];
}

export function errorTitle(code: ErrorCode, locale: Locale): string {
  return ERROR_MESSAGES[code][locale];
}
