/** A file the person chose to upload: a File in a browser, a temporary path in the mini-program. */
export interface PickedFile {
  name: string;
  size: number;
  source: unknown;
}
/**
 * Asks for one file: a spreadsheet (.xlsx or .csv) or any document (a quote, minutes, a drawing), from the computer
 * in a browser, from a chat in the mini-program; a picture (JPEG, PNG or WebP) from the computer in a browser, from
 * the album or the camera in the mini-program.
 */
export declare function pickFile(kind: 'spreadsheet' | 'document' | 'image'): Promise<PickedFile>;
/** Sends the file as a multipart form (field `file`); answers the status and the parsed JSON body. */
export declare function uploadFile(url: string, file: PickedFile, headers: Record<string, string>): Promise<{ status: number; body: unknown }>;
/**
 * Downloads a file and hands it to the person: saved by the browser, opened with the phone's viewer in the
 * mini-program (which can forward it). A refused download answers its problem body.
 */
export declare function downloadFile(url: string, headers: Record<string, string>, filename: string): Promise<{ status: number; body: unknown }>;
/**
 * Fetches a file that needs the session's headers (an image shown with <Image>) and answers, on success, a local
 * address for it: an object URL in a browser, a temporary file in the mini-program. A refusal answers its problem body.
 */
export declare function loadFile(url: string, headers: Record<string, string>): Promise<{ status: number; body: unknown }>;

/** Lets go of a local address loadFile answered (a browser keeps an object URL's bytes until then). */
export declare function releaseFile(source: string): void;
