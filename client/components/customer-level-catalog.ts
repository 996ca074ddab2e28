/**
 * Names of the customer levels (CUSTOMER_LEVELS), shared by the accounts area and the catalog's price lists; each
 * area's messages.ts registers them with its own texts.
 */
export const customerLevelZh = {
  'accounts.customerLevel.strategic': '战略客户',
  'accounts.customerLevel.key': '重点客户',
  'accounts.customerLevel.normal': '普通客户',
  'accounts.customerLevel.small': '小客户',
};

export type CustomerLevelMessageKey = keyof typeof customerLevelZh;

export const customerLevelEn: Record<CustomerLevelMessageKey, string> = {
  'accounts.customerLevel.strategic': 'Strategic',
  'accounts.customerLevel.key': 'Key',
  'accounts.customerLevel.normal': 'Normal',
  'accounts.customerLevel.small': 'Small',
};
