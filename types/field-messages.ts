import type { z } from 'zod';
import type { Locale } from './locale';

/**
 * What a field error says, in both UI languages. Schemas and services name a key as the issue's message; whoever
 * shows it (the server's error answer, a form in the client) looks the key up in the reader's language. `{name}`
 * takes the issue's `params`.
 */
export const FIELD_MESSAGES = {
  required: { 'zh-CN': '必填', 'en-US': 'Required' },
  object_id: { 'zh-CN': '编号格式不正确', 'en-US': 'Must be a 24-character hex id' },
  record_unknown: { 'zh-CN': '记录不存在', 'en-US': 'No such record' },
  division_code: { 'zh-CN': '须为 6 位行政区划代码', 'en-US': 'Must be a 6-digit division code' },
  city_not_in_province: { 'zh-CN': '该城市不在所选省份', 'en-US': 'This city is not in the province' },
  district_not_in_city: { 'zh-CN': '该区县不在所选城市', 'en-US': 'This district is not in the city' },
  mobile: { 'zh-CN': '请输入 11 位大陆手机号', 'en-US': 'Must be an 11-digit mainland mobile number' },
  diallable_phone: { 'zh-CN': '请输入 11 位手机号，或带区号的固定电话', 'en-US': 'Enter a mainland mobile (11 digits) or a landline with its area code' },
  username: { 'zh-CN': '3–32 位字母、数字、点、横线或下划线，以字母开头', 'en-US': 'Use 3-32 letters, digits, dot, dash or underscore, starting with a letter' },
  username_taken: { 'zh-CN': '已被使用', 'en-US': 'Already in use' },
  login_name: { 'zh-CN': '请填写登录用户名或手机号', 'en-US': 'Give a username or a mobile number to log in with' },
  password_letter: { 'zh-CN': '须包含字母', 'en-US': 'Include a letter' },
  password_digit: { 'zh-CN': '须包含数字', 'en-US': 'Include a digit' },
  credit_code: { 'zh-CN': '统一社会信用代码应为 18 位且校验通过（GB 32100-2015），请核对', 'en-US': 'Enter the 18-character unified social credit code; this one does not check (GB 32100-2015)' },
  fuzzy_names_only: { 'zh-CN': '只有名称可以模糊匹配，代码和电话须精确匹配', 'en-US': 'Only names match fuzzily; codes and phones match exactly' },
  level_unknown: { 'zh-CN': '所选等级不存在', 'en-US': 'A level does not exist' },
  partner_unknown: { 'zh-CN': '所选伙伴不存在', 'en-US': 'A partner does not exist' },
  partner_required: { 'zh-CN': '请选择伙伴公司', 'en-US': 'Choose the partner company' },
  partner_managed: { 'zh-CN': '请选择您负责的、状态正常的伙伴', 'en-US': 'Choose an active partner you manage' },
  staff_members: { 'zh-CN': '逐个指定的成员须是厂商员工', 'en-US': 'Members named one by one must be upstream staff' },
  upstream_user_unknown: { 'zh-CN': '没有这位厂商员工', 'en-US': 'No such upstream user' },
  channel_manager_admin_only: { 'zh-CN': '只有管理员可以指定其他渠道经理', 'en-US': 'Only an admin assigns another channel manager' },
  member_active: { 'zh-CN': '请选择同一伙伴的在职成员', 'en-US': 'Choose an active member of the same partner' },
  member_of_company: { 'zh-CN': '请选择本公司的在职成员', 'en-US': 'Choose an active member of your company' },
  assignee_managed: { 'zh-CN': '请选择您负责的伙伴的在职人员，或厂商员工', 'en-US': 'Choose an active person at a partner you manage, or upstream staff' },
  member_other: { 'zh-CN': '请选择同一伙伴的另一位在职成员', 'en-US': 'Choose another active member of the same partner' },
  person_or_partner: { 'zh-CN': '请选择一个人或一个伙伴（二选一）', 'en-US': 'Give either a person or a partner' },
  lead_pool_unknown: { 'zh-CN': '线索池不存在', 'en-US': 'No such lead pool' },
  lead_owner_follows: { 'zh-CN': '负责人已在跟进这条线索', 'en-US': 'The owner already follows this lead' },
  pool_leads_only: { 'zh-CN': '只有线索池中的线索能分给伙伴；这条线索请分配给个人', 'en-US': 'Only pool leads are offered to partners; assign this lead to a person' },
  follow_up_future: { 'zh-CN': '下次跟进时间须晚于现在', 'en-US': 'The next follow-up must be in the future' },
  file_columns: { 'zh-CN': '文件只有 {count} 列', 'en-US': 'The file has {count} columns' },
  account_pool_unknown: { 'zh-CN': '客户公海不存在', 'en-US': 'No such account pool' },
  account_pool_upstream_only: { 'zh-CN': '只有厂商员工可以把客户放入公海', 'en-US': 'Only upstream staff put accounts into pools' },
  account_pool_move_unknown: { 'zh-CN': '要转入的公海不存在', 'en-US': 'A pool to move to does not exist' },
  account_return_pool: { 'zh-CN': '请选择退回到哪个公海', 'en-US': 'Choose the pool to return this account to' },
  account_return_pool_member: { 'zh-CN': '公海不存在，或您不是它的成员', 'en-US': 'No such account pool, or you are not a member of it' },
  account_owner_works: { 'zh-CN': '负责人已在跟进这个客户', 'en-US': 'The owner already works this account' },
  account_held: { 'zh-CN': '请选择您持有或协同跟进的有效客户', 'en-US': 'Choose an active account you hold or follow' },
  account_visible: { 'zh-CN': '请选择您能看到的有效客户', 'en-US': 'Choose an active account you can see' },
  lead_converted_here: { 'zh-CN': '请选择已转化为该客户、尚未跟进商机的线索', 'en-US': 'Choose a lead you converted into this account, not yet followed up' },
  opportunity_of_account: { 'zh-CN': '请选择该客户下您能看到的商机', 'en-US': 'Choose an opportunity of this account that you can see' },
  process_key: { 'zh-CN': '1–32 位小写字母、数字或 _，以字母开头', 'en-US': 'Use 1-32 lower-case letters, digits or _, starting with a letter' },
  field_task: { 'zh-CN': '填写字段的任务须指定字段，其他任务不指定', 'en-US': 'A field task names its field; other tasks do not' },
  stage_keys_differ: { 'zh-CN': '阶段标识不能重复', 'en-US': 'Stage keys must differ' },
  task_keys_differ: { 'zh-CN': '同一阶段内任务标识不能重复', 'en-US': 'Task keys must differ within a stage' },
  probability_rises: { 'zh-CN': '赢率不能低于上一阶段', 'en-US': 'Win probability may not fall from one stage to the next' },
  stage_unknown: { 'zh-CN': '该商机的销售流程中没有这个阶段', 'en-US': 'No such stage in this opportunity\'s process' },
  task_unknown: { 'zh-CN': '当前阶段没有这个任务', 'en-US': 'No such task in the current stage' },
  task_not_checklist: { 'zh-CN': '该任务通过填写字段或上传附件完成', 'en-US': 'This task is done by filling its field or attaching a file' },
  attachment_task_unknown: { 'zh-CN': '当前阶段没有这个附件任务', 'en-US': 'No attachment task with this key in the current stage' },
  condition_in_list: { 'zh-CN': '“属于”条件填一组值，其他运算符填一个值', 'en-US': '"in" takes a list; the other operators one value' },
  condition_values: { 'zh-CN': '伙伴等级条件填等级，其他字段填整数', 'en-US': 'Partner level conditions take level ids; the other fields take whole numbers' },
  condition_field: { 'zh-CN': '这类审批没有条件字段“{field}”', 'en-US': 'This kind of approval has no "{field}"' },
  catalog_key: { 'zh-CN': '1–32 位小写字母、数字、- 或 _', 'en-US': 'Use 1-32 lower-case letters, digits, - or _' },
  bundle_range: { 'zh-CN': '上限不能小于下限', 'en-US': 'The most may not be below the least' },
  bundle_self: { 'zh-CN': '产品不能捆绑自己', 'en-US': 'A product cannot bundle itself' },
  group_keys_twice: { 'zh-CN': '选项组标识重复：{list}', 'en-US': 'Group keys appear twice: {list}' },
  option_keys_twice: { 'zh-CN': '本产品中选项标识重复：{list}', 'en-US': 'Option keys appear twice in this product: {list}' },
  exclude_own_options: { 'zh-CN': '只能排除本产品的其他选项，不能排除 {list}', 'en-US': 'Exclude other options of this product, not {list}' },
  bundle_skus_twice: { 'zh-CN': '捆绑的 SKU 重复：{list}', 'en-US': 'Bundled SKUs appear twice: {list}' },
  skus_twice: { 'zh-CN': '以下 SKU 重复：{list}', 'en-US': 'These SKUs appear twice: {list}' },
  sku_unknown: { 'zh-CN': '没有 SKU 为 {list} 的产品', 'en-US': 'No product has the SKU {list}' },
  sku_fixed: { 'zh-CN': '产品的 SKU 不能修改，请新建产品', 'en-US': 'The SKU of a product does not change; create another product' },
  price_or_discount: { 'zh-CN': '价格和折扣填写其一', 'en-US': 'Give either a price or a discount' },
  list_ends_after_start: { 'zh-CN': '结束日期须晚于开始日期', 'en-US': 'A list ends after it starts' },
  negative_price: { 'zh-CN': '{sku}：选项减价超过了产品价格，请联系厂商', 'en-US': '{sku}: the options take off more than the price; ask the manufacturer' },
  line_too_big: { 'zh-CN': '{sku}：金额超过单笔订单的上限，请拆分', 'en-US': '{sku}: the amount is larger than one order may hold; split it' },
  total_too_big: { 'zh-CN': '合计金额超过单笔订单的上限，请拆分', 'en-US': 'The total is larger than one order may hold; split it' },
  valid_until_today: { 'zh-CN': '有效期须不早于今天', 'en-US': 'The offer must hold until today or later' },
  idempotency_key: { 'zh-CN': '8–64 位字母、数字、- 或 _', 'en-US': 'Use 8-64 letters, digits, - or _' },
  cancel_reason: { 'zh-CN': '请说明取消订单的原因', 'en-US': 'Say why the order is cancelled' },
  tracking_number: { 'zh-CN': '请填写承运商的运单号', 'en-US': 'Give the carrier\'s tracking number' },
  wechat_app_id: { 'zh-CN': 'AppID 为 wx 加 16 位十六进制字符', 'en-US': 'A WeChat appId: wx followed by 16 hex digits' },
  page_path: { 'zh-CN': '请填写本应用的页面路径', 'en-US': 'A page path of this app' },
  wechat_app_secret: { 'zh-CN': 'AppSecret 为 32 位十六进制字符', 'en-US': 'The AppSecret: 32 hex digits' },
  wechat_token: { 'zh-CN': '服务器令牌为 3–32 位字母或数字', 'en-US': 'The server token: 3-32 letters or digits' },
  wechat_aes_key: { 'zh-CN': 'EncodingAESKey 为 43 位字母或数字', 'en-US': 'The EncodingAESKey: 43 letters or digits' },
  wechat_kind_fixed: { 'zh-CN': '请先解除绑定，再更改应用类型', 'en-US': 'Unbind the app to change its kind' },
  foreign_origin: { 'zh-CN': '只为 {origin} 的页面签名', 'en-US': 'Only pages of {origin} are signed' },
  // Zod's own checks, in our words (see `zodErrorMap`).
  enter_number: { 'zh-CN': '请输入数字', 'en-US': 'Enter a number' },
  enter_whole_number: { 'zh-CN': '请输入整数', 'en-US': 'Enter a whole number' },
  wrong_form: { 'zh-CN': '格式不正确', 'en-US': 'Not in the expected form' },
  min_chars: { 'zh-CN': '至少 {count} 个字符', 'en-US': 'At least {count} characters' },
  max_chars: { 'zh-CN': '最多 {count} 个字符', 'en-US': 'At most {count} characters' },
  add_one: { 'zh-CN': '请至少添加一项', 'en-US': 'Add at least one' },
  min_items: { 'zh-CN': '至少 {count} 项', 'en-US': 'At least {count} items' },
  max_items: { 'zh-CN': '最多 {count} 项', 'en-US': 'At most {count} items' },
  min_value: { 'zh-CN': '不能小于 {count}', 'en-US': 'At least {count}' },
  above_value: { 'zh-CN': '须大于 {count}', 'en-US': 'More than {count}' },
  max_value: { 'zh-CN': '不能大于 {count}', 'en-US': 'At most {count}' },
  below_value: { 'zh-CN': '须小于 {count}', 'en-US': 'Less than {count}' },
  multiple_of: { 'zh-CN': '须为 {count} 的整数倍', 'en-US': 'Must be a multiple of {count}' },
  email: { 'zh-CN': '邮箱地址格式不正确', 'en-US': 'Not an e-mail address' },
  url: { 'zh-CN': '网址格式不正确', 'en-US': 'Not a web address' },
  date: { 'zh-CN': '请按 YYYY-MM-DD 填写日期', 'en-US': 'Enter the date as YYYY-MM-DD' },
  date_time: { 'zh-CN': '时间格式不正确', 'en-US': 'Not a date and time' },
  choose_option: { 'zh-CN': '请从可选项中选择', 'en-US': 'Choose one of the options' },
  unknown_field: { 'zh-CN': '不接受这个字段', 'en-US': 'This field is not accepted' },
} as const satisfies Record<string, Record<Locale, string>>;

