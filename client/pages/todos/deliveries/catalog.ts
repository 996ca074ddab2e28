/** The delivery page's texts (pure data, also read by its page config at build time); the page registers them. */
export const deliveriesZh = {
  'deliveries.title': '消息投递',
  'deliveries.state.dead': '投递失败',
  'deliveries.state.pending': '等待投递',
  'deliveries.state.undeliverable': '无法送达',
  'deliveries.state.sent': '已送达',
  'deliveries.retry': '重新投递',
  'deliveries.retried': '已重新加入投递队列',
  'deliveries.summary': '{user} · 尝试 {attempts} 次 · {error}',
  'deliveries.empty': '没有此状态的消息',
};

export type DeliveriesMessageKey = keyof typeof deliveriesZh;

export const deliveriesEn: Record<DeliveriesMessageKey, string> = {
  'deliveries.title': 'Message delivery',
  'deliveries.state.dead': 'Failed',
  'deliveries.state.pending': 'Waiting',
  'deliveries.state.undeliverable': 'Undeliverable',
  'deliveries.state.sent': 'Delivered',
  'deliveries.retry': 'Retry',
  'deliveries.retried': 'Queued again',
  'deliveries.summary': '{user} · {attempts} tries · {error}',
  'deliveries.empty': 'No messages in this state',
};
