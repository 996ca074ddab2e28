import { once } from 'node:events';
import { PassThrough, Readable, type Writable } from 'node:stream';
import archiver from 'archiver';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';

/**
 * Spreadsheets in and out, a row at a time: imports read XLSX (with exceljs's streaming reader) or CSV as rows of
 * text; exports write XLSX as they go (a zip of a few fixed parts and one streamed sheet), never holding the sheet.
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

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const DOC_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** The parts of a one-sheet workbook around its sheet. */
function workbookParts(sheetName: string): Record<string, string> {
  return {
    '[Content_Types].xml': `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
    '_rels/.rels': `${XML_HEAD}<Relationships xmlns="${REL_NS}"><Relationship Id="rId1" Type="${DOC_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': `${XML_HEAD}<workbook xmlns="${MAIN_NS}" xmlns:r="${DOC_REL}"><sheets><sheet name="${escapeXml(sheetName)}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `${XML_HEAD}<Relationships xmlns="${REL_NS}"><Relationship Id="rId1" Type="${DOC_REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
  };
}

/** Text as XML content: markup escaped, and the control characters XML cannot carry dropped. */
function escapeXml(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** A, B, … Z, AA, AB, …: the column letters of a 0-based index. */
function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** One row with its cell references (readers such as exceljs need them; Excel writes them too). Blank cells are left out. */
function rowXml(values: (string | number | null)[], row: number): string {
  const cells = values.map((value, index) => {
    const ref = `${columnName(index)}${row}`;
    if (value === null || value === '') return '';
    if (typeof value === 'number' && Number.isFinite(value)) return `<c r="${ref}"><v>${value}</v></c>`;
    return `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${escapeXml(String(value))}</t></is></c>`;
  });
  return `<row r="${row}">${cells.join('')}</row>`;
}

/**
 * An XLSX written row by row into `output` (a response, a file). The sheet is one zip entry fed as rows are added,
 * and `add` waits while the output is not being read, so memory stays flat however many rows there are.
 */
export function createSheetWriter(output: Writable, sheetName: string, header: string[]) {
  const zip = archiver('zip', { zlib: { level: 6 } });
  const sheet = new PassThrough();
  zip.pipe(output);
  // The zip failing, or the reader going away (a download cancelled), ends the writing: `add` stops waiting.
  const failed = new Promise<never>((_resolve, reject) => {
    zip.on('error', reject);
    output.on('close', () => {
      if (output.writableFinished) return;
      zip.abort();
      sheet.destroy();
      reject(new Error('the spreadsheet\'s reader went away'));
    });
  });
  failed.catch(() => undefined);
  for (const [name, xml] of Object.entries(workbookParts(sheetName))) zip.append(xml, { name });
  zip.append(sheet, { name: 'xl/worksheets/sheet1.xml' });
  sheet.write(`${XML_HEAD}<worksheet xmlns="${MAIN_NS}"><sheetData>${rowXml(header, 1)}`);
  let rows = 1;
  return {
    async add(values: (string | number | null)[]): Promise<void> {
      rows += 1;
      if (!sheet.write(rowXml(values, rows))) await Promise.race([once(sheet, 'drain'), failed]);
    },
    async finish(): Promise<void> {
      sheet.end('</sheetData></worksheet>');
      await Promise.race([zip.finalize(), failed]);
    },
  };
}
