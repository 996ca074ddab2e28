/** Roles and the permission actions they grant. One table, read by the server's route guard and the client's menus. */
export const UPSTREAM_ROLES = ['admin', 'channel_manager'] as const;
export const PARTNER_ROLES = ['partner_admin', 'partner_member'] as const;
export const ROLES = [...UPSTREAM_ROLES, ...PARTNER_ROLES] as const;
export type UpstreamRole = (typeof UPSTREAM_ROLES)[number];
export type PartnerRole = (typeof PARTNER_ROLES)[number];
export type Role = (typeof ROLES)[number];

export const ACTIONS = [
  /** Anyone, no token: login, refresh, health. */
  'public',
  /** Any signed-in user acting on their own account, even before the forced password change. */
  'self',
  'partners.read',
  'partners.manage',
  'levels.read',
  'levels.manage',
  'members.read',
  'members.manage',
  'staff.read',
  'staff.manage',
  'audit.read',
  'wechat.manage',
  /** One's own to-dos and notices. */
  'inbox.use',
  /** Delivery problems (dead letters) of the WeChat outbox, and retrying them. */
  'outbox.manage',
  /** Submit, see and decide approvals (what each person may see and decide is the approvals module's policy). */
  'approvals.use',
  'approvals.configure',
  /** Report, claim, work and hand over leads (what each person may do with which lead is the leads module's policy). */
  'leads.use',
  'leadPools.configure',
  /** Bring leads in from a spreadsheet (upstream staff). */
  'leads.import',
  /** Report, claim, work and hand over accounts and their contacts (the accounts module's policy decides per account). */
  'accounts.use',
  'accountPools.configure',
  /** Duplicate rules, visible fields, protection and whether won accounts count. */
  'accountSettings.configure',
  /** Decide who keeps a customer two partners claim. */
  'accounts.arbitrate',
  /** File, work and close opportunities (the opportunities module's policy decides per opportunity). */
  'opportunities.use',
  /** Sales processes: stages, probabilities, stage tasks. */
  'salesProcesses.configure',
  /** Opportunities across partners: the funnel, win rates and the forecast. */
  'opportunities.analyse',
  /** See the catalog (partner staff: what their level may sell) and price lines. */
  'catalog.read',
  /** Products, price lists and salable ranges. */
  'catalog.manage',
  /** Quote and submit orders (the quotes and orders modules' policy decides per record). */
  'sales.use',
  /** Confirm, ship and complete orders. */
  'orders.fulfil',
] as const;
export type Action = (typeof ACTIONS)[number];

export const ROLE_ACTIONS: Record<Role, readonly Action[]> = {
  admin: [
    'self', 'partners.read', 'partners.manage', 'levels.read', 'levels.manage', 'members.read', 'members.manage', 'staff.read', 'staff.manage',
    'audit.read', 'wechat.manage', 'inbox.use', 'outbox.manage', 'approvals.use', 'approvals.configure', 'leads.use', 'leadPools.configure', 'leads.import',
    'accounts.use', 'accountPools.configure', 'accountSettings.configure', 'accounts.arbitrate', 'opportunities.use', 'salesProcesses.configure', 'opportunities.analyse', 'catalog.read', 'catalog.manage',
    'sales.use', 'orders.fulfil',
  ],
  channel_manager: ['self', 'partners.read', 'partners.manage', 'levels.read', 'members.read', 'members.manage', 'staff.read', 'inbox.use', 'approvals.use', 'leads.use', 'leads.import',
    'accounts.use', 'accounts.arbitrate', 'opportunities.use', 'opportunities.analyse', 'catalog.read', 'sales.use', 'orders.fulfil'],
  partner_admin: ['self', 'partners.read', 'levels.read', 'members.read', 'members.manage', 'inbox.use', 'approvals.use', 'leads.use', 'accounts.use', 'opportunities.use', 'catalog.read', 'sales.use'],
  partner_member: ['self', 'partners.read', 'inbox.use', 'approvals.use', 'leads.use', 'accounts.use', 'opportunities.use', 'catalog.read', 'sales.use'],
};

export function rolesAllow(roles: readonly Role[], action: Action): boolean {
  if (action === 'public') return true;
  return roles.some((role) => ROLE_ACTIONS[role].includes(action));
}

export function isUpstreamRole(role: Role): role is UpstreamRole {
  return (UPSTREAM_ROLES as readonly string[]).includes(role);
}
