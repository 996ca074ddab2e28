export interface ShareCard {
  title: string;
  /** The app path the card opens, e.g. /pages/partners/detail/index?id=… */
  path: string;
  desc?: string;
}
/**
 * Offers a page for sharing. Answers how: `menu` — the card is set and the person sends it from WeChat's ··· menu;
 * `shared` — the system share sheet took it; `copied` — the link is on the clipboard; `unsupported` — none of these.
 */
export type ShareOutcome = 'menu' | 'shared' | 'copied' | 'unsupported';
export declare function sharePage(card: ShareCard): Promise<ShareOutcome>;
