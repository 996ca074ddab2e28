/** Scans a QR or bar code and answers its text; rejects when cancelled or when the device cannot scan. */
export declare function scanCode(): Promise<string>;
