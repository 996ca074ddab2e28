/**
 * Scans a QR or bar code and answers its text (a bar code's digits, without WeChat's symbology prefix). Rejects with
 * a DeviceError: cancelled when the person backs out, unavailable where there is no scanner (a plain browser).
 */
export declare function scanCode(): Promise<string>;
