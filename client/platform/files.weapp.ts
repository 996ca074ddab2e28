import Taro from '@tarojs/taro';
import { DeviceError } from './device-error';
import type { PickedFile } from './files';

export async function pickFile(kind: 'spreadsheet' | 'document'): Promise<PickedFile> {
  try {
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

export async function downloadFile(url: string, headers: Record<string, string>, filename: string): Promise<{ status: number; body: unknown }> {
  const response = await Taro.downloadFile({ url, header: headers });
  if (response.statusCode !== 200) {
    const text = Taro.getFileSystemManager().readFileSync(response.tempFilePath, 'utf8');
    return { status: response.statusCode, body: parsed(text) };
  }
  await Taro.openDocument({ filePath: response.tempFilePath, fileType: filename.endsWith('.csv') ? undefined : 'xlsx', showMenu: true });
  return { status: 200, body: null };
}