export type FieldMessage = keyof typeof FIELD_MESSAGES;
export type FieldParams = Record<string, string | number>;

const isFieldMessage = (text: string): text is FieldMessage => Object.prototype.hasOwnProperty.call(FIELD_MESSAGES, text);

/** A message key in the reader's language with its params filled in; any other text as it is. */
export function fieldText(message: string, locale: Locale, params?: FieldParams): string {
  if (!isFieldMessage(message)) return message;
  return FIELD_MESSAGES[message][locale].replace(/\{(\w+)\}/g, (whole, name: string) => (params?.[name] === undefined ? whole : String(params[name])));
}

type RawIssue = z.core.$ZodRawIssue;

/** Zod's built-in checks as message keys with their params (checks that name their own key keep it). */
function builtInMessage(issue: RawIssue): [FieldMessage, FieldParams?] {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return ['required'];
      return issue.expected === 'number' ? ['enter_number'] : issue.expected === 'int' ? ['enter_whole_number'] : ['wrong_form'];
    case 'too_small': {
      const count = Number(issue.minimum);
      if (issue.origin === 'string') return count <= 1 ? ['required'] : ['min_chars', { count }];
      if (issue.origin === 'array' || issue.origin === 'set') return count === 1 ? ['add_one'] : ['min_items', { count }];
      return [issue.inclusive === false ? 'above_value' : 'min_value', { count }];
    }
    case 'too_big': {
      const count = Number(issue.maximum);
      if (issue.origin === 'string') return ['max_chars', { count }];
      if (issue.origin === 'array' || issue.origin === 'set') return ['max_items', { count }];
      return [issue.inclusive === false ? 'below_value' : 'max_value', { count }];
    }
    case 'invalid_format':
      if (issue.format === 'email') return ['email'];
      if (issue.format === 'url') return ['url'];
      if (issue.format === 'date') return ['date'];
      if (issue.format === 'datetime' || issue.format === 'time') return ['date_time'];
      return ['wrong_form'];
    case 'not_multiple_of':
      return ['multiple_of', { count: issue.divisor }];
    case 'invalid_value':
      return ['choose_option'];
    case 'invalid_union':
      // A tagged union (an approver is a role, a user…) whose tag is missing or unknown.
      return issue.discriminator ? ['choose_option'] : ['wrong_form'];
    case 'unrecognized_keys':
      return ['unknown_field'];
    default:
      return ['wrong_form'];
  }
}

export interface LocalizedIssue {
  /** The issue's path joined with dots (an unknown field's own name included). */
  path: string;
  code: string;
  message: string;
}

export type CheckResult<T> = { success: true; data: T } | { success: false; issues: LocalizedIssue[] };

/**
 * Parses with a shared schema and words every issue in the reader's language, one per field: the schemas name
 * their own message keys, zod's built-in checks are worded here. The server's edge and the client's forms both
 * check through this, so a person reads the same sentence before and after sending.
 */
export function checkInput<S extends z.ZodType>(schema: S, value: unknown, locale: Locale): CheckResult<z.output<S>> {
  const result = schema.safeParse(value, {
    error: (issue) => {
      const [key, params] = builtInMessage(issue);
      return fieldText(key, locale, params);
    },
  });
  if (result.success) return { success: true, data: result.data };
  const issues = result.error.issues.flatMap((issue) => {
    const params = (issue as { params?: FieldParams }).params;
    const fields = issue.code === 'unrecognized_keys' ? issue.keys.map((key) => [...issue.path, key]) : [issue.path];
    return fields.map((path) => ({ path: path.map(String).join('.'), code: issue.code, message: fieldText(issue.message, locale, params) }));
  });
  return { success: false, issues };
}
