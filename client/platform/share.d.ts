/** Offers the current page for sharing with a title; answers false when the platform offers no share sheet. */
export declare function sharePage(title: string, path: string): Promise<boolean>;
