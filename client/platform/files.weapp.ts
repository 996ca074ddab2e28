import Taro from '@tarojs/taro';
import { DeviceError } from './device-error';
import type { PickedFile } from './files';

/** A picture from the album or the camera (a chat holds few of the pictures someone wants to use). */
async function pickImage(): Promise<PickedFile> {
  const { tempFiles } = await Taro.chooseMedia({ count: 1, mediaType: ['image'], sourceType: ['album', 'camera'] });
  const path = tempFiles[0].tempFilePath;
  // The temporary path ends in the picture's own extension, which is how the server tells its type in a form upload.
  return { name: path.slice(path.lastIndexOf('/') + 1), size: tempFiles[0].size, source: path };
}

export async function pickFile(kind: 'spreadsheet' | 'document' | 'image'): Promise<PickedFile> {
  try {
    if (kind === 'image') return await pickImage();
    const { tempFiles } = await Taro.chooseMessageFile(kind === 'spreadsheet' ? { count: 1, type: 'file', extension: ['xlsx', 'csv'] } : { count: 1, type: 'all' });
    return { name: tempFiles[0].name, size: tempFiles[0].size, source: tempFiles[0].path };
  } catch (error) {
    throw new DeviceError(/cancel/.test(String((error as { errMsg?: string }).errMsg)) ? 'cancelled' : 'failed');
  }
}

const parsed = (data: unknown) => {
  if (typeof data !== 'string') return data;
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return data;
  }
};

export async function uploadFile(url: string, file: PickedFile, headers: Record<string, string>): Promise<{ status: number; body: unknown }> {
  const response = await Taro.uploadFile({ url, filePath: file.source as string, name: 'file', header: headers });
  return { status: response.statusCode, body: parsed(response.data) };
}

/** Downloads to a temporary file; a refused download is read back as its problem body. */
async function download(url: string, headers: Record<string, string>): Promise<{ status: number; body: unknown; path: string }> {
  const response = await Taro.downloadFile({ url, header: headers });
  if (response.statusCode === 200) return { status: 200, body: null, path: response.tempFilePath };
  return { status: response.statusCode, body: parsed(Taro.getFileSystemManager().readFileSync(response.tempFilePath, 'utf8')), path: '' };
}

export async function downloadFile(url: string, headers: Record<string, string>, filename: string): Promise<{ status: number; body: unknown }> {
  const { status, body, path } = await download(url, headers);
  if (status !== 200) return { status, body };
  await Taro.openDocument({ filePath: path, fileType: filename.endsWith('.csv') ? undefined : 'xlsx', showMenu: true });
  return { status, body };
}

export async function loadFile(url: string, headers: Record<string, string>): Promise<{ status: number; body: unknown }> {
  const { status, body, path } = await download(url, headers);
  return status === 200 ? { status, body: path } : { status, body };
}

/** A downloaded temporary file is removed by WeChat when the mini-program closes; nothing to let go of now. */
export function releaseFile(): void {}
