/** The follow-up form's texts (leads and accounts); follow-up-messages.ts registers them. */
export const followUpZh = {
  'followUp.kind': '跟进方式',
  'followUp.kind.call': '电话',
  'followUp.kind.visit': '拜访',
  'followUp.kind.wechat': '微信',
  'followUp.kind.other': '其他',
  'followUp.text': '跟进内容',
  'followUp.next': '下次跟进',
  'followUp.next.none': '不设置',
  'followUp.next.tomorrow': '明天',
  'followUp.next.3days': '3 天后',
  'followUp.next.week': '1 周后',
  'followUp.locate': '记录拜访位置',
  'followUp.located': '已定位（精度约 {accuracy} 米）',
  'followUp.locating': '正在定位…',
  'followUp.locationDenied': '未获得定位权限，可在微信设置中允许后重试；不记录位置也可提交',
  'followUp.locationFailed': '定位失败，可稍后重试；不记录位置也可提交',
  'followUp.save': '提交跟进',
  'followUp.position': '位置 {latitude}, {longitude}',
};

export type FollowUpMessageKey = keyof typeof followUpZh;

export const followUpEn: Record<FollowUpMessageKey, string> = {
  'followUp.kind': 'How',
  'followUp.kind.call': 'Call',
  'followUp.kind.visit': 'Visit',
  'followUp.kind.wechat': 'WeChat',
  'followUp.kind.other': 'Other',
  'followUp.text': 'What happened',
  'followUp.next': 'Next follow-up',
  'followUp.next.none': 'None',
  'followUp.next.tomorrow': 'Tomorrow',
  'followUp.next.3days': 'In 3 days',
  'followUp.next.week': 'In a week',
  'followUp.locate': 'Record where I am',
  'followUp.located': 'Located (within about {accuracy} m)',
  'followUp.locating': 'Locating…',
  'followUp.locationDenied': 'Location was not allowed; allow it in WeChat settings and retry, or submit without it',
  'followUp.locationFailed': 'Could not locate you; retry later, or submit without it',
  'followUp.save': 'Save follow-up',
  'followUp.position': 'At {latitude}, {longitude}',
};
