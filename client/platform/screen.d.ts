/** A desk-sized browser window (the upstream admin layout); never in the mini-program. */
export declare function isWideScreen(): boolean;
