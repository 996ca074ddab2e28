import { Readable, type Writable } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';

/**
 * Spreadsheets in and out, a row at a time: imports read XLSX or CSV as rows of text, exports write XLSX as they go,
 * so neither holds a whole sheet in memory.
 */
export type SheetFormat = 'xlsx' | 'csv';

export const SHEET_TYPES: Record<SheetFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

/** XLSX is a zip; CSV is text without NUL bytes. Anything else (an image, a PDF, a .doc) is not a spreadsheet. */
export function detectFormat(head: Buffer): SheetFormat | null {
  if (head.length >= 4 && head.readUInt32BE(0) === 0x504b0304) return 'xlsx';
  if (!head.length || head.includes(0)) return null;
  return 'csv';
}

/** UTF-8 (with or without BOM), else GB18030, which is how Excel on a Chinese Windows saves CSV. */
function decodeText(buffer: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(buffer);
  } catch {
    return new TextDecoder('gb18030').decode(buffer);
  }
}

/** What a cell shows, as text: rich text joined, formulas by their result, dates as ISO days, numbers as typed. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
    if ('error' in value) return '';
  }
  return String(value).trim();
}

export class UnreadableSheet extends Error {}

/** Every row of the first sheet (the header included) as text cells; blank rows are skipped. */
export async function* readRows(source: Readable, format: SheetFormat): AsyncGenerator<string[]> {
  if (format === 'csv') {
    const chunks: Buffer[] = [];
    for await (const chunk of source) chunks.push(chunk as Buffer);
    const parser = Readable.from([decodeText(Buffer.concat(chunks))]).pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true, trim: true }));
    try {
      for await (const record of parser) yield (record as string[]).map((cell) => cell ?? '');
    } catch (error) {
      throw new UnreadableSheet(error instanceof Error ? error.message : String(error));
    }
    return;
  }
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(source, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', worksheets: 'emit', entries: 'emit' });
  try {
    for await (const sheet of reader) {
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
        const values = (row.values as ExcelJS.CellValue[]).slice(1).map(cellText);
        if (values.some(Boolean)) yield values;
      }
      // The first sheet only: a workbook's other sheets are notes, lookups, instructions.
      return;
    }
  } catch (error) {
    throw new UnreadableSheet(error instanceof Error ? error.message : String(error));
  }
}

/** An XLSX written row by row into `output` (a response, a file): rows are committed and let go as they are added. */
export function createSheetWriter(output: Writable, sheetName: string, header: string[]) {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName);
  sheet.addRow(header).commit();
  return {
    add(values: (string | number | null)[]): void {
      sheet.addRow(values).commit();
    },
    async finish(): Promise<void> {
      sheet.commit();
      await workbook.commit();
    },
  };
}
