import { DeviceError } from './device-error';
import type { PickedFile } from './files';

const ACCEPT = { spreadsheet: '.xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv', document: '', image: 'image/jpeg,image/png,image/webp' };

export function pickFile(kind: 'spreadsheet' | 'document' | 'image'): Promise<PickedFile> {
  return new Promise((resolve, reject) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = ACCEPT[kind];
    input.addEventListener('change', () => {
      const file = input.files?.[0];
      if (file) resolve({ name: file.name, size: file.size, source: file });
      else reject(new DeviceError('cancelled'));
    });
    input.addEventListener('cancel', () => reject(new DeviceError('cancelled')));
    input.click();
  });
}

async function answer(response: Response): Promise<{ status: number; body: unknown }> {
  const text = await response.text();
  return { status: response.status, body: /json/.test(response.headers.get('content-type') ?? '') && text ? JSON.parse(text) : text };
}

export async function uploadFile(url: string, file: PickedFile, headers: Record<string, string>): Promise<{ status: number; body: unknown }> {
  const form = new FormData();
  form.append('file', file.source as File, file.name);
  return answer(await fetch(url, { method: 'POST', headers, body: form }));
}

export async function downloadFile(url: string, headers: Record<string, string>, filename: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, { headers });
  if (!response.ok) return answer(response);
  const link = document.createElement('a');
  link.href = URL.createObjectURL(await response.blob());
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
  return { status: response.status, body: null };
}

export async function loadFile(url: string, headers: Record<string, string>): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, { headers });
  if (!response.ok) return answer(response);
  return { status: response.status, body: URL.createObjectURL(await response.blob()) };
}

export function releaseFile(source: string): void {
  URL.revokeObjectURL(source);
}
