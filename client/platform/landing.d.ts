/** The URL the H5 page was first loaded at (before any in-app navigation); undefined in the mini-program. */
export declare function landingUrl(): string | undefined;
